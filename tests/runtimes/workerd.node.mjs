// workerd (Cloudflare's runtime) through miniflare: the Worker example, bundled with esbuild as
// a user's tooling would, verifies sessions; and the three entry points (`.`, `./middleware`,
// `./testing`) load and run a smoke test inside workerd. Run by `node --test` after the build.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { Miniflare } from "miniflare";
import { bundle } from "../../scripts/bundle.mjs";
import { checkSmoke, smokeModule } from "./smoke.mjs";
import { createEmulator } from "../../npm/esm/testing.js";
import { SALLY } from "../../npm/esm/tests/helpers.js";

const COMPAT = { modules: true, compatibilityDate: "2025-01-01" };

describe("workerd: examples/cloudflare_worker.ts", () => {
  let mf, token, userId;
  before(async () => {
    const emu = createEmulator({ passwordIterations: 1000 });
    const base = emu.client();
    const realm = await base.realms.createOrThrow({ name: "workerd" });
    const ar = base.withRealm(realm.id);
    userId = (await ar.users.createOrThrow(SALLY)).id;
    token = (await ar.users.authenticate("sally", "correct horse")).token;
    const script = await bundle(`export { default } from "./examples/cloudflare_worker.ts";`);
    mf = new Miniflare({
      ...COMPAT,
      script,
      bindings: {
        AUTHROCKET_JWT_SECRET: realm.jwt_key,
        AUTHROCKET_LOGIN_URL: "https://example.e1.loginrocket.com/",
      },
    });
  });
  after(() => mf?.dispose());

  it("answers /api/me from a verified Bearer token, 401 for none or a forged one", async () => {
    const me = await mf.dispatchFetch("https://app.example/api/me", {
      headers: { authorization: `Bearer ${token}` },
    });
    assert.equal(me.status, 200);
    assert.deepEqual(await me.json(), { id: userId, username: "sally", name: "Sally Sue" });
    assert.equal((await mf.dispatchFetch("https://app.example/api/me")).status, 401);
    const forged = await mf.dispatchFetch("https://app.example/api/me", {
      headers: { authorization: `Bearer ${token.slice(0, -3)}abc` },
    });
    assert.equal(forged.status, 401);
  });

  it("pages: no session → LoginRocket; /login?token= → Secure HttpOnly cookie → the page", async () => {
    const page = await mf.dispatchFetch("https://app.example/inbox", { redirect: "manual" });
    assert.equal(page.status, 302);
    assert.equal(
      page.headers.get("location"),
      "https://example.e1.loginrocket.com/login?redir=%2Finbox",
    );
    const login = await mf.dispatchFetch(
      `https://app.example/login?token=${token}&redir=%2Finbox`,
      { redirect: "manual" },
    );
    assert.equal(login.status, 302);
    assert.equal(login.headers.get("location"), "/inbox");
    const cookie = login.headers.get("set-cookie");
    assert.match(
      cookie,
      /^__Host-ar_token=[^;]+; Path=\/; HttpOnly; SameSite=Lax; Max-Age=\d+; Secure$/,
    );
    const inbox = await mf.dispatchFetch("https://app.example/inbox", {
      headers: { cookie: cookie.split(";")[0] },
    });
    assert.equal(await inbox.text(), "Hello, Sally Sue!");
  });
});

