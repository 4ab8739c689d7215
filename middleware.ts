/**
 * The login integration: the Ruby gem's streamlined Rails integration for any fetch handler
 * (Workers, Deno.serve, Bun.serve, Hono's `app.fetch`).
 *
 * @example
 * ```ts
 * import { AuthRocket } from "@authrocket-edge/sdk";
 * import { withAuthRocket } from "@authrocket-edge/sdk/middleware";
 * const ar = new AuthRocket({ jwtSecret: "jsk_…", loginUrl: "https://app.e1.loginrocket.com/" });
 * const worker = {
 *   fetch: withAuthRocket(async (_req, ctx) => {
 *     const user = await ctx.session!.user();
 *     return new Response(`Hello ${user.name}`);
 *   }, { client: ar }),
 * };
 * ```
 * @module
 */
import type { AuthRocket } from "./src/client.ts";
import { ConfigError } from "./src/errors.ts";
import type { Session } from "./src/resources/session.ts";
import { verifySession } from "./src/verify.ts";
import type { VerifyOptions } from "./src/verify.ts";

/**
 * Where sessions come from: an `AuthRocket` client (with `jwtSecret` and `loginUrl`; its API key
 * lets `/logout` end managed sessions), or — for a Worker that only verifies tokens and should
 * not ship the REST client — just the settings `{ jwtSecret, loginUrl }`.
 *
 * @example
 * ```ts
 * import { withAuthRocket, type SessionSource } from "@authrocket-edge/sdk/middleware";
 * const source: SessionSource = { jwtSecret: "jsk_…", loginUrl: "https://my-app.e1.loginrocket.com/" };
 * const handler = withAuthRocket((_req, { session }) => new Response(session?.user_id ?? "anon"), { client: source });
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

const isClient = (s: SessionSource): s is AuthRocket => "sessions" in s && "config" in s;

/**
 * Verify a token with whichever source was given (a settings object: the same object each time,
 * unless a clock is injected).
 */
function sessionOf(source: SessionSource, token: string, now?: Clock): Promise<Session | null> {
  const at = now?.();
  if (isClient(source)) {
    return at === undefined ? source.sessions.fromToken(token) : source.sessions.fromToken(token, {
      now: at,
    });
  }
  const o = optionsOf(source);
  return verifySession(token, at === undefined ? o : { ...o, now: at });
}

/** A clock: milliseconds since the epoch. */
type Clock = () => number;

const optionsCache = new WeakMap<object, VerifyOptions>();
/** One options object per source, so the verifier's key handle is found at once. */
function optionsOf(source: Exclude<SessionSource, AuthRocket>): VerifyOptions {
  let o = optionsCache.get(source);
  if (!o || o.jwtSecret !== source.jwtSecret) {
    o = { ...source.verify, jwtSecret: source.jwtSecret };
    optionsCache.set(source, o);
  }
  return o;
}

/**
 * Cookie settings of the integration.
 *
 * @example
 * ```ts
 * import { withAuthRocket, type CookieOptions } from "@authrocket-edge/sdk/middleware";
 * const cookie: CookieOptions = { name: "sid", sameSite: "Strict", domain: "my.app" };
 * const handler = withAuthRocket(() => new Response("ok"), { client: { jwtSecret: "jsk_…" }, cookie });
 * ```
 */
export interface CookieOptions {
  /** Cookie name (default `ar_token`). */
  name?: string;
  /** Path (default `/`). */
  path?: string;
  /** Domain, if any. */
  domain?: string;
  /** SameSite (default `Lax`). */
  sameSite?: "Lax" | "Strict" | "None";
  /** Secure (default: when the request is https). */
  secure?: boolean;
}

/**
 * Options of {@link withAuthRocket}.
 *
 * @example
 * ```ts
 * import { withAuthRocket, type AuthRocketMiddlewareOptions } from "@authrocket-edge/sdk/middleware";
 * const options: AuthRocketMiddlewareOptions = {
 *   client: { jwtSecret: "jsk_…", loginUrl: "https://my-app.e1.loginrocket.com/" },
 *   protect: (url) => url.pathname.startsWith("/app"),
 *   defaultRedirect: "/app",
 * };
 * const handler = withAuthRocket(() => new Response("ok"), options);
 * ```
 */
export interface AuthRocketMiddlewareOptions {
  /**
   * A client with `jwtSecret` and `loginUrl` (and `apiKey` to delete managed sessions), or the
   * settings `{ jwtSecret, loginUrl }` alone (see {@link SessionSource}).
   */
  client: SessionSource;
  /** Which requests need a session (default: all but the login and logout routes). */
  protect?: (url: URL, request: Request) => boolean;
  /** The login route (default `/login`). */
  loginPath?: string;
  /** The logout route (default `/logout`). */
  logoutPath?: string;
  /** Where users land when nothing better is known (default `/`). */
  defaultRedirect?: string;
  /** Cookie name and attributes. */
  cookie?: CookieOptions;
  /** The clock, in milliseconds since the epoch (default `Date.now`); tests inject one. */
  now?: () => number;
}

