// The examples, run as their users would: each app's whole hosted-login round trip against the
// emulator (a tiny cookie-keeping "browser" follows the redirects between the app and the
// emulator's login page), the Worker's API with Bearer tokens, the Bun script's listing.
// (The Deno server also runs under Chromium, and the Worker in workerd: tests/runtimes/.)
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { createApp as denoApp } from "../examples/deno_server.ts";
import { createApp as honoApp } from "../examples/hono_app.ts";
import worker from "../examples/cloudflare_worker.ts";
import { listUsers } from "../examples/bun_script.ts";
import { APP, browser, world } from "./browser.ts";

describe("examples/deno_server.ts: the hosted-login round trip", () => {
  it("protected page → login page → back with a cookie → greeting → logout ends the session", async () => {
    const { emu, ar } = await world();
    const b = browser({ [APP]: denoApp(ar), [emu.origin]: (r) => emu.handle(r) });
    const first = await b.go(`${APP}/?tab=1`);
    assert.equal(new URL(first.url).origin, emu.origin, "sent to the emulator's login page");
    assert.equal(new URL(first.url).searchParams.get("redir"), "/?tab=1");
    assert.match(first.text, /<form method="post" action="login">/);
    const bad = await b.go(new URL("login", first.url).href, {
      username: "sally",
      password: "nope",
      redir: "/?tab=1",
    });
    assert.match(bad.text, /Invalid username or password/);
    const done = await b.go(new URL("login", first.url).href, {
      username: "sally",
      password: "correct horse",
      redir: "/?tab=1",
    });
    assert.equal(done.url, `${APP}/?tab=1`, "back where the user started; the token left the URL");
    assert.ok(done.hops.some((h) => h.startsWith(`${APP}/login?token=`)));
    assert.match(done.text, /Hello, Sally Sue!/);
    assert.match(done.text, /1 membership/);
    const token = b.jar.get(APP)!.get("ar_token")!;
    assert.ok(token);
    assert.match((await b.go(`${APP}/`)).text, /Hello, Sally Sue!/, "the cookie keeps them in");
    const session = (await ar.sessions.fromToken(token))!;
    assert.ok(await ar.sessions.retrieve(session.id));
    const out = await b.go(`${APP}/logout`);
    assert.equal(b.jar.get(APP)!.has("ar_token"), false, "cookie cleared");
    assert.equal(new URL(out.url).origin, emu.origin, "and sent to log in again");
    assert.equal(await ar.sessions.retrieve(session.id), null, "the managed session ended");
    assert.equal((await b.go(`${APP}/public`)).res.status, 200);
  });
});

describe("examples/hono_app.ts: the middleware on a route group", () => {
  it("/ is public; /app/* goes through login and then sees the session", async () => {
    const { emu, ar } = await world();
    const app = honoApp(ar);
    const b = browser({
      [APP]: (r) => Promise.resolve(app.fetch(r)),
      [emu.origin]: (r) => emu.handle(r),
    });
    assert.match((await b.go(`${APP}/`)).text, /Public home/);
    const login = await b.go(`${APP}/app/orgs`);
    assert.equal(new URL(login.url).searchParams.get("redir"), "/app/orgs");
    const done = await b.go(new URL("login", login.url).href, {
      username: "sally",
      password: "correct horse",
      redir: "/app/orgs",
    });
    assert.equal(done.url, `${APP}/app/orgs`);
    assert.deepEqual(JSON.parse(done.text), ["Acme"], "orgs from the token's claims");
    assert.equal((await b.go(`${APP}/app`)).text, "Hello, Sally Sue!");
    const post = await app.fetch(new Request(`${APP}/app`, { method: "POST" }));
    assert.equal(post.status, 401, "non-GET without a session: 401, not a redirect");
  });
});

describe("examples/cloudflare_worker.ts: called as workerd calls it", () => {
  it("/api/me with a Bearer token → JSON; without → 401; pages without a session → login", async () => {
    const { emu, ar, realm } = await world();
    const env = { AUTHROCKET_JWT_SECRET: realm.jwt_key, AUTHROCKET_LOGIN_URL: `${emu.origin}/lr/` };
    const { token } = await ar.users.authenticate("sally", "correct horse");
    const ctx = { waitUntil() {} };
    const me = await worker.fetch(
      new Request(`${APP}/api/me`, { headers: { authorization: `Bearer ${token}` } }),
      env,
      ctx,
    );
    assert.equal(me.status, 200);
    assert.deepEqual(await me.json(), {
      id: (await ar.users.find("sally")).id,
      username: "sally",
      name: "Sally Sue",
    });
    const anon = await worker.fetch(new Request(`${APP}/api/me`), env, ctx);
    assert.equal(anon.status, 401);
    const forged = await worker.fetch(
      new Request(`${APP}/api/me`, { headers: { authorization: `Bearer ${token}x` } }),
      env,
      ctx,
    );
    assert.equal(forged.status, 401);
    const page = await worker.fetch(new Request(`${APP}/dashboard`), env, ctx);
    assert.equal(page.status, 302);
    assert.equal(page.headers.get("location"), `${emu.origin}/lr/login?redir=%2Fdashboard`);
  });
});

describe("examples/bun_script.ts: listing users through the client", () => {
  it("prints every user of the realm over several pages, then the count", async () => {
    const { ar } = await world();
    for (let i = 0; i < 120; i++) {
      await ar.users.createOrThrow({ user_type: "api", username: `bot${i}` });
    }
    const lines: string[] = [];
    assert.equal(await listUsers(ar, (l) => lines.push(l)), 121);
    assert.equal(lines.length, 122);
    assert.match(lines[0], /^usr_\S+\thuman\tsally\tSally Sue$/);
    assert.equal(lines.at(-1), "121 user(s)");
  });
});
