/** The user_tokens row: signup tokens. @module */
import type { ApiDef, ResourceDef } from "./fields.ts";

/** Signup tokens (`user_tokens`, root `user_token`, ids `utk_`). */
export const userToken = {
  object: "user_token",
  path: "user_tokens",
  prefix: "utk_",
  verbs: ["get", "create"],
  fields: {
    /** The record's id. */
    id: { kind: "string", ro: true, always: true },
    realm_id: { kind: "string", req: "realm" },
    username: { kind: "string", req: true },
    /** The signup's email. */
    email: { kind: "string" },
    /** The signup's first name. */
    first_name: { kind: "string" },
    /** The signup's last name. */
    last_name: { kind: "string" },
    /** Password (write-only). */
    password: { kind: "string", wo: true, req: true },
    /** Password again (write-only). */
    password_confirmation: { kind: "string", wo: true },
    /** Type of credential held. */
    credential_type: { kind: "string", ro: true, always: true },
    created_at: { kind: "time", ro: true },
  },
} as const satisfies ResourceDef;

/** Signup tokens have no actions and no list. */
export const userTokenApi: ApiDef = {};
