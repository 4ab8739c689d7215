/** The orgs row. @module */
import type { ApiDef, ResourceDef } from "./fields.ts";

/** Orgs (`orgs`, root `org`, ids `org_`). */
export const org = {
  object: "org",
  path: "orgs",
  prefix: "org_",
  verbs: ["list", "get", "create", "update", "delete"],
  fields: {
    /** The record's id. */
    id: { kind: "string", ro: true, always: true },
    realm_id: { kind: "string", req: "realm" },
    name: { kind: "string", req: true },
    state: { kind: "enum", values: ["active", "inactive"] },
    /** Your own reference. */
    reference: { kind: "string" },
    /** Your own data: a JSON object, stored and returned as sent. */
    custom: { kind: "hash" },
    created_at: { kind: "time", ro: true },
  },
  belongsTo: { realm: "realm" },
  hasMany: { events: "event", memberships: "membership" },
} as const satisfies ResourceDef;

/** What the org API offers beyond a record: its actions and how it lists. */
export const orgApi = {
  list: {
    max: 1000,
    sort: "name",
    sorts: ["id", "name"],
    direction: "asc",
    filters: ["realm_id", "reference", "state"],
  },
} as const satisfies ApiDef;
