// A Cloudflare Worker that verifies AuthRocket sessions on every request.
//
//   wrangler secret put AUTHROCKET_JWT_SECRET      # the realm's jsk_… (or its RSA public key)
//   # wrangler.toml [vars]: AUTHROCKET_LOGIN_URL = "https://<app>.e1.loginrocket.com/"
//   # Optional, to end logged-out managed sessions within 5 minutes: an API key
//   # (wrangler secret put AUTHROCKET_API_KEY, AUTHROCKET_REALM in [vars]) and a KV namespace
//   # bound as SESSIONS ([[kv_namespaces]] binding = "SESSIONS").
//
// Pages redirect to LoginRocket without a session; `/api/me` answers JSON for a cookie or an
// `Authorization: Bearer` token (401 without); `/login` and `/logout` are the middleware's.
//
// Everything is built inside `fetch`, on every request, as Workers code usually is: the verifier
// keeps its imported keys and verified tokens by the secret itself, and clients and cache
// adapters built over the same settings and binding share their revalidation (one API call per
// session for concurrent requests; nothing kept per request).
import { AuthRocket } from "../mod.ts";
import { kvCache, type KvNamespaceLike } from "../cache.ts";
import {
  type AuthRocketContext,
  type AuthRocketMiddlewareOptions,
  withAuthRocket,
} from "../middleware.ts";

/** The Worker's bindings. */
export interface Env {
  AUTHROCKET_JWT_SECRET: string;
  AUTHROCKET_LOGIN_URL: string;
  /** With `SESSIONS`: revalidate managed sessions through the API (KV keeps the answers). */
  AUTHROCKET_API_KEY?: string;
  SESSIONS?: KvNamespaceLike;
  [name: string]: unknown;
}

/** The app behind the integration. */
async function app(req: Request, { session }: AuthRocketContext<null>): Promise<Response> {
  // Only /api/* gets here without a session (`protect` below sends pages to log in).
  if (!session) return Response.json({ error: "unauthorized" }, { status: 401 });
  const user = await session.user();
  if (new URL(req.url).pathname === "/api/me") {
    return Response.json({ id: user.id, username: user.username, name: user.name });
  }
  return new Response(`Hello, ${user.name}!`, {
    headers: { "content-type": "text/plain; charset=utf-8" },
  });
}

export default {
  fetch(request: Request, env: Env, ctx: unknown): Promise<Response> {
    const options: AuthRocketMiddlewareOptions = {
      // Settings alone verify tokens; a client with an API key can also revalidate.
      client: { jwtSecret: env.AUTHROCKET_JWT_SECRET, loginUrl: env.AUTHROCKET_LOGIN_URL },
      // The API answers 401 itself; everything else is a page that needs a login.
      protect: (url) => !url.pathname.startsWith("/api/"),
    };
    if (env.AUTHROCKET_API_KEY && env.SESSIONS) {
      options.client = AuthRocket.fromEnv(env as Record<string, string>);
      options.revalidate = 300;
      options.cache = kvCache(env.SESSIONS);
    }
    return withAuthRocket<[Env, unknown]>(app, options)(request, env, ctx);
  },
};
