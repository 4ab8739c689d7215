// The verification keys' caches (src/jwt/keys.ts): a key is imported once and then reused, across
// options objects and clients; the cache is bounded by keyCacheSize, least recently used first; a
// failed import is not kept, an evicted import is not put back, a CryptoKey keeps one identity.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { AuthRocket, ConfigError, verifySession } from "../../mod.ts";
import {
  claims,
  hmacKey,
  hs256,
  keyImportCount,
  NOW,
  rs256,
  rsaKeys,
  verifies,
} from "../tokens.ts";
import { verifyToken } from "../../src/jwt/verify.ts";
import { outcome } from "../verdict.ts";

describe("key caches", () => {
  it("an import that failed is not kept: the next call imports again", async () => {
    // Base64 of a whole number of bytes that is no SPKI: the import is tried, and fails.
    const body = `AAAA${Math.random().toString(36).replace(/[^a-z]/g, "")}`;
    const bad = `-----BEGIN PUBLIC KEY-----\n${
      body.padEnd(Math.ceil(body.length / 4) * 4, "A")
    }\n-----END PUBLIC KEY-----`;
    const before = keyImportCount();
    await assert.rejects(verifySession("a.b.c", { jwtSecret: bad }), ConfigError);
    await assert.rejects(verifySession("a.b.c", { jwtSecret: bad }), ConfigError);
    assert.equal(keyImportCount() - before, 2);
  });

  it("a string secret never shares a cache entry with a JWK, even one spelled like its key", async () => {
    const k = btoa(`oct-${Math.random()}`).replace(/=+$/, "");
    const oct = { kty: "oct", k };
    const byJwk = await hs256(claims(), atob(k));
    assert.equal(await outcome(byJwk, { jwtSecret: oct }), "accepted");
    const spelled = `\0${JSON.stringify(oct)}`; // what the JWK's cache entry is filed under
    assert.equal(await outcome(byJwk, { jwtSecret: spelled, tokenCache: false }), "refused");
    assert.equal(await outcome(byJwk, { jwtSecret: spelled }), "refused", "nor its tokens");
  });

  it("a key evicted while it is being imported is not put back when the import settles", async () => {
    const secrets = Array.from({ length: 5 }, (_, i) => `jsk_evict_${i}_${Math.random()}`);
    const small = { keyCacheSize: 4 }; // the 2 most recent kept, never more than 4
    const before = keyImportCount();
    // All 5 imports start at once: the 5th evicts the first while it is still a promise.
    await Promise.all(secrets.map((jwtSecret) => verifySession("a.b.c", { jwtSecret, ...small })));
    assert.equal(keyImportCount() - before, 5);
    await verifySession("a.b.c", { jwtSecret: secrets[4], ...small });
    assert.equal(keyImportCount() - before, 5, "the last one is cached");
    await verifySession("a.b.c", { jwtSecret: secrets[0], ...small });
    assert.equal(keyImportCount() - before, 6, "the first was evicted, and stayed out");
  });

  it("once imported, a key and a cached token verify synchronously (no promise)", async () => {
    const secret = `jsk_sync_${Math.random()}`;
    const token = await hs256(claims(), secret);
    const first = verifyToken(token, { jwtSecret: secret, now: NOW });
    assert.ok(first instanceof Promise);
    assert.equal(typeof (await first), "object");
    // A fresh options object: the key comes from the key cache, the token from the token cache.
    const again = verifyToken(token, { jwtSecret: secret, now: NOW });
    assert.ok(!(again instanceof Promise), "a hit needs no await");
    assert.equal((again as Record<string, unknown>).uid, claims().uid);
  });

  it("a CryptoKey keeps one identity: its cached tokens hit", async () => {
    const key = await hmacKey("verify");
    const token = await hs256(claims({ jti: `ck_${Math.random()}` }));
    assert.equal(await verifies(() => outcome(token, { jwtSecret: key })), 1);
    assert.equal(await verifies(() => outcome(token, { jwtSecret: key })), 0);
    const sync = verifyToken(token, { jwtSecret: key, now: NOW });
    assert.ok(!(sync instanceof Promise));
  });

  it("keys are imported once: 1,000 verifies, at most one import per key", async () => {
    const secret = "jsk_cache_test_" + Math.random().toString(36).slice(2);
    const token = await hs256(claims(), secret);
    const before = keyImportCount();
    for (let i = 0; i < 1000; i++) {
      assert.ok(await verifySession(token, { jwtSecret: secret, now: NOW }));
    }
    assert.equal(keyImportCount() - before, 1);
    const { privateKey, pem } = await rsaKeys();
    const rt = await rs256(claims(), privateKey);
    const b2 = keyImportCount();
    await Promise.all(
      Array.from({ length: 100 }, () => verifySession(rt, { jwtSecret: pem, now: NOW })),
    );
    assert.equal(keyImportCount() - b2, 1, "concurrent first verifies share one import");
  });

  it("a reused options object notices a replaced jwtSecret; a client shares the cached key", async () => {
    const a = `jsk_handle_a_${Math.random()}`;
    const b = `jsk_handle_b_${Math.random()}`;
    const ta = await hs256(claims(), a);
    const tb = await hs256(claims(), b);
    const o: { jwtSecret: string; now: number } = { jwtSecret: a, now: NOW };
    assert.ok(await verifySession(ta, o));
    assert.ok(await verifySession(ta, o));
    o.jwtSecret = b;
    assert.equal(await verifySession(ta, o), null, "the old secret's key is not reused");
    assert.ok(await verifySession(tb, o));
    const ar = new AuthRocket({ jwtSecret: a });
    const before = keyImportCount();
    for (let i = 0; i < 100; i++) assert.ok(await ar.sessions.fromToken(ta, { now: NOW }));
    assert.equal(keyImportCount() - before, 0, "the client shares the cached key");
    assert.equal(await ar.sessions.fromToken(tb, { now: NOW }), null);
  });

  it("the key cache is bounded (keyCacheSize): the least recently used goes, the recent stay", async () => {
    const small = { keyCacheSize: 4 }; // the 2 most recent kept, never more than 4
    const base = keyImportCount();
    const secrets = Array.from({ length: 5 }, (_, i) => `jsk_lru_${i}_${Math.random()}`);
    for (const s of secrets) await verifySession("a.b.c", { jwtSecret: s, ...small });
    assert.equal(keyImportCount() - base, 5);
    await verifySession("a.b.c", { jwtSecret: secrets[4], ...small });
    await verifySession("a.b.c", { jwtSecret: secrets[3], ...small });
    assert.equal(keyImportCount() - base, 5, "recent keys still cached");
    await verifySession("a.b.c", { jwtSecret: secrets[0], ...small });
    assert.equal(keyImportCount() - base, 6, "the oldest was evicted");
  });

  it("recency counts from the last use: a key used again is kept over one that was not", async () => {
    const small = { keyCacheSize: 4 };
    const hot = `jsk_hot_${Math.random()}`;
    const cold = `jsk_cold_${Math.random()}`;
    await verifySession("a.b.c", { jwtSecret: hot, ...small });
    await verifySession("a.b.c", { jwtSecret: cold, ...small });
    await verifySession("a.b.c", { jwtSecret: hot, ...small }); // now more recent than cold
    await verifySession("a.b.c", { jwtSecret: `jsk_fill_${Math.random()}`, ...small });
    const base = keyImportCount();
    await verifySession("a.b.c", { jwtSecret: hot, ...small });
    assert.equal(keyImportCount() - base, 0, "hot is still cached");
    await verifySession("a.b.c", { jwtSecret: cold, ...small });
    assert.equal(keyImportCount() - base, 1, "cold, the least recently used, was evicted");
  });
});
