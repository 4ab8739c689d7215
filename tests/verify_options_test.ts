// The verifier fails closed: an option that is not a finite number ≥ 0, or a key
// that is not HMAC SHA-256 / RSASSA-PKCS1-v1_5 SHA-256 ≥ 2048 bits able to verify, is a
// ConfigError — never a verify with a check switched off or with another hash.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { ConfigError, verifySession } from "../mod.ts";
import { b64url, claims, hs256, NOW, NOW_S, rsaKeys, SECRET } from "./tokens.ts";
import { rejections } from "./verdict.ts";

const expired = () => hs256(claims({ iat: NOW_S - 7200, exp: NOW_S - 3600 }));

describe("time options that are not finite numbers ≥ 0 are a ConfigError", () => {
  const bad: [string, Record<string, unknown>][] = [
    ["leeway NaN (Number(env.X) of an unset variable)", { leeway: Number(undefined) }],
    ["leeway Infinity", { leeway: Infinity }],
    ["leeway negative", { leeway: -1 }],
    ["leeway a string", { leeway: "5" }],
    ["within NaN", { within: NaN }],
    ["within negative", { within: -60 }],
    ["within Infinity", { within: Infinity }],
    ["now NaN", { now: NaN }],
    ["now Infinity", { now: Infinity }],
    ["now -Infinity", { now: -Infinity }],
    ["now an Invalid Date", { now: new Date("not a date") }],
    ["now a string", { now: "2026-11-28" }],
  ];
  for (const [name, extra] of bad) {
    it(name, async () => {
      const options = { jwtSecret: SECRET, now: NOW, ...extra };
      // An expired token: with the check switched off it would come back as a session.
      await assert.rejects(verifySession(await expired(), options), (e) => {
        assert.ok(e instanceof ConfigError);
        assert.match(e.message, /^(leeway|within|now) must be /);
        return true;
      });
      // Checked before the token: a missing token does not hide the misconfiguration.
      await assert.rejects(verifySession(undefined, options), ConfigError);
    });
  }

  it("the same token with valid settings is refused, and 0 is a valid leeway and within", async () => {
    assert.equal(await verifySession(await expired(), { jwtSecret: SECRET, now: NOW }), null);
    const fresh = await hs256(claims({ iat: NOW_S }));
    assert.ok(await verifySession(fresh, { jwtSecret: SECRET, now: NOW, leeway: 0, within: 0 }));
    assert.equal(
      await verifySession(fresh, { jwtSecret: SECRET, now: NOW + 1000, leeway: 0, within: 0 }),
      null,
    );
  });
});

async function hmacKey(hash: string, usages: KeyUsage[] = ["sign", "verify"]) {
  return await crypto.subtle.importKey(
    "raw",
    new TextEncoder().encode(SECRET),
    { name: "HMAC", hash },
    false,
    usages,
  );
}

/** A token whose header says `alg` but whose signature is made with `key` (any hash). */
async function signedWith(key: CryptoKey, alg: string) {
  const data = `${b64url(JSON.stringify({ alg }))}.${b64url(JSON.stringify(claims()))}`;
  const algo = key.algorithm.name === "HMAC" ? "HMAC" : key.algorithm;
  const sig = new Uint8Array(await crypto.subtle.sign(algo, key, new TextEncoder().encode(data)));
  return `${data}.${b64url(sig)}`;
}

async function rsaPair(hash: string, bits = 2048, name = "RSASSA-PKCS1-v1_5") {
  const algorithm = { name, hash, modulusLength: bits, publicExponent: new Uint8Array([1, 0, 1]) };
  return await crypto.subtle.generateKey(algorithm, true, ["sign", "verify"]) as CryptoKeyPair;
}

