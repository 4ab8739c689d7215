/**
 * AppHook (`app_hooks`, root `app_hook`, ids `hk_`): webhooks and email hooks.
 * @module
 */
import { ArRecord } from "../record.ts";
import type { ResourceDef } from "../record.ts";
import type { BelongsTo, HasMany, RecordVerbs, VerbsOf as V } from "../resource.ts";
import type { Event, EVENT_VERBS } from "./event.ts";
import type { Realm } from "./realm.ts";

/**
 * Every AuthRocket 1 event type, sorted (the Ruby gem's `AppHook.event_types`).
 *
 * @example
 * ```ts
 * import { APP_HOOK_EVENT_TYPES } from "@authrocket-edge/sdk";
 * const logins = APP_HOOK_EVENT_TYPES.filter((t) => t.startsWith("user.login"));
 * ```
 */
export const APP_HOOK_EVENT_TYPES: readonly string[] = /* @__PURE__ */ Object.freeze([
  "app_hook.created",
  "app_hook.deleted",
  "app_hook.updated",
  "auth_provider.created",
  "auth_provider.deleted",
  "auth_provider.updated",
  "login_policy.created",
  "login_policy.deleted",
  "login_policy.updated",
  "membership.created",
  "membership.deleted",
  "membership.updated",
  "org.created",
  "org.deleted",
  "org.updated",
  "realm.created",
  "realm.deleted",
  "realm.updated",
  "user.created",
  "user.deleted",
  "user.email.verification_requested",
  "user.email.verified",
  "user.login.failed",
  "user.login.initiated",
  "user.login.succeeded",
  "user.password_token.consumed",
  "user.password_token.created",
  "user.password_token.failed",
  "user.updated",
]);

/**
 * The verbs the API gives app hooks.
 *
 * @example
 * ```ts
 * import { APP_HOOK_VERBS } from "@authrocket-edge/sdk";
 * if (APP_HOOK_VERBS.includes("update")) console.log("update is available");
 * ```
 */
export const APP_HOOK_VERBS = ["list", "get", "create", "update", "delete"] as const;

/** The app_hooks row of the resource table. */
export const appHookDef: ResourceDef = {
  object: "app_hook",
  path: "app_hooks",
  prefix: "hk_",
  verbs: APP_HOOK_VERBS,
  fields: {
    id: "ro",
    state: "=active|inactive",
    hook_type: "=webhook|email",
    event_type: "req array",
    realm_id: "",
    delay: "int ~0",
    destination: "",
    email_from: "~noreply@loginrocket.com",
    email_from_name: "",
    email_renderer: "=markdown|html|html+text|text",
    email_subject: "",
    email_template: "",
    email_to: "",
    user_type: "=all|human|api",
    created_at: "ro time",
  },
  belongsTo: { realm: "realm" },
  hasMany: { events: "event" },
  list: { max: 1000, sort: "id", sorts: ["id"], direction: "asc", filters: ["realm_id"] },
};

/**
 * An app hook's verbs and associations (installed from the table).
 *
 * @example
 * ```ts
 * import { AuthRocket } from "@authrocket-edge/sdk";
 * const ar = new AuthRocket({ url: "https://api-e1.authrocket.com/v1", apiKey: "ko_…", realm: "rl_…" });
 * const hook = await ar.appHooks.createOrThrow({
 *   event_type: ["user.created"],
 *   hook_type: "webhook",
 *   destination: "https://my.app/hooks/authrocket",
 * });
 * ```
 */
export interface AppHook
  extends
    RecordVerbs<V<typeof APP_HOOK_VERBS>>,
    BelongsTo<"realm", Realm>,
    HasMany<"events", "Event", Event, V<typeof EVENT_VERBS>> {}

/** A webhook or email hook. */
export class AppHook extends ArRecord {
  /** The app_hooks row of the resource table. */
  static override readonly def: ResourceDef = appHookDef;
  /** `active` or `inactive`. */
  declare readonly state: "active" | "inactive";
  /** `webhook` or `email`. */
  declare readonly hook_type: "webhook" | "email";
  /** Event types (empty: every event). */
  declare readonly event_type: string[];
  /** Realm id (`null`: every realm). */
  declare readonly realm_id: string | null;
  /** Webhook URL. */
  declare readonly destination: string | null;
  /** Delay before the first delivery, in seconds. */
  declare readonly delay: number;
}
