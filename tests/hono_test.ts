// The Hono middleware (`authrocket-edge/hono`): a whole hosted login against the emulator, the
// same protect / cookie / logout rules as withAuthRocket, and `c.get("session")` typed through
// Hono's Variables. Runs in Deno and Bun on the source, Node and Bun on the build; workerd runs
// the same login in tests/runtimes/workerd.node.mjs.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { Hono } from "hono";
import { AuthRocket, ConfigError } from "../mod.ts";
import type { Session } from "../mod.ts";
import { authRocket } from "../hono.ts";
import { claims, hs256, NOW, SECRET } from "./tokens.ts";
import { json, recorder } from "./helpers.ts";
import { APP, browser, world } from "./browser.ts";

const LR = "https://app.e1.loginrocket.com/";
const clock = () => NOW;
const C = "__Host-ar_token";

function app(extra: Record<string, unknown> = {}) {
  const api = recorder([], json(200, {}));
  const ar = new AuthRocket({
    jwtSecret: SECRET,
    loginUrl: LR,
    url: "https://api/v1",
    apiKey: "ko_k",
    fetch: api.fetch,
  });
  const auth = authRocket({ client: ar, now: clock, ...extra });
  const hono = new Hono();
  hono.get("/login", auth.login);
  hono.on(["GET", "POST"], "/logout", auth.logout);
  hono.get("/", (c) => c.text("public"));
  hono.use("/app/*", auth)
    .get("/app", async (c) => c.text((await c.get("session").user()).name ?? ""))
    .post("/app", (c) => c.text(`posted as ${c.get("session").user_id}`));
  return { hono, api };
}

const req = (path: string, headers: Record<string, string> = {}, method = "GET") =>
  new Request(`https://my.app${path}`, { method, headers });

describe("authRocket (Hono): a whole hosted login against the emulator", () => {
  it("/app → LoginRocket → form → /login?token= → cookie → /app → logout ends the session", async () => {
    const { emu, ar } = await world();
    const auth = authRocket({ client: ar });
    const hono = new Hono();
    hono.get("/login", auth.login);
    hono.get("/logout", auth.logout);
    hono.use("/app/*", auth).get("/app/orgs", async (c) => {
      const ms = await (await c.get("session").user()).memberships();
      return c.json(await Promise.all(ms.map(async (m) => (await m.org())?.name)));
    });
    const b = browser({
      [APP]: async (r) => await hono.fetch(r),
      [emu.origin]: (r) => emu.handle(r),
    });
    const first = await b.go(`${APP}/app/orgs`);
    assert.equal(new URL(first.url).origin, emu.origin);
    assert.equal(new URL(first.url).searchParams.get("redir"), "/app/orgs");
    const done = await b.go(new URL("login", first.url).href, {
      username: "sally",
      password: "correct horse",
      redir: "/app/orgs",
    });
    assert.equal(done.url, `${APP}/app/orgs`);
    assert.deepEqual(JSON.parse(done.text), ["Acme"]);
    const token = b.jar.get(APP)!.get("ar_token")!;
    const session = (await ar.sessions.fromToken(token))!;
    assert.ok(await ar.sessions.retrieve(session.id));
    const out = await b.go(`${APP}/logout`);
    assert.equal(b.jar.get(APP)!.has("ar_token"), false, "cookie cleared");
    assert.equal(new URL(out.url).origin, APP);
    assert.equal(await ar.sessions.retrieve(session.id), null, "the managed session ended");
    assert.equal(new URL((await b.go(`${APP}/app/orgs`)).url).origin, emu.origin);
  });
});

