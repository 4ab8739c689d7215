/**
 * LoginPolicy, a.k.a. Connected App (`login_policies`, root `login_policy`, ids `lpl_`).
 * @module
 */
import { ArRecord } from "../record.ts";
import type { ResourceDef } from "../record.ts";
import type { BelongsTo, HasMany, RecordVerbs, VerbsOf as V } from "../resource.ts";
import type { Event, EVENT_VERBS } from "./event.ts";
import type { Realm } from "./realm.ts";

/**
 * The verbs the API gives login policies.
 *
 * @example
 * ```ts
 * import { LOGIN_POLICY_VERBS } from "@authrocket-edge/sdk";
 * if (LOGIN_POLICY_VERBS.includes("update")) console.log("update is available");
 * ```
 */
export const LOGIN_POLICY_VERBS = ["list", "get", "create", "update", "delete"] as const;

/** The login_policies row of the resource table. */
export const loginPolicyDef: ResourceDef = {
  object: "login_policy",
  path: "login_policies",
  prefix: "lpl_",
  verbs: LOGIN_POLICY_VERBS,
  fields: {
    id: "ro",
    realm_id: "req",
    name: "req",
    subdomain: "",
    domains: "ro array",
    base_domain: "ro",
    custom_domains: "array",
    primary_domain: "",
    header: "",
    footer: "",
    external_css: "",
    login_handler: "req",
    signup_handler: "",
    redirect_uris: "array",
    created_at: "ro time",
  },
  belongsTo: { realm: "realm" },
  hasMany: { events: "event" },
  list: { max: 100, sort: "name", sorts: ["id", "name"], direction: "asc", filters: ["realm_id"] },
};

/**
 * A login policy's verbs and associations (installed from the table).
 *
 * @example
 * ```ts
 * import { AuthRocket } from "@authrocket-edge/sdk";
 * const ar = new AuthRocket({ url: "https://api-e1.authrocket.com/v1", apiKey: "ko_…", realm: "rl_…" });
 * const [app] = await ar.loginPolicies.all();
 * console.log(app?.login_handler);
 * ```
 */
export interface LoginPolicy
  extends
    RecordVerbs<V<typeof LOGIN_POLICY_VERBS>>,
    BelongsTo<"realm", Realm>,
    HasMany<"events", "Event", Event, V<typeof EVENT_VERBS>> {}

/** A connected app (login policy). */
export class LoginPolicy extends ArRecord {
  /** The login_policies row of the resource table. */
  static override readonly def: ResourceDef = loginPolicyDef;
  /** Realm id. */
  declare readonly realm_id: string;
  /** Name. */
  declare readonly name: string;
  /** LoginRocket subdomain. */
  declare readonly subdomain: string | null;
  /** Every login domain of the app. */
  declare readonly domains: string[];
  /** Where LoginRocket sends `?token=` after a login. */
  declare readonly login_handler: string;
  /** Where signup tokens go. */
  declare readonly signup_handler: string | null;
  /** Allowed `redirect_uri` values. */
  declare readonly redirect_uris: string[];
}
