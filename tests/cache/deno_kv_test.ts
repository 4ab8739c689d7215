// denoKvCache (src/cache/deno_kv.ts) over a stand-in database, in every runtime: a database
// lacking a method is refused when the adapter is made, not at the first logout; a TTL under a
// second is kept a second; a value that is not a string (another program's entry under the
// prefix) reads as absent. Then, in Deno only, over a real `Deno.openKv(":memory:")` (the task
// passes --unstable-kv). The Workers adapters run in workerd: tests/runtimes/cache.node.mjs.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { denoKvCache, type DenoKvLike } from "../../src/cache/deno_kv.ts";
import { ConfigError } from "../../src/errors.ts";
import { createRevalidator } from "../../src/revalidate.ts";

const T0 = Date.UTC(2026, 0, 1);

function fakeKv() {
  const stored = new Map<string, unknown>();
  const sets: unknown[] = [];
  const kv: DenoKvLike = {
    get: (k) => Promise.resolve({ value: stored.get(k.join("/")) ?? null }),
    set(k, v, o) {
      sets.push(o);
      stored.set(k.join("/"), v);
      return Promise.resolve();
    },
    delete: (k) => Promise.resolve(void stored.delete(k.join("/"))),
  };
  return { kv, stored, sets };
}

describe("denoKvCache", () => {
  it("no database, or one lacking get, set or delete: a ConfigError saying what to pass", () => {
    const { kv } = fakeKv();
    const bad = [
      undefined,
      null,
      ...["get", "set", "delete"].map((m) => ({ ...kv, [m]: undefined })),
    ] as unknown as DenoKvLike[];
    for (const b of bad) {
      assert.throws(() => denoKvCache(b), (e: unknown) => {
        assert.ok(e instanceof ConfigError);
        assert.equal(
          e.message,
          "denoKvCache: pass a Deno KV database (what `openKv()` resolves to)",
        );
        return true;
      });
    }
  });

  it("expireIn: the TTL in ms, at least a second; a value not a string reads as absent", async () => {
    const { kv, stored, sets } = fakeKv();
    const c = denoKvCache(kv, { prefix: "p" });
    await c.set("k", "v", 0.5);
    await c.set("k", "v", 90);
    assert.deepEqual(sets, [{ expireIn: 1000 }, { expireIn: 90_000 }]);
    assert.equal(await c.get("k"), "v");
    stored.set("p/k", 42);
    assert.equal(await c.get("k"), undefined);
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
