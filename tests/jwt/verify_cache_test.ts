// Hot tokens: a token this isolate verified is not verified again with the same key,
// but its exp, nbf, iat and within are checked on every call; a token that never verified
// never hits, tampering with any byte misses, and every call gets fresh records.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { ConfigError, verifySession } from "../../mod.ts";
import { TOKEN_CACHE_SIZE } from "../../src/verify.ts";
import { b64url, claims, hs256, NOW, NOW_S, SECRET, verifies } from "../tokens.ts";
import { rejections, verdict } from "../verdict.ts";

const unique = (extra: Record<string, unknown> = {}) =>
  hs256(claims({ jti: `${Math.random()}`, ...extra }));
const opts = { jwtSecret: SECRET, now: NOW };

describe("the token cache", () => {
  it("a verified token is not verified again: same result, no crypto call", async () => {
    const token = await unique();
    assert.equal(await verifies(() => verifySession(token, opts)), 1);
    let second: unknown;
    assert.equal(await verifies(async () => second = await verifySession(token, opts)), 0);
    assert.equal((second as { user_id: string }).user_id, "usr_0v1zUpWdE4IiFc2w5ynShf");
    // A fresh options object with the same secret hits as well.
    assert.equal(await verifies(() => verifySession(token, { jwtSecret: SECRET, now: NOW })), 0);
  });

  it("exp, nbf, iat and within are checked again on every hit", async () => {
    const token = await unique({ nbf: NOW_S - 20, iat: NOW_S - 10, exp: NOW_S + 60 });
    assert.ok(await verifySession(token, opts));
    const { reasons, onReject } = rejections();
    const at = (dt: number, extra = {}) =>
      verifySession(token, {
        ...opts,
        now: NOW + dt * 1000,
        onReject,
        ...extra,
      });
    const n = await verifies(async () => {
      assert.equal(await at(66), null);
      assert.equal(await at(-30), null);
      assert.equal(await at(0, { within: 5 }), null);
      assert.equal(await at(-16, { leeway: 0 }), null);
      assert.ok(await at(64));
      assert.ok(await at(0, { within: 10 }));
    });
    assert.equal(n, 0, "all from the cache");
    assert.deepEqual(reasons, ["expired", "not_yet_valid", "too_old", "issued_in_future"]);
  });

  it("a token refused for its time is still cached as verified, and accepted once valid", async () => {
    const token = await unique({ nbf: NOW_S + 100 });
    assert.equal(await verifySession(token, opts), null);
    assert.equal(
      await verifies(async () => {
        assert.ok(await verifySession(token, { ...opts, now: NOW + 100_000 }));
      }),
      0,
    );
  });

  it("a token that never verified never hits", async () => {
    const forged = await unique().then((t) =>
      t.slice(0, -4) + (t.endsWith("AAAA") ? "BBBB" : "AAAA")
    );
    assert.equal(await verifySession(forged, opts), null);
    assert.equal(
      await verifies(async () => assert.equal(await verifySession(forged, opts), null)),
      1,
    );
    const other = await unique().then((t) => hs256(claims({ t }), "jsk_other"));
    assert.equal(await verifySession(other, opts), null);
    assert.equal(await verifies(() => verifySession(other, opts)), 1);
  });

  it("tampering with any byte of a cached token misses the cache", async () => {
    const token = await unique();
    assert.ok(await verifySession(token, opts));
    for (let i = 0; i < token.length; i++) {
      const c = token[i] === "." ? "A" : token[i] === "A" ? "B" : "A";
      const tampered = token.slice(0, i) + c + token.slice(i + 1);
      let result: unknown = "unset";
      const n = await verifies(async () => result = await verifySession(tampered, opts));
      // Never served without a signature check; only the signature's unused trailing bits
      // (its last character) may change and still verify, as in jose.
      assert.ok(result === null || n === 1, `byte ${i}: accepted without a signature check`);
      assert.ok(result === null || i === token.length - 1, `byte ${i}: accepted`);
      assert.notEqual(tampered, token);
    }
    // The last character of an HS256 signature (43 characters) carries 2 unused bits.
    assert.equal(await verifies(() => verifySession(token.slice(0, -1) + "x", opts)), 1);
  });

  it("the same token with another key is verified with that key", async () => {
    const token = await unique();
    assert.ok(await verifySession(token, opts));
    const { reasons, onReject } = rejections();
    const n = await verifies(async () => {
      const other = {
        jwtSecret: "jsk_another_realm",
        now: NOW,
        onReject,
      };
      assert.equal(await verifySession(token, other), null);
    });
    assert.equal(n, 1);
    assert.deepEqual(reasons, ["signature"]);
  });

  it("records are fresh per call: no state is shared between two hits", async () => {
    const token = await unique({
      cs: { plan: "pro" },
      m: [{ p: ["admin"], oid: "org_A", o: "Acme" }],
    });
    const a = (await verifySession(token, opts))!;
    const b = (await verifySession(token, opts))!;
    const c = (await verifySession(token, opts))!;
    assert.notEqual(a, b);
    const [ua, ub, uc] = [await a.user(), await b.user(), await c.user()];
    assert.notEqual(ua, ub);
    assert.notEqual(ub.custom, uc.custom);
    (ub.custom as Record<string, unknown>).plan = "free";
    (await ub.memberships())[0].permissions.push("root");
    assert.deepEqual((await verifySession(token, opts).then((s) => s!.user())).custom, {
      plan: "pro",
    });
    const again = await (await (await verifySession(token, opts))!.user()).memberships();
    assert.deepEqual(again[0].permissions, ["admin"]);
    assert.deepEqual(uc.custom, { plan: "pro" });
  });

  it("tokenCache: false verifies every time", async () => {
    const token = await unique();
    const off = { ...opts, tokenCache: false };
    assert.ok(await verifySession(token, off));
    assert.equal(await verifies(() => verifySession(token, off)), 1);
    assert.equal(await verifies(() => verifySession(token, opts)), 1, "off did not fill it");
    assert.equal(await verifies(() => verifySession(token, opts)), 0);
  });

  it(`is bounded (${TOKEN_CACHE_SIZE} tokens by default, tokenCacheSize): recent ones kept`, async () => {
    // A cache of 8: the 4 most recently used always kept, never more than 8.
    const small = { ...opts, tokenCacheSize: 8 };
    const first = await unique();
    const kept = await unique();
    assert.ok(await verifySession(first, small));
    assert.ok(await verifySession(kept, small));
    const fill = await Promise.all(Array.from({ length: 7 }, () => unique()));
    for (const t of fill.slice(0, 3)) assert.ok(await verifySession(t, small));
    assert.ok(await verifySession(first, small)); // used again: now more recent than `kept`
    for (const t of fill.slice(3)) assert.ok(await verifySession(t, small));
    // The 4 most recent (fill[3..6]) are kept: no signature check.
    for (const t of fill.slice(3)) {
      assert.equal(await verifies(() => verifySession(t, small)), 0, "recently used: kept");
    }
    assert.equal(await verifies(() => verifySession(kept, small)), 1, "unused since: dropped");
    // The default cache is another one: these tokens are not in it.
    assert.equal(await verifies(() => verifySession(fill[6], opts)), 1);
    assert.equal(TOKEN_CACHE_SIZE, 2048);
  });
});

