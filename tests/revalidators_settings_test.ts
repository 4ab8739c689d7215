// Revalidation wiring (src/verify.ts, src/revalidators.ts), each part pinned by a test that
// fails when one operator or literal changes: one revalidator per
// client and settings (revalidate, maxStale, cache), the client's realm or account as the
// cache's scope, forgetRevalidation under every setting, the injected clock (a number or a Date)
// driving freshness, and a token without a managed session never looked up. Clocks injected.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { type SessionCache, verifySession } from "../mod.ts";
import { forgetRevalidation } from "../src/revalidators.ts";
import { claims, hs256, NOW, NOW_S, SECRET } from "./tokens.ts";
import { client, json, recorder } from "./helpers.ts";
import { rejections } from "./verdict.ts";

let n = 0;
async function managed() {
  const tk = `kss_wire${++n}x${Math.random().toString(36).slice(2, 8)}`;
  return { tk, token: await hs256(claims({ tk, exp: NOW_S + 86_400 })) };
}
const alive = (id: string) => json(200, { id, object: "session", user_id: "usr_1" });

function mapCache(): SessionCache & { store: Map<string, string> } {
  const store = new Map<string, string>();
  return {
    store,
    get: (k) => store.get(k),
    set: (k, v) => void store.set(k, v),
    delete: (k) => void store.delete(k),
  };
}

describe("one revalidator per client settings and revalidation settings", () => {
  it("another revalidate, maxStale or cache is another revalidator (its own answers)", async () => {
    const { tk, token } = await managed();
    const r = recorder([], () => alive(tk));
    const ar = client(r.fetch, { jwtSecret: SECRET });
    const at = (extra: object) => ar.sessions.fromToken(token, { now: NOW, ...extra });
    assert.ok(await at({ revalidate: 60 }));
    assert.ok(await at({ revalidate: 60 }));
    assert.equal(r.seen.length, 1, "same settings: the answer is shared");
    assert.ok(await at({ revalidate: 120 }));
    assert.equal(r.seen.length, 2, "another revalidate");
    assert.ok(await at({ revalidate: 60, maxStale: 10 }));
    assert.equal(r.seen.length, 3, "another maxStale");
    const c1 = mapCache();
    assert.ok(await at({ revalidate: 60, cache: c1 }));
    assert.equal(r.seen.length, 4, "a cache passed in is not the in-memory one");
    assert.equal(c1.store.size, 1);
    const c2 = mapCache();
    assert.ok(await at({ revalidate: 60, cache: c2 }));
    assert.equal(r.seen.length, 5, "nor another cache passed in");
    assert.equal(c2.store.size, 1);
    assert.ok(await at({ revalidate: 60, cache: c1 }));
    assert.equal(r.seen.length, 5, "the same cache again: its answer");
    // Another client with the same settings (one per request) shares the revalidator.
    const other = client(r.fetch, { jwtSecret: SECRET });
    assert.ok(await other.sessions.fromToken(token, { now: NOW, revalidate: 60 }));
    assert.equal(r.seen.length, 5, "a client with the same settings: the same answers");
    // A client of another realm or API key asks on its own.
    const seen = () => r.seen.length;
    for (const extra of [{ realm: "rl_other" }, { apiKey: "ko_otherkey" }]) {
      const n0 = seen();
      assert.ok(
        await client(r.fetch, { jwtSecret: SECRET, ...extra }).sessions.fromToken(token, {
          now: NOW,
          revalidate: 60,
        }),
      );
      assert.equal(seen(), n0 + 1, JSON.stringify(extra));
    }
    // Another fetch (a closure made per request) asks the same API: the same answers.
    const r2 = recorder([], () => alive(tk));
    assert.ok(
      await client(r2.fetch, { jwtSecret: SECRET }).sessions.fromToken(token, {
        now: NOW,
        revalidate: 60,
      }),
    );
    assert.equal(r2.seen.length, 0, "another fetch, the same API, key and realm");
  });

  it("concurrent requests with one cache passed in share one API call (one revalidator)", async () => {
    const { tk, token } = await managed();
    const r = recorder([], async () => {
      await new Promise((f) => setTimeout(f, 20));
      return alive(tk);
    });
    const ar = client(r.fetch, { jwtSecret: SECRET });
    const cache = mapCache();
    const all = await Promise.all(
      Array.from(
        { length: 10 },
        () => ar.sessions.fromToken(token, { now: NOW, revalidate: 60, cache }),
      ),
    );
    assert.ok(all.every((s) => s?.id === tk));
    assert.equal(r.seen.length, 1);
  });

  it("the cache is scoped by the client's realm, else its account, never by the token", async () => {
    const { tk, token } = await managed();
    const r = recorder([], () => alive(tk));
    const cache = mapCache();
    const opts = { now: NOW, revalidate: 60, cache };
    await client(r.fetch, { jwtSecret: SECRET, realm: "rl_one" }).sessions.fromToken(token, opts);
    await client(r.fetch, { jwtSecret: SECRET, realm: undefined, account: "org_two" })
      .sessions.fromToken(token, opts);
    assert.deepEqual([...cache.store.keys()].sort(), [
      `authrocket:kss:org_two:${tk}`,
      `authrocket:kss:rl_one:${tk}`,
    ]);
    assert.equal(r.seen.length, 2, "one realm's answer is not another's");
  });

  it("forgetRevalidation forgets under every setting of that client, and only of it", async () => {
    const { tk, token } = await managed();
    const r = recorder([], () => alive(tk));
    const ar = client(r.fetch, { jwtSecret: SECRET });
    for (const revalidate of [60, 90]) {
      assert.ok(await ar.sessions.fromToken(token, { now: NOW, revalidate }));
    }
    assert.equal(r.seen.length, 2);
    await forgetRevalidation(ar, tk);
    // Another API key, never used to revalidate: nothing to forget, no error.
    await forgetRevalidation(client(r.fetch, { apiKey: "ko_unused" }), tk);
    for (const revalidate of [60, 90]) {
      assert.ok(await ar.sessions.fromToken(token, { now: NOW, revalidate }));
    }
    assert.equal(r.seen.length, 4, "both asked again");
  });
});

