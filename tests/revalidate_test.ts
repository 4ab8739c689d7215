// Revalidation of managed sessions (src/revalidate.ts), with an injected clock and a fake
// lookup: freshness, negative answers, single flight, each way the API can fail, maxStale then
// fail closed, forget, and keys derived from the session id alone.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { createRevalidator, SessionCheckFailed, sessionKey } from "../src/revalidate.ts";
import type { SessionLookup, SessionState } from "../src/revalidate.ts";
import { memoryCache } from "../src/cache/memory.ts";
import type { SessionCache } from "../src/cache/types.ts";
import { ApiError, AuthRocketError, ConfigError, ConnectionError } from "../src/errors.ts";

const T0 = Date.UTC(2026, 0, 1);
const S = 1000;

/** A fake API: answers from `states` (default alive), or throws `down` when set. */
function fakeApi() {
  const api = {
    calls: [] as string[],
    states: new Map<string, SessionState>(),
    down: undefined as Error | undefined,
    lookup: ((id) => {
      api.calls.push(id);
      if (api.down) return Promise.reject(api.down);
      return Promise.resolve(api.states.get(id) ?? "alive");
    }) as SessionLookup,
  };
  return api;
}

/** A cache that records every call and keeps values forever (it ignores TTLs). */
function recordingCache() {
  const m = new Map<string, string>();
  const sets: { key: string; value: string; ttl: number }[] = [];
  const cache: SessionCache = {
    get: (k) => m.get(k),
    set: (key, value, ttl) => {
      sets.push({ key, value, ttl });
      m.set(key, value);
    },
    delete: (k) => void m.delete(k),
  };
  return { m, sets, cache };
}

function setup(options: { maxStale?: number; revalidate?: number } = {}) {
  let now = T0;
  const api = fakeApi();
  const rec = recordingCache();
  const r = createRevalidator(api.lookup, {
    revalidate: options.revalidate ?? 300,
    maxStale: options.maxStale,
    cache: rec.cache,
    now: () => now,
  });
  return { api, rec, r, at: (ms: number) => (now = T0 + ms) };
}

describe("revalidation: options", () => {
  it("refuses a revalidate or maxStale that is not a finite number of seconds, a bad cache or lookup", () => {
    const lookup: SessionLookup = () => Promise.resolve("alive");
    for (const revalidate of [0, -1, NaN, Infinity, "300", undefined]) {
      assert.throws(
        () => createRevalidator(lookup, { revalidate } as never),
        (e) => e instanceof ConfigError && /`revalidate`.*> 0/.test(e.message),
      );
    }
    for (const maxStale of [-1, NaN, Infinity, "60"]) {
      assert.throws(
        () => createRevalidator(lookup, { revalidate: 300, maxStale } as never),
        (e) => e instanceof ConfigError && /`maxStale`.*≥ 0/.test(e.message),
      );
    }
    assert.ok(createRevalidator(lookup, { revalidate: 300, maxStale: 0 }));
    assert.throws(
      () =>
        createRevalidator(lookup, { revalidate: 300, cache: { get: () => undefined } as never }),
      ConfigError,
    );
    assert.throws(() => createRevalidator("no" as never, { revalidate: 300 }), ConfigError);
  });
});