describe("the token cache against forgeries", () => {
  it("a token that never verified cannot ride on a cached one (one byte of its signature changed)", async () => {
    const good = await hs256(claims({ un: "cache-forge" }));
    assert.equal(await verdict(good), "accepted"); // now cached
    const last = good.at(-1)!;
    const forged = good.slice(0, -1) + (last === "A" ? "B" : "A");
    assert.equal(await verdict(forged), "signature");
    // Same signature on another payload: a miss, then refused.
    const [h, , sig] = good.split(".");
    const other = `${h}.${b64url(JSON.stringify(claims({ un: "admin" })))}.${sig}`;
    assert.equal(await verdict(other), "signature");
  });

  it("a cached token is refused under another key, and re-checks exp, nbf and within on every hit", async () => {
    const t = await hs256(claims({ un: "cache-times", nbf: NOW_S - 30 }));
    assert.equal(await verdict(t), "accepted");
    assert.equal(await verdict(t, { jwtSecret: "jsk_AnotherRealmSecret0000000000" }), "signature");
    assert.equal(await verdict(t, { now: NOW + 2 * 3600_000 }), "expired");
    assert.equal(await verdict(t, { now: NOW - 3600_000 }), "not_yet_valid");
    assert.equal(await verdict(t, { within: 30 }), "too_old");
    assert.equal(await verdict(t), "accepted");
  });

  it("options that would switch a check off fail closed on a cache hit too", async () => {
    const t = await hs256(claims({ un: "cache-config" }));
    assert.equal(await verdict(t), "accepted");
    for (
      const bad of [
        { leeway: NaN },
        { leeway: -1 },
        { within: NaN },
        { within: -5 },
        { within: Infinity },
        { now: new Date(NaN) },
        { now: Infinity },
      ]
    ) {
      await assert.rejects(verdict(t, bad), ConfigError, JSON.stringify(bad));
    }
  });
});
