/** The auth_providers row: password policy, TOTP and social logins. @module */
import type { ApiDef, ResourceDef } from "./fields.ts";

/** Auth providers (`auth_providers`, root `auth_provider`, ids `ap_`). */
export const authProvider = {
  object: "auth_provider",
  path: "auth_providers",
  prefix: "ap_",
  verbs: ["list", "get", "create", "update", "delete"],
  fields: {
    /** The record's id. */
    id: { kind: "string", ro: true, always: true },
    realm_id: { kind: "string", req: "realm" },
    /** Its label in the realm's settings. */
    name: { kind: "string" },
    provider_type: {
      kind: "enum",
      values: [
        "password",
        "login_rocket",
        "totp",
        "facebook",
        "github",
        "google",
        "linkedin",
        "slack",
        "yahoo",
        "oauth2",
      ],
      req: true,
    },
    state: { kind: "enum", values: ["active", "inactive"] },
    /** Usable for logins. */
    login: { kind: "bool", default: true },
    /** Usable for signups. */
    signup: { kind: "bool", default: false },
    /** Signup mode (LoginRocket). */
    signup_mode: { kind: "string" },
    /** Name field shown at signup (LoginRocket). */
    name_field: { kind: "string" },
    /** Password field shown at signup (LoginRocket). */
    password_field: { kind: "string" },
    /** Email verification mode (LoginRocket). */
    email_verification: { kind: "string" },
    /** Verification mode (LoginRocket). */
    verify: { kind: "string" },
    /** Minimum password length (password providers). */
    min_length: { kind: "int" },
    /** Minimum password complexity (password providers). */
    min_complexity: { kind: "int" },
    /** Required character classes (password providers). */
    required_chars: { kind: "int" },
    /** OAuth client id (social providers). */
    client_id: { kind: "string" },
    /** OAuth client secret (write-only). */
    client_secret: { kind: "string", wo: true },
    /** OAuth scopes. */
    scopes: { kind: "string" },
    /** Authorize URL (in `authorizeUrls` results). */
    url: { kind: "string", ro: true, optional: true },
    created_at: { kind: "time", ro: true },
  },
  belongsTo: { realm: "realm" },
} as const satisfies ResourceDef;

/** What the auth provider API offers beyond a record: its actions and how it lists. */
export const authProviderApi = {
  actions: ["GET authorize", "POST authorize", "GET :id/authorize", "POST :id/authorize"],
  list: { max: 1000, sort: "id", sorts: ["id", "name"], direction: "asc", filters: ["realm_id"] },
} as const satisfies ApiDef;