describe("the injected clock drives revalidation", () => {
  for (
    const [name, clock] of [
      ["epoch milliseconds", (s: number) => NOW + s * 1000],
      ["a Date", (s: number) => new Date(NOW + s * 1000)],
    ] as const
  ) {
    it(`now as ${name}: fresh until revalidate seconds later, then asked again`, async () => {
      const { tk, token } = await managed();
      const r = recorder([], () => alive(tk));
      const ar = client(r.fetch, { jwtSecret: SECRET });
      const { reasons, onReject } = rejections();
      const at = (s: number) =>
        verifySession(token, {
          jwtSecret: SECRET,
          client: ar,
          now: clock(s),
          revalidate: 30,
          onReject,
        });
      assert.ok(await at(0));
      assert.ok(await at(29));
      assert.equal(r.seen.length, 1);
      assert.ok(await at(30));
      assert.equal(r.seen.length, 2, "30 s later on the injected clock");
      assert.deepEqual(reasons, []);
    });
  }

  it("without now, the revalidator keeps its own clock (minted and checked on the wall clock)", async () => {
    const tk = `kss_wall${Math.random().toString(36).slice(2, 8)}`;
    const s = Math.floor(Date.now() / 1000);
    const token = await hs256(claims({ tk, iat: s - 10, exp: s + 3600 }));
    const r = recorder([], () => alive(tk));
    const ar = client(r.fetch, { jwtSecret: SECRET });
    assert.ok(await ar.sessions.fromToken(token, { revalidate: 60 }));
    assert.ok(await ar.sessions.fromToken(token, { revalidate: 60 }));
    assert.equal(r.seen.length, 1, "the second call is within 60 s: the kept answer");
  });

  it("a refused token is not looked up; revalidate without a client is refused before it", async () => {
    const { tk } = await managed();
    const r = recorder([], () => alive(tk));
    const ar = client(r.fetch, { jwtSecret: SECRET });
    const expired = await hs256(claims({ tk, exp: NOW_S - 60 }));
    const { reasons, onReject } = rejections();
    assert.equal(
      await ar.sessions.fromToken(expired, {
        now: NOW,
        revalidate: 60,
        onReject,
      }),
      null,
    );
    assert.deepEqual(reasons, ["expired"]);
    assert.equal(r.seen.length, 0);
    await assert.rejects(
      verifySession(undefined, { jwtSecret: SECRET, revalidate: 60 }),
      /^ConfigError: revalidate needs a client: pass \{ client: ar \} or use ar\.sessions\.fromToken$/,
    );
  });
});
