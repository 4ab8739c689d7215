/**
 * The login integration's one implementation: where the session of a request comes from, the
 * session cookie, and the `/login`, `/logout` and protect rules. `withAuthRocket` (a fetch
 * handler wrapper) and the Hono middleware are thin shells around {@link createLogin}.
 * @module
 */
import type { AuthRocket } from "../client.ts";
import { ConfigError } from "../errors.ts";
import type { Session } from "../resources/session.ts";
import { verifySession } from "../verify.ts";
import type { VerifyOptions } from "../verify.ts";
import { sanitizeRedir } from "./redir.ts";

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
 * Cookie settings of the integration. On https the cookie is `__Host-ar_token` (`Path=/`,
 * `Secure`, no `Domain`: a sibling subdomain can neither set nor shadow it); on plain http
 * (local development), or with a `domain` or a `path` other than `/`, it is `ar_token`.
 *
 * @example
 * ```ts
 * import { withAuthRocket, type CookieOptions } from "@authrocket-edge/sdk/middleware";
 * const cookie: CookieOptions = { name: "sid", sameSite: "Strict", domain: "my.app" };
 * const handler = withAuthRocket(() => new Response("ok"), {
 *   client: { jwtSecret: "jsk_…", loginUrl: "https://my-app.e1.loginrocket.com/" },
 *   cookie,
 * });
 * ```
 */
export interface CookieOptions {
  /** Cookie name (default `__Host-ar_token` on https, `ar_token` otherwise). */
  name?: string;
  /** Path (default `/`). */
  path?: string;
  /** Domain, if any (gives up the `__Host-` prefix). */
  domain?: string;
  /** SameSite (default `Lax`). */
  sameSite?: "Lax" | "Strict" | "None";
  /** Secure (default: when the request is https). */
  secure?: boolean;
}

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

const isClient = (s: SessionSource): s is AuthRocket => "sessions" in s;

const optionsCache = new WeakMap<object, VerifyOptions>();
/** One options object per settings source, so the verifier's key handle is found at once. */
function optionsOf(source: Exclude<SessionSource, AuthRocket>): VerifyOptions {
  let o = optionsCache.get(source);
  if (!o || o.jwtSecret !== source.jwtSecret) {
    o = { ...source.verify, jwtSecret: source.jwtSecret };
    optionsCache.set(source, o);
  }
  return o;
}

/** Verify a token with whichever source was given, on the injected clock if there is one. */
function verify(source: SessionSource, token: string, now?: () => number) {
  const at = now?.();
  if (isClient(source)) {
    return at === undefined
      ? source.sessions.fromToken(token)
      : source.sessions.fromToken(token, { now: at });
  }
  const o = optionsOf(source);
  return verifySession(token, at === undefined ? o : { ...o, now: at });
}

/** The cookie's name and attributes for this request. */
function cookieFor(request: Request, o: CookieOptions | undefined) {
  const secure = o?.secure ?? (new URL(request.url).protocol === "https:" ||
    /^__(Host|Secure)-/.test(o?.name ?? ""));
  const path = o?.path ?? "/";
  const hostOnly = secure && path === "/" && !o?.domain;
  return { name: o?.name ?? (hostOnly ? "__Host-ar_token" : "ar_token"), secure, path };
}

/** A `Set-Cookie` value for the session cookie (empty with `Max-Age=0` clears it). */
function setCookie(request: Request, o: CookieOptions | undefined, value: string, maxAge: number) {
  const { name, secure, path } = cookieFor(request, o);
  const parts = [
    `${name}=${value}`,
    `Path=${path}`,
    "HttpOnly",
    `SameSite=${o?.sameSite ?? "Lax"}`,
    `Max-Age=${Math.max(0, Math.floor(maxAge))}`,
  ];
  if (o?.domain) parts.push(`Domain=${o.domain}`);
  if (secure) parts.push("Secure");
  return parts.join("; ");
}

