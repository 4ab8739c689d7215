// An app that draws its own login form instead of sending users to LoginRocket's hosted page: a
// Worker (or any fetch handler: Deno.serve, Bun.serve, Hono). The form posts to the app, which logs
// in through LoginRocket's API (authrocket-edge/loginrocket; no API key), asks for the 2FA code
// when the user has one, then hands the token to the login handler as a hosted login would
// (withAuthRocket's /login sets the cookie). Signing out ends the managed session the same way.
// With BROWSER_CLIENT (the URL of the loginrocket module built for browsers), the page logs in
// from the browser instead, straight to LoginRocket (CORS): the password never reaches the app.
//
//   # the connected app's login_handler is https://<this app>/login
//   # a Worker: bindings AUTHROCKET_JWT_SECRET (secret) and AUTHROCKET_LOGIN_URL; wrangler deploy
//   # Deno: Deno.serve(createApp(Deno.env.toObject() as Env))
import { withAuthRocket } from "../middleware.ts";
import { AuthenticationFailed, LoginRocket, RateLimited } from "../loginrocket.ts";

/** The settings (a Worker's bindings, or an env record). */
export interface Env {
  AUTHROCKET_JWT_SECRET: string;
  AUTHROCKET_LOGIN_URL: string;
  /** Where the page imports the browser build of authrocket-edge/loginrocket from (optional). */
  BROWSER_CLIENT?: string;
}

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The app: a fetch handler. `fetch` reaches LoginRocket (tests give the emulator's). */
export function createApp(env: Env, fetch?: typeof globalThis.fetch) {
  const lr = new LoginRocket({ url: env.AUTHROCKET_LOGIN_URL, fetch });
  const settings = { jwtSecret: env.AUTHROCKET_JWT_SECRET, loginUrl: env.AUTHROCKET_LOGIN_URL };
  return withAuthRocket(async (req, { session }) => {
    const url = new URL(req.url);
    if (url.pathname === "/signin") return await signIn(req, lr, env);
    if (url.pathname === "/signout" && req.method === "POST") {
      if (session) await lr.logout(session.token); // the managed session ends at AuthRocket
      return new Response(null, { status: 302, headers: { location: "/logout" } });
    }
    if (!session) {
      const redir = encodeURIComponent(url.pathname + url.search);
      return new Response(null, { status: 302, headers: { location: `/signin?redir=${redir}` } });
    }
    const user = await session.user();
    return page(
      "Home",
      `<p id="greeting">Hello, ${esc(user.name ?? user.username)}!</p>
<form method="post" action="/signout"><button id="signout">Sign out</button></form>`,
    );
  }, { client: settings, protect: () => false });
}

/** GET: the form. POST: the password step or the code step, through LoginRocket. */
async function signIn(req: Request, lr: LoginRocket, env: Env): Promise<Response> {
  const query = new URL(req.url).searchParams;
  if (req.method !== "POST") return form(env, { redir: query.get("redir") ?? "/" });
  const f = Object.fromEntries(new URLSearchParams(await req.text())) as Record<string, string>;
  const redir = f.redir || "/";
  try {
    const r = f.token
      ? await lr.login({ token: f.token, code: f.code ?? "", redir })
      : await lr.login({ username: f.username ?? "", password: f.password ?? "", redir });
    if (r.status === "code_required") return form(env, { redir, token: r.token });
    // The login handler's URL with the token: withAuthRocket's /login takes it from there.
    return new Response(null, { status: 302, headers: { location: r.url } });
  } catch (e) {
    if (e instanceof RateLimited) {
      return form(env, { redir, error: "Too many attempts; try again later." }, 429);
    }
    if (!(e instanceof AuthenticationFailed)) throw e;
    // A dead 2FA token (too many wrong codes) starts over at the password.
    const token = f.token && !e.fieldErrors.token ? f.token : undefined;
    return form(env, { redir, token, error: e.errors.join(". ") });
  }
}

/** The form: the password step, or (with `token`) the code step. */
function form(
  env: Env,
  o: { redir: string; token?: string; error?: string },
  status = 200,
): Response {
  const step = (name: string, shown: boolean, fields: string) =>
    `<div id="${name}"${shown ? "" : " hidden"}>${fields}</div>`;
  const script = env.BROWSER_CLIENT ? browserScript(env) : "";
  return page(
    "Sign in",
    `<p role="alert">${esc(o.error ?? "")}</p>
<form method="post" action="/signin">
<input type="hidden" name="redir" value="${esc(o.redir)}">
<input type="hidden" name="token" value="${esc(o.token ?? "")}">
${
      step(
        "password-step",
        !o.token,
        `<label>Username <input name="username" autocomplete="username"></label>
<label>Password <input name="password" type="password" autocomplete="current-password"></label>`,
      )
    }
${
      step(
        "code-step",
        !!o.token,
        `<label>Code <input name="code" inputmode="numeric" autocomplete="one-time-code"></label>`,
      )
    }
<button type="submit">Sign in</button>
</form>${script}`,
    status,
  );
}

/** The same two steps in the browser, with the browser build of the client. */
function browserScript(env: Env): string {
  const json = (v: unknown) => JSON.stringify(v).replace(/</g, "\\u003c");
  return `<script type="module">
import { LoginRocket } from ${json(env.BROWSER_CLIENT)};
const lr = new LoginRocket({ url: ${json(env.AUTHROCKET_LOGIN_URL)} });
const form = document.querySelector("form");
const alert = document.querySelector("[role=alert]");
/** Show the code step with its token, or the password step again. */
const step = (token) => {
  form.token.value = token;
  document.getElementById("password-step").hidden = !!token;
  document.getElementById("code-step").hidden = !token;
};
form.addEventListener("submit", async (event) => {
  event.preventDefault();
  const f = Object.fromEntries(new FormData(form));
  try {
    const r = await lr.login(f.token
      ? { token: f.token, code: f.code, redir: f.redir }
      : { username: f.username, password: f.password, redir: f.redir });
    if (r.status === "logged_in") return location.assign(r.url);
    step(r.token);
    alert.textContent = "";
  } catch (e) {
    alert.textContent = (e.errors ?? [e.message]).join(". ");
    if (e.fieldErrors?.token) step(""); // a dead 2FA token: start over
  }
});
</script>`;
}

function page(title: string, body: string, status = 200): Response {
  return new Response(
    `<!doctype html><html><head><meta charset="utf-8"><title>${title}</title></head>` +
      `<body><h1>${title}</h1>${body}</body></html>`,
    { status, headers: { "content-type": "text/html; charset=utf-8" } },
  );
}

/** One app per env object (a Worker's `env` lives as long as its isolate). */
const apps = new WeakMap<Env, ReturnType<typeof createApp>>();

export default {
  fetch(request: Request, env: Env): Promise<Response> {
    let app = apps.get(env);
    if (!app) apps.set(env, app = createApp(env));
    return app(request);
  },
};
