// A Deno web app with hosted logins: `Deno.serve` + `withAuthRocket`.
//
//   AUTHROCKET_JWT_SECRET=jsk_… AUTHROCKET_LOGIN_URL=https://<app>.e1.loginrocket.com/ \
//     deno run --allow-net --allow-env examples/deno_server.ts
//
// Settings come from Deno's env (AUTHROCKET_*; with AUTHROCKET_URL and AUTHROCKET_API_KEY the
// logout also ends the managed session), HOST and PORT (default 127.0.0.1:8000). Every page
// but /public needs a login; /login and /logout are handled by the middleware.
import { AuthRocket } from "../mod.ts";
import { withAuthRocket } from "../middleware.ts";

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The app: a fetch handler, so that tests can call it without a server. */
export function createApp(ar: AuthRocket): (req: Request) => Promise<Response> {
  return withAuthRocket(async (req, { session }) => {
    const url = new URL(req.url);
    // `protect` lets only /public through without a session.
    if (url.pathname === "/public" || !session) {
      return page("Public", "<p>No login needed here.</p>");
    }
    const user = await session.user();
    const orgs = (await user.memberships()).length;
    return page(
      "Home",
      `<p id="greeting">Hello, ${escape(user.name ?? user.username)}!</p>
<p>Signed in as <code>${escape(user.username)}</code> (${orgs} membership(s)).</p>
<p><a id="logout" href="/logout">Log out</a></p>`,
    );
  }, { client: ar, protect: (url) => url.pathname !== "/public" });
}

function page(title: string, body: string): Response {
  return new Response(
    `<!doctype html><html><head><meta charset="utf-8"><title>${title}</title></head>` +
      `<body><h1>${title}</h1>${body}</body></html>`,
    { headers: { "content-type": "text/html; charset=utf-8" } },
  );
}

if (import.meta.main) {
  const env = Deno.env.toObject();
  const ar = AuthRocket.fromEnv(env);
  Deno.serve({
    hostname: env.HOST ?? "127.0.0.1",
    port: Number(env.PORT ?? 8000),
    onListen: ({ hostname, port }) => console.log(`listening on http://${hostname}:${port}/`),
  }, createApp(ar));
}
