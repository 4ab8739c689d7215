// The JWT core over production's range (src/jwt/verify.ts, src/jwt/keys.ts): many realms
// through key and token caches far smaller than the working set — an evicted key or token never
// refuses a valid token nor accepts an invalid one, past the bound a key is imported again —;
// the caches keyed by the secret itself, so a new options object per call costs what a reused
// one does; `leeway`'s ceiling; the cache bounds as settings; the core's own reasons.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import {
  ConfigError,
  type RejectReason,
  type TokenRejectReason,
  verifySession,
} from "../../mod.ts";
import { MAX_LEEWAY, verifyToken } from "../../src/jwt/verify.ts";
import { claims, hs256, keyImportCount, NOW, NOW_S, rs256, rsaKeys, verifies } from "../tokens.ts";
import { mapWrites } from "../helpers.ts";
import { rejections } from "../verdict.ts";

const run = Math.random().toString(36).slice(2, 8);

/** R realms: a secret, a token of its own, a forgery (another realm's key) and an expired one. */
async function realms(n: number, tag: string) {
  return await Promise.all(Array.from({ length: n }, async (_, i) => {
    const secret = `jsk_${tag}_${run}_${i}`;
    const c = claims({ uid: `usr_${i}`, aud: `rl_${i}` });
    return {
      secret,
      token: await hs256(c, secret),
      forged: await hs256(c, `jsk_${tag}_${run}_${(i + 1) % n}`),
      expired: await hs256({ ...c, exp: NOW_S - 60 }, secret),
    };
  }));
}

describe("over capacity: every verdict right, whatever was evicted", () => {
  it("HS256: 40 realms through a key cache of 4 and a token cache of 6, rounds in two orders", async () => {
    const rs = await realms(40, "hs");
    const small = { keyCacheSize: 4, tokenCacheSize: 6, now: NOW };
    const before = keyImportCount();
    const order = rs.map((_, i) => i);
    const shuffled = order.map((i) => (i * 17) % rs.length);
    for (const seq of [order, order, shuffled, shuffled.slice().reverse()]) {
      for (const i of seq) {
        const { secret, token, forged, expired } = rs[i];
        const { reasons, onReject } = rejections();
        const o = { ...small, jwtSecret: secret, onReject };
        assert.equal((await verifySession(token, o))?.user_id, `usr_${i}`, `realm ${i}`);
        assert.equal(await verifySession(forged, o), null, `forged for realm ${i}`);
        assert.equal(await verifySession(expired, o), null, `expired in realm ${i}`);
        assert.equal((await verifySession(token, o))?.user_id, `usr_${i}`, `realm ${i}, again`);
        assert.deepEqual(reasons, ["signature", "expired"]);
      }
    }
    // Past the bound a key is imported again: never more than once per use, never refused.
    const imports = keyImportCount() - before;
    assert.ok(imports > 40 && imports <= 4 * 40, `${imports} imports`);
  });

  it("RS256 PEM: 12 realms (4 keys, 3 spellings each) through a key cache of 2", async () => {
    const keys = await Promise.all(Array.from({ length: 4 }, () => rsaKeys()));
    const rs = await Promise.all(Array.from({ length: 12 }, async (_, i) => {
      const k = keys[i % 4];
      const spelling = Math.floor(i / 4); // distinct strings, each its own cache entry
      const pem = spelling === 0
        ? k.pem
        : spelling === 1
        ? k.pem.replace(/\n/g, "\r\n")
        : k.pem.replace(/\n/g, "\n\n");
      const c = claims({ uid: `usr_${i}`, aud: `rl_${i}` });
      return {
        pem,
        token: await rs256(c, k.privateKey),
        forged: await rs256(c, keys[(i + 1) % 4].privateKey),
      };
    }));
    const small = { keyCacheSize: 2, tokenCacheSize: 3, now: NOW };
    const before = keyImportCount();
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < rs.length; i++) {
        const j = round === 2 ? (i * 5) % rs.length : i;
        const o = { ...small, jwtSecret: rs[j].pem };
        assert.equal((await verifySession(rs[j].token, o))?.user_id, `usr_${j}`);
        assert.equal(await verifySession(rs[j].forged, o), null);
      }
    }
    assert.ok(keyImportCount() - before > 12, "keys were evicted and imported again");
  });

  it("a key evicted and imported again still finds the tokens it verified (no second signature check)", async () => {
    const [a, ...others] = await realms(4, "evicted");
    const small = { keyCacheSize: 2, now: NOW };
    assert.ok(await verifySession(a.token, { ...small, jwtSecret: a.secret }));
    for (const o of others) await verifySession(o.token, { ...small, jwtSecret: o.secret });
    const before = keyImportCount();
    const n = await verifies(async () => {
      assert.ok(await verifySession(a.token, { ...small, jwtSecret: a.secret }));
    });
    assert.equal(keyImportCount() - before, 1, "imported again");
    assert.equal(n, 0, "its token is still known as verified with that secret");
  });
});