/**
 * What the wrapped handler receives as its second argument.
 *
 * @example
 * ```ts
 * import { withAuthRocket, type AuthRocketContext } from "@authrocket-edge/sdk/middleware";
 * const page = async (_req: Request, ctx: AuthRocketContext) =>
 *   new Response(ctx.session ? `Hello ${(await ctx.session.user()).name}` : "Hello stranger");
 * const handler = withAuthRocket(page, { client: { jwtSecret: "jsk_…" } });
 * ```
 */
export interface AuthRocketContext {
  /** The verified session, or `null`. */
  session: Session | null;
}

/**
 * The handler `withAuthRocket` returns; extra arguments (a Worker's `env` and `ctx`) pass through.
 *
 * @example
 * ```ts
 * import { withAuthRocket, type FetchHandler } from "@authrocket-edge/sdk/middleware";
 * type Env = { SECRET: string };
 * const handler: FetchHandler<[Env, unknown]> = withAuthRocket<[Env, unknown]>(
 *   (_req, _ctx, env) => new Response(env.SECRET ? "configured" : "missing"),
 *   { client: { jwtSecret: "jsk_…" } },
 * );
 * ```
 */
export type FetchHandler<A extends unknown[] = unknown[]> = (
  request: Request,
  ...rest: A
) => Promise<Response>;

const cookieName = (o?: CookieOptions) => o?.name ?? "ar_token";

function readCookie(request: Request, name: string): string | undefined {
  const header = request.headers.get("cookie");
  if (!header) return undefined;
  for (const part of header.split(";")) {
    const i = part.indexOf("=");
    if (i > 0 && part.slice(0, i).trim() === name) return part.slice(i + 1).trim();
  }
  return undefined;
}

/** The token of a request: the cookie, or `Authorization: Bearer <token>`. */
function tokenOf(request: Request, cookie?: CookieOptions): string | undefined {
  const auth = request.headers.get("authorization");
  if (auth && /^Bearer\s+/i.test(auth)) return auth.replace(/^Bearer\s+/i, "").trim();
  return readCookie(request, cookieName(cookie));
}

/**
 * Options of {@link getSession}.
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
}

/**
 * The verified session of a request (cookie or Bearer token), or `null`.
 *
 * @example
 * ```ts
 * import { getSession } from "@authrocket-edge/sdk/middleware";
 * declare const ar: import("@authrocket-edge/sdk").AuthRocket;
 * const session = await getSession(new Request("https://app/"), ar);
 * ```
 */
export async function getSession(
  request: Request,
  client: SessionSource,
  options: GetSessionOptions = {},
): Promise<Session | null> {
  const token = tokenOf(request, options.cookie);
  return token ? await sessionOf(client, token, options.now) : null;
}

/**
 * Reduce a `redir` value to a path and query on this site, or `undefined`: absolute URLs,
 * `//host`, `\\host`, `/\host`, encoded variants and control characters never escape.
 *
 * @example
 * ```ts
 * import { sanitizeRedir } from "@authrocket-edge/sdk/middleware";
 * sanitizeRedir("/app?tab=2"); // "/app?tab=2"
 * sanitizeRedir("https://evil.example/"); // "/" is not assumed: undefined
 * sanitizeRedir("/\\evil.example"); // undefined
 * ```
 */
export function sanitizeRedir(value: string | null | undefined): string | undefined {
  if (!value) return undefined;
  if (CONTROL.test(value)) return undefined;
  let decoded = value;
  try {
    for (let i = 0; i < 3; i++) {
      const next = decodeURIComponent(decoded);
      if (next === decoded) break;
      decoded = next;
    }
  } catch {
    return undefined;
  }
  if (
    CONTROL.test(decoded) || /^\s*[\\/][\\/]/.test(decoded) ||
    decoded.includes("\\")
  ) {
    return undefined;
  }
  let u: URL;
  try {
    u = new URL(value, "http://redir.invalid");
  } catch {
    return undefined;
  }
  const out = u.pathname + u.search;
  if (!out.startsWith("/") || out.startsWith("//") || out.startsWith("/\\")) return undefined;
  return out;
}

/** Any C0 control character or DEL. */
// deno-lint-ignore no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;

function loginrocket(client: SessionSource, page: string, redir?: string): string {
  const base = isClient(client) ? client.config.loginUrl : client.loginUrl;
  if (!base) {
    throw new ConfigError("Missing AuthRocket setting `loginUrl` (env AUTHROCKET_LOGIN_URL)");
  }
  const u = new URL(page, base.endsWith("/") ? base : base + "/");
  if (redir) u.searchParams.set("redir", redir);
  return u.href;
}