describe("authRocket (Hono): withAuthRocket's rules", () => {
  it("no session: GET → LoginRocket with redir, POST → 401; public routes untouched", async () => {
    const { hono } = app();
    const r = await hono.fetch(req("/app?x=1"));
    assert.equal(r.status, 302);
    assert.equal(r.headers.get("location"), `${LR}login?redir=%2Fapp%3Fx%3D1`);
    assert.equal((await hono.fetch(req("/app", {}, "POST"))).status, 401);
    assert.equal(await (await hono.fetch(req("/"))).text(), "public");
  });

  it("login sets the __Host- cookie; the cookie or a Bearer token reaches c.get('session')", async () => {
    const { hono } = app();
    const token = await hs256(claims());
    const login = await hono.fetch(req(`/login?token=${token}&redir=/app`));
    assert.equal(login.headers.get("location"), "/app");
    assert.match(login.headers.get("set-cookie")!, /^__Host-ar_token=.*; Max-Age=3600; Secure$/);
    const page = await hono.fetch(req("/app", { cookie: `${C}=${token}` }));
    assert.equal(await page.text(), "Sally Sue");
    const post = await hono.fetch(req("/app", { authorization: `Bearer ${token}` }, "POST"));
    assert.equal(await post.text(), "posted as usr_0v1zUpWdE4IiFc2w5ynShf");
  });

  it("a forged cookie is cleared on the way to LoginRocket", async () => {
    const { hono } = app();
    const forged = await hs256(claims(), "jsk_forged_secret_0123456789abcdef");
    const r = await hono.fetch(req("/app", { cookie: `${C}=${forged}` }));
    assert.equal(r.status, 302);
    assert.match(r.headers.get("set-cookie")!, /^__Host-ar_token=; .*Max-Age=0/);
  });

  it("with protect, a stale cookie on a public route is cleared on the route's own response", async () => {
    const forged = await hs256(claims(), "jsk_forged_secret_0123456789abcdef");
    const auth = authRocket({
      client: { jwtSecret: SECRET, loginUrl: LR },
      now: clock,
      protect: (u) => u.pathname.startsWith("/app"),
    });
    const hono = new Hono().use(auth).get("/", (c) => {
      const s: Session | null = c.get("session");
      return c.text(s ? "in" : "anonymous", 200, { "x-route": "1" });
    });
    const r = await hono.fetch(req("/", { cookie: `${C}=${forged}` }));
    assert.equal(await r.text(), "anonymous");
    assert.equal(r.headers.get("x-route"), "1");
    assert.match(r.headers.get("set-cookie")!, /^__Host-ar_token=; .*Max-Age=0/);
  });

  it("logout: refused cross-site (403, nothing ended); same-origin ends the managed session", async () => {
    const { hono, api } = app();
    const cookie = `${C}=${await hs256(claims())}`;
    const cross = await hono.fetch(req("/logout", { cookie, "sec-fetch-site": "cross-site" }));
    assert.equal(cross.status, 403);
    assert.equal(cross.headers.get("set-cookie"), null);
    assert.equal(api.seen.length, 0);
    const form = await hono.fetch(
      req("/logout", { cookie, origin: "https://my.app", "sec-fetch-site": "same-origin" }, "POST"),
    );
    assert.equal(form.status, 302);
    assert.match(form.headers.get("set-cookie")!, /^__Host-ar_token=; .*Max-Age=0/);
    assert.equal(api.last().method, "DELETE");
    assert.equal(api.last().path, "sessions/kss_0v1zUpWdE4IiFc2w5ynSbb");
  });

  it("the middleware answers /login and /logout itself when they pass through it", async () => {
    const hono = new Hono().use(authRocket({ client: { jwtSecret: SECRET, loginUrl: LR } }));
    const r = await hono.fetch(req("/login"));
    assert.equal(r.headers.get("location"), `${LR}login`);
    const out = await hono.fetch(req("/logout"));
    assert.equal(out.status, 302);
    assert.match(out.headers.get("set-cookie")!, /Max-Age=0/);
  });

  it("a missing loginUrl or jwtSecret is a ConfigError when the middleware is built", () => {
    assert.throws(() => authRocket({ client: { jwtSecret: SECRET } }), ConfigError);
    assert.throws(() => authRocket({ client: new AuthRocket({ loginUrl: LR }) }), ConfigError);
    assert.throws(() => authRocket(undefined as never), /^ConfigError: .*authRocket.*client/s);
  });

  it("types: Session after the middleware, Session | null with protect", async () => {
    const settings = { jwtSecret: SECRET, loginUrl: LR };
    const typed = new Hono().use(authRocket({ client: settings, now: clock }))
      .get("/", (c) => c.text(c.get("session").user_id));
    const bearer = { authorization: `Bearer ${await hs256(claims())}` };
    assert.equal(await (await typed.fetch(req("/", bearer))).text(), "usr_0v1zUpWdE4IiFc2w5ynShf");
    const optional = new Hono().use(authRocket({ client: settings, protect: () => false }))
      // @ts-expect-error: with protect, the session may be null (deno check / tsc enforce it)
      .get("/", (c) => c.text(c.get("session").user_id));
    assert.equal((await optional.fetch(req("/"))).status, 500, "null there, as the type says");
  });
});