describe("revalidation: freshness", () => {
  it("asks the API at most once per revalidate seconds, by the injected clock", async () => {
    const { api, r, at } = setup();
    assert.equal(await r.check("kss_a"), "alive");
    at(299.999 * S);
    assert.equal(await r.check("kss_a"), "alive");
    assert.equal(api.calls.length, 1);
    at(300 * S);
    assert.equal(await r.check("kss_a"), "alive");
    assert.equal(api.calls.length, 2);
    assert.equal(await r.check("kss_a", T0 + 599 * S), "alive", "nowMs overrides the clock");
    assert.equal(api.calls.length, 2);
    assert.equal(await r.check("kss_a", T0 + 600 * S), "alive");
    assert.equal(api.calls.length, 3);
  });

  it("a session deleted in the API is refused at the first check after the answer expires", async () => {
    const { api, r, at } = setup();
    assert.equal(await r.check("kss_a"), "alive");
    api.states.set("kss_a", "gone");
    at(299 * S);
    assert.equal(await r.check("kss_a"), "alive", "the cached answer still holds");
    at(300 * S);
    assert.equal(await r.check("kss_a"), "gone");
  });

  it("freshness comes from the timestamp in the value, not from the store's TTL", async () => {
    // The recording cache never expires anything (like KV rounding 10 s up to 60 s).
    const { api, rec, r, at } = setup({ revalidate: 10 });
    await r.check("kss_a");
    assert.match(rec.m.get("authrocket:kss:kss_a")!, /^a:\d+$/);
    at(10 * S);
    await r.check("kss_a");
    assert.equal(api.calls.length, 2);
  });

  it("negative answers are cached too, for at least a day (a deleted session does not return)", async () => {
    const { api, rec, r, at } = setup();
    api.states.set("kss_g", "gone");
    assert.equal(await r.check("kss_g"), "gone");
    assert.equal(rec.sets.at(-1)!.ttl, 86_400);
    assert.match(rec.sets.at(-1)!.value, /^g:\d+$/);
    for (const t of [300, 3600, 86_399]) {
      at(t * S);
      assert.equal(await r.check("kss_g"), "gone");
    }
    assert.equal(api.calls.length, 1);
    at(86_400 * S);
    assert.equal(await r.check("kss_g"), "gone");
    assert.equal(api.calls.length, 2);
  });

  it("an alive answer is stored for revalidate + maxStale seconds", async () => {
    const { rec, r } = setup({ maxStale: 120 });
    await r.check("kss_a");
    assert.deepEqual(rec.sets, [{ key: "authrocket:kss:kss_a", value: `a:${T0}`, ttl: 420 }]);
  });

  it("with no cache given, a default in-memory one keeps the answers", async () => {
    const api = fakeApi();
    const now = () => T0;
    const r = createRevalidator(api.lookup, { revalidate: 300, now });
    await r.check("kss_a");
    await r.check("kss_a");
    assert.equal(api.calls.length, 1);
  });

  it("a cache that throws counts as empty: the API answers every check", async () => {
    const api = fakeApi();
    const broken: SessionCache = {
      get: () => Promise.reject(new Error("KV down")),
      set: () => Promise.reject(new Error("KV down")),
      delete: () => undefined,
    };
    const r = createRevalidator(api.lookup, { revalidate: 300, cache: broken, now: () => T0 });
    assert.equal(await r.check("kss_a"), "alive");
    assert.equal(await r.check("kss_a"), "alive");
    assert.equal(api.calls.length, 2);
  });

  it("a garbled cached value is ignored, not trusted", async () => {
    const { api, rec, r } = setup();
    rec.m.set("authrocket:kss:kss_a", "g:oops");
    assert.equal(await r.check("kss_a"), "alive");
    assert.equal(api.calls.length, 1);
  });
});