describe("a CryptoKey jwtSecret is checked like an imported key", () => {
  for (const hash of ["SHA-1", "SHA-384", "SHA-512"]) {
    it(`HMAC with ${hash}: ConfigError, never a token signed with ${hash} accepted`, async () => {
      const key = await hmacKey(hash);
      const token = await signedWith(key, "HS256");
      await assert.rejects(verifySession(token, { jwtSecret: key, now: NOW }), (e) => {
        assert.ok(e instanceof ConfigError);
        assert.match(e.message, new RegExp(`HMAC ${hash}.*SHA-256`));
        return true;
      });
    });
  }

  for (const hash of ["SHA-1", "SHA-512"]) {
    it(`RSASSA-PKCS1-v1_5 with ${hash}: ConfigError`, async () => {
      const { publicKey, privateKey } = await rsaPair(hash);
      const token = await signedWith(privateKey, "RS256");
      await assert.rejects(verifySession(token, { jwtSecret: publicKey, now: NOW }), ConfigError);
    });
  }

  it("an RSA CryptoKey of 1024 bits: ConfigError (too short)", async () => {
    const { publicKey, privateKey } = await rsaPair("SHA-256", 1024);
    const token = await signedWith(privateKey, "RS256");
    await assert.rejects(
      verifySession(token, { jwtSecret: publicKey, now: NOW }),
      /^ConfigError: .*too short/s,
    );
  });

  it("RSA-PSS and ECDSA keys: ConfigError", async () => {
    const pss = await rsaPair("SHA-256", 2048, "RSA-PSS");
    await assert.rejects(verifySession("a.b.c", { jwtSecret: pss.publicKey }), ConfigError);
    const ec = await crypto.subtle.generateKey({ name: "ECDSA", namedCurve: "P-256" }, true, [
      "sign",
      "verify",
    ]) as CryptoKeyPair;
    await assert.rejects(verifySession("a.b.c", { jwtSecret: ec.publicKey }), ConfigError);
  });

  it("a key that cannot verify (HMAC for sign only, an RSA private key): ConfigError", async () => {
    const signOnly = await hmacKey("SHA-256", ["sign"]);
    // A forged token (signed with another secret) must not get through such a key.
    const forged = await hs256(claims({ uid: "usr_admin" }), "jsk_attacker");
    await assert.rejects(verifySession(forged, { jwtSecret: signOnly, now: NOW }), (e) => {
      assert.ok(e instanceof ConfigError);
      assert.match(e.message, /usages \["verify"\]/);
      return true;
    });
    const { privateKey } = await rsaKeys();
    await assert.rejects(verifySession(forged, { jwtSecret: privateKey, now: NOW }), ConfigError);
  });

  it("the right keys verify: HMAC SHA-256 and RSASSA-PKCS1-v1_5 SHA-256 of 2048 bits", async () => {
    const hs = await hmacKey("SHA-256");
    assert.ok(await verifySession(await signedWith(hs, "HS256"), { jwtSecret: hs, now: NOW }));
    const verifyOnly = await hmacKey("SHA-256", ["verify"]);
    assert.ok(await verifySession(await hs256(claims()), { jwtSecret: verifyOnly, now: NOW }));
    const rs = await rsaPair("SHA-256");
    const token = await signedWith(rs.privateKey, "RS256");
    assert.ok(await verifySession(token, { jwtSecret: rs.publicKey, now: NOW }));
  });

  it("a runtime whose verify rejects refuses the token (never accepts it)", async () => {
    const token = await hs256(claims());
    const subtle = crypto.subtle as unknown as Record<string, unknown>;
    Object.defineProperty(subtle, "verify", {
      configurable: true,
      value: () => Promise.reject(new DOMException("no", "InvalidAccessError")),
    });
    try {
      const { reasons, onReject } = rejections();
      const options = { jwtSecret: SECRET, now: NOW, tokenCache: false };
      assert.equal(
        await verifySession(token, { ...options, onReject }),
        null,
      );
      assert.deepEqual(reasons, ["signature"]);
    } finally {
      delete subtle.verify;
    }
    assert.ok(await verifySession(token, { jwtSecret: SECRET, now: NOW, tokenCache: false }));
  });
});
