/**
 * The login integration's one implementation: where the session of a request comes from, the
 * session cookie, and the `/login`, `/logout` and protect rules. `withAuthRocket` (a fetch
 * handler wrapper) and the Hono middleware are thin shells around {@link createLogin}.
 * @module
 */
import type { AuthRocketConfig } from "../config.ts";
import {
  type Checked,
  clean,
  firstThisMinute,
  installTelling,
  refusal,
  said,
  tell,
  type Telling,
} from "../decisions.ts";
import { ConfigError } from "../errors.ts";
import type { Session } from "../resources/session.ts";
import { type Debugged, forgetRevalidation } from "../revalidators.ts";
import { verification } from "../verify.ts";
import { checkCookie, cookieFor, cookieValues, sessionCookieAge, setCookie } from "./cookie.ts";
import { sanitizeRedir } from "./redir.ts";
import { MAX_REFUSALS, refusalsCookie, refusalsOf, refusedPage } from "./refused.ts";
import {
  type AuthRocketMiddlewareOptions,
  type GetSessionOptions,
  isClient,
  type SessionSource,
} from "./options.ts";

export type { CookieOptions } from "./cookie.ts";
export type { AuthRocketMiddlewareOptions, GetSessionOptions, SessionSource } from "./options.ts";

/** Where a source's lines go, whether every decision is told, and the key to redact. */
export function tellingOf(source: SessionSource, o: GetSessionOptions): Telling {
  const c = isClient(source) ? source.config : source;
  return {
    log: o.log ?? (c as AuthRocketConfig).log,
    debug: o.debug ?? (c as AuthRocketConfig).debug,
    secret: c.jwtSecret,
  };
}

/**
 * Verify a token with whichever source was given, on the injected clock if there is one, with
 * revalidation if asked; `onReject` (the integration's, else the settings' own) is told why.
 */
async function verify(source: SessionSource, token: string, o: GetSessionOptions) {
  const options: Debugged = isClient(source)
    ? { client: source, jwtSecret: source.config.jwtSecret }
    : { ...source.verify, jwtSecret: source.jwtSecret };
  if (o.now) options.now = o.now();
  if (o.revalidate !== undefined) {
    options.revalidate = o.revalidate;
    if (o.cache) options.cache = o.cache;
    if (o.maxStale !== undefined) options.maxStale = o.maxStale;
  }
  let by: string | undefined;
  if (o.debug) options.revalidated = (b) => by = b;
  const v = await verification(token, options, options.client);
  if (v.reason !== undefined) (o.onReject ?? options.onReject)?.(v.reason);
  return { ...v, token, options, by } as Checked;
}

/** No token at all: nothing to verify, nothing to report. */
const NONE: Checked = { session: null, reason: "missing", token: "", options: {} };

/** The start of a line about a request: who decided, the method and the path. */
export const about = (who: string, request: Request) =>
  `${who} ${request.method} ${new URL(request.url).pathname}: `;

/** The Bearer token, `""` for an empty one, or `undefined` without an `Authorization: Bearer`. */
function bearerOf(request: Request): string | undefined {
  const m = /^Bearer(?:\s+(.*))?$/i.exec(request.headers.get("authorization") ?? "");
  return m ? (m[1] ?? "").trim() : undefined;
}

/** How many same-named cookies are tried (a sibling may plant some; each costs a verify). */
const MAX_COOKIES = 3;

/** What {@link readSession} found. */
export interface Found {
  session: Session | null;
  /** Clear the cookie: one was sent and none is a session (expired, forged, revoked…). */
  clear: boolean;
  /** The API could not say whether the session still exists (past `maxStale`). */
  unchecked: boolean;
  /** The verification that decided (the session's; else the first token refused). */
  last: Checked;
}

/**
 * The session of a request, and whether its cookie should be cleared. A Bearer token, when
 * present, decides alone and never touches the cookie. Otherwise the first same-named cookie
 * that verifies wins; the cookie is cleared only when one was sent and none verified — and not
 * when the API could not be asked (it may be a good session).
 */