describe("keyed by the secret: a new options object per call costs what a reused one does", () => {
  it("a hot token with fresh options objects: synchronous, no import, no signature check, no cache write", async () => {
    const [r] = await realms(1, "fresh");
    await verifySession(r.token, { jwtSecret: r.secret, now: NOW });
    const before = keyImportCount();
    let results: unknown[] = [];
    const n = await verifies(() => {
      const writes = mapWrites(() => {
        results = Array.from(
          { length: 100 },
          () => verifyToken(r.token, { jwtSecret: r.secret, now: NOW, within: 3600 }),
        );
      });
      assert.equal(writes, 0, "a hit moves nothing (no delete + re-insert of the key or token)");
      return Promise.resolve();
    });
    assert.equal(n, 0);
    assert.equal(keyImportCount(), before);
    for (const c of results) assert.equal((c as { uid: string }).uid, "usr_0");
  });
});

describe("leeway has a ceiling", () => {
  it(`above ${MAX_LEEWAY} s it is a ConfigError (1e12 would switch expiry off); up to it, a tolerance`, async () => {
    const [r] = await realms(1, "leeway");
    const day = await hs256(claims({ exp: NOW_S - 86_400 }), r.secret);
    for (const leeway of [1e12, 86_400, MAX_LEEWAY + 1]) {
      await assert.rejects(
        verifySession(day, { jwtSecret: r.secret, now: NOW, leeway }),
        (e) =>
          e instanceof ConfigError &&
          /^leeway must be a finite number of seconds from 0 to 300 \(got /.test(e.message),
      );
    }
    assert.equal(await verifySession(day, { jwtSecret: r.secret, now: NOW, leeway: 300 }), null);
    const recent = await hs256(claims({ exp: NOW_S - 299 }), r.secret);
    assert.ok(await verifySession(recent, { jwtSecret: r.secret, now: NOW, leeway: 300 }));
  });
});

describe("the caches' bounds are settings", () => {
  it("keyCacheSize and tokenCacheSize: whole numbers ≥ 1, else a ConfigError", async () => {
    for (const bad of [0, -1, 1.5, NaN, Infinity, "5"]) {
      for (const name of ["keyCacheSize", "tokenCacheSize"]) {
        await assert.rejects(
          verifySession("a.b.c", { jwtSecret: "jsk_x", [name]: bad }),
          (e) => e instanceof ConfigError && e.message.startsWith(`${name} must be a whole number`),
        );
      }
    }
  });

  it("calls with the same bounds share their caches; other bounds are other caches", async () => {
    const [r] = await realms(1, "bounds");
    const before = keyImportCount();
    await verifySession(r.token, { jwtSecret: r.secret, now: NOW, keyCacheSize: 3 });
    await verifySession(r.token, { jwtSecret: r.secret, now: NOW, keyCacheSize: 3 });
    assert.equal(keyImportCount() - before, 1);
    await verifySession(r.token, { jwtSecret: r.secret, now: NOW, keyCacheSize: 5 });
    assert.equal(keyImportCount() - before, 2);
  });
});

describe("the JWT core's reasons are its own", () => {
  it("the core never says revoked or unchecked; the session layer's RejectReason adds them", () => {
    const core: TokenRejectReason[] = ["missing", "malformed", "signature", "too_old"];
    const all: RejectReason[] = [...core, "revoked", "unchecked"];
    // @ts-expect-error: only the session layer revokes (deno check fails if this type-checks)
    const revoked: TokenRejectReason = "revoked";
    assert.equal(all.length - core.length, 2);
    assert.equal(revoked, "revoked");
  });
});
