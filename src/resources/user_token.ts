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
 * import { AuthRocket } from "@authrocket-edge/sdk";
 * const ar = new AuthRocket({ url: "https://api-e1.authrocket.com/v1", apiKey: "ko_…", realm: "rl_…" });
 * const token = await ar.userTokens.find("utk_…");
 * console.log(token.username, token.credential_type);
 * ```
 */
export class UserToken extends ArRecord {
  /** The user_tokens row of the resource table. */
  static override readonly def: ResourceDef = userToken;
  // #region generated members (scripts/gen_records.ts): do not edit
  /** Realm id. */
  declare readonly realm_id: string;
  /** Username. */
  declare readonly username: string;
  /** Email. */
  declare readonly email: string | null;
  /** First name. */
  declare readonly first_name: string | null;
  /** Last name. */
  declare readonly last_name: string | null;
  /** Type of credential held. */
  declare readonly credential_type: string;
  /** Creation time. */
  declare readonly created_at: Date | null;

  /** Refetch the user token from the API (`GET user_tokens/:id`). */
  reload(options?: CallOptions): Promise<this> {
    return this._methods().reload(this, options);
  }

  // #endregion generated members
}
