// Hono (from npm) with hosted logins on a route group: `/app/*` needs a session, the rest is
// public, and `/login` and `/logout` are the integration's routes.
//
//   AUTHROCKET_JWT_SECRET=jsk_… AUTHROCKET_LOGIN_URL=https://<app>.e1.loginrocket.com/ \
//     deno run -A examples/hono_app.ts        (or: bun examples/hono_app.ts)
//
// In a Worker: `export default createApp(AuthRocket.fromEnv(env))` built once per env object, or
// `{ client: { jwtSecret, loginUrl } }` settings to ship the verifier without the REST client.
import { Hono } from "hono";
import { AuthRocket } from "../mod.ts";
import { authRocket } from "../hono.ts";

/** The app. */
export function createApp(ar: AuthRocket): Hono {
  const auth = authRocket({ client: ar });
  const app = new Hono();
  app.get("/", (c) => c.text("Public home. Go to /app to log in."));
  app.get("/login", auth.login);
  app.on(["GET", "POST"], "/logout", auth.logout);
  // Routes chained after `use` see `c.get("session")` typed as a Session: no `!`.
  app.use("/app/*", auth)
    .get("/app", async (c) => {
      const user = await c.get("session").user();
      return c.text(`Hello, ${user.name}!`);
    })
    .get("/app/orgs", async (c) => {
      const user = await c.get("session").user();
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
