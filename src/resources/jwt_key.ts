/**
 * JwtKey (`jwt_keys`, root `jwt_key`, ids `jky_`): a realm's token signing keys.
 * @module
 */
import { ArRecord } from "../record.ts";
import type { ResourceDef } from "../record.ts";
import type { BelongsTo, RecordVerbs, VerbsOf as V } from "../resource.ts";
import type { Realm } from "./realm.ts";

/**
 * The verbs the API gives JWT keys (no update).
 *
 * @example
 * ```ts
 * import { JWT_KEY_VERBS } from "@authrocket-edge/sdk";
 * if (JWT_KEY_VERBS.includes("delete")) console.log("delete is available");
 * ```
 */
export const JWT_KEY_VERBS = ["list", "get", "create", "delete"] as const;

/** The jwt_keys row of the resource table. */
export const jwtKeyDef: ResourceDef = {
  object: "jwt_key",
  path: "jwt_keys",
  prefix: "jky_",
  verbs: JWT_KEY_VERBS,
  fields: {
    id: "ro",
    realm_id: "req",
    algo: "req =hs256|rs256",
    use: "req =sign",
    key: "",
    expired: "ro bool",
    created_at: "ro time",
  },
  belongsTo: { realm: "realm" },
  list: { max: 100, sort: "id", sorts: ["id"], direction: "desc", filters: ["realm_id"] },
};

/**
 * A JWT key's verbs and associations (installed from the table).
 *
 * @example
 * ```ts
 * import { AuthRocket } from "@authrocket-edge/sdk";
 * const ar = new AuthRocket({ url: "https://api-e1.authrocket.com/v1", apiKey: "ko_…", realm: "rl_…" });
 * const key = await ar.jwtKeys.createOrThrow({ algo: "hs256", use: "sign" });
 * ```
 */
export interface JwtKey extends RecordVerbs<V<typeof JWT_KEY_VERBS>>, BelongsTo<"realm", Realm> {}

/** A JWT signing key. */
export class JwtKey extends ArRecord {
  /** The jwt_keys row of the resource table. */
  static override readonly def: ResourceDef = jwtKeyDef;
  /** Realm id. */
  declare readonly realm_id: string;
  /** `hs256` or `rs256`. */
  declare readonly algo: "hs256" | "rs256";
  /** `sign`. */
  declare readonly use: "sign";
  /** The key (`jsk_…`, or a PEM public key). */
  declare readonly key: string;
  /** `true` once replaced. */
  declare readonly expired: boolean;
}
