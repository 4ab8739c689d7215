/**
 * Session (`sessions`, root `session`, ids `kss_`): managed login sessions, and sessions
 * decoded from login tokens.
 * @module
 */
import { ArRecord } from "../record.ts";
import type { ResourceDef } from "../record.ts";
import { session } from "../table/session.ts";
import type { VerifyOptions } from "../verify_options.ts";
// #region generated imports (scripts/gen_records.ts): do not edit
import type { CallOptions, Params } from "../transport.ts";
import type { User } from "./user.ts";
// #endregion generated imports

/**
 * A session: from the API, or verified from a login token (then `user()` needs no API call).
 *
 * @example
 * ```ts
 * import { verifySession } from "@authrocket-edge/sdk";
 * const session = await verifySession("eyJ…", { jwtSecret: "jsk_…" });
 * if (session) console.log(session.id, session.expires_at, (await session.user()).username);
 * ```
 */
export class Session extends ArRecord {
  /** The sessions row of the resource table. */
  static override readonly def: ResourceDef = session;
  // #region generated members (scripts/gen_records.ts): do not edit
  /** Required on create. */
  declare readonly user_id: string;
  /** Start (the token's `iat`). Set by the API (never in params). */
  declare readonly created_at: Date | null;
  /** End (the token's `exp`), `null` for open-ended tokens. Set by the API (never in params). */
  declare readonly expires_at: Date | null;
  /** The login token (JWT). Set by the API (never in params). */
  declare readonly token: string;
  /** Request context (`ip`, `client`). */
  declare readonly request: Record<string, unknown> | null | undefined;

  /** Refetch the session from the API (`GET sessions/:id`). */
  reload(options?: CallOptions): Promise<this> {
    return this._methods().reload(this, options);
  }

  /** Delete it (`DELETE sessions/:id`): `true`, or `false` with `errors` filled. */
  delete(params?: Params, options?: CallOptions): Promise<boolean> {
    return this._methods().delete(this, params, options);
  }

  /** Its user (belongs_to, by `user_id`; cached once loaded). */
  user(options?: CallOptions & { reload?: boolean }): Promise<User> {
    return this._methods().belongsTo(this, "user", options);
  }

  // #endregion generated members
}

/**
 * Session actions beyond CRUD (`ar.sessions.fromToken`).
 *
 * @example
 * ```ts
 * import type { AuthRocket } from "@authrocket-edge/sdk";
 * // The session of a request's token, its records able to call the API with this client.
 * export const sessionOf = (ar: AuthRocket, token: string) => ar.sessions.fromToken(token);
 * ```
 */
export interface SessionActions {
  /**
   * Verify a login token with this client's `jwtSecret` (options may override it): the
   * `Session`, or `null` for an invalid token. The records carry this client.
   */
  fromToken(token: string | null | undefined, options?: VerifyOptions): Promise<Session | null>;
}
