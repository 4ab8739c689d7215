/**
 * The session cookie: its name and attributes, reading every same-named value, and the rules a
 * configured name must keep.
 * @module
 */
import { ConfigError } from "../errors.ts";

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

/** The cookie's name and attributes for this request. */
export function cookieFor(request: Request, o: CookieOptions | undefined) {
  const secure = o?.secure ?? (new URL(request.url).protocol === "https:" ||
    /^__(Host|Secure)-/.test(o?.name ?? ""));
  const path = o?.path ?? "/";
  const hostOnly = secure && path === "/" && !o?.domain;
  return { name: o?.name ?? (hostOnly ? "__Host-ar_token" : "ar_token"), secure, path };
}

/** The longest a browser keeps a cookie (RFC 6265bis: 400 days), so the longest we ask for. */
export const MAX_COOKIE_AGE = 400 * 24 * 3600;
/** A session token without `exp`: 14 days. */
const OPEN_ENDED_AGE = 14 * 24 * 3600;

/**
 * The `Max-Age` of a session's cookie: the whole seconds left until its `exp` (`expiresAt`), at
 * most {@link MAX_COOKIE_AGE} (an `exp` too far for a `Date` too), and at least 1: the session
 * verified, perhaps within the leeway past `exp`, and `Max-Age=0` would delete the cookie.
 */
export function sessionCookieAge(expiresAt: Date | null, now: number): number {
  if (!expiresAt) return OPEN_ENDED_AGE;
  const left = Math.floor((expiresAt.getTime() - now) / 1000);
  return Number.isNaN(left) ? MAX_COOKIE_AGE : Math.min(MAX_COOKIE_AGE, Math.max(1, left));
}

/** A `Set-Cookie` value for the session cookie (empty with `Max-Age=0` clears it). */
export function setCookie(
  request: Request,
  o: CookieOptions | undefined,
  value: string,
  maxAge: number,
) {
  const { name, secure, path } = cookieFor(request, o);
  const parts = [
    `${name}=${value}`,
    `Path=${path}`,
    "HttpOnly",
    `SameSite=${o?.sameSite ?? "Lax"}`,
    `Max-Age=${maxAge}`,
  ];
  if (o?.domain) parts.push(`Domain=${o.domain}`);
  if (secure) parts.push("Secure");
  return parts.join("; ");
}

/** Every value of the cookie `name` (a planted duplicate may come first). */
export function cookieValues(request: Request, name: string): string[] {
  const out: string[] = [];
  for (const part of (request.headers.get("cookie") ?? "").split(";")) {
    const i = part.indexOf("=");
    if (i > 0 && part.slice(0, i).trim() === name) out.push(part.slice(i + 1).trim());
  }
  return out;
}

/** A cookie name the browser will store as given, and `__Host-` / `__Secure-` rules kept. */
export function checkCookie(o: CookieOptions | undefined) {
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
