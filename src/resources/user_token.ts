/**
 * UserToken, a.k.a. Signup Token (`user_tokens`, root `user_token`, ids `utk_`).
 * @module
 */
import { ArRecord } from "../record.ts";
import type { ResourceDef } from "../record.ts";
import { userToken } from "../table/user_token.ts";
// #region generated imports (scripts/gen_records.ts): do not edit
import type { CallOptions } from "../transport.ts";
// #endregion generated imports

/**
 * A signup token: signup data waiting to become a user.
 *
 * @example
 * ```ts
 * import type { AuthRocket } from "@authrocket-edge/sdk";
 * export async function signupOf(ar: AuthRocket, id: string) {
 *   const token = await ar.userTokens.find(id);
 *   return `${token.username} (${token.credential_type})`;
 * }
 * ```
 */
export class UserToken extends ArRecord {
  /** The user_tokens row of the resource table. */
  static override readonly def: ResourceDef = userToken;
  // #region generated members (scripts/gen_records.ts): do not edit
  /** Required on create; the client's `realm` setting gives it. */
  declare readonly realm_id: string;
  /** Required on create. */
  declare readonly username: string;
  /** The signup's email. */
  declare readonly email: string | null;
  /** The signup's first name. */
  declare readonly first_name: string | null;
  /** The signup's last name. */
  declare readonly last_name: string | null;
  /** Type of credential held. Set by the API (never in params). */
  declare readonly credential_type: string;
  /** Set by the API (never in params). */
  declare readonly created_at: Date | null;

  /** Refetch the user token from the API (`GET user_tokens/:id`). */
  reload(options?: CallOptions): Promise<this> {
    return this._methods().reload(this, options);
  }

  // #endregion generated members
}
