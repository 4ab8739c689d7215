/** The users row: human and API users. @module */
import type { ApiDef, ResourceDef } from "./fields.ts";

/** Users (`users`, root `user`, ids `usr_`). */
export const user = {
  object: "user",
  path: "users",
  prefix: "usr_",
  verbs: ["list", "get", "create", "update", "delete"],
  fields: {
    /** The record's id. */
    id: { kind: "string", ro: true, always: true },
    realm_id: { kind: "string", req: "realm" },
    user_type: { kind: "enum", values: ["human", "api"] },
    state: { kind: "enum", values: ["active", "inactive"] },
    /** API users get one generated. */
    username: { kind: "string", req: "human", lower: true, unique: true, always: true },
    email: { kind: "string", req: "human", lower: true },
    email_verification: { kind: "enum", values: ["none", "requested", "verified"] },
    /** Part of `name` for human users. */
    first_name: { kind: "string" },
    /** Part of `name` for human users. */
    last_name: { kind: "string" },
    /** Display name (human users: first and last name, else the username). */
    name: { kind: "string", always: true },
    /** Password (write-only). */
    password: { kind: "string", wo: true, req: "human" },
    /** Password again, checked against `password` (write-only). */
    password_confirmation: { kind: "string", wo: true },
    /** API key (API users; returned on create). */
    api_key: { kind: "string", optional: true },
    /** Your own reference. */
    reference: { kind: "string" },
    /** Your own data: a JSON object, stored and returned as sent. */
    custom: { kind: "hash" },
    created_at: { kind: "time", ro: true },
    last_login_at: { kind: "time", ro: true },
    /** Login token (auth actions) or email verification token. */
    token: { kind: "string", ro: true, optional: true },
    /** Password reset token `kpw_…` (from `generatePasswordToken`). */
    password_reset_token: { kind: "string", ro: true, optional: true },
  },
  belongsTo: { realm: "realm" },
  hasMany: { events: "event", memberships: "membership", sessions: "session" },
  embeds: { credentials: "credential" },
} as const satisfies ResourceDef;

/** What the user API offers beyond a record: its actions and how it lists. */
export const userApi = {
  actions: [
    "POST :id/authenticate",
    "POST authenticate_key",
    "POST :id/authenticate_code",
    "POST :id/generate_password_token",
    "POST :id/reset_password_with_token",
    "PUT :id/update_password",
    "POST :id/request_email_verification",
    "POST :id/verify_email",
  ],
  list: {
    max: 1000,
    sort: "id",
    sorts: ["id", "username", "created_at"],
    direction: "asc",
    filters: ["realm_id", "user_type", "state", "username", "email", "reference"],
  },
} as const satisfies ApiDef;
