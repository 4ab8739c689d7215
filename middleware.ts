/**
 * The login integration: the Ruby gem's streamlined Rails integration for any fetch handler
 * (Workers, Deno.serve, Bun.serve). For Hono, see `@authrocket-edge/sdk/hono`.
 *
 * @example
 * ```ts
 * import { AuthRocket } from "@authrocket-edge/sdk";
 * import { withAuthRocket } from "@authrocket-edge/sdk/middleware";
 * const ar = new AuthRocket({ jwtSecret: "jsk_…", loginUrl: "https://app.e1.loginrocket.com/" });
 * const worker = {
 *   fetch: withAuthRocket(async (_req, ctx) => {
 *     const user = await ctx.session.user(); // every request that gets here has a session
 *     return new Response(`Hello ${user.name}`);
 *   }, { client: ar }),
 * };
 * ```
 * @module
 */
import type { Session } from "./src/resources/session.ts";
import {
  type AuthRocketMiddlewareOptions,
  createLogin,
  type GetSessionOptions,
  loginrocket,
  sessionOf,
  type SessionSource,
} from "./src/login/core.ts";

export type {
  AuthRocketMiddlewareOptions,
  CookieOptions,
  GetSessionOptions,
  SessionSource,
} from "./src/login/core.ts";
export { sanitizeRedir } from "./src/login/redir.ts";
export { receiveEvent, webhookHandler } from "./src/webhook.ts"; // AuthRocket 1 webhooks
export type { WebhookListener } from "./src/webhook.ts";

/**
 * What the wrapped handler receives as its second argument: `session` is a `Session` when
 * every request needs one (no `protect` option), `Session | null` with a `protect` function.
 *
 * @example
 * ```ts
 * import { withAuthRocket, type AuthRocketContext } from "@authrocket-edge/sdk/middleware";
 * const page = async (_req: Request, ctx: AuthRocketContext<null>) =>
 *   new Response(ctx.session ? `Hello ${(await ctx.session.user()).name}` : "Hello stranger");
 * const handler = withAuthRocket(page, {
 *   client: { jwtSecret: "jsk_…", loginUrl: "https://my-app.e1.loginrocket.com/" },
 *   protect: (url) => url.pathname.startsWith("/app"),
 * });
 * ```
 */
export interface AuthRocketContext<Maybe extends null = never> {
  /** The verified session (`null` only on requests `protect` lets through without one). */
  session: Session | Maybe;
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
 *   { client: { jwtSecret: "jsk_…", loginUrl: "https://my-app.e1.loginrocket.com/" } },
 * );
 * ```
 */
export type FetchHandler<A extends unknown[] = unknown[]> = (
  request: Request,
  ...rest: A
) => Promise<Response>;

/**
 * The verified session of a request (a Bearer token, else the session cookie), or `null`.
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
  return await sessionOf(request, client, options);
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

/** Whether `url` parses (Deno.serve and Bun.serve hand over requests whose Host does not). */
function parses(url: string): boolean {
  try {
    return !!new URL(url);
  } catch {
    return false;
  }
}

/** Append `Set-Cookie` values to a response (copied first if its headers are immutable). */
function withCookies(response: Response, cookies: string[]): Response {
  try {
    for (const c of cookies) response.headers.append("set-cookie", c);
    return response;
  } catch {
    const copy = new Response(response.body, response);
    for (const c of cookies) copy.headers.append("set-cookie", c);
    return copy;
  }
}

/**
 * Wrap a fetch handler with hosted logins: the session from a Bearer token or the cookie;
 * protected requests without one sent to LoginRocket (non-GET ones get 401); `GET /login?token=`
 * verified into a cookie; `/logout` (from this origin only) clearing it and deleting the
 * request's managed sessions through the API when an API key is set. Options are checked here: a missing client,
 * `jwtSecret` or `loginUrl` is a `ConfigError` when the handler is built.
 *
 * Without `protect`, every request reaching `handler` has a session (`ctx.session: Session`).
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
  options: AuthRocketMiddlewareOptions & { protect?: undefined },
): FetchHandler<A>;
/**
 * With a `protect` function: requests it lets through may have no session.
 *
 * @example
 * ```ts
 * import { withAuthRocket } from "@authrocket-edge/sdk/middleware";
 * declare const ar: import("@authrocket-edge/sdk").AuthRocket;
 * const handler = withAuthRocket((_req, { session }) => new Response(session?.user_id ?? "anon"), {
 *   client: ar,
 *   protect: (url) => url.pathname.startsWith("/app"),
 * });
 * ```
 */
export function withAuthRocket<A extends unknown[]>(
  handler: (
    request: Request,
    ctx: AuthRocketContext<null>,
    ...rest: A
  ) => Response | Promise<Response>,
  options: AuthRocketMiddlewareOptions,
): FetchHandler<A>;
export function withAuthRocket<A extends unknown[]>(
  handler: (request: Request, ctx: AuthRocketContext, ...rest: A) => Response | Promise<Response>,
  options: AuthRocketMiddlewareOptions,
): FetchHandler<A> {
  const core = createLogin(options, "withAuthRocket");
  return async (request: Request, ...rest: A): Promise<Response> => {
    let out;
    try {
      out = await core.handle(request);
    } catch (e) {
      // A Host header that makes no URL (`a b`, `127.0.0.1:99999`): Deno and Bun hand such a
      // request over; it is the client's error, answered 400 rather than the server's 500.
      if (parses(request.url)) throw e;
      return new Response("Bad Request: the Host header and target make no URL", { status: 400 });
    }
    if (out.response) return out.response;
    // `null` only reaches handlers typed for it: the overload with a `protect` function.
    const ctx = { session: out.session as Session };
    return withCookies(await handler(request, ctx, ...rest), out.cookies);
  };
}
