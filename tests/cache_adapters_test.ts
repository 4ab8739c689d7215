// The SessionCache adapters that run here: the in-memory LRU (every runtime) and Deno KV (in
// Deno, on a real `Deno.openKv(":memory:")`; the task passes --unstable-kv). The Workers
// adapters run in workerd: tests/runtimes/cache.node.mjs.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { memoryCache } from "../src/cache/memory.ts";
import { denoKvCache } from "../src/cache/deno_kv.ts";
import type { DenoKvLike } from "../src/cache/deno_kv.ts";
import { createRevalidator } from "../src/revalidate.ts";
import { ConfigError } from "../src/errors.ts";

const T0 = Date.UTC(2026, 0, 1);

describe("memoryCache (the default)", () => {
  it("get/set/delete, expiring after the TTL by the injected clock", () => {
    let now = T0;
    const c = memoryCache({ now: () => now });
    assert.equal(c.get("k"), undefined);
    c.set("k", "v", 60);
    assert.equal(c.get("k"), "v");
    now += 59_999;
    assert.equal(c.get("k"), "v");
    now += 1;
    assert.equal(c.get("k"), undefined);
    c.set("k", "w", 60);
    c.delete("k");
    assert.equal(c.get("k"), undefined);
  });

  it("is bounded: never more than max; the ⌈max/2⌉ most recently used always kept", () => {
    const c = memoryCache({ max: 4, now: () => T0 });
    for (const k of ["a", "b", "c"]) c.set(k, k, 60);
    assert.equal(c.get("a"), "a"); // a is now the most recent
    for (const k of ["d", "e", "f", "g"]) c.set(k, k, 60);
    const held = ["a", "b", "c", "d", "e", "f", "g"].filter((k) => c.get(k) !== undefined);
    assert.ok(held.length <= 4, `held ${held}`);
    assert.ok(held.includes("f") && held.includes("g"), "the two most recent are kept");
    assert.ok(!held.includes("b"), "b, unused since it was set, is gone");
    c.set("g", "g2", 60); // overwriting keeps one entry
    assert.equal(c.get("g"), "g2");
  });

  it("refuses a max that is not a whole number ≥ 1", () => {
    for (const max of [0, -1, 1.5, NaN, Infinity]) {
      assert.throws(() => memoryCache({ max }), ConfigError);
    }
  });
});

type DenoGlobal = { openKv(path?: string): Promise<DenoKvLike & { close(): void }> };
const deno = (globalThis as { Deno?: DenoGlobal }).Deno;

// Deno KV exists only in Deno: under Bun and Node this block has nothing real to run against.
if (deno) {
  describe("denoKvCache on a real Deno KV", () => {
    it("get/set/delete under [prefix, key]; expireIn from the TTL; revalidation on top", async () => {
      assert.equal(typeof deno.openKv, "function", "Deno KV needs `deno test --unstable-kv`");
      const kv = await deno.openKv(":memory:");
      try {
        const sets: unknown[] = [];
        const spy: DenoKvLike = {
          get: (k) => kv.get(k),
          set: (k, v, o) => (sets.push([k, v, o]), kv.set(k, v, o)),
          delete: (k) => kv.delete(k),
        };
        const c = denoKvCache(spy);
        assert.equal(await c.get("authrocket:kss:kss_a"), undefined);
        await c.set("authrocket:kss:kss_a", "a:1", 300);
        assert.deepEqual(sets, [[["authrocket", "authrocket:kss:kss_a"], "a:1", {
          expireIn: 300_000,
        }]]);
        assert.equal(await c.get("authrocket:kss:kss_a"), "a:1");
        assert.equal((await kv.get(["authrocket", "authrocket:kss:kss_a"])).value, "a:1");
        await c.delete("authrocket:kss:kss_a");
        assert.equal(await c.get("authrocket:kss:kss_a"), undefined);

        let calls = 0;
        let now = T0;
        const r = createRevalidator(() => (calls++, Promise.resolve("alive")), {
          revalidate: 300,
          cache: denoKvCache(kv, { prefix: "app" }),
          now: () => now,
        });
        await r.check("kss_b");
        await r.check("kss_b");
        assert.equal(calls, 1);
        assert.equal((await kv.get(["app", "authrocket:kss:kss_b"])).value, `a:${T0}`);
        now += 300_000;
        await r.check("kss_b");
        assert.equal(calls, 2);
        await r.forget("kss_b");
        assert.equal((await kv.get(["app", "authrocket:kss:kss_b"])).value, null);
      } finally {
        kv.close();
      }
    });

    it("refuses something that is not a Deno.Kv", () => {
      assert.throws(() => denoKvCache({} as DenoKvLike), ConfigError);
    });
  });
}
