/**
 * The login route's loop guard. LoginRocket keeps its own session: a login token this app
 * refuses (a wrong `jwtSecret`, a clock that is off) sent back to LoginRocket comes straight
 * back, new, and is refused again, until the browser gives up ("too many redirects"). A counter
 * cookie counts the refusals; the third within five minutes is answered with a page (JSON for
 * a non-HTML `Accept`) that names the reason and what to check, instead of another redirect.
 *
 * The counter holds a number from 1 to 3 and nothing else, lives five minutes, is host-only
 * (`__Host-` on https, like the session cookie), and is cleared by the next successful login.
 * It only ever changes what a refused token gets: a valid token always logs in, so a counter
 * planted or run up by another site locks no one out.
 * @module
 */
import { cookieFor, type CookieOptions, cookieValues, setCookie } from "./cookie.ts";

/** Refused tokens from one browser after which the page replaces the redirect. */
export const MAX_REFUSALS = 3;
/** How long the counter lives after the last refusal, in seconds. */
export const REFUSALS_AGE = 300;

/**
 * The counter's cookie: the session cookie's name with `_refused`, its path and `Secure`, no
 * `Domain`, and `SameSite=Lax` whatever the session cookie's (it must come back on the redirect
 * from LoginRocket, a cross-site navigation).
 */
const counter = (request: Request, o: CookieOptions | undefined): CookieOptions => ({
  ...o,
  name: `${cookieFor(request, o).name}_refused`,
  domain: undefined,
  sameSite: "Lax",
});

/** How many refusals the request's counter holds: 0 to {@link MAX_REFUSALS}. */
export function refusalsOf(request: Request, o: CookieOptions | undefined): number {
  const v = cookieValues(request, counter(request, o).name!)[0] ?? "";
  return /^[1-9]$/.test(v) ? Math.min(+v, MAX_REFUSALS) : 0;
}

/** The `Set-Cookie` of the counter at `n` (0 clears it). */
export const refusalsCookie = (request: Request, o: CookieOptions | undefined, n: number) =>
  setCookie(request, counter(request, o), n ? `${n}` : "", n ? REFUSALS_AGE : 0);

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * The page of a login refused {@link MAX_REFUSALS} times: 401, the reason, why and what to check
 * (`why` and `fix` already redacted), and a link to try again.
 */
export function refusedPage(
  request: Request,
  reason: string,
  [why, fix]: string[],
  retry: string,
  cookies: string[],
): Response {
  const html = /\btext\/html\b/i.test(request.headers.get("accept") ?? "");
  const headers = new Headers({
    "content-type": html ? "text/html; charset=utf-8" : "application/json",
    "cache-control": "no-store",
  });
  for (const c of cookies) headers.append("set-cookie", c);
  const body = html
    ? `<!doctype html><meta charset=utf-8><title>Login refused</title><h1>Login refused</h1><p>This site refused the login ${MAX_REFUSALS} times in a row (${reason}): ${
      escape(why)
    }.<p>What to check: ${escape(fix)}.<p><a href="${escape(retry)}">Log in again</a>`
    : JSON.stringify({ error: "login_refused", reason, message: why, fix });
  return new Response(body, { status: 401, headers });
}