/**
 * LoginRocket's login page URL, with `redir`.
 *
 * @example
 * ```ts
 * import { loginUrl } from "@authrocket-edge/sdk/middleware";
 * declare const ar: import("@authrocket-edge/sdk").AuthRocket;
 * const href = loginUrl(ar, { redir: "/app" });
 * ```
 */
export function loginUrl(client: SessionSource, options: { redir?: string } = {}): string {
  return loginrocket(client, "login", options.redir);
}

/**
 * LoginRocket's signup page URL, with `redir`.
 *
 * @example
 * ```ts
 * import { signupUrl } from "@authrocket-edge/sdk/middleware";
 * declare const ar: import("@authrocket-edge/sdk").AuthRocket;
 * const href = signupUrl(ar, { redir: "/welcome" });
 * ```
 */
export function signupUrl(client: SessionSource, options: { redir?: string } = {}): string {
  return loginrocket(client, "signup", options.redir);
}

function cookieHeader(
  request: Request,
  o: CookieOptions | undefined,
  value: string,
  maxAge: number,
) {
  const secure = o?.secure ?? new URL(request.url).protocol === "https:";
  const parts = [
    `${cookieName(o)}=${value}`,
    `Path=${o?.path ?? "/"}`,
    "HttpOnly",
    `SameSite=${o?.sameSite ?? "Lax"}`,
    `Max-Age=${Math.max(0, Math.floor(maxAge))}`,
  ];
  if (o?.domain) parts.push(`Domain=${o.domain}`);
  if (secure) parts.push("Secure");
  return parts.join("; ");
}

const redirect = (location: string, cookies: string[] = []) => {
  const headers = new Headers({ location, "cache-control": "no-store" });
  for (const c of cookies) headers.append("set-cookie", c);
  return new Response(null, { status: 302, headers });
};

/**
 * Wrap a fetch handler with hosted logins: the session from the cookie or a Bearer token,
 * protected requests without one sent to LoginRocket (non-GET ones get 401), `GET /login?token=`
 * verified into a cookie, `/logout` clearing it (and deleting a managed session through the
 * API when an API key is set).
 *
 * @example
 * ```ts
 * import { withAuthRocket } from "@authrocket-edge/sdk/middleware";
 * declare const ar: import("@authrocket-edge/sdk").AuthRocket;
 * const handler = withAuthRocket((_req, ctx) => new Response(ctx.session?.user_id ?? "anon"), {
 *   client: ar,
 *   protect: (url) => url.pathname.startsWith("/app"),
 * });
 * ```
 */
export function withAuthRocket<A extends unknown[]>(
  handler: (request: Request, ctx: AuthRocketContext, ...rest: A) => Response | Promise<Response>,
  options: AuthRocketMiddlewareOptions,
): FetchHandler<A> {
  const { client } = options;
  const loginPath = options.loginPath ?? "/login";
  const logoutPath = options.logoutPath ?? "/logout";
  const home = options.defaultRedirect ?? "/";
  const protect = options.protect ??
    ((url: URL) => url.pathname !== loginPath && url.pathname !== logoutPath);
  const clear = (request: Request) => cookieHeader(request, options.cookie, "", 0);
  const { now } = options;
  const get = { cookie: options.cookie, now };

  return async (request: Request, ...rest: A): Promise<Response> => {
    const url = new URL(request.url);
    if (request.method === "GET" && url.pathname === loginPath) {
      const token = url.searchParams.get("token");
      const session = token
        ? await sessionOf(client, token, now)
        : await getSession(request, client, get);
      const redir = sanitizeRedir(url.searchParams.get("redir"));
      if (!session) return redirect(loginUrl(client, { redir }));
      const to = redir ?? home;
      if (!token) return redirect(to);
      const maxAge = session.expires_at
        ? (session.expires_at.getTime() - (now ?? Date.now)()) / 1000
        : 60 * 60 * 24 * 14;
      return redirect(to, [cookieHeader(request, options.cookie, token, maxAge)]);
    }
    if (url.pathname === logoutPath) {
      const session = await getSession(request, client, get);
      if (
        isClient(client) && session?.id?.startsWith("kss_") && client.config.apiKey &&
        client.config.url
      ) {
        try {
          await client.sessions.delete(session.id);
        } catch {
          // Already gone or unreachable: the cookie is cleared all the same.
        }
      }
      return redirect(home, [clear(request)]);
    }
    const token = tokenOf(request, options.cookie);
    const session = token ? await sessionOf(client, token, now) : null;
    if (!session && protect(url, request)) {
      const cookies = token !== undefined ? [clear(request)] : [];
      if (request.method !== "GET" && request.method !== "HEAD") {
        const headers = new Headers({ "content-type": "text/plain" });
        for (const c of cookies) headers.append("set-cookie", c);
        return new Response("Unauthorized", { status: 401, headers });
      }
      return redirect(loginUrl(client, { redir: url.pathname + url.search }), cookies);
    }
    return await handler(request, { session }, ...rest);
  };
}
