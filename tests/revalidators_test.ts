// The revalidators of verifications with a client (src/revalidators.ts): shared by every client
// with the same settings, so clients and cache adapters built per request (`AuthRocket.fromEnv(env)`
// and `kvCache(env.SESSIONS)` inside `fetch`) behave as one client and one adapter built once;
// and a revalidation scope is never empty, so apps of other API keys sharing a store never answer
// for each other's sessions.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import process from "node:process";
import { AuthRocket } from "../mod.ts";
import { denoKvCache, type DenoKvLike } from "../src/cache/deno_kv.ts";
import type { SessionCache } from "../src/cache/types.ts";
import { kvCache, type KvNamespaceLike } from "../src/cache/workers.ts";
import { forgetRevalidation } from "../src/revalidators.ts";
import { claims, hs256, NOW, NOW_S, SECRET } from "./tokens.ts";
import { json, recorder, SALLY } from "./helpers.ts";
import { memoryCache } from "../cache.ts";
import { emulatorRealm, realmOf } from "./realm.ts";
import { rejections } from "./verdict.ts";

let n = 0;
async function managed(
  secret = SECRET,
  tk = `kss_share${++n}x${Math.random().toString(36).slice(2, 8)}`,
) {
  return { tk, token: await hs256(claims({ tk, exp: NOW_S + 86_400 }), secret) };
}
const alive = (id: string) => json(200, { id, object: "session", user_id: "usr_1" });
const gone = () => json(404, { errors: ["Not found"] });
const sleep = (ms: number) => new Promise((f) => setTimeout(f, ms));

/** A Workers KV namespace in memory whose reads and writes take a few ms, as KV's do. */
function slowNamespace(): KvNamespaceLike & { m: Map<string, string> } {
  const m = new Map<string, string>();
  return {
    m,
    get: async (k) => (await sleep(2 + (k.length % 3)), m.get(k) ?? null),
    put: async (k, v) => void (await sleep(3), m.set(k, v)),
    delete: async (k) => void (await sleep(1), m.delete(k)),
  };
}

/** The settings a Worker reads from `env` on every request. */
const env = (fetch: AuthRocket["config"]["fetch"], extra = {}) => ({
  url: "https://api-e1.authrocket.com/v1",
  apiKey: "ko_SHAREDKEY123",
  realm: "rl_shared",
  jwtSecret: SECRET,
  fetch,
  ...extra,
});

describe("clients and adapters built per request share revalidation", () => {
  it("200 concurrent cold verifies of one session, a new client and kvCache each: 1 API call", async () => {
    const { tk, token } = await managed();
    const api = recorder([], async () => (await sleep(15), alive(tk)));
    const ns = slowNamespace();
    const request = () =>
      new AuthRocket(env(api.fetch)).sessions.fromToken(token, {
        now: NOW,
        revalidate: 300,
        cache: kvCache(ns), // built inside `fetch`, as users write it
      });
    const sessions = await Promise.all(Array.from({ length: 200 }, request));
    assert.ok(sessions.every((s) => s?.id === tk));
    assert.equal(api.seen.length, 1, "one lookup");
    assert.equal(ns.m.size, 1);
    // Later requests (new client, new adapter) read the kept answer: no call.
    assert.ok(await request());
    assert.equal(api.seen.length, 1);
  });

  it("the default in-memory cache too: clients with the same settings share it", async () => {
    const { tk, token } = await managed();
    const api = recorder([], async () => (await sleep(10), alive(tk)));
    const request = () =>
      new AuthRocket(env(api.fetch)).sessions.fromToken(token, { now: NOW, revalidate: 300 });
    await Promise.all(Array.from({ length: 50 }, request));
    await request();
    assert.equal(api.seen.length, 1);
  });

  it("logout through one client forgets what the others kept", async () => {
    const { tk, token } = await managed();
    let deleted = false;
    const api = recorder([], () => deleted ? gone() : alive(tk));
    const ns = slowNamespace();
    const at = (s: number) =>
      new AuthRocket(env(api.fetch)).sessions.fromToken(token, {
        now: NOW + s * 1000,
        revalidate: 300,
        cache: kvCache(ns),
      });
    assert.ok(await at(0));
    deleted = true;
    await forgetRevalidation(new AuthRocket(env(api.fetch)), tk);
    assert.equal(await at(1), null, "asked again at once");
    assert.equal(api.seen.length, 2);
  });

  const deno =
    (globalThis as { Deno?: { openKv(p: string): Promise<DenoKvLike & { close(): void }> } })
      .Deno;
  if (deno) {
    it("Deno KV: a new client and denoKvCache(kv) per request, 200 concurrent cold verifies: 1 call", async () => {
      const kv = await deno.openKv(":memory:");
      try {
        const { tk, token } = await managed();
        const api = recorder([], async () => (await sleep(15), alive(tk)));
        const sessions = await Promise.all(
          Array.from(
            { length: 200 },
            () =>
              new AuthRocket(env(api.fetch)).sessions.fromToken(token, {
                now: NOW,
                revalidate: 300,
                cache: denoKvCache(kv),
              }),
          ),
        );
        assert.ok(sessions.every((s) => s?.id === tk));
        assert.equal(api.seen.length, 1);
      } finally {
        kv.close();
      }
    });
  }
});

