/**
 * Login-token verification (the Ruby gem's `Session.from_token`), over WebCrypto alone: the JWT
 * core (src/jwt/) verifies the token and says why it refused one; the session resource builds
 * the `Session` from the claims; revalidation, when asked, is the client's (installed by its
 * constructor, so that the verify-only bundle does not carry it). Every caller — `verifySession`,
 * `ar.sessions.fromToken`, the login integration — reads one result, {@link Verification}.
 * @module
 */
import { ConfigError } from "./errors.ts";
import { verifyToken } from "./jwt/verify.ts";
import type { Session } from "./resources/session.ts";
import { sessionFromClaims } from "./resources/session_claims.ts";
import type { RejectReason, VerifyingClient, VerifyOptions } from "./verify_options.ts";

export type { Jwk, JwtSecret, TokenAlgorithm, WebCryptoKey } from "./jwt/keys.ts";
export { KEY_CACHE_SIZE } from "./jwt/keys.ts";
export type { JwtOptions, TokenRejectReason } from "./jwt/verify.ts";
export { MAX_LEEWAY, MAX_TOKEN_LENGTH, TOKEN_CACHE_SIZE } from "./jwt/verify.ts";
export type { RejectReason, VerifyingClient, VerifyOptions } from "./verify_options.ts";

/** A verification's one result: the session, or why there is none. @internal */
export type Verification =
  | { session: Session; reason?: undefined }
  | { session: null; reason: RejectReason };

/**
 * Why a verified token's session is refused after asking the API (`revoked`, `unchecked`), or
 * `undefined`: what revalidation answers for a token's `tk`, on the verification's clock (`now`,
 * already validated by the JWT core) when one is injected. @internal
 */
export type SessionCheck = (
  tk: unknown,
  now: Date | number | undefined,
) => Promise<RejectReason | undefined>;

/** How a client makes the check for a verification's settings. @internal */
export type SessionCheckOf = (
  options: VerifyOptions,
  client: VerifyingClient,
) => SessionCheck | Promise<SessionCheck>;

let revalidation: SessionCheckOf | undefined;
/**
 * Installed by the first `AuthRocket` constructor (src/revalidators.ts): a verify-only bundle,
 * which never constructs a client, carries no revalidation code. @internal
 */
export function installRevalidation(of: SessionCheckOf): void {
  revalidation = of;
}

/**
 * Verify a token: its session, or the reason it was refused (`onReject` is not called here:
 * each caller reports the reason its own way). `client` gives the default key, revalidation
 * and the records' client. @internal
 */
export async function verification(
  token: string | null | undefined,
  options: VerifyOptions,
  client: VerifyingClient | undefined,
): Promise<Verification> {
  let check: SessionCheck | undefined;
  if (options.revalidate !== undefined) {
    if (!client || !revalidation) {
      throw new ConfigError(
        "revalidate needs a client: pass { client: ar } or use ar.sessions.fromToken",
      );
    }
    check = await revalidation(options, client);
  }
  const r = verifyToken(token, options, options.jwtSecret ?? client?.config.jwtSecret);
  const claims = r instanceof Promise ? await r : r;
  if (typeof claims === "string") return { session: null, reason: claims };
  const reason = check && await check(claims.tk, options.now);
  return reason
    ? { session: null, reason }
    : { session: sessionFromClaims(token!, claims, client) };
}

let debugged: typeof verification | undefined;
/**
 * Installed where the words of `debug` are loaded (src/decisions.ts: by the client and the login
 * integration): `verifySession` then verifies through it. A verify-only bundle carries none.
 * @internal
 */
export function installDebug(through: typeof verification): void {
  debugged = through;
}

/**
 * Verify a login token and return its `Session` — or `null` for a missing, malformed, forged,
 * expired or too old token (`onReject` is told which). Throws `ConfigError` when no key is
 * configured, the key cannot be used, or an option would switch a check off (`leeway`,
 * `within` or `now` that is not a finite number ≥ 0, a `leeway` over 300 s).
 *
 * @example
 * ```ts
 * import { verifySession } from "@authrocket-edge/sdk";
 * const session = await verifySession("eyJ…", { jwtSecret: "jsk_…", within: 60 });
 * if (session) console.log((await session.user()).username);
 * ```
 */
export async function verifySession(
  token: string | null | undefined,
  options: VerifyOptions = {},
): Promise<Session | null> {
  const v = await (debugged ?? verification)(token, options, options.client);
  if (v.reason) options.onReject?.(v.reason);
  return v.session;
}
