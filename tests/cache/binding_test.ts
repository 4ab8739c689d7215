// One adapter per underlying binding (src/cache/binding.ts): `kvCache(env.SESSIONS)`,
// `workersCache(cache)` and `denoKvCache(kv)` built inside `fetch` on every request return the
// adapter of the first, so revalidation's single flight and revalidators (keyed by the cache
// object) see one cache, as with an adapter built once; another binding (or Deno KV prefix) is
// another adapter.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { denoKvCache, type DenoKvLike } from "../../src/cache/deno_kv.ts";
import {
  kvCache,
  type KvNamespaceLike,
  workersCache,
  type WorkersCacheLike,
} from "../../src/cache/workers.ts";

const namespace = (): KvNamespaceLike => ({
  get: () => Promise.resolve(null),
  put: () => Promise.resolve(),
  delete: () => Promise.resolve(),
});
const cacheApi = (): WorkersCacheLike => ({
  match: () => Promise.resolve(undefined),
  put: () => Promise.resolve(),
  delete: () => Promise.resolve(false),
});
const denoKv = (): DenoKvLike => ({
  get: () => Promise.resolve({ value: null }),
  set: () => Promise.resolve(),
  delete: () => Promise.resolve(),
});

describe("adapters per binding", () => {
  it("the same binding gives the same adapter; another binding another", () => {
    const ns = namespace();
    assert.equal(kvCache(ns), kvCache(ns));
    assert.notEqual(kvCache(ns), kvCache(namespace()));
    const c = cacheApi();
    assert.equal(workersCache(c), workersCache(c));
    assert.notEqual(workersCache(c), workersCache(cacheApi()));
    const kv = denoKv();
    assert.equal(denoKvCache(kv), denoKvCache(kv));
    assert.equal(denoKvCache(kv), denoKvCache(kv, { prefix: "authrocket" }));
    assert.notEqual(denoKvCache(kv), denoKvCache(kv, { prefix: "app" }));
    assert.equal(denoKvCache(kv, { prefix: "app" }), denoKvCache(kv, { prefix: "app" }));
    assert.notEqual(denoKvCache(kv), denoKvCache(denoKv()));
  });

  it("an adapter per binding still reads and writes its own binding", async () => {
    const stores = [new Map<string, string>(), new Map<string, string>()];
    const [a, b] = stores.map((m): KvNamespaceLike => ({
      get: (k) => Promise.resolve(m.get(k) ?? null),
      put: (k, v) => Promise.resolve(void m.set(k, v)),
      delete: (k) => Promise.resolve(void m.delete(k)),
    }));
    await kvCache(a).set("authrocket:kss:kss_1", "a:1", 60);
    assert.equal(await kvCache(a).get("authrocket:kss:kss_1"), "a:1");
    assert.equal(await kvCache(b).get("authrocket:kss:kss_1"), undefined);
    assert.deepEqual([...stores[0].keys(), ...stores[1].keys()], ["authrocket:kss:kss_1"]);
  });
});