describe("revalidation: single flight", () => {
  it("concurrent checks of one session share one lookup, also across revalidators on one cache", async () => {
    const rec = recordingCache();
    const releases = new Map<string, (s: SessionState) => void>();
    const lookup: SessionLookup = (id) => new Promise((res) => releases.set(id, res));
    const opts = { revalidate: 300, cache: rec.cache, now: () => T0 };
    const r1 = createRevalidator(lookup, opts);
    const r2 = createRevalidator(lookup, opts);
    const pending = [
      ...Array.from({ length: 50 }, () => r1.check("kss_a")),
      r2.check("kss_a"),
      r1.check("kss_b"),
    ];
    await new Promise((res) => setTimeout(res, 0));
    assert.deepEqual([...releases.keys()], ["kss_a", "kss_b"], "one lookup per session");
    releases.get("kss_a")!("alive");
    releases.get("kss_b")!("gone");
    const states = await Promise.all(pending);
    assert.deepEqual(states, [...Array(51).fill("alive"), "gone"]);
    assert.equal(releases.size, 2);
  });

  it("checks whose cache reads were slower than the lookup still share it (a KV read races a write)", async () => {
    // A store like Workers KV: each read takes its own time, and the lookup answers before the
    // slowest reads come back (they missed: nothing was written when they were sent).
    const m = new Map<string, string>();
    let reads = 0;
    const cache: SessionCache = {
      get: (k) => {
        const v = m.get(k);
        const delay = reads++ === 0 ? 0 : 20;
        return new Promise((res) => setTimeout(() => res(v), delay));
      },
      set: (k, v) => void m.set(k, v),
      delete: (k) => void m.delete(k),
    };
    const api = fakeApi();
    const r = createRevalidator(api.lookup, { revalidate: 300, cache, now: () => T0 });
    const states = await Promise.all(Array.from({ length: 200 }, () => r.check("kss_a")));
    assert.deepEqual([...new Set(states)], ["alive"]);
    assert.equal(api.calls.length, 1, "one lookup for 200 concurrent cold checks");
    assert.equal(await r.check("kss_a"), "alive");
    assert.equal(api.calls.length, 1, "then the cached answer");
  });

  it("a failed shared lookup rejects every waiter, and the next check asks again", async () => {
    const { api, r } = setup();
    api.down = new ConnectionError("api-e1.authrocket.com unreachable");
    const results = await Promise.allSettled([r.check("kss_a"), r.check("kss_a")]);
    assert.equal(api.calls.length, 1);
    for (const x of results) {
      assert.ok(x.status === "rejected" && x.reason instanceof SessionCheckFailed);
    }
    api.down = undefined;
    assert.equal(await r.check("kss_a"), "alive");
    assert.equal(api.calls.length, 2);
  });
});

describe("revalidation: when the API cannot answer (maxStale, then fail closed)", () => {
  const failures: [string, Error][] = [
    ["unreachable", new ConnectionError("api-e1.authrocket.com unreachable")],
    ["timeout", new ConnectionError("timed out", { timeout: true })],
    ["429", new ApiError("Too many requests", 429)],
    ["500", new ApiError("Internal error", 500)],
    ["503", new ApiError("Unavailable", 503)],
  ];
  for (const [name, error] of failures) {
    it(`${name}: nothing cached → SessionCheckFailed (cause kept), distinct from "gone"`, async () => {
      const { api, r } = setup();
      api.down = error;
      await assert.rejects(r.check("kss_a"), (e) => {
        assert.ok(e instanceof SessionCheckFailed);
        assert.ok(e instanceof AuthRocketError);
        assert.equal(e.cause, error);
        assert.match(e.message, /could not check/);
        return true;
      });
    });

    it(`${name}: the last "alive" serves for maxStale seconds past freshness, then fails closed`, async () => {
      const { api, r, at } = setup({ maxStale: 120 });
      await r.check("kss_a");
      api.down = error;
      at(300 * S);
      assert.equal(await r.check("kss_a"), "alive", "stale, within maxStale");
      at(419.999 * S);
      assert.equal(await r.check("kss_a"), "alive");
      at(420 * S);
      await assert.rejects(r.check("kss_a"), SessionCheckFailed);
      api.down = undefined;
      api.states.set("kss_a", "gone");
      assert.equal(await r.check("kss_a"), "gone", "the API back: its answer again");
    });
  }

  it("while serving stale, the API is asked again at most every 10 s (no hammering a 429)", async () => {
    const { api, r, at } = setup();
    await r.check("kss_a");
    api.down = new ApiError("Too many requests", 429);
    for (let t = 300; t < 330; t++) {
      at(t * S);
      assert.equal(await r.check("kss_a"), "alive");
    }
    assert.equal(api.calls.length, 1 + 3, "at 300, 310 and 320 s");
    api.down = undefined;
    at(330 * S);
    assert.equal(await r.check("kss_a"), "alive");
    at(331 * S);
    await r.check("kss_a");
    assert.equal(api.calls.length, 5, "fresh again after the API answered");
  });

  it("maxStale 0 fails closed as soon as the answer is no longer fresh", async () => {
    const { api, r, at } = setup({ maxStale: 0 });
    await r.check("kss_a");
    api.down = new ApiError("Unavailable", 503);
    at(300 * S);
    await assert.rejects(r.check("kss_a"), SessionCheckFailed);
  });

  it("default maxStale is 300 s", async () => {
    const { api, r, at } = setup();
    await r.check("kss_a");
    api.down = new ApiError("Unavailable", 503);
    at(599 * S);
    assert.equal(await r.check("kss_a"), "alive");
    at(600 * S);
    await assert.rejects(r.check("kss_a"), SessionCheckFailed);
  });

  it('a known "gone" stays gone while the API is down, however old', async () => {
    const { api, r, at } = setup();
    api.states.set("kss_g", "gone");
    await r.check("kss_g");
    api.down = new ApiError("Unavailable", 503);
    at(2 * 86_400 * S);
    assert.equal(await r.check("kss_g"), "gone");
  });

  it("a lookup answering something else than alive/gone is a failure, not an answer", async () => {
    const r = createRevalidator(() => Promise.resolve("yes" as SessionState), {
      revalidate: 300,
      now: () => T0,
    });
    await assert.rejects(r.check("kss_a"), SessionCheckFailed);
  });
});