/** Every value of the cookie `name` (a planted duplicate may come first). */
function cookieValues(request: Request, name: string): string[] {
  const out: string[] = [];
  for (const part of (request.headers.get("cookie") ?? "").split(";")) {
    const i = part.indexOf("=");
    if (i > 0 && part.slice(0, i).trim() === name) out.push(part.slice(i + 1).trim());
  }
  return out;
}

/** The Bearer token, `""` for an empty one, or `undefined` without an `Authorization: Bearer`. */
function bearerOf(request: Request): string | undefined {
  const m = /^Bearer(?:\s+(.*))?$/i.exec(request.headers.get("authorization") ?? "");
  return m ? (m[1] ?? "").trim() : undefined;
}

/** How many same-named cookies are tried (a sibling may plant some; each costs a verify). */
const MAX_COOKIES = 3;

/**
 * The session of a request, and whether its cookie should be cleared. A Bearer token, when
 * present, decides alone and never touches the cookie. Otherwise the first same-named cookie
 * that verifies wins; the cookie is cleared only when one was sent and none verified.
 */
export async function readSession(
  request: Request,
  source: SessionSource,
  o: GetSessionOptions,
): Promise<{ session: Session | null; clear: boolean }> {
  const bearer = bearerOf(request);
  if (bearer !== undefined) {
    return { session: bearer ? await verify(source, bearer, o.now) : null, clear: false };
  }
  const values = cookieValues(request, cookieFor(request, o.cookie).name);
  for (const v of values.slice(0, MAX_COOKIES)) {
    const session = v ? await verify(source, v, o.now) : null;
    if (session) return { session, clear: false };
  }
  return { session: null, clear: values.length > 0 };
}

/** LoginRocket's page URL (`login`, `signup`) for a source, with `redir`. */
export function loginrocket(source: SessionSource, page: string, redir?: string): string {
  const base = isClient(source) ? source.config.loginUrl : source.loginUrl;
  if (!base) {
    throw new ConfigError(
      "Missing AuthRocket setting `loginUrl` (env AUTHROCKET_LOGIN_URL): LoginRocket's URL, " +
        "e.g. https://<app>.e1.loginrocket.com/",
    );
  }
  const u = new URL(page, base.endsWith("/") ? base : base + "/");
  if (redir) u.searchParams.set("redir", redir);
  return u.href;
}

/** What the integration decided: answer with `response`, or run the app with `session`. */
export type Outcome =
  | { response: Response; session?: undefined; cookies?: undefined }
  | { response?: undefined; session: Session | null; cookies: string[] };

/** The integration, built once per handler. */
export interface Login {
  /** Dispatch: the login and logout routes, else the protect rule. */
  handle(request: Request): Promise<Outcome>;
  /** `GET <loginPath>`: a `?token=` into the cookie, or on to LoginRocket. */
  login(request: Request): Promise<Response>;
  /** `<logoutPath>`: refuse cross-site, end a managed session, clear the cookie. */
  logout(request: Request): Promise<Response>;
  /** The session, or the redirect / 401 a protected request without one gets. */
  guard(request: Request, protect?: boolean): Promise<Outcome>;
}

const redirect = (location: string, cookies: string[] = []) => {
  const headers = new Headers({ location, "cache-control": "no-store" });
  for (const c of cookies) headers.append("set-cookie", c);
  return new Response(null, { status: 302, headers });
};

const text = (status: number, body: string, cookies: string[] = []) => {
  const headers = new Headers({ "content-type": "text/plain", "cache-control": "no-store" });
  for (const c of cookies) headers.append("set-cookie", c);
  return new Response(body, { status, headers });
};

/**
 * A request another site made the browser send: `Sec-Fetch-Site: cross-site`, or an `Origin`
 * that is not this one (`null` included). Navigations typed or followed on this site send
 * neither, or `same-origin` / `same-site` / `none`.
 */
function crossSite(request: Request): boolean {
  if (request.headers.get("sec-fetch-site") === "cross-site") return true;
  const origin = request.headers.get("origin");
  return origin !== null && origin !== new URL(request.url).origin;
}