export async function readSession(
  request: Request,
  source: SessionSource,
  o: GetSessionOptions,
): Promise<Found> {
  const bearer = bearerOf(request);
  if (bearer !== undefined) {
    const v = bearer ? await verify(source, bearer, o) : NONE;
    return { session: v.session, clear: false, unchecked: v.reason === "unchecked", last: v };
  }
  const values = cookieValues(request, cookieFor(request, o.cookie).name);
  let unchecked = false;
  let last = NONE;
  for (const value of values.slice(0, MAX_COOKIES)) {
    const v = value ? await verify(source, value, o) : NONE;
    if (v.session) return { session: v.session, clear: false, unchecked: false, last: v };
    unchecked ||= v.reason === "unchecked";
    if (last === NONE) last = v;
  }
  return { session: null, clear: values.length > 0 && !unchecked, unchecked, last };
}

/** `getSession`: the request's session; with `debug`, one line saying what its verification said. */
export async function sessionOf(
  request: Request,
  source: SessionSource,
  o: GetSessionOptions,
): Promise<Session | null> {
  installTelling();
  const t = tellingOf(source, o);
  const { session, last } = await readSession(request, source, { ...o, debug: t.debug });
  if (t.debug) tell(t, about("getSession", request) + await said(last));
  return session;
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
  /** `<logoutPath>`: this origin only; end the request's managed sessions, clear the cookie. */
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

/** The API could not say whether the session lives: fail closed, but keep the cookie. */
const busy = () => {
  const r = text(503, "Could not check the session with AuthRocket; try again shortly");
  r.headers.set("retry-after", "10");
  return r;
};

/**
 * Whether a logout comes from this origin. A browser's `Sec-Fetch-Site` decides when sent:
 * `same-origin`, or `none` (typed, bookmarked); `same-site` is a sibling subdomain, another
 * party to a `__Host-` cookie. Without it, an `Origin` must be this one (`null` is not). With
 * neither (a client that is not a browser, an old browser's link), the logout goes ahead.
 */
function sameOrigin(request: Request): boolean {
  const site = request.headers.get("sec-fetch-site");
  if (site !== null) return site === "same-origin" || site === "none";
  const origin = request.headers.get("origin");
  return origin === null || origin === new URL(request.url).origin;
}

/**
 * Every session a request carries, verified: its Bearer token's and its cookies' (one id once).
 * A logout ends them all, whichever of them the app would have read.
 */
async function sessionsOf(request: Request, source: SessionSource, o: GetSessionOptions) {
  const tokens = [
    bearerOf(request),
    ...cookieValues(request, cookieFor(request, o.cookie).name).slice(0, MAX_COOKIES),
  ];
  const found = new Map<string, Session>();
  for (const token of tokens) {
    const { session } = token ? await verify(source, token, o) : { session: null };
    if (session) found.set(session.id ?? token, session);
  }
  return [...found.values()];
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
  installTelling();
  const t = tellingOf(client, options);
  const secret = t.secret;
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
  if (options.revalidate !== undefined && !(isClient(client) && client.config.apiKey)) {
    throw new ConfigError(
      `${caller}: revalidate needs an AuthRocket client with an apiKey (AUTHROCKET_API_KEY) ` +
        "to ask the API about sessions",
    );
  }
  const loginPath = options.loginPath ?? "/login";
  const logoutPath = options.logoutPath ?? "/logout";
  const home = options.defaultRedirect ?? "/";
  const protect = options.protect ?? (() => true);
  const get: GetSessionOptions = {
    cookie,
    now,
    revalidate: options.revalidate,
    cache: options.cache,
    maxStale: options.maxStale,
    onReject: options.onReject,
    debug: t.debug,
  };
  // Logout ends the session whatever the API last said about it: no revalidation there.
  const plain: GetSessionOptions = { cookie, now };
  const clear = (request: Request) => setCookie(request, cookie, "", 0);
  /** With `debug`, one line about the request: what the verification said, what was done. */
  const debug = async (request: Request, did: string, c?: Checked) => {
    if (t.debug) tell(t, about(caller, request) + (c ? `${await said(c)}; ` : "") + did);
  };

  /**
   * A refused `?token=`: told why (once per reason per minute, every time with `debug`), and
   * sent back to LoginRocket, or after {@link MAX_REFUSALS} in a row answered with the page.
   */
  const refuse = async (request: Request, c: Checked, retry: string): Promise<Response> => {
    const n = refusalsOf(request, cookie) + 1;
    const last = n >= MAX_REFUSALS;
    const cookies = [refusalsCookie(request, cookie, Math.min(n, MAX_REFUSALS))];
    const told = t.debug || firstThisMinute(c.reason!, (now ?? Date.now)());
    if (!told && !last) return redirect(retry, cookies);
    const [why, fix] = await refusal(c.reason!, c.token, c.options);
    if (told) {
      tell(
        t,
        `${about(caller, request)}refused (${c.reason}): ${why}; to fix: ${fix}; ${
          last
            ? `answered 401: ${n} refused in a row`
            : `back to LoginRocket (${n} of ${MAX_REFUSALS} before the refusal page)`
        }`,
      );
    }
    if (!last) return redirect(retry, cookies);
    return refusedPage(
      request,
      c.reason!,
      [clean(why, secret), clean(fix, secret)],
      retry,
      cookies,
    );
  };

  const login = async (request: Request): Promise<Response> => {
    const url = new URL(request.url);
    const token = url.searchParams.get("token");
    const redir = sanitizeRedir(url.searchParams.get("redir"));
    const to = redir ?? home;
    const retry = loginrocket(client, "login", redir);
    if (!token) {
      const { session, unchecked, last } = await readSession(request, client, get);
      await debug(
        request,
        session ? `on to ${to}` : unchecked ? "answered 503" : "sent to LoginRocket",
        last,
      );
      return session ? redirect(to) : unchecked ? busy() : redirect(retry);
    }
    const c = await verify(client, token, get);
    if (c.reason === "unchecked") {
      if (t.debug || firstThisMinute(c.reason, (now ?? Date.now)())) {
        tell(t, `${about(caller, request)}${await said(c)}; answered 503`);
      }
      return busy();
    }
    if (!c.session) return refuse(request, c, retry);
    await debug(request, `logged in, on to ${to}`, c);
    const maxAge = sessionCookieAge(c.session.expires_at, (now ?? Date.now)());
    const cookies = [setCookie(request, cookie, token, maxAge)];
    if (refusalsOf(request, cookie)) cookies.push(refusalsCookie(request, cookie, 0));
    return redirect(to, cookies);
  };

  const logout = async (request: Request): Promise<Response> => {
    if (!sameOrigin(request)) {
      await debug(request, "logout from another origin refused (403)");
      return text(403, "Logout from another origin refused");
    }
    let ended = 0;
    if (isClient(client)) {
      for (const { id } of await sessionsOf(request, client, plain)) {
        if (!id?.startsWith("kss_")) continue;
        try {
          if (client.config.apiKey && client.config.url) await client.sessions.delete(id), ended++;
        } catch {
          // Already gone or unreachable: the cookie is cleared all the same.
        }
        // Not before the delete: a check racing it could cache "alive" again.
        await forgetRevalidation(client, id).catch(() => {});
      }
    }
    await debug(request, `logged out: cookie cleared, ${ended} managed session(s) ended`);
    return redirect(home, [clear(request)]);
  };

  const guard = async (request: Request, needed?: boolean): Promise<Outcome> => {
    const { session, clear: stale, unchecked, last } = await readSession(request, client, get);
    const cookies = stale ? [clear(request)] : [];
    const url = new URL(request.url);
    let out: Outcome;
    let did = "passed on";
    if (session) out = { session, cookies };
    else if (!(needed ?? protect(url, request))) {
      out = { session, cookies };
      did = "not protected: passed on";
    } else if (unchecked) {
      out = { response: busy() };
      did = "answered 503";
    } else if (request.method !== "GET" && request.method !== "HEAD") {
      out = { response: text(401, "Unauthorized", cookies) };
      did = "answered 401";
    } else {
      out = {
        response: redirect(loginrocket(client, "login", url.pathname + url.search), cookies),
      };
      did = "sent to LoginRocket";
    }
    await debug(request, did, last);
    return out;
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
