/**
 * JwtKey (`jwt_keys`, root `jwt_key`, ids `jky_`): a realm's token signing keys.
 * @module
 */
import { ArRecord } from "../record.ts";
import type { ResourceDef } from "../record.ts";
import { jwtKey } from "../table/jwt_key.ts";
// #region generated imports (scripts/gen_records.ts): do not edit
import type { CallOptions, Params } from "../transport.ts";
import type { Realm } from "./realm.ts";
// #endregion generated imports

/**
 * A JWT signing key.
 *
 * @example
 * ```ts
 * import type { AuthRocket } from "@authrocket-edge/sdk";
 * export async function addSigningKey(ar: AuthRocket) {
 *   const key = await ar.jwtKeys.createOrThrow({ algo: "hs256", use: "sign" });
 *   return key.key; // the new jsk_… secret
 * }
 * ```
 */
export class JwtKey extends ArRecord {
  /** The jwt_keys row of the resource table. */
  static override readonly def: ResourceDef = jwtKey;
  // #region generated members (scripts/gen_records.ts): do not edit
  /** Required on create; the client's `realm` setting gives it. */
  declare readonly realm_id: string;
  /** Required on create. Default: `"hs256"`. */
  declare readonly algo: "hs256" | "rs256";
  /** Required on create. Default: `"sign"`. */
  declare readonly use: "sign";
  /** The key (`jsk_…`, or a PEM public key). */
  declare readonly key: string;
  /**
   * `true` once replaced (`null` while the emulator has not set it). Set by the API (never in
   * params).
   */
  declare readonly expired: boolean | null;
  /** Set by the API (never in params). */
  declare readonly created_at: Date | null;

  /** Refetch the jwt key from the API (`GET jwt_keys/:id`). */
  reload(options?: CallOptions): Promise<this> {
    return this._methods().reload(this, options);
  }

  /** Delete it (`DELETE jwt_keys/:id`): `true`, or `false` with `errors` filled. */
  delete(params?: Params, options?: CallOptions): Promise<boolean> {
    return this._methods().delete(this, params, options);
  }

  /** Its realm (belongs_to, by `realm_id`; cached once loaded), or `null` without one. */
  realm(options?: CallOptions & { reload?: boolean }): Promise<Realm | null> {
    return this._methods().belongsTo(this, "realm", options);
  }

  // #endregion generated members
}
