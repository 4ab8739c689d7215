// denoKvCache (src/cache/deno_kv.ts) over a stand-in database, in every runtime (Deno's real
// one: tests/cache_adapters_test.ts): a database lacking a method is refused when the adapter
// is made, not at the first logout; a TTL under a second is kept a second; a value that is not a
// string (another program's entry under the prefix) reads as absent.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { denoKvCache, type DenoKvLike } from "../../src/cache/deno_kv.ts";
import { ConfigError } from "../../src/errors.ts";

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
