/**
 * The options of a session verification and what they name: the reasons a token is refused,
 * and the little of a client the verifier uses. A leaf (types only): the verifier, the client,
 * the session resource and the revalidators all read it, and it reads none of them.
 * @module
 */
import type { SessionCache } from "./cache/types.ts";
import type { AuthRocketConfig } from "./config.ts";
import type { JwtOptions, TokenRejectReason } from "./jwt/verify.ts";
import type { RecordClient } from "./record.ts";

/**
 * Why a token was refused (see `onReject`): the JWT core's reasons ({@link TokenRejectReason}:
 * `missing`, `malformed`, `algorithm`, `signature`, `expired`, `not_yet_valid`,
 * `issued_in_future`, `too_old`), and with `revalidate`: a managed session the API no longer
 * has (`revoked`), or one the API could not be asked about while no answer within `maxStale`
 * was kept (`unchecked`: refused, fail closed).
 *
 * @example
 * ```ts
 * import { verifySession, type RejectReason } from "@authrocket-edge/sdk";
 * const seen: RejectReason[] = [];
 * await verifySession("not-a-token", { jwtSecret: "jsk_…", onReject: (r) => seen.push(r) }); // ["malformed"]
 * ```
 */
export type RejectReason = TokenRejectReason | "revoked" | "unchecked";

/**
 * What the verifier uses of a client (an `AuthRocket` is one): records attach to it, its
 * `jwtSecret` is the default key, and revalidation asks `sessions.retrieve` with its settings.
 *
 * @example
 * ```ts
 * import { AuthRocket, verifySession, type VerifyingClient } from "@authrocket-edge/sdk";
 * const client: VerifyingClient = new AuthRocket({ apiKey: "ko_…", realm: "rl_…", jwtSecret: "jsk_…" });
 * const session = await verifySession("eyJ…", { client, revalidate: 300 });
 * ```
 */
export interface VerifyingClient extends RecordClient {
  /** Its settings (those read here: the key, and what an API call depends on). */
  readonly config: Readonly<
    Pick<
      AuthRocketConfig,
      "jwtSecret" | "apiKey" | "url" | "realm" | "account" | "fetch" | "debug" | "log"
    >
  >;
  /** Its sessions API: revalidation asks `retrieve(id)` (`null` once the session is gone). */
  readonly sessions: { retrieve(id: string): Promise<unknown> };
}

/**
 * Options of `verifySession` and `ar.sessions.fromToken`.
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
 * const session = await verifySession("eyJ…", options);
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
  /** Where revalidation answers are kept (default: an in-memory LRU per client settings). */
  cache?: SessionCache;
  /**
   * While the API cannot answer, keep serving a session's last "alive" this many seconds past
   * its freshness (default 300), then refuse it (`"unchecked"`).
   */
  maxStale?: number;
  /** The client revalidation asks (`sessions.retrieve`); records get it too. */
  client?: VerifyingClient;
  /**
   * Write one line per verification: the user it authenticated (and whether revalidation was
   * answered from the cache or by the API), or why it refused the token and the likely fix
   * (default: the client's `debug`, `AUTHROCKET_DEBUG=1` for `AuthRocket.fromEnv`). The words
   * come with the `AuthRocket` client and the login integration; a Worker that imports
   * `verifySession` alone leaves them out (the verify-only bundle) and writes nothing.
   */
  debug?: boolean;
  /**
   * Where those lines go (default: the client's `log`, else `console.warn`); `false` silences
   * them. Lines start `authrocket-edge:` and are redacted: no token or key reaches it.
   */
  log?: ((line: string) => void) | false;
}
