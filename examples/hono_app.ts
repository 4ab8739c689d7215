// Hono (from npm) with hosted logins on a route group: `/app/*` needs a session, the rest is
// public, and `/login` and `/logout` go through the middleware.
//
//   AUTHROCKET_JWT_SECRET=jsk_… AUTHROCKET_LOGIN_URL=https://<app>.e1.loginrocket.com/ \
//     deno run -A examples/hono_app.ts        (or: bun examples/hono_app.ts)
//
// `withAuthRocket` wraps a fetch handler and passes extra arguments through untouched, so it
// runs as Hono middleware: Hono's context and `next` are those extra arguments.
import { Hono } from "hono";
import type { Context, Next } from "hono";
import { AuthRocket } from "../mod.ts";
import type { Session } from "../mod.ts";
import { withAuthRocket } from "../middleware.ts";

type Vars = { Variables: { session: Session | null } };

/** Hono middleware from `withAuthRocket`: the session lands in `c.get("session")`. */
export function authRocket(ar: AuthRocket, protect: (url: URL) => boolean) {
  const guarded = withAuthRocket<[Context<Vars>, Next]>(async (_req, { session }, c, next) => {
    c.set("session", session);
    await next();
    return c.res;
  }, { client: ar, protect });
  return (c: Context<Vars>, next: Next) => guarded(c.req.raw, c, next);
}

/** The app. */
export function createApp(ar: AuthRocket): Hono<Vars> {
  const app = new Hono<Vars>();
  const auth = authRocket(ar, (url) => url.pathname.startsWith("/app"));
  app.use("/login", auth);
  app.use("/logout", auth);
  app.use("/app/*", auth);
  app.get("/", (c) => c.text("Public home. Go to /app to log in."));
  app.get("/app", async (c) => {
    const user = await c.get("session")!.user();
    return c.text(`Hello, ${user.name}!`);
  });
  app.get("/app/orgs", async (c) => {
    const user = await c.get("session")!.user();
    const ms = await user.memberships();
    return c.json(await Promise.all(ms.map(async (m) => (await m.org())?.name ?? null)));
  });
  return app;
}

if (import.meta.main) {
  const g = globalThis as unknown as {
    Deno?: { env: { toObject(): Record<string, string> }; serve(h: unknown): unknown };
    Bun?: { env: Record<string, string | undefined>; serve(o: unknown): unknown };
  };
  const env = g.Deno ? g.Deno.env.toObject() : g.Bun!.env;
  const app = createApp(AuthRocket.fromEnv(env));
  if (g.Deno) g.Deno.serve(app.fetch);
  else g.Bun!.serve({ fetch: app.fetch });
}