describe("revalidation: forget and keys", () => {
  it("forget drops the cached answer: the next check asks the API", async () => {
    const { api, rec, r } = setup();
    await r.check("kss_a");
    await r.forget("kss_a");
    assert.equal(rec.m.has("authrocket:kss:kss_a"), false);
    api.states.set("kss_a", "gone");
    assert.equal(await r.check("kss_a"), "gone");
    assert.equal(api.calls.length, 2);
  });

  it("forget during a lookup: the lookup's answer is not written back", async () => {
    const rec = recordingCache();
    let release!: (s: SessionState) => void;
    const r = createRevalidator(() => new Promise((res) => (release = res)), {
      revalidate: 300,
      cache: rec.cache,
      now: () => T0,
    });
    const pending = r.check("kss_a");
    await new Promise((res) => setTimeout(res, 0));
    await r.forget("kss_a");
    release("alive");
    assert.equal(await pending, "alive");
    assert.equal(rec.m.size, 0);
  });

  it("keys come from the session id only; a token or secret is refused and never echoed", async () => {
    const { api, rec, r } = setup();
    await r.check("kss_0vdfN2ZjYuFnVnA6LV7UbE");
    assert.deepEqual([...rec.m.keys()], ["authrocket:kss:kss_0vdfN2ZjYuFnVnA6LV7UbE"]);
    assert.equal(sessionKey("kss_x"), "authrocket:kss:kss_x");
    const jwt = "eyJhbGciOiJIUzI1NiJ9.eyJ0ayI6Imtzc19hIn0.c2lnbmF0dXJl";
    for (const bad of [jwt, "jsk_SECRET0123456789", "kss_a:b", "", "kss_", 42]) {
      await assert.rejects(r.check(bad as string), (e) => {
        assert.ok(e instanceof AuthRocketError);
        assert.ok(!e.message.includes("eyJ") && !e.message.includes("SECRET"), e.message);
        return true;
      });
      await assert.rejects(r.forget(bad as string), AuthRocketError);
    }
    assert.equal(api.calls.length, 1);
    assert.equal(rec.m.size, 1);
  });

  it("the default cache is the in-memory LRU: bounded and expiring by the same clock", async () => {
    let now = T0;
    const cache = memoryCache({ max: 2, now: () => now });
    const api = fakeApi();
    const r = createRevalidator(api.lookup, { revalidate: 300, cache, now: () => now });
    for (const id of ["kss_a", "kss_b", "kss_c", "kss_a"]) await r.check(id);
    assert.equal(api.calls.length, 4, "kss_a was evicted by kss_c");
    now += 600 * S + 1;
    await r.check("kss_a");
    assert.equal(api.calls.length, 5);
  });
});