describe("workerd: examples/cloudflare_worker.ts with an API key and a KV namespace", () => {
  it("built per request, it revalidates through KV: 50 concurrent requests, 1 API call; a deleted session is refused", async () => {
    const emu = createEmulator({ passwordIterations: 1000 });
    const base = emu.client();
    const realm = await base.realms.createOrThrow({ name: "workerd-revalidate" });
    const ar = base.withRealm(realm.id);
    await ar.users.createOrThrow(SALLY);
    const { token } = await ar.users.authenticate("sally", "correct horse");
    const { token: ended } = await ar.users.authenticate("sally", "correct horse");
    const endedId = (await ar.sessions.fromToken(ended, { jwtSecret: realm.jwt_key })).id;
    await ar.sessions.delete(endedId); // logged out elsewhere
    const seen = [];
    const script = await bundle(`export { default } from "./examples/cloudflare_worker.ts";`);
    const mf = new Miniflare({
      ...COMPAT,
      script,
      kvNamespaces: ["SESSIONS"],
      bindings: {
        AUTHROCKET_JWT_SECRET: realm.jwt_key,
        AUTHROCKET_LOGIN_URL: "https://example.e1.loginrocket.com/",
        AUTHROCKET_URL: `${emu.origin}/v1`,
        AUTHROCKET_API_KEY: emu.apiKey,
        AUTHROCKET_REALM: realm.id,
      },
      // The Worker's outbound fetches (the client's API calls) reach the emulator.
      outboundService: (request) => (seen.push(new URL(request.url).pathname), emu.handle(request)),
    });
    try {
      const me = () =>
        mf.dispatchFetch("https://app.example/api/me", {
          headers: { authorization: `Bearer ${token}` },
        });
      const statuses = await Promise.all(
        Array.from({ length: 50 }, () => me().then((r) => r.status)),
      );
      assert.deepEqual([...new Set(statuses)], [200]);
      assert.equal(seen.length, 1, `API calls: ${seen.join(", ")}`);
      assert.match(seen[0], /^\/v1\/sessions\/kss_/);
      const refused = await mf.dispatchFetch("https://app.example/api/me", {
        headers: { authorization: `Bearer ${ended}` },
      });
      assert.equal(refused.status, 401, "a session deleted through the API is refused");
      assert.equal(seen.length, 2);
    } finally {
      await mf.dispose();
    }
  });
});

describe("workerd: examples/hono_app.ts (authrocket-edge/hono)", () => {
  it("a whole hosted login inside workerd: /app/orgs → emulator login form → cookie → orgs → logout", async () => {
    const script = await bundle(`
      import { createApp } from "./examples/hono_app.ts";
      import { APP, browser, world } from "./tests/browser.ts";
      export default {
        async fetch() {
          const { emu, ar } = await world();
          const app = createApp(ar);
          const b = browser({ [APP]: async (r) => await app.fetch(r), [emu.origin]: (r) => emu.handle(r) });
          const first = await b.go(APP + "/app/orgs");
          const done = await b.go(new URL("login", first.url).href,
            { username: "sally", password: "correct horse", redir: "/app/orgs" });
          const cookie = b.jar.get(APP).get("ar_token");
          const session = await ar.sessions.fromToken(cookie);
          await b.go(APP + "/logout");
          return Response.json({
            loginPage: new URL(first.url).origin === emu.origin,
            url: done.url, orgs: JSON.parse(done.text), hello: (await b.go(APP + "/app")).url,
            cleared: !b.jar.get(APP).has("ar_token"),
            ended: (await ar.sessions.retrieve(session.id)) === null,
          });
        },
      };`);
    const mf = new Miniflare({ ...COMPAT, script });
    try {
      const r = await (await mf.dispatchFetch("https://hono.example/")).json();
      assert.deepEqual(r, {
        loginPage: true,
        url: "http://app.test/app/orgs",
        orgs: ["Acme"],
        hello: r.hello,
        cleared: true,
        ended: true,
      });
      assert.match(r.hello, /\/lr\/login\?redir=%2Fapp$/, "logged out: sent to log in again");
    } finally {
      await mf.dispose();
    }
  });
});

describe("workerd: the three entry points", () => {
  it("mod, middleware and testing load and work inside workerd (emulator, client, verify, middleware)", async () => {
    const script = await bundle(`
      ${smokeModule({ mod: "./mod.ts", middleware: "./middleware.ts", testing: "./testing.ts" })}
      export default {
        async fetch() {
          const base = createEmulator({ passwordIterations: 1000 }).client();
          return Response.json({ ...(await smoke(base)), ua: navigator.userAgent });
        },
      };`);
    const mf = new Miniflare({ ...COMPAT, script });
    try {
      const r = await (await mf.dispatchFetch("https://smoke.example/")).json();
      checkSmoke(r);
      assert.equal(r.ua, "Cloudflare-Workers");
    } finally {
      await mf.dispose();
    }
  });
});
