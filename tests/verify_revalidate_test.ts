// Revalidation wiring: after a token verifies (or comes from the token cache), a
// managed session (tk = kss_…) is checked with GET sessions/:id at most once per `revalidate`
// seconds; a session the API no longer has is refused ("revoked"); an API that cannot answer
// and no recent answer is refused too ("unchecked"). Fail closed: revalidate without a client
// is a ConfigError.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { ConfigError, type SessionCache, verifySession } from "../mod.ts";
import { forgetRevalidation } from "../src/revalidators.ts";
import { claims, hs256, NOW, NOW_S, SECRET } from "./tokens.ts";
import { client, json, recorder } from "./helpers.ts";
import { rejections } from "./verdict.ts";

let n = 0;
/** A token of its own managed session (so tests do not share cached answers). */
async function managed(extra: Record<string, unknown> = {}) {
  const tk = `kss_reval${++n}x${Math.random().toString(36).slice(2, 8)}`;
  return { tk, token: await hs256(claims({ tk, exp: NOW_S + 86_400, ...extra })) };
}
const alive = (id: string) => json(200, { id, object: "session", user_id: "usr_1" });
const gone = () => json(404, { errors: ["Not found"] });

describe("revalidate", () => {
  it("asks GET sessions/:id once per revalidate seconds; a deleted session is revoked", async () => {
    const { tk, token } = await managed();
    let deleted = false;
    const r = recorder([], (req) => deleted ? gone() : alive(req.path.split("/")[1]));
    const ar = client(r.fetch, { jwtSecret: SECRET });
    const { reasons, onReject } = rejections();
    const at = (s: number) =>
      ar.sessions.fromToken(token, {
        now: NOW + s * 1000,
        revalidate: 300,
        onReject,
      });
    assert.equal((await at(0))?.id, tk);
    assert.equal(r.seen.length, 1);
    assert.equal(r.last().path, `sessions/${tk}`);
    assert.equal(r.last().method, "GET");
    deleted = true;
    for (const s of [1, 100, 299]) assert.ok(await at(s), `cached answer at ${s} s`);
    assert.equal(r.seen.length, 1, "no API call while the answer is fresh");
    assert.equal(await at(300), null, "refused from the first call after the answer expired");
    assert.equal(r.seen.length, 2);
    assert.deepEqual(reasons, ["revoked"]);
    assert.equal(await at(301), null, "gone is kept");
    assert.equal(r.seen.length, 2);
  });

  it("verifySession takes { client }; without a client revalidate is a ConfigError", async () => {
    const { token } = await managed();
    const r = recorder([], () => gone());
    const ar = client(r.fetch, { jwtSecret: SECRET });
    const { reasons, onReject } = rejections();
    const options = { jwtSecret: SECRET, now: NOW, revalidate: 60, client: ar };
    assert.equal(
      await verifySession(token, { ...options, onReject }),
      null,
    );
    assert.deepEqual(reasons, ["revoked"]);
    assert.equal(r.seen.length, 1);
    await assert.rejects(verifySession(token, { jwtSecret: SECRET, revalidate: 60 }), (e) => {
      assert.ok(e instanceof ConfigError);
      assert.match(e.message, /revalidate needs a client/);
      return true;
    });
    await assert.rejects(
      verifySession(undefined, { jwtSecret: SECRET, revalidate: 60 }),
      ConfigError,
    );
  });

  it("settings that would switch the check off are a ConfigError", async () => {
    const ar = client(recorder().fetch, { jwtSecret: SECRET });
    for (const bad of [0, -1, NaN, Infinity]) {
      await assert.rejects(ar.sessions.fromToken("x", { revalidate: bad }), ConfigError, `${bad}`);
    }
    await assert.rejects(
      ar.sessions.fromToken("x", { revalidate: 60, maxStale: NaN }),
      ConfigError,
    );
    const keyless = client(recorder().fetch, { jwtSecret: SECRET, apiKey: undefined });
    await assert.rejects(
      keyless.sessions.fromToken("x", { revalidate: 60 }),
      /^ConfigError: .*apiKey/s,
    );
  });

  it("the token cache does not skip it: a hot token is revalidated too", async () => {
    const { token } = await managed();
    const r = recorder([], () => gone());
    const ar = client(r.fetch, { jwtSecret: SECRET });
    assert.ok(
      await ar.sessions.fromToken(token, { now: NOW }),
      "verified and cached, no revalidate",
    );
    assert.equal(await ar.sessions.fromToken(token, { now: NOW, revalidate: 60 }), null);
    assert.equal(r.seen.length, 1);
  });

  it("tokens that are not managed sessions are not looked up", async () => {
    const r = recorder([], () => gone());
    const ar = client(r.fetch, { jwtSecret: SECRET });
    for (const tk of [undefined, "ses_unmanaged", 42]) {
      const token = await hs256(claims({ tk, jti: Math.random() }));
      assert.ok(await ar.sessions.fromToken(token, { now: NOW, revalidate: 60 }));
    }
    assert.equal(r.seen.length, 0);
  });

  it("concurrent requests for one session share one API call", async () => {
    const { tk, token } = await managed();
    const r = recorder([], async () => {
      await new Promise((f) => setTimeout(f, 20));
      return alive(tk);
    });
    const ar = client(r.fetch, { jwtSecret: SECRET });
    const all = await Promise.all(
      Array.from({ length: 20 }, () => ar.sessions.fromToken(token, { now: NOW, revalidate: 60 })),
    );
    assert.ok(all.every((s) => s?.id === tk));
    assert.equal(r.seen.length, 1);
  });

  it("an API that cannot answer: the last alive within maxStale, then unchecked (fail closed)", async () => {
    const { token } = await managed();
    let down = false;
    const r = recorder([], (req) => down ? json(503, {}) : alive(req.path.split("/")[1]));
    const ar = client(r.fetch, { jwtSecret: SECRET, maxRetries: 0 });
    const { reasons, onReject } = rejections();
    const at = (s: number) =>
      ar.sessions.fromToken(token, {
        now: NOW + s * 1000,
        revalidate: 60,
        maxStale: 120,
        onReject,
      });
    assert.ok(await at(0));
    down = true;
    assert.ok(await at(61), "stale alive served while the API fails");
    assert.equal(await at(181), null, "too old: refused");
    assert.deepEqual(reasons, ["unchecked"]);
    const { token: fresh } = await managed();
    assert.equal(await ar.sessions.fromToken(fresh, { now: NOW, revalidate: 60 }), null);
  });

  it("a cache passed in is used (keys from the session id alone), and forgetRevalidation clears it", async () => {
    const { tk, token } = await managed();
    const store = new Map<string, string>();
    const cache: SessionCache = {
      get: (k) => store.get(k),
      set: (k, v) => void store.set(k, v),
      delete: (k) => void store.delete(k),
    };
    const r = recorder([], () => alive(tk));
    const ar = client(r.fetch, { jwtSecret: SECRET });
    assert.ok(await ar.sessions.fromToken(token, { now: NOW, revalidate: 60, cache }));
    assert.equal(store.size, 1);
    assert.match([...store.keys()][0], new RegExp(`^authrocket:kss:(\\w+:)?${tk}$`));
    assert.ok(![...store.values()].some((v) => v.includes(token) || v.includes(SECRET)));
    await forgetRevalidation(ar, tk);
    assert.equal(store.size, 0);
    assert.ok(await ar.sessions.fromToken(token, { now: NOW, revalidate: 60, cache }));
    assert.equal(r.seen.length, 2, "asked again after forget");
  });
});
