/** The credentials row: passwords, API keys, TOTP devices and social logins. @module */
import type { ApiDef, ResourceDef } from "./fields.ts";

/** Credentials (`credentials`, root `credential`, ids `crd_`). */
export const credential = {
  object: "credential",
  path: "credentials",
  prefix: "crd_",
  verbs: ["get", "create", "update", "delete"],
  fields: {
    /** The record's id. */
    id: { kind: "string", ro: true, always: true },
    user_id: { kind: "string", req: true },
    credential_type: {
      kind: "enum",
      values: [
        "password",
        "api_key",
        "totp",
        "facebook",
        "github",
        "google",
        "linkedin",
        "oauth2",
        "slack",
        "yahoo",
      ],
      req: true,
    },
    /** Password (write-only). */
    password: { kind: "string", wo: true },
    /** Password again (write-only). */
    password_confirmation: { kind: "string", wo: true },
    /** API key (api_key credentials, when readable). */
    api_key: { kind: "string", optional: true },
    /** Auth provider id (TOTP and social). */
    auth_provider_id: { kind: "string", optional: true },
    /** Device name (TOTP). */
    name: { kind: "string", optional: true },
    /** TOTP secret, only while `state` is `new`. */
    otp_secret: { kind: "string", ro: true, optional: true },
    /** `otpauth://` URI, only while `state` is `new`. */
    provisioning_uri: { kind: "string", ro: true, optional: true },
    /** TOTP: `new` until verified once, then `active`. */
    state: { kind: "string", optional: true },
    /** The user's id at the social provider. */
    provider_user_id: { kind: "string", optional: true },
    /** The social provider's access token. */
    access_token: { kind: "string", optional: true },
    /** When the social access token expires. */
    token_expires_at: { kind: "time", optional: true },
    created_at: { kind: "time", ro: true },
  },
  belongsTo: { authProvider: "auth_provider", user: "user" },
} as const satisfies ResourceDef;

/** What the credential API offers beyond a record: its actions and how it lists. */
export const credentialApi = {
  actions: ["POST :id/verify"],
} as const satisfies ApiDef;
