/**
 * The options of the login integration: where sessions come from, how they are read, and the
 * routes (`withAuthRocket`, the Hono middleware and `getSession` all take them).
 * @module
 */
import type { SessionCache } from "../cache/types.ts";
import type { AuthRocket } from "../client.ts";
import type { RejectReason, VerifyOptions } from "../verify_options.ts";
import type { CookieOptions } from "./cookie.ts";

/**
 * Where sessions come from: an `AuthRocket` client (with `jwtSecret` and `loginUrl`; its API key
 * lets `/logout` end managed sessions), or — for a Worker that only verifies tokens and should
 * not ship the REST client — just the settings `{ jwtSecret, loginUrl }`.
 *
 * @example
 * ```ts
 * import { withAuthRocket, type SessionSource } from "@authrocket-edge/sdk/middleware";
 * const source: SessionSource = { jwtSecret: "jsk_…", loginUrl: "https://my-app.e1.loginrocket.com/" };
 * const handler = withAuthRocket((_req, { session }) => new Response(session.user_id), { client: source });
 * ```
 */
export type SessionSource = AuthRocket | {
  /** The realm's `jsk_…` secret, its RSA public key, a `CryptoKey` or a JWK. */
  jwtSecret: VerifyOptions["jwtSecret"];
  /** LoginRocket's base URL (`https://<app>.e1.loginrocket.com/`). */
  loginUrl?: string;
  /** Verification options (`within`, `leeway`, `algorithms`…). */
  verify?: Omit<VerifyOptions, "jwtSecret">;
};

/**
 * Options of {@link getSession} (and the session part of `withAuthRocket`'s).
 *
 * @example
 * ```ts
 * import { getSession, type GetSessionOptions } from "@authrocket-edge/sdk/middleware";
 * const options: GetSessionOptions = { cookie: { name: "sid" }, now: () => Date.now() };
 * const session = await getSession(new Request("https://app/"), { jwtSecret: "jsk_…" }, options);
 * ```
 */
export interface GetSessionOptions {
  /** Cookie name and attributes (the name is what is read). */
  cookie?: CookieOptions;
  /** The clock, in milliseconds since the epoch (default `Date.now`); tests inject one. */
  now?: () => number;
  /**
   * Ask the API whether a managed session still exists at most once per this many seconds
   * (needs an `AuthRocket` client with an API key). A session the API no longer has is logged
   * out and its cookie cleared.
   */
  revalidate?: number;
  /** Where revalidation answers are kept (default: in memory; see `@authrocket-edge/sdk/cache`). */
  cache?: SessionCache;
  /**
   * While the API cannot answer, keep a session's last "alive" this many seconds past its
   * freshness (default 300); after that the request gets a 503 and the cookie is kept.
   */
  maxStale?: number;
  /** Told why a token was refused (never given the token); `"revoked"`, `"unchecked"` too. */
  onReject?: (reason: RejectReason) => void;
  /**
   * One line per decision: authenticated (and whether revalidation was answered from the cache
   * or by the API), refused and why, logged in or out (default: the client's `debug`,
   * `AUTHROCKET_DEBUG=1` for `AuthRocket.fromEnv`). Without it, only the login route tells why it
   * refused a token, once per reason per minute.
   */
  debug?: boolean;
  /**
   * Where the lines go (default: the client's `log`, else `console.warn`); `false` silences
   * them. Each starts `authrocket-edge:` and is redacted: no token or key reaches it.
   */
  log?: ((line: string) => void) | false;
}

/**
 * Options of `withAuthRocket` and of the Hono middleware.
 *
 * @example
 * ```ts
 * import { withAuthRocket, type AuthRocketMiddlewareOptions } from "@authrocket-edge/sdk/middleware";
 * const options: AuthRocketMiddlewareOptions = {
 *   client: { jwtSecret: "jsk_…", loginUrl: "https://my-app.e1.loginrocket.com/" },
 *   protect: (url) => url.pathname.startsWith("/app"),
 *   defaultRedirect: "/app",
 * };
 * const handler = withAuthRocket((_req, { session }) => new Response(session?.user_id), options);
 * ```
 */
export interface AuthRocketMiddlewareOptions extends GetSessionOptions {
  /**
   * A client with `jwtSecret` and `loginUrl` (and `apiKey` to delete managed sessions), or the
   * settings `{ jwtSecret, loginUrl }` alone (see {@link SessionSource}).
   */
  client: SessionSource;
  /**
   * Which requests need a session (default: every request the integration does not answer
   * itself). With a `protect` function, handlers see `session: Session | null`.
   */
  protect?: (url: URL, request: Request) => boolean;
  /** The login route (default `/login`). */
  loginPath?: string;
  /** The logout route (default `/logout`). */
  logoutPath?: string;
  /** Where users land when nothing better is known (default `/`). */
  defaultRedirect?: string;
}

/** Whether the source is a client (else the settings alone). */
export const isClient = (s: SessionSource): s is AuthRocket => "sessions" in s;
