// The Workers adapters (src/cache/workers.ts) over in-memory stand-ins for a Cache and a KV
// namespace, in every runtime (workerd runs the real ones: tests/runtimes/cache.node.mjs): what
// each call hands the binding (the key's URL, max-age, KV's 60 s floor), what it reads back,
// and the ConfigError for a binding that is missing or lacks a method.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import {
  kvCache,
  type KvNamespaceLike,
  workersCache,
  type WorkersCacheLike,
} from "../../src/cache/workers.ts";
import { ConfigError } from "../../src/errors.ts";

/** A Cache keeping each response's body and headers by URL, with every call recorded. */
function fakeCache() {
  const stored = new Map<string, { body: string; headers: Record<string, string> }>();
  const calls: string[] = [];
  const cache: WorkersCacheLike = {
    match(req) {
      calls.push(`match ${req.url}`);
      const e = stored.get(req.url);
      return Promise.resolve(e ? new Response(e.body, { headers: e.headers }) : undefined);
    },
    async put(req, res) {
      calls.push(`put ${req.url}`);
      stored.set(req.url, {
        body: await res.text(),
        headers: Object.fromEntries(res.headers),
      });
    },
    delete(req) {
      calls.push(`delete ${req.url}`);
      return Promise.resolve(stored.delete(req.url));
    },
  };
  return { cache, stored, calls };
}

/** A KV namespace over a Map, with every put's options recorded. */
function fakeKv() {
  const stored = new Map<string, string>();
  const puts: unknown[] = [];
  const deleted: string[] = [];
  const ns: KvNamespaceLike = {
    get: (k) => Promise.resolve(stored.get(k) ?? null),
    put(k, v, o) {
      puts.push([k, v, o]);
      stored.set(k, v);
      return Promise.resolve();
    },
    delete(k) {
      deleted.push(k);
      stored.delete(k);
      return Promise.resolve();
    },
  };
  return { ns, stored, puts, deleted };
}

/** Run `fn` with `globalThis.caches` replaced by `value` (restored after). */
function withCaches<T>(value: unknown, fn: () => T): T {
  const had = Object.getOwnPropertyDescriptor(globalThis, "caches");
  Object.defineProperty(globalThis, "caches", { value, configurable: true, writable: true });
  try {
    return fn();
  } finally {
    if (had) Object.defineProperty(globalThis, "caches", had);
    else delete (globalThis as { caches?: unknown }).caches;
  }
}

const URL_OF = (key: string) => `https://authrocket-edge.cache/${encodeURIComponent(key)}`;

describe("workersCache over a Cache", () => {
  it("set puts a text/plain response under the key's URL, max-age the TTL rounded up", async () => {
    const { cache, stored, calls } = fakeCache();
    const c = workersCache(cache);
    const key = "authrocket:kss:rl 1/x:kss_a";
    assert.equal(await c.get(key), undefined);
    await c.set(key, "a:1767225600000", 299.2);
    assert.deepEqual([...stored.keys()], [URL_OF(key)]);
    assert.ok(URL_OF(key).endsWith("/authrocket%3Akss%3Arl%201%2Fx%3Akss_a"));
    assert.deepEqual(stored.get(URL_OF(key)), {
      body: "a:1767225600000",
      headers: { "content-type": "text/plain", "cache-control": "max-age=300" },
    });
    assert.equal(await c.get(key), "a:1767225600000");
    await c.delete(key);
    assert.equal(stored.size, 0);
    assert.equal(await c.get(key), undefined);
    assert.deepEqual(calls.map((l) => l.split(" ")[0]), [
      "match",
      "put",
      "match",
      "delete",
      "match",
    ]);
    assert.ok(calls.every((l) => l.endsWith(` ${URL_OF(key)}`)), calls.join("\n"));
  });

  it("a TTL under a second is kept one second (max-age=0 would not be kept at all)", async () => {
    const { cache, stored } = fakeCache();
    await workersCache(cache).set("k", "v", 0.2);
    assert.equal(stored.get(URL_OF("k"))?.headers["cache-control"], "max-age=1");
  });

  it("without an argument it takes caches.default", async () => {
    const { cache, stored } = fakeCache();
    const c = withCaches({ default: cache }, () => workersCache());
    await c.set("k", "v", 60);
    assert.equal(stored.get(URL_OF("k"))?.body, "v");
  });

  it("no Cache and no caches.default (or no caches at all): a ConfigError saying what to pass", () => {
    for (const global of [undefined, {}, { default: null }]) {
      assert.throws(() => withCaches(global, () => workersCache()), (e: unknown) => {
        assert.ok(e instanceof ConfigError);
        assert.match(e.message, /^workersCache: no Cache given and no `caches\.default`/);
        assert.match(e.message, /workersCache\(await caches\.open\("authrocket"\)\)/);
        return true;
      });
    }
  });

  it("a Cache lacking match, put or delete is a ConfigError", () => {
    const { cache } = fakeCache();
    for (const missing of ["match", "put", "delete"]) {
      const partial = { ...cache, [missing]: undefined } as unknown as WorkersCacheLike;
      assert.throws(() => workersCache(partial), ConfigError, missing);
    }
  });
});

describe("kvCache over a KV namespace", () => {
  it("get/set/delete by the key itself; null reads as undefined", async () => {
    const { ns, stored, deleted } = fakeKv();
    const c = kvCache(ns);
    assert.equal(await c.get("authrocket:kss:kss_a"), undefined);
    await c.set("authrocket:kss:kss_a", "g:1", 86_400);
    assert.deepEqual([...stored], [["authrocket:kss:kss_a", "g:1"]]);
    assert.equal(await c.get("authrocket:kss:kss_a"), "g:1");
    await c.delete("authrocket:kss:kss_a");
    assert.deepEqual(deleted, ["authrocket:kss:kss_a"]);
    assert.equal(await c.get("authrocket:kss:kss_a"), undefined);
  });

  it("expirationTtl: the TTL rounded up, at least KV's 60 s", async () => {
    const { ns, puts } = fakeKv();
    const c = kvCache(ns);
    for (const ttl of [1, 59.5, 60, 300.2]) await c.set(`k${ttl}`, "v", ttl);
    assert.deepEqual(puts.map((p) => (p as [string, string, unknown])[2]), [
      { expirationTtl: 60 },
      { expirationTtl: 60 },
      { expirationTtl: 60 },
      { expirationTtl: 301 },
    ]);
  });

  it("no namespace, or one lacking get, put or delete: a ConfigError naming the binding", () => {
    const { ns } = fakeKv();
    const bad = [
      undefined,
      null,
      ...["get", "put", "delete"].map((m) => ({ ...ns, [m]: undefined })),
    ] as unknown as KvNamespaceLike[];
    for (const b of bad) {
      assert.throws(() => kvCache(b), (e: unknown) => {
        assert.ok(e instanceof ConfigError);
        assert.equal(e.message, "kvCache: pass a KV namespace binding (env.<BINDING>)");
        return true;
      });
    }
  });
});
