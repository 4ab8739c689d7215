/** The jwt_keys row: a realm's token signing keys. @module */
import type { ApiDef, ResourceDef } from "./fields.ts";

/** JWT keys (`jwt_keys`, root `jwt_key`, ids `jky_`); AuthRocket 1 has no key update. */
export const jwtKey = {
  object: "jwt_key",
  path: "jwt_keys",
  prefix: "jky_",
  verbs: ["list", "get", "create", "delete"],
  fields: {
    /** The record's id. */
    id: { kind: "string", ro: true, always: true },
    realm_id: { kind: "string", req: "realm" },
    algo: { kind: "enum", values: ["hs256", "rs256"], req: true },
    use: { kind: "enum", values: ["sign"], req: true },
    /** The key (`jsk_…`, or a PEM public key). */
    key: { kind: "string", always: true },
    /** `true` once replaced (`null` while the emulator has not set it). */
    expired: { kind: "bool", ro: true },
    created_at: { kind: "time", ro: true },
  },
  belongsTo: { realm: "realm" },
} as const satisfies ResourceDef;

/** What the jwt key API offers beyond a record: its actions and how it lists. */
export const jwtKeyApi = {
  list: { max: 100, sort: "id", sorts: ["id"], direction: "desc", filters: ["realm_id"] },
} as const satisfies ApiDef;
