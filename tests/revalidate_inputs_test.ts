// What a revalidator (src/revalidate.ts) takes in and gives out, exactly: the ConfigError of each
// bad setting, the refusal of anything but a whole `kss_` id, a cached value trusted only when it
// is entirely one the revalidator wrote, the TTL of each write (a stale answer's only until its
// maxStale ends), and what SessionCheckFailed says and keeps. Fixed clock, fake lookups.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { createRevalidator, SessionCheckFailed } from "../src/revalidate.ts";
import type { SessionLookup, SessionState } from "../src/revalidate.ts";
import type { SessionCache } from "../src/cache/types.ts";
import { AuthRocketError, ConfigError } from "../src/errors.ts";

const T0 = Date.UTC(2026, 0, 1);
const S = 1000;
const alive: SessionLookup = () => Promise.resolve("alive");

/** `fn` throws a ConfigError with exactly `message`. */
function refused(fn: () => unknown, message: string) {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof ConfigError, String(e));
    assert.equal(e.message, message);
    return true;
  });
}

/** A cache over a Map that records each set's TTL (it keeps values whatever the TTL). */
function mapCache(entries: [string, unknown][] = []) {
  const m = new Map<string, unknown>(entries);
  const ttls: [string, number][] = [];
  const cache: SessionCache = {
    get: (k) => m.get(k) as string | undefined,
    set: (k, v, ttl) => void (m.set(k, v), ttls.push([v, ttl])),
    delete: (k) => void m.delete(k),
  };
  return { m, ttls, cache };
}

describe("revalidation: settings refused", () => {
  it("each bad setting is a ConfigError saying what to pass", () => {
    refused(
      () => createRevalidator("lookup" as never, { revalidate: 300 }),
      "createRevalidator: `lookup` must be a function (sessionId) → state",
    );
    refused(
      () => createRevalidator(alive, undefined as never),
      "revalidation: `revalidate` must be a finite number of seconds > 0 (got undefined)",
    );
    refused(
      () => createRevalidator(alive, { revalidate: 300, maxStale: -1 }),
      "revalidation: `maxStale` must be a finite number of seconds ≥ 0 (got -1)",
    );
    refused(
      () => createRevalidator(alive, { revalidate: 300, cache: mapCache().cache, maxStale: NaN }),
      "revalidation: `maxStale` must be a finite number of seconds ≥ 0 (got NaN)",
    );
    for (const missing of ["get", "set", "delete"]) {
      const cache = { ...mapCache().cache, [missing]: "no" } as unknown as SessionCache;
      refused(
        () => createRevalidator(alive, { revalidate: 300, cache }),
        "revalidation: `cache` must have get, set and delete (a SessionCache)",
      );
    }
  });
});

describe("revalidation: session ids", () => {
  it("only a whole kss_ id is a key: text around one is refused, and not echoed", async () => {
    const r = createRevalidator(alive, { revalidate: 300, now: () => T0 });
    for (const bad of ["xkss_a1", "Bearer kss_a1", "tk=kss_a1", "kss_a1 ", "kss_a1\n", null]) {
      for (const call of [() => r.check(bad as string), () => r.forget(bad as string)]) {
        await assert.rejects(call(), (e: unknown) => {
          assert.ok(e instanceof AuthRocketError);
          assert.equal(e.message, "revalidation: expected a managed session id (kss_…)");
          return true;
        });
      }
    }
    assert.equal(await r.check("kss_a1"), "alive");
  });
});

describe("revalidation: cached values", () => {
  it("a value trusted only when it is wholly one the revalidator writes", async () => {
    const key = "authrocket:kss:kss_a";
    for (
      const value of [
        `xa:${T0}`,
        `a:${T0}x`,
        `a:${T0}:${T0}x`,
        ` g:${T0}`,
        [`g:${T0}`],
        { toString: () => `g:${T0}` },
      ]
    ) {
      let calls = 0;
      const { cache } = mapCache([[key, value]]);
      const r = createRevalidator(() => (calls++, Promise.resolve("alive")), {
        revalidate: 300,
        cache,
        now: () => T0 + S,
      });
      assert.equal(await r.check("kss_a"), "alive", String(value));
      assert.equal(calls, 1, `${String(value)}: the API was asked`);
    }
    // What it writes itself is trusted: a "gone" of a second ago answers without the API.
    const { cache } = mapCache([[key, `g:${T0}`]]);
    const r = createRevalidator(() => Promise.reject(new Error("not asked")), {
      revalidate: 300,
      cache,
      now: () => T0 + S,
    });
    assert.equal(await r.check("kss_a"), "gone");
  });

  it("each write's TTL: alive for revalidate + maxStale, gone a day, stale until maxStale ends", async () => {
    let now = T0;
    let answer: SessionState | Error = "alive";
    const { ttls, cache } = mapCache();
    const r = createRevalidator(
      () => answer instanceof Error ? Promise.reject(answer) : Promise.resolve(answer),
      { revalidate: 300, maxStale: 300, cache, now: () => now },
    );
    await r.check("kss_a");
    now = T0 + 400.5 * S;
    answer = new Error("API down");
    assert.equal(await r.check("kss_a"), "alive", "stale");
    answer = "gone";
    await r.check("kss_b");
    assert.deepEqual(ttls, [
      [`a:${T0}`, 600],
      [`a:${T0}:${T0 + 400.5 * S}`, 200], // 600 s after the answer: 199.5 s left, rounded up
      [`g:${T0 + 400.5 * S}`, 86_400],
    ]);
  });
});

describe("revalidation: when the API cannot answer", () => {
  it("SessionCheckFailed says whether an answer was kept, and keeps the cause", async () => {
    let now = T0;
    let down = false;
    const error = new Error("API down");
    const r = createRevalidator(() => down ? Promise.reject(error) : Promise.resolve("alive"), {
      revalidate: 300,
      maxStale: 0,
      cache: mapCache().cache, // keeps the old answer past its TTL, as a store may
      now: () => now,
    });
    down = true;
    await assert.rejects(r.check("kss_a"), (e: unknown) => {
      assert.ok(e instanceof SessionCheckFailed);
      assert.equal(
        e.message,
        "could not check the session with the API; refuse it, or raise `maxStale`",
      );
      assert.equal(e.cause, error);
      return true;
    });
    down = false;
    await r.check("kss_a");
    down = true;
    now += 300 * S;
    await assert.rejects(r.check("kss_a"), (e: unknown) => {
      assert.ok(e instanceof SessionCheckFailed);
      assert.equal(
        e.message,
        "could not check the session with the API (the last answer is too old); " +
          "refuse it, or raise `maxStale`",
      );
      return true;
    });
  });

  it("a lookup's answer other than alive or gone: the cause says what it answered", async () => {
    const r = createRevalidator(() => Promise.resolve("yes" as SessionState), {
      revalidate: 300,
      now: () => T0,
    });
    await assert.rejects(r.check("kss_a"), (e: unknown) => {
      assert.ok(e instanceof SessionCheckFailed);
      assert.ok(e.cause instanceof TypeError);
      assert.equal(e.cause.message, 'lookup answered "yes", not "alive" or "gone"');
      return true;
    });
  });
});
