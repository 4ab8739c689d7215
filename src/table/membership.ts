/** The memberships row: a user's permissions, in an org or on their own. @module */
import type { ApiDef, ResourceDef } from "./fields.ts";

/** Memberships (`memberships`, root `membership`, ids `mb_`). */
export const membership = {
  object: "membership",
  path: "memberships",
  prefix: "mb_",
  verbs: ["list", "get", "create", "update", "delete"],
  fields: {
    /** The record's id (absent on memberships built from token claims). */
    id: { kind: "string", ro: true, always: true },
    user_id: { kind: "string", req: true },
    /** Org id (`null` for a membership of the user alone). */
    org_id: { kind: "string" },
    /** Tags such as `forum:read` (see `anyPermission`). */
    permissions: { kind: "array" },
    /** When the membership ends, if it does. */
    expires_at: { kind: "time" },
    /** Your own data: a JSON object, stored and returned as sent. */
    custom: { kind: "hash" },
    created_at: { kind: "time", ro: true },
  },
  belongsTo: { org: "org", user: "user" },
  belongsToRequired: ["user"],
  hasMany: { events: "event" },
} as const satisfies ResourceDef;

/** What the membership API offers beyond a record: its actions and how it lists. */
export const membershipApi = {
  list: { max: 1000, sort: "id", sorts: ["id"], direction: "asc", filters: ["org_id", "user_id"] },
} as const satisfies ApiDef;
