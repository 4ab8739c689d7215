/**
 * Login-token verification (the Ruby gem's `Session.from_token`), over WebCrypto alone: the JWT
 * core (src/jwt/) verifies the token and says why it refused one; the session resource builds
 * the `Session` from the claims.
 * @module
 */
import type { RecordClient } from "./record.ts";
import { type Claims, type JwtOptions, type RejectReason, verifyToken } from "./jwt/verify.ts";
import type { Session } from "./resources/session.ts";
import { sessionFromClaims } from "./resources/session_claims.ts";

export type { TokenAlgorithm } from "./jwt/keys.ts";
export { keyImportCount } from "./jwt/keys.ts";
export type { JwtOptions, RejectReason } from "./jwt/verify.ts";
export { MAX_TOKEN_LENGTH, TOKEN_CACHE_SIZE } from "./jwt/verify.ts";

/**
 * Options of {@link verifySession} and `ar.sessions.fromToken`.
 *
 * @example
 * ```ts
 * import { verifySession, type VerifyOptions } from "@authrocket-edge/sdk";
 * const options: VerifyOptions = {
 *   jwtSecret: "jsk_…",
 *   within: 300,
 *   leeway: 5,
 *   onReject: (reason) => console.warn("login token refused:", reason),
 * };
 * const session = await verifySession("eyJ…", options); // reuse the object: its key is found at once
 * ```
 */
export interface VerifyOptions extends JwtOptions {
  /**
   * Told why a token was refused (never given the token or the key); not called for a
   * session. What it throws, `verifySession` throws.
   */
  onReject?: (reason: RejectReason) => void;
}

/**
 * Verify a login token and return its `Session` — or `null` for a missing, malformed, forged,
 * expired or too old token (`onReject` is told which). Throws `ConfigError` when no key is
 * configured, the key cannot be used, or an option would switch a check off (`leeway`,
 * `within` or `now` that is not a finite number ≥ 0).
 *
 * @example
 * ```ts
 * import { verifySession } from "@authrocket-edge/sdk";
 * const session = await verifySession("eyJ…", { jwtSecret: "jsk_…", within: 60 });
 * if (session) console.log((await session.user()).username);
 * ```
 */
export function verifySession(
  token: string | null | undefined,
  options: VerifyOptions = {},
): Promise<Session | null> {
  return verifyWith(token, options, undefined);
}

/** Verify with a client attached to the records (used by `ar.sessions.fromToken`). @internal */
export async function verifyWith(
  token: string | null | undefined,
  options: VerifyOptions,
  client: RecordClient | undefined,
): Promise<Session | null> {
  const r = verifyToken(token, options);
  const v: Claims | RejectReason = r instanceof Promise ? await r : r;
  if (typeof v === "string") {
    options.onReject?.(v);
    return null;
  }
  return sessionFromClaims(token!, v, client);
}
