// The Workers cache adapters in workerd (through miniflare): the Cache API (`caches.default`)
// and a KV namespace, each driven directly and under createRevalidator with an injected clock.
// The Worker is bundled from the build's `./cache` entry, as a user's tooling would.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { Miniflare } from "miniflare";
import { bundle } from "../../scripts/bundle.mjs";
import { claims, hs256, NOW, NOW_S, SECRET } from "../../npm/esm/tests/tokens.js";

const T0 = Date.UTC(2026, 0, 1);

// Each route runs one scenario inside workerd and answers what it saw as JSON.
const WORKER = `
import { createRevalidator, kvCache, workersCache } from "./npm/esm/cache.js";
import { AuthRocket } from "./npm/esm/mod.js";
const T0 = ${T0};

// The API a Worker's client asks (sessions.retrieve), slow enough that requests overlap.
const calls = { "/shared/kv": 0, "/shared/cache-api": 0 };
const apiFetch = (path) => async () => {
  calls[path]++;
  await new Promise((f) => setTimeout(f, 20));
  return Response.json({ id: "kss_shared1", object: "session", user_id: "usr_1" });
};

async function scenario(cache, raw) {
  const seen = {};
  seen.empty = (await cache.get("authrocket:kss:kss_a")) ?? null;
  await cache.set("authrocket:kss:kss_a", "a:1", 5);
  seen.afterSet = (await cache.get("authrocket:kss:kss_a")) ?? null;
  seen.raw = await raw("authrocket:kss:kss_a");
  await cache.delete("authrocket:kss:kss_a");
  seen.afterDelete = (await cache.get("authrocket:kss:kss_a")) ?? null;

  let now = T0, calls = 0, gone = false;
  const lookup = async () => (calls++, gone ? "gone" : "alive");
  const r = createRevalidator(lookup, { revalidate: 300, cache, now: () => now });
  const states = await Promise.all(Array.from({ length: 20 }, () => r.check("kss_b")));
  seen.concurrent = { states: [...new Set(states)], calls };
  seen.stored = (await cache.get("authrocket:kss:kss_b")) ?? null;
  gone = true;
  now = T0 + 299_000;
  seen.at299 = await r.check("kss_b");
  now = T0 + 300_000;
  seen.at300 = await r.check("kss_b");
  seen.calls = calls;
  await r.forget("kss_b");
  seen.afterForget = (await cache.get("authrocket:kss:kss_b")) ?? null;
  return seen;
}

export default {
  async fetch(req, env) {
    const path = new URL(req.url).pathname;
    if (path === "/cache-api") {
      const cache = workersCache(); // caches.default
      const raw = async (key) => {
        const r = await caches.default.match(
          "https://authrocket-edge.cache/" + encodeURIComponent(key),
        );
        return r ? { body: await r.text(), cacheControl: r.headers.get("cache-control") } : null;
      };
      return Response.json(await scenario(cache, raw));
    }
    if (path === "/kv") {
      const raw = async (key) => {
        const { keys } = await env.SESSIONS.list({ prefix: key });
        const k = keys.find((x) => x.name === key);
        return k ? { ttl: Math.round(k.expiration - Date.now() / 1000) } : null;
      };
      return Response.json(await scenario(kvCache(env.SESSIONS), raw));
    }
    if (path === "/shared/kv" || path === "/shared/cache-api") {
      // What users write: the client and the adapter built inside fetch, on every request.
      const ar = AuthRocket.fromEnv(env, { fetch: apiFetch(path) });
      const session = await ar.sessions.fromToken(req.headers.get("authorization").slice(7), {
        now: Number(req.headers.get("x-now")),
        revalidate: 300,
        cache: path === "/shared/kv" ? kvCache(env.SESSIONS) : workersCache(),
      });
      return Response.json({ id: session?.id ?? null });
    }
    if (path === "/calls") return Response.json(calls);
    return new Response("not found", { status: 404 });
  },
};`;

describe("workerd: the Workers cache adapters", () => {
  let mf;
  before(async () => {
    const script = await bundle(WORKER);
    mf = new Miniflare({
      modules: true,
      compatibilityDate: "2025-01-01",
      script,
      kvNamespaces: ["SESSIONS"],
      bindings: {
        AUTHROCKET_URL: "https://api-e1.authrocket.com/v1",
        AUTHROCKET_API_KEY: "ko_WORKERDKEY",
        AUTHROCKET_REALM: "rl_workerd",
        AUTHROCKET_JWT_SECRET: SECRET,
      },
    });
  });
  after(() => mf?.dispose());

  const expectRevalidation = (seen) => {
    assert.equal(seen.empty, null);
    assert.equal(seen.afterSet, "a:1");
    assert.equal(seen.afterDelete, null);
    assert.deepEqual(seen.concurrent, { states: ["alive"], calls: 1 }, "single flight");
    assert.equal(seen.stored, `a:${T0}`, "the value carries the timestamp of the answer");
    assert.equal(seen.at299, "alive", "fresh: from the cache");
    assert.equal(seen.at300, "gone", "expired: the API's new answer");
    assert.equal(seen.calls, 2);
    assert.equal(seen.afterForget, null);
  };

  it("Cache API (caches.default): a Response under a synthetic URL from the key, max-age = TTL", async () => {
    const seen = await (await mf.dispatchFetch("https://app.example/cache-api")).json();
    assert.deepEqual(seen.raw, { body: "a:1", cacheControl: "max-age=5" });
    expectRevalidation(seen);
  });

  it("Workers KV: get/put/delete on the binding, expirationTtl raised to KV's minimum of 60 s", async () => {
    const seen = await (await mf.dispatchFetch("https://app.example/kv")).json();
    // Asked for 5 s; KV refuses under 60. (Measured with the Worker's own clock.)
    assert.ok(seen.raw && Math.abs(seen.raw.ttl - 60) <= 2, JSON.stringify(seen.raw));
    expectRevalidation(seen);
  });

  for (
    const [name, path] of [["Workers KV", "/shared/kv"], ["caches.default", "/shared/cache-api"]]
  ) {
    it(`${name}: 200 concurrent cold requests, a client and an adapter built in each: 1 API call`, async () => {
      const token = await hs256(claims({ tk: "kss_shared1", exp: NOW_S + 86_400 }));
      const request = () =>
        mf.dispatchFetch(`https://app.example${path}`, {
          headers: { authorization: `Bearer ${token}`, "x-now": String(NOW) },
        }).then((r) => r.json());
      const answers = await Promise.all(Array.from({ length: 200 }, request));
      assert.deepEqual([...new Set(answers.map((a) => a.id))], ["kss_shared1"]);
      const calls = await (await mf.dispatchFetch("https://app.example/calls")).json();
      assert.equal(calls[path], 1, JSON.stringify(calls));
    });
  }
});
