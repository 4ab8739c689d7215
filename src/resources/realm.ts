/**
 * Realm (`realms`, root `realm`, ids `rl_`): the container of users, orgs and settings.
 * @module
 */
import { ArRecord } from "../record.ts";
import type { ResourceDef } from "../record.ts";
import { recordAction } from "../resource.ts";
import type { HasMany, RecordVerbs, VerbsOf as V } from "../resource.ts";
import type { CallOptions, Params } from "../transport.ts";
import type { APP_HOOK_VERBS, AppHook } from "./app_hook.ts";
import type { AUTH_PROVIDER_VERBS, AuthProvider } from "./auth_provider.ts";
import type { Event, EVENT_VERBS } from "./event.ts";
import type { JWT_KEY_VERBS, JwtKey } from "./jwt_key.ts";
import type { LOGIN_POLICY_VERBS, LoginPolicy } from "./login_policy.ts";
import type { Org, ORG_VERBS } from "./org.ts";
import type { User, USER_VERBS } from "./user.ts";

/**
 * The verbs the API gives realms.
 *
 * @example
 * ```ts
 * import { REALM_VERBS } from "@authrocket-edge/sdk";
 * if (REALM_VERBS.includes("create")) console.log("create is available");
 * ```
 */
export const REALM_VERBS = ["list", "get", "create", "update", "delete"] as const;

/** The realms row of the resource table. */
export const realmDef: ResourceDef = {
  object: "realm",
  path: "realms",
  prefix: "rl_",
  verbs: REALM_VERBS,
  fields: {
    id: "ro",
    name: "req",
    state: "=active|inactive",
    reference: "",
    custom: "hash",
    username_validation_human: "=standard|email",
    require_unique_emails: "bool ~true",
    api_key_prefix: "",
    api_key_policy: "=hash|encrypt",
    jwt_algo: "=hs256|rs256",
    jwt_fields: "array",
    jwt_key: "ro",
    jwt_secret: "ro",
    session_type: "=managed|unmanaged",
    session_minutes: "int ~360",
    api_key_minutes: "int ~0",
    resource_links: "array",
    created_at: "ro time",
  },
  hasMany: {
    appHooks: "app_hook",
    authProviders: "auth_provider",
    events: "event",
    jwtKeys: "jwt_key",
    loginPolicies: "login_policy",
    orgs: "org",
    users: "user",
  },
  actions: ["POST :id/reset"],
  list: { max: 1000, sort: "name", sorts: ["id", "name"], direction: "asc", filters: ["state"] },
};

/** A realm's verbs and associations (installed from the table). */
export interface Realm
  extends
    RecordVerbs<V<typeof REALM_VERBS>>,
    HasMany<"appHooks", "AppHook", AppHook, V<typeof APP_HOOK_VERBS>>,
    HasMany<"authProviders", "AuthProvider", AuthProvider, V<typeof AUTH_PROVIDER_VERBS>>,
    HasMany<"events", "Event", Event, V<typeof EVENT_VERBS>>,
    HasMany<"jwtKeys", "JwtKey", JwtKey, V<typeof JWT_KEY_VERBS>>,
    HasMany<"loginPolicies", "LoginPolicy", LoginPolicy, V<typeof LOGIN_POLICY_VERBS>>,
    HasMany<"orgs", "Org", Org, V<typeof ORG_VERBS>>,
    HasMany<"users", "User", User, V<typeof USER_VERBS>> {}

/**
 * A realm.
 *
 * @example
 * ```ts
 * import { AuthRocket } from "@authrocket-edge/sdk";
 * const ar = new AuthRocket({ url: "https://api-e1.authrocket.com/v1", apiKey: "ko_…", realm: "rl_…" });
 * const realm = await ar.realms.createOrThrow({ name: "Staging", jwt_algo: "rs256" });
 * console.log(realm.jwt_key); // the PEM public key to verify its tokens with
 * ```
 */
export class Realm extends ArRecord {
  /** The realms row of the resource table. */
  static override readonly def: ResourceDef = realmDef;
  /** Name. */
  declare readonly name: string;
  /** `active` or `inactive`. */
  declare readonly state: "active" | "inactive";
  /** Your own reference. */
  declare readonly reference: string | null;
  /** Custom attributes. */
  declare readonly custom: Record<string, unknown> | null;
  /** `standard` or `email`. */
  declare readonly username_validation_human: string;
  /** Whether emails must be unique. */
  declare readonly require_unique_emails: boolean;
  /** Prefix of generated API keys. */
  declare readonly api_key_prefix: string | null;
  /** `hash` or `encrypt`. */
  declare readonly api_key_policy: string;
  /** `hs256` or `rs256`. */
  declare readonly jwt_algo: "hs256" | "rs256";
  /** Extra token content: `custom`, `memberships`, `orgs`. */
  declare readonly jwt_fields: string[];
  /** The token key: `jsk_…` (HS256) or a PEM public key (RS256). */
  declare readonly jwt_key: string;
  /** Deprecated alias of `jwt_key`. */
  declare readonly jwt_secret: string;
  /** `managed` or `unmanaged`. */
  declare readonly session_type: "managed" | "unmanaged";
  /** Lifetime of login tokens, in minutes. */
  declare readonly session_minutes: number;
  /** Lifetime of API-key login tokens, in minutes. */
  declare readonly api_key_minutes: number;
  /** Creation time. */
  declare readonly created_at: Date | null;

  /** Wipe the realm's data (`POST realms/:id/reset`): `true`, or `false` with `errors`. */
  reset(params?: Params, options?: CallOptions): Promise<boolean> {
    return recordAction(this, "POST", "reset", params ?? {}, options);
  }
}
