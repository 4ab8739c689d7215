/** The realms row: the container of users, orgs and settings. @module */
import type { ApiDef, ResourceDef } from "./fields.ts";

/** Realms (`realms`, root `realm`, ids `rl_`). */
export const realm = {
  object: "realm",
  path: "realms",
  prefix: "rl_",
  verbs: ["list", "get", "create", "update", "delete"],
  fields: {
    /** The record's id. */
    id: { kind: "string", ro: true, always: true },
    name: { kind: "string", req: true },
    state: { kind: "enum", values: ["active", "inactive"] },
    /** Your own reference. */
    reference: { kind: "string" },
    /** Your own data: a JSON object, stored and returned as sent. */
    custom: { kind: "hash" },
    /** How human usernames are checked. */
    username_validation_human: { kind: "enum", values: ["standard", "email"] },
    /** Whether emails must be unique. */
    require_unique_emails: { kind: "bool", default: true },
    /** Prefix of generated API keys. */
    api_key_prefix: { kind: "string" },
    api_key_policy: { kind: "enum", values: ["hash", "encrypt"] },
    /** The algorithm of its login tokens. */
    jwt_algo: { kind: "enum", values: ["hs256", "rs256"] },
    /** Extra token content: `custom`, `memberships`, `orgs`. */
    jwt_fields: { kind: "array" },
    /** The token key: `jsk_…` (HS256) or a PEM public key (RS256). */
    jwt_key: { kind: "string", ro: true, always: true },
    /** Deprecated alias of `jwt_key`. */
    jwt_secret: { kind: "string", ro: true, always: true },
    session_type: { kind: "enum", values: ["managed", "unmanaged"] },
    /** Lifetime of login tokens, in minutes. */
    session_minutes: { kind: "int", default: 360 },
    /** Lifetime of API-key login tokens, in minutes. */
    api_key_minutes: { kind: "int", default: 0 },
    /** Links shown to users (`{ title, url }`). */
    resource_links: { kind: "array", of: "hash" },
    created_at: { kind: "time", ro: true },
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
} as const satisfies ResourceDef;

/** What the realm API offers beyond a record: its actions and how it lists. */
export const realmApi = {
  actions: ["POST :id/reset"],
  list: { max: 1000, sort: "name", sorts: ["id", "name"], direction: "asc", filters: ["state"] },
} as const satisfies ApiDef;
