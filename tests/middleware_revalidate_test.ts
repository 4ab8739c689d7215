// Revalidation through the login integration, against the emulator, on one injected
// clock shared by the emulator (which mints the tokens) and the app (which checks them): a
// session deleted through the API is logged out (cookie cleared) once its cached answer
// expires, never later; logout deletes the session and its cache entry; an API that cannot
// answer gives a 503 and keeps the cookie; the same rules hold through the Hono middleware.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { Hono } from "hono";
import { AuthRocket, ConfigError } from "../mod.ts";
import type { SessionCache } from "../mod.ts";
import { withAuthRocket } from "../middleware.ts";
import { authRocket } from "../hono.ts";
import { sessionKey } from "../cache.ts";
import { NOW } from "./tokens.ts";
import { APP, browser, world } from "./browser.ts";

/** A clock tests move by hand. */
function clock() {
  let t = NOW;
  const now = () => t;
  return { now, advance: (s: number) => void (t += s * 1000) };
}

/** A Map-backed SessionCache that records what it is asked. */
function spyCache() {
  const m = new Map<string, string>();
  const deleted: string[] = [];
  const cache: SessionCache = {
    get: (k) => m.get(k),
    set: (k, v) => void m.set(k, v),
    delete: (k) => void (deleted.push(k), m.delete(k)),
  };
  return { cache, m, deleted };
}

/** The world, an app on it, and a count of the API's `GET sessions/:id`. */
async function setup(extra: Record<string, unknown> = {}, hono = false) {
  const c = clock();
  const { emu, ar: admin } = await world({ now: c.now });
  let lookups = 0;
  let down = false;
  const ar = admin.with({
    fetch: (input: string | URL | Request, init?: RequestInit) => {
      const req = new Request(input, init);
      if (req.method === "GET" && /\/sessions\/kss_/.test(req.url)) {
        lookups++;
        if (down) return Promise.reject(new TypeError("connection refused"));
      }
      return emu.handle(req);
    },
  });
  const options = { client: ar, now: c.now, revalidate: 300, ...extra };
  let handler: (r: Request) => Promise<Response>;
  if (hono) {
    const auth = authRocket(options);
    const app = new Hono();
    app.get("/login", auth.login);
    app.get("/logout", auth.logout);
    app.use("/app/*", auth).get("/app", async (x) => x.text((await x.get("session").user()).name!));
    handler = async (r) => await app.fetch(r);
  } else {
    handler = withAuthRocket(
      async (_r, { session }) => new Response((await session.user()).name),
      options,
    );
  }
  const b = browser({ [APP]: handler, [emu.origin]: (r) => emu.handle(r) });
  const first = await b.go(`${APP}/app`);
  const done = await b.go(new URL("login", first.url).href, {
    username: "sally",
    password: "correct horse",
    redir: "/app",
  });
  assert.equal(done.text, "Sally Sue");
  const token = b.jar.get(APP)!.get("ar_token")!;
  const sessionId = (await admin.sessions.fromToken(token, { now: c.now() }))!.id;
  return {
    ...c,
    b,
    admin,
    sessionId,
    emu,
    lookups: () => lookups,
    setDown: (d: boolean) => void (down = d),
  };
}

for (const hono of [false, true]) {
  const via = hono ? "authRocket (Hono)" : "withAuthRocket";
  describe(`${via}: revalidate`, () => {
    it("a session deleted through the API is logged out once its answer expires, not later", async () => {
      const w = await setup({}, hono);
      const asked = w.lookups();
      assert.ok(asked >= 1, "the login's session was checked with the API");
      assert.equal((await w.b.go(`${APP}/app`)).text, "Sally Sue");
      assert.equal(w.lookups(), asked, "within 300 s: the cached answer, no API call");
      await w.admin.sessions.delete(w.sessionId);
      w.advance(299);
      assert.equal((await w.b.go(`${APP}/app`)).text, "Sally Sue", "still cached (the bound)");
      w.advance(2);
      const after = await w.b.go(`${APP}/app`);
      assert.equal(new URL(after.url).origin, w.emu.origin, "sent to log in again");
      assert.equal(w.b.jar.get(APP)!.has("ar_token"), false, "the cookie was cleared");
      assert.equal(w.lookups(), asked + 1);
    });

    it("logout deletes the session and its revalidation cache entry", async () => {
      const spy = spyCache();
      const w = await setup({ cache: spy.cache }, hono);
      assert.ok(
        spy.m.has(sessionKey(w.sessionId, w.admin.config.realm)),
        "the answer is cached under the session id",
      );
      await w.b.go(`${APP}/logout`);
      assert.ok(spy.deleted.includes(sessionKey(w.sessionId, w.admin.config.realm)));
      assert.equal(spy.m.has(sessionKey(w.sessionId, w.admin.config.realm)), false);
      assert.equal(await w.admin.sessions.retrieve(w.sessionId), null, "the session ended");
      assert.equal(w.b.jar.get(APP)!.has("ar_token"), false);
    });

    it("an API that cannot answer: the last answer for maxStale, then 503 with the cookie kept", async () => {
      const w = await setup({ maxStale: 60 }, hono);
      w.setDown(true);
      w.advance(330);
      assert.equal((await w.b.go(`${APP}/app`)).text, "Sally Sue", "within maxStale");
      w.advance(60);
      const r = await w.b.go(`${APP}/app`);
      assert.equal(r.res.status, 503);
      assert.equal(r.res.headers.get("retry-after"), "10");
      assert.equal(r.res.headers.get("set-cookie"), null, "the cookie is kept");
      w.setDown(false);
      assert.equal((await w.b.go(`${APP}/app`)).text, "Sally Sue", "back once the API answers");
    });
  });
}

describe("revalidate needs a client with an API key: a ConfigError when the handler is built", () => {
  const LR = "https://app.e1.loginrocket.com/";
  const ok = () => new Response("ok");
  it("settings instead of a client, or a client without apiKey", () => {
    const secret = "jsk_revalidate_test_secret_0123456789";
    assert.throws(
      () => withAuthRocket(ok, { client: { jwtSecret: secret, loginUrl: LR }, revalidate: 60 }),
      (e: unknown) => e instanceof ConfigError && /revalidate needs.*apiKey/.test(e.message),
    );
    const keyless = new AuthRocket({ jwtSecret: secret, loginUrl: LR });
    assert.throws(() => authRocket({ client: keyless, revalidate: 60 }), ConfigError);
  });
});
