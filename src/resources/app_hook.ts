/**
 * AppHook (`app_hooks`, root `app_hook`, ids `hk_`): webhooks and email hooks.
 * @module
 */
import { ArRecord } from "../record.ts";
import type { ResourceDef } from "../record.ts";
import { appHook } from "../table/app_hook.ts";
// #region generated imports (scripts/gen_records.ts): do not edit
import type { Collection } from "../collection.ts";
import type { AppHookUpdateParams } from "../generated/params.ts";
import type { TABLE } from "../table/index.ts";
import type { AssociationParamsOf } from "../table/types.ts";
import type { CallOptions, Params } from "../transport.ts";
import type { Event } from "./event.ts";
import type { Realm } from "./realm.ts";
// #endregion generated imports

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
 * A webhook or email hook.
 *
 * @example
 * ```ts
 * import type { AuthRocket } from "@authrocket-edge/sdk";
 * export async function subscribe(ar: AuthRocket) {
 *   return await ar.appHooks.createOrThrow({
 *     event_type: ["user.created"],
 *     hook_type: "webhook",
 *     destination: "https://my.app/hooks/authrocket",
 *   });
 * }
 * ```
 */
export class AppHook extends ArRecord {
  /** The app_hooks row of the resource table. */
  static override readonly def: ResourceDef = appHook;
  // #region generated members (scripts/gen_records.ts): do not edit
  /** Default: `"active"`. */
  declare readonly state: "active" | "inactive";
  /** How it delivers: a POST to `destination`, or an email. Default: `"webhook"`. */
  declare readonly hook_type: "webhook" | "email";
  /** Event types (see `APP_HOOK_EVENT_TYPES`). Required on create. */
  declare readonly event_type: string[];
  /** Realm id (`null`: every realm). */
  declare readonly realm_id: string | null;
  /** Delay before the first delivery, in seconds. Default: `0`. */
  declare readonly delay: number;
  /** Webhook URL. */
  declare readonly destination: string | null;
  /** Sender address of email hooks. Default: `"noreply@loginrocket.com"`. */
  declare readonly email_from: string;
  /** Sender name of email hooks. */
  declare readonly email_from_name: string | null;
  /** How `email_template` is rendered. Default: `"markdown"`. */
  declare readonly email_renderer: "markdown" | "html" | "html+text" | "text";
  /** Subject of email hooks. */
  declare readonly email_subject: string | null;
  /** Template of email hooks. */
  declare readonly email_template: string | null;
  /** Recipient of email hooks. */
  declare readonly email_to: string | null;
  /** Which users' events: `all`, `human` or `api`. Default: `"all"`. */
  declare readonly user_type: "all" | "human" | "api";
  /** Set by the API (never in params). */
  declare readonly created_at: Date | null;

  /** Refetch the app hook from the API (`GET app_hooks/:id`). */
  reload(options?: CallOptions): Promise<this> {
    return this._methods().reload(this, options);
  }

  /** Update it (`PUT app_hooks/:id`): `true`, or `false` with `errors` filled. */
  update(attrs: AppHookUpdateParams, options?: CallOptions): Promise<boolean> {
    return this._methods().update(this, attrs, options);
  }

  /** Update it, or throw `RecordInvalid`. */
  updateOrThrow(attrs: AppHookUpdateParams, options?: CallOptions): Promise<true> {
    return this._methods().updateOrThrow(this, attrs, options);
  }

  /** Delete it (`DELETE app_hooks/:id`): `true`, or `false` with `errors` filled. */
  delete(params?: Params, options?: CallOptions): Promise<boolean> {
    return this._methods().delete(this, params, options);
  }

  /** Its realm (belongs_to, by `realm_id`; cached once loaded), or `null` without one. */
  realm(options?: CallOptions & { reload?: boolean }): Promise<Realm | null> {
    return this._methods().belongsTo(this, "realm", options);
  }

  /** Its events (has_many: `GET events?app_hook_id=`); an unfiltered load is cached. */
  events(
    params?: AssociationParamsOf<typeof TABLE.event, "app_hook_id">,
    options?: CallOptions,
  ): Promise<Collection<Event>> {
    return this._methods().hasMany(this, "events", params, options);
  }

  /** One of its events, by id; throws `RecordNotFound`. */
  findEvent(id: string, params?: Params, options?: CallOptions): Promise<Event> {
    return this._methods().findChild(this, "event", id, params, options);
  }

  // #endregion generated members
}
