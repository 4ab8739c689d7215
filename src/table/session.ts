/** The sessions row: managed login sessions, and sessions decoded from login tokens. @module */
import type { ApiDef, ResourceDef } from "./fields.ts";

/** Sessions (`sessions`, root `session`, ids `kss_`); AuthRocket 1 has no session update. */
export const session = {
  object: "session",
  path: "sessions",
  prefix: "kss_",
  verbs: ["list", "get", "create", "delete"],
  fields: {
    /** The record's id. */
    id: { kind: "string", ro: true, always: true },
    user_id: { kind: "string", req: true },
    /** Start (the token's `iat`). */
    created_at: { kind: "time", ro: true },
    /** End (the token's `exp`), `null` for open-ended tokens. */
    expires_at: { kind: "time", ro: true },
    /** The login token (JWT). */
    token: { kind: "string", ro: true, always: true },
    /** Request context (`ip`, `client`). */
    request: { kind: "hash", optional: true },
  },
  belongsTo: { user: "user" },
  belongsToRequired: ["user"],
} as const satisfies ResourceDef;

/** What the session API offers beyond a record: its actions and how it lists. */
export const sessionApi = {
  list: { max: 1000, sort: "id", sorts: ["id"], direction: "asc", filters: ["user_id"] },
} as const satisfies ApiDef;
