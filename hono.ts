/**
 * Hono, first-class: `authRocket(options)` is Hono middleware with the same rules as
 * `withAuthRocket` (one implementation underneath), and `c.get("session")` is typed through
 * Hono's `Variables`. `hono` is an optional peer dependency: only its types are imported.
 *
 * @example
 * ```ts
 * import { Hono } from "hono";
 * import { AuthRocket } from "@authrocket-edge/sdk";
 * import { authRocket } from "@authrocket-edge/sdk/hono";
 * const ar = new AuthRocket({ jwtSecret: "jsk_…", loginUrl: "https://my-app.e1.loginrocket.com/" });
 * const auth = authRocket({ client: ar });
 * const app = new Hono();
 * app.get("/login", auth.login).on(["GET", "POST"], "/logout", auth.logout);
 * app.use("/app/*", auth).get("/app", async (c) => {
 *   const user = await c.get("session").user(); // a Session: no `!`
 *   return c.text(`Hello, ${user.name}!`);
 * });
 * ```
 * @module
 */
import type { Context, MiddlewareHandler } from "hono";
import type { Session } from "./src/resources/session.ts";
import { type AuthRocketMiddlewareOptions, createLogin } from "./src/login/core.ts";

/**
 * The Hono variables the middleware sets: `c.get("session")` is a `Session` (no `protect`
 * option: a request without one never reaches the route). Hono's own middleware name theirs the
 * same way (`JwtVariables`).
 *
 * @example
 * ```ts
 * import { Hono } from "hono";
 * import type { AuthRocketVariables } from "@authrocket-edge/sdk/hono";
 * const secure = new Hono<{ Variables: AuthRocketVariables }>();
 * secure.get("/", (c) => c.text(c.get("session").user_id));
 * ```
 */
export type AuthRocketVariables = { session: Session };

/**
 * The variables with a `protect` function: requests it lets through may have no session.
 *
 * @example
 * ```ts
 * import { Hono } from "hono";
 * import type { OptionalAuthRocketVariables } from "@authrocket-edge/sdk/hono";
 * const app = new Hono<{ Variables: OptionalAuthRocketVariables }>();
 * app.get("/", (c) => c.text(c.get("session")?.user_id ?? "anonymous"));
 * ```
 */
export type OptionalAuthRocketVariables = { session: Session | null };

/**
 * The Hono environment of {@link AuthRocketVariables}.
 *
 * @deprecated Use `{ Variables: AuthRocketVariables }`: the main entry's `AuthRocketEnv` is the
 * environment variables `AuthRocket.fromEnv` reads, and one name should mean one thing.
 *
 * @example
 * ```ts
 * import { Hono } from "hono";
 * import type { AuthRocketVariables } from "@authrocket-edge/sdk/hono";
 * const secure = new Hono<{ Variables: AuthRocketVariables }>(); // was Hono<AuthRocketEnv>
 * ```
 */
export type AuthRocketEnv = { Variables: AuthRocketVariables };

/**
 * The Hono environment of {@link OptionalAuthRocketVariables}.
 *
 * @deprecated Use `{ Variables: OptionalAuthRocketVariables }` (see {@link AuthRocketEnv}).
 *
 * @example
 * ```ts
 * import { Hono } from "hono";
 * import type { OptionalAuthRocketVariables } from "@authrocket-edge/sdk/hono";
 * const app = new Hono<{ Variables: OptionalAuthRocketVariables }>(); // was OptionalAuthRocketEnv
 * ```
 */
export type OptionalAuthRocketEnv = { Variables: OptionalAuthRocketVariables };

/**
 * What {@link authRocket} returns: the middleware, plus the login and logout routes as handlers
 * (for apps that mount the middleware on a route group only).
 *
 * @example
 * ```ts
 * import { Hono } from "hono";
 * import { authRocket, type AuthRocketMiddleware, type AuthRocketVariables } from "@authrocket-edge/sdk/hono";
 * const auth: AuthRocketMiddleware<{ Variables: AuthRocketVariables }> = authRocket({
 *   client: { jwtSecret: "jsk_…", loginUrl: "https://my-app.e1.loginrocket.com/" },
 * });
 * new Hono().get("/login", auth.login).all("/logout", auth.logout);
 * ```
 */
export type AuthRocketMiddleware<
  E extends { Variables: AuthRocketVariables } | { Variables: OptionalAuthRocketVariables },
> =
  & MiddlewareHandler<E>
  & {
    /** `GET /login?token=…`: verifies the token into the session cookie, then redirects. */
    login: (c: Context) => Promise<Response>;
    /** `/logout` (GET or POST; this origin only): ends its sessions, clears the cookie. */
    logout: (c: Context) => Promise<Response>;
  };

/**
 * Hono middleware for hosted logins: the session from a Bearer token or the cookie into
 * `c.get("session")`; a request without one redirected to LoginRocket (non-GET: 401); the login
 * and logout routes answered when they pass through it (or mount `auth.login` / `auth.logout`).
 * Options (`AuthRocketMiddlewareOptions` from `@authrocket-edge/sdk/middleware`) and rules are
 * `withAuthRocket`'s; a missing `jwtSecret` or `loginUrl` is a
 * `ConfigError` here, when the middleware is built.
 *
 * @example
 * ```ts
 * import { Hono } from "hono";
 * import { authRocket } from "@authrocket-edge/sdk/hono";
 * const settings = { jwtSecret: "jsk_…", loginUrl: "https://my-app.e1.loginrocket.com/" };
 * const app = new Hono()
 *   .use("/app/*", authRocket({ client: settings }))
 *   .get("/app", (c) => c.text(`Hello ${c.get("session").user_id}`));
 * ```
 */
export function authRocket(
  options: AuthRocketMiddlewareOptions & { protect?: undefined },
): AuthRocketMiddleware<{ Variables: AuthRocketVariables }>;
/**
 * With a `protect` function: `c.get("session")` is `Session | null`.
 *
 * @example
 * ```ts
 * import { Hono } from "hono";
 * import { authRocket } from "@authrocket-edge/sdk/hono";
 * const app = new Hono().use(authRocket({
 *   client: { jwtSecret: "jsk_…", loginUrl: "https://my-app.e1.loginrocket.com/" },
 *   protect: (url) => url.pathname.startsWith("/app"),
 * })).get("/", (c) => c.text(c.get("session")?.user_id ?? "anonymous"));
 * ```
 */
export function authRocket(
  options: AuthRocketMiddlewareOptions,
): AuthRocketMiddleware<{ Variables: OptionalAuthRocketVariables }>;
export function authRocket(
  options: AuthRocketMiddlewareOptions,
):
  | AuthRocketMiddleware<{ Variables: AuthRocketVariables }>
  | AuthRocketMiddleware<{ Variables: OptionalAuthRocketVariables }> {
  const core = createLogin(options, "authRocket");
  const middleware: MiddlewareHandler<{ Variables: OptionalAuthRocketVariables }> = async (
    c,
    next,
  ) => {
    const out = await core.handle(c.req.raw);
    if (out.response) return out.response;
    c.set("session", out.session);
    await next();
    for (const cookie of out.cookies) c.header("set-cookie", cookie, { append: true });
  };
  return Object.assign(middleware, {
    login: (c: Context) => core.login(c.req.raw),
    logout: (c: Context) => core.logout(c.req.raw),
  });
}
