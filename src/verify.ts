/**
 * Login-token verification (the Ruby gem's `Session.from_token`), over WebCrypto alone: the JWT
 * core (src/jwt/) verifies the token and says why it refused one; the session resource builds
 * the `Session` from the claims.
 * @module
 */
import type { SessionCache } from "./cache/types.ts";
import type { AuthRocket } from "./client.ts";
import { ConfigError } from "./errors.ts";
import { type Claims, type JwtOptions, type RejectReason, verifyToken } from "./jwt/verify.ts";
import type { RecordClient } from "./record.ts";
import type { Session } from "./resources/session.ts";
import { sessionFromClaims } from "./resources/session_claims.ts";
import type { Revalidator } from "./revalidate.ts";

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
  /**
   * Ask the API whether a managed session (`tk` = `kss_…`) still exists at most once per this
   * many seconds (finite, > 0) per session and cache, on every call, cached tokens included.
   * Needs `client`; `ar.sessions.fromToken` passes its own.
   */
  revalidate?: number;
  /** Where revalidation answers are kept (default: an in-memory LRU per client and settings). */
  cache?: SessionCache;
  /**
   * While the API cannot answer, keep serving a session's last "alive" this many seconds past
   * its freshness (default 300), then refuse it (`"unchecked"`).
   */
  maxStale?: number;
  /** The client revalidation asks (`sessions.retrieve`); records get it too. */
  client?: AuthRocket;
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
  // With a client, its fromToken does the work: it brings the revalidator along.
  if (options.client) return options.client.sessions.fromToken(token, options);
  return verifyWith(token, options, undefined);
}

/**
 * Verify with a client attached to the records (used by `ar.sessions.fromToken`, which also
 * hands over how to find the revalidator: src/revalidators.ts, not in the verify-only bundle).
 * @internal
 */
export async function verifyWith(
  token: string | null | undefined,
  options: VerifyOptions,
  client: RecordClient | undefined,
  revalidatorOf?: (options: VerifyOptions) => Revalidator,
): Promise<Session | null> {
  let revalidator: Revalidator | undefined;
  if (options.revalidate !== undefined) {
    if (!revalidatorOf) {
      throw new ConfigError(
        "revalidate needs a client: pass { client: ar } or use ar.sessions.fromToken",
      );
    }
    revalidator = revalidatorOf(options);
  }
  const r = verifyToken(token, options);
  const v: Claims | RejectReason = r instanceof Promise ? await r : r;
  if (typeof v === "string") return refuse(options, v);
  const tk = v.tk;
  if (revalidator && typeof tk === "string" && tk.startsWith("kss_")) {
    let state;
    try {
      // On the verification's clock (validated by verifyToken) when one is injected.
      state = await revalidator.check(tk, options.now === undefined ? undefined : +options.now);
    } catch {
      return refuse(options, "unchecked");
    }
    if (state !== "alive") return refuse(options, "revoked");
  }
  return sessionFromClaims(token!, v, client);
}

function refuse(options: VerifyOptions, reason: RejectReason): null {
  options.onReject?.(reason);
  return null;
}
