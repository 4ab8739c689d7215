// A Cloudflare Worker that verifies AuthRocket sessions on every request.
//
//   wrangler secret put AUTHROCKET_JWT_SECRET      # the realm's jsk_… (or its RSA public key)
//   # wrangler.toml [vars]: AUTHROCKET_LOGIN_URL = "https://<app>.e1.loginrocket.com/"
//
// Pages redirect to LoginRocket without a session; `/api/me` answers JSON for a cookie or an
// `Authorization: Bearer` token (401 without); `/login` and `/logout` are the middleware's.
import { withAuthRocket } from "../middleware.ts";

/** The Worker's bindings. */
export interface Env {
  AUTHROCKET_JWT_SECRET: string;
  AUTHROCKET_LOGIN_URL: string;
  [name: string]: unknown;
}

/**
 * One handler per env object, so the verifier's key handle lives as long as the isolate. Only
 * the settings are passed (no `AuthRocket` client): the Worker ships the verifier and the
 * middleware, not the REST client (see the size table in the README).
 */
const handlers = new WeakMap<Env, (req: Request, env: Env, ctx: unknown) => Promise<Response>>();

function handlerFor(env: Env) {
  let h = handlers.get(env);
  if (!h) {
    const settings = { jwtSecret: env.AUTHROCKET_JWT_SECRET, loginUrl: env.AUTHROCKET_LOGIN_URL };
    h = withAuthRocket<[Env, unknown]>(async (req, { session }) => {
      // Only /api/* gets here without a session (`protect` below sends pages to log in).
      if (!session) return Response.json({ error: "unauthorized" }, { status: 401 });
      const user = await session.user();
      if (new URL(req.url).pathname === "/api/me") {
        return Response.json({ id: user.id, username: user.username, name: user.name });
      }
      return new Response(`Hello, ${user.name}!`, {
        headers: { "content-type": "text/plain; charset=utf-8" },
      });
    }, {
      client: settings,
      // The API answers 401 itself; everything else is a page that needs a login.
      protect: (url) => !url.pathname.startsWith("/api/"),
    });
    handlers.set(env, h);
  }
  return h;
}

export default {
  fetch(request: Request, env: Env, ctx: unknown): Promise<Response> {
    return handlerFor(env)(request, env, ctx);
  },
};