/**
 * Check the options once, when the handler is built (a missing `loginUrl` is a `ConfigError`
 * here, not a 500 on the first request), and return the integration.
 */
export function createLogin(options: AuthRocketMiddlewareOptions, caller: string): Login {
  if (!options?.client) {
    throw new ConfigError(
      `${caller} needs options with a client: ${caller}(…, { client: ar }) with an AuthRocket ` +
        "client that has jwtSecret and loginUrl, or { client: { jwtSecret, loginUrl } }",
    );
  }
  const { client, cookie, now } = options;
  const secret = isClient(client) ? client.config.jwtSecret : client.jwtSecret;
  if (secret === undefined || secret === null || secret === "") {
    throw new ConfigError(`${caller}: missing jwtSecret (env AUTHROCKET_JWT_SECRET)`);
  }
  try {
    new URL(loginrocket(client, "login"));
  } catch (e) {
    if (e instanceof ConfigError) throw e;
    throw new ConfigError(`${caller}: loginUrl is not a URL (env AUTHROCKET_LOGIN_URL)`);
  }
  checkCookie(cookie);
  const loginPath = options.loginPath ?? "/login";
  const logoutPath = options.logoutPath ?? "/logout";
  const home = options.defaultRedirect ?? "/";
  const protect = options.protect ?? (() => true);
  const get = { cookie, now };
  const clear = (request: Request) => setCookie(request, cookie, "", 0);

  const login = async (request: Request): Promise<Response> => {
    const url = new URL(request.url);
    const token = url.searchParams.get("token");
    const redir = sanitizeRedir(url.searchParams.get("redir"));
    const session = token
      ? await verify(client, token, now)
      : (await readSession(request, client, get)).session;
    if (!session) return redirect(loginrocket(client, "login", redir));
    const to = redir ?? home;
    if (!token) return redirect(to);
    const maxAge = session.expires_at
      ? (session.expires_at.getTime() - (now ?? Date.now)()) / 1000
      : 60 * 60 * 24 * 14;
    return redirect(to, [setCookie(request, cookie, token, maxAge)]);
  };

  const logout = async (request: Request): Promise<Response> => {
    if (crossSite(request)) return text(403, "Cross-site logout refused");
    const { session } = await readSession(request, client, get);
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
  };

  const guard = async (request: Request, needed?: boolean): Promise<Outcome> => {
    const { session, clear: stale } = await readSession(request, client, get);
    const cookies = stale ? [clear(request)] : [];
    if (session) return { session, cookies };
    const url = new URL(request.url);
    if (!(needed ?? protect(url, request))) return { session, cookies };
    if (request.method !== "GET" && request.method !== "HEAD") {
      return { response: text(401, "Unauthorized", cookies) };
    }
    return {
      response: redirect(loginrocket(client, "login", url.pathname + url.search), cookies),
    };
  };

  return {
    login,
    logout,
    guard,
    async handle(request) {
      const { pathname } = new URL(request.url);
      if (request.method === "GET" && pathname === loginPath) {
        return { response: await login(request) };
      }
      if (pathname === logoutPath) return { response: await logout(request) };
      return await guard(request);
    },
  };
}

/** A cookie name the browser will store as given, and `__Host-` / `__Secure-` rules kept. */
function checkCookie(o: CookieOptions | undefined) {
  if (o?.name === undefined) return;
  const { name, domain, path = "/", secure } = o;
  if (!/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/.test(name)) {
    throw new ConfigError(`cookie.name ${JSON.stringify(name)} is not a valid cookie name`);
  }
  if (name.startsWith("__Host-") && (domain || path !== "/" || secure === false)) {
    throw new ConfigError("A __Host- cookie needs Path=/, Secure and no domain");
  }
  if (name.startsWith("__Secure-") && secure === false) {
    throw new ConfigError("A __Secure- cookie needs Secure");
  }
}