describe("what per-request clients and adapters leave behind", () => {
  it("50,000 verifies, each with a new adapter (and client) over one binding, retain < 1 MB after GC", () => {
    const isDeno = "Deno" in globalThis;
    const script = new URL(
      `./revalidators_retained.${import.meta.url.endsWith(".js") ? "js" : "ts"}`,
      import.meta.url,
    ).pathname;
    const args = isDeno
      ? ["run", "--allow-read", "--allow-env", "--v8-flags=--expose-gc", script]
      : "Bun" in globalThis
      ? [script]
      : ["--expose-gc", script];
    const r = spawnSync(process.execPath, [...args, "50000"], {
      encoding: "utf8",
      timeout: 120_000,
    });
    assert.equal(r.status, 0, r.stderr);
    const retained: Record<string, number> = JSON.parse(r.stdout.trim().split("\n").pop()!);
    assert.deepEqual(Object.keys(retained).length, 3);
    for (const [name, bytes] of Object.entries(retained)) {
      assert.ok(bytes < 1024 * 1024, `${name}: ${(bytes / 1024).toFixed(0)} KB retained`);
    }
  });
});

describe("a revalidation scope is never empty", () => {
  it("two realm-less apps with their own API keys share a store: another app's 'gone' is not ours", async () => {
    // App A and app B verify for different realms, with different API keys, and neither names
    // its realm or account. B's owner signs a token naming A's session id.
    const tk = `kss_victim${Math.random().toString(36).slice(2, 8)}`;
    const store = new Map<string, string>();
    const cache: SessionCache = {
      get: (k) => store.get(k),
      set: (k, v) => void store.set(k, v),
      delete: (k) => void store.delete(k),
    };
    const apiA = recorder([], () => alive(tk)); // A's API key sees A's session
    const apiB = recorder([], () => gone()); // B's API key does not
    const appA = new AuthRocket(env(apiA.fetch, { realm: undefined, apiKey: "ko_APPA" }));
    const appB = new AuthRocket(
      env(apiB.fetch, { realm: undefined, apiKey: "ko_APPB", jwtSecret: "jsk_app_b_secret" }),
    );
    const forged = (await managed("jsk_app_b_secret", tk)).token;
    const { reasons, onReject } = rejections();
    const o = { now: NOW, revalidate: 300, cache, onReject };
    assert.equal(await appB.sessions.fromToken(forged, o), null);
    assert.deepEqual(reasons, ["revoked"], "B's API does not know A's session");
    const mine = (await managed(SECRET, tk)).token;
    assert.equal((await appA.sessions.fromToken(mine, o))?.id, tk, "A's user is still logged in");
    assert.equal(apiA.seen.length, 1, "A asked its own API");
    // The scopes are digests of the API keys: never the key, never empty.
    const keys = [...store.keys()];
    assert.equal(keys.length, 2);
    for (const k of keys) {
      assert.match(k, new RegExp(`^authrocket:kss:key-[0-9a-f]{32}:${tk}$`));
      assert.ok(!k.includes("ko_APP"), "no API key in a cache key");
    }
  });
});

describe("a revalidation cache shared by two realms' apps", () => {
  it("realm A's owner cannot log realm B's user out by signing a token that names B's session", async () => {
    const { emu, base, realm: a } = await emulatorRealm({ name: "A" }, { now: () => NOW });
    const { realm: b, ar: inB } = await realmOf(base, { name: "B" });
    const bob = await inB.users.createOrThrow(SALLY);
    const real = await inB.sessions.createOrThrow({ user_id: bob.id });
    const cache = memoryCache({ now: () => NOW }); // one store (say, one KV namespace) for both
    const appA = emu.client({ jwtSecret: a.jwt_key }).withRealm(a.id);
    const appB = emu.client({ jwtSecret: b.jwt_key }).withRealm(b.id);
    // Signed with A's own key, naming B's realm and B's managed session.
    const forged = await hs256(claims({ aud: b.id, tk: real.id }), a.jwt_key!);
    const { reasons: why, onReject } = rejections();
    const options = {
      now: NOW,
      revalidate: 300,
      cache,
      onReject,
    };
    assert.equal(await appA.sessions.fromToken(forged, options), null);
    assert.deepEqual(why, ["revoked"], "A's API has no such session");
    assert.ok(await appB.sessions.fromToken(real.token, options), "B's user is still logged in");
    assert.deepEqual(why, ["revoked"]);
  });
});
