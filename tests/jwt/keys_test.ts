// The verification keys (src/jwt/keys.ts), each edge pinned by a test that fails when one operator
// or literal changes: every form a key may take (jsk_ string at the 256-character boundary, bare
// or armoured PEM, padded base64, private PEM refused, JWK public and private, oct JWK,
// CryptoKey), the algorithm each key pins, and the ConfigError each refusal gives, never holding
// the key. Their caches: tests/jwt/keys_cache_test.ts.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { AuthRocket, ConfigError, verifySession } from "../../mod.ts";
import {
  b64url,
  claims,
  hmacKey,
  hs256,
  keyImportCount,
  NOW,
  rs256,
  rsaKeys,
  rsaPem,
  SECRET,
  signRaw,
} from "../tokens.ts";
import { outcome, verdict } from "../verdict.ts";

let pair: ReturnType<typeof rsaKeys> | undefined;
/** One RSA 2048 pair for the whole file (generating one costs a second on a busy machine). */
const keys = () => pair ??= rsaKeys();

const opts = { jwtSecret: SECRET, now: NOW };

describe("key forms", () => {
  it("a string secret of 256 characters is an HMAC secret; 257 without armour is taken as RSA", async () => {
    const s256 = "jsk_" + "k".repeat(252);
    assert.equal(await outcome(await hs256(claims(), s256), { jwtSecret: s256 }), "accepted");
    const s257 = s256 + "k";
    const message = await outcome(await hs256(claims(), s257), { jwtSecret: s257 });
    assert.equal(message, "The JWT key is not a valid PEM", "as RSA, its _ is not base64");
  });

  it("a private key PEM is refused as such, whatever its label; the message holds no key", async () => {
    for (const label of ["PRIVATE KEY", "RSA PRIVATE KEY", "ENCRYPTED PRIVATE KEY"]) {
      const pem =
        `-----BEGIN ${label}-----\nMIIBOgIBAAJBAKj34GkxFhD90vcNLYLInFEX6Ppy1tPf9Cnzj4p4WGeKLs1Pt8Qu\n-----END ${label}-----`;
      const message = await outcome("a.b.c", { jwtSecret: pem });
      assert.equal(message, "jwtSecret must be the realm's public key, not a private key");
    }
  });

  it("a PEM body that is not standard base64 is not a valid PEM (no base64url, no stray =)", async () => {
    const { pem } = await keys();
    const body = pem.split("\n").slice(1, -2).join("");
    for (const bad of [body.replace(/[A-Za-z]/, "-"), body.replace(/[A-Za-z]/, "_"), "=" + body]) {
      const broken = `-----BEGIN PUBLIC KEY-----\n${bad}\n-----END PUBLIC KEY-----`;
      assert.equal(await outcome("a.b.c", { jwtSecret: broken }), "The JWT key is not a valid PEM");
    }
    const last = body.replace(/[A-Za-z](?=[^A-Za-z]*$)/, "_"); // the body's last letter
    const tail = `-----BEGIN PUBLIC KEY-----\n${last}\n-----END PUBLIC KEY-----`;
    assert.equal(await outcome("a.b.c", { jwtSecret: tail }), "The JWT key is not a valid PEM");
    // Line breaks of any kind and trailing padding are part of a PEM.
    const crlf = pem.replace(/\n/g, "\r\n");
    assert.equal(
      await outcome(await rs256(claims(), (await keys()).privateKey), { jwtSecret: crlf }),
      "accepted",
    );
  });

  it("JWKs: an RSA public JWK, its private JWK (verifies as its public half, one import), an oct JWK", async () => {
    const { privateKey, jwk } = await keys();
    const token = await rs256(claims(), privateKey);
    // A private JWK as a file holds it (WebCrypto's export adds key_ops ["sign"]: left out).
    const { d, p, q, dp, dq, qi } = await crypto.subtle.exportKey("jwk", privateKey);
    const full = { ...jwk, d, p, q, dp, dq, qi };
    assert.ok(full.d && full.p && full.q && full.dp && full.dq && full.qi, "a private JWK");
    const before = keyImportCount();
    assert.equal(await outcome(token, { jwtSecret: { ...jwk } }), "accepted");
    assert.equal(await outcome(token, { jwtSecret: { ...full } }), "accepted");
    assert.equal(keyImportCount() - before, 1, "the private JWK is keyed by its public members");
    // As WebCrypto exports it, key_ops ["sign"] and all: still verifies, as its public half.
    const exported = await crypto.subtle.exportKey("jwk", privateKey);
    assert.deepEqual(exported.key_ops, ["sign"]);
    assert.equal(await outcome(token, { jwtSecret: exported }), "accepted");
    const raw = new TextEncoder().encode(SECRET);
    const oct = {
      kty: "oct",
      k: btoa(String.fromCharCode(...raw)).replace(/\+/g, "-").replace(/\//g, "_").replace(
        /=+$/,
        "",
      ),
    };
    assert.equal(await outcome(await hs256(claims()), { jwtSecret: oct }), "accepted");
    assert.equal(await outcome(token, { jwtSecret: oct }), "refused");
    assert.equal(
      await outcome(token, { jwtSecret: { kty: "EC", crv: "P-256", x: "AA", y: "AA" } }),
      "Unsupported JWK for jwtSecret (need kty RSA or oct)",
    );
    assert.equal(
      await outcome(token, { jwtSecret: { kty: "RSA", n: "AQAB" } }),
      "Unable to import the JWT key (jwtSecret / AUTHROCKET_JWT_SECRET)",
    );
  });
});

/** A 2080-bit RSA public key: its 298-byte SPKI ends in "==" (fixed, made once with WebCrypto). */
const PEM_2080 = [
  "-----BEGIN PUBLIC KEY-----",
  "MIIBJjANBgkqhkiG9w0BAQEFAAOCARMAMIIBDgKCAQUA7oYR2nryiuRLqZXcr+lf",
  "RYsqu33RX50aryZW7CUluv21q4mDU6COmd514Oz3Wtg2hOEISI23RmtXHUAER40u",
  "WGO1/tZxFD5wRqImsCoXeVqXWQwWdeXBdpzlvAU9tCSYq3/cw7673erNSpf4GFQh",
  "mX5IJod6ArKjyKcLD7kRPcRclTSM3bjAmFz2iM3tDNVG6kAZbgdwir0ulI8qasMA",
  "w+s77fLAIYclytrAND0mmv4pnWmE49d8y8A8au14gWI+CyVrrCbeMoDsENuJGI6O",
  "IjvJYlefl2c7zO6/n7EbWvZJeSZR8zdVgkp0ve0RktCCUjtW4ZfFHUHfwf7MAMjC",
  "h9mXSXMCAwEAAQ==",
  "-----END PUBLIC KEY-----",
].join("\n");
/** claims() signed RS256 by that key's private half (valid at NOW). */
const TOKEN_2080 = [
  "eyJhbGciOiJSUzI1NiJ9.eyJ1aWQiOiJ1c3JfMHYxelVwV2RFNElpRmMydzV5blNoZiIsImF1ZCI6InJsXzB2MXpVc",
  "FdkRTRJaUZjMnc1eW5TYWEiLCJ1biI6InNhbGx5IiwiZm4iOiJTYWxseSIsImxuIjoiU3VlIiwibiI6IlNhbGx5IFN",
  "1ZSIsInRrIjoia3NzXzB2MXpVcFdkRTRJaUZjMnc1eW5TYmIiLCJpYXQiOjE3OTU4NjcxNDAsImV4cCI6MTc5NTg3M",
  "DgwMH0.Tgf1IecX0BDDINrg8Fap2WKsuUzzZdsSK2BPdL0oxfcYHE-wbXBFNIpvCWd8-cuvCgnjqkToHlVQWaWbFKL",
  "wzCa4BdhFGJozw_GM4fZHZceMlUW2Lvv6Q0sBuc56ge3grwywj7oyhrn-QILwDz2stM6jtw1Ow_ZGvWwg4xmsSfNV2",
  "BqeVA9z8bpbQyxAKAjkwJgsUFGi1QCw8LW4276ADcyH5BIQVF6LmqaHkFqbBdKyL9Yt4OTS9kuhKyINzEm6dVCVFoE",
  "oTKxRrrFEXKp95UyhyrBeIJHKwToVGM6Nh8BFzDkbdAqqXetfnfmnqNOcdx8PgYXuHNZb8Ooz3wnGkxm2orQ",
].join("");

describe("a PEM whose base64 ends in ==", () => {
  it("verifies (both padding characters are dropped)", async () => {
    assert.match(PEM_2080, /[^=]==\n-----END/);
    assert.equal(await outcome(TOKEN_2080, { jwtSecret: PEM_2080 }), "accepted");
  });
});

describe("key checks: each refusal says what to do", () => {
  const rsa = (name: string, hash: string, bits: number) =>
    crypto.subtle.generateKey(
      { name, hash, modulusLength: bits, publicExponent: new Uint8Array([1, 0, 1]) },
      true,
      ["sign", "verify"],
    ) as Promise<CryptoKeyPair>;

  it("names the algorithm and hash it got, the bits it got, the usage it needs", async () => {
    const pss = await rsa("RSA-PSS", "SHA-256", 2048);
    assert.equal(
      await outcome("a.b.c", { jwtSecret: pss.publicKey }),
      "Unsupported jwtSecret (RSA-PSS SHA-256): need HMAC SHA-256 or RSASSA-PKCS1-v1_5 SHA-256",
    );
    const ec = await crypto.subtle.generateKey({ name: "ECDSA", namedCurve: "P-256" }, true, [
      "sign",
      "verify",
    ]) as CryptoKeyPair;
    assert.match(
      await outcome("a.b.c", { jwtSecret: ec.publicKey }),
      /^Unsupported jwtSecret \(ECDSA undefined\)/,
    );
    const aes = await crypto.subtle.generateKey({ name: "AES-GCM", length: 128 }, true, [
      "encrypt",
    ]);
    assert.match(await outcome("a.b.c", { jwtSecret: aes }), /^Unsupported jwtSecret \(AES-GCM/);
    const short = await rsa("RSASSA-PKCS1-v1_5", "SHA-256", 1024);
    assert.equal(
      await outcome("a.b.c", { jwtSecret: short.publicKey }),
      "The RSA JWT key is too short (1024 bits; need 2048 or more)",
    );
    const signOnly = await hmacKey("sign");
    assert.equal(
      await outcome("a.b.c", { jwtSecret: signOnly }),
      'This jwtSecret CryptoKey cannot verify: give it usages ["verify"]',
    );
  });

  it("algorithms / algo pin the key's algorithm; unknown names are not echoed", async () => {
    const { privateKey, pem } = await keys();
    const token = await rs256(claims(), privateKey);
    assert.equal(await outcome(token, { jwtSecret: pem, algo: "rs256" }), "accepted");
    assert.equal(
      await outcome(token, { jwtSecret: pem, algorithms: ["HS256", "RS256"] }),
      "accepted",
    );
    assert.equal(
      await outcome(token, { jwtSecret: pem, algo: "hs256" }),
      "Algorithm HS256 cannot be used with this jwtSecret (it is a RS256 key)",
    );
    assert.equal(
      await outcome(token, { jwtSecret: pem, algorithms: ["none", SECRET], algo: undefined }),
      "Algorithm (not HS256 or RS256), (not HS256 or RS256) cannot be used with this jwtSecret (it is a RS256 key)",
    );
    // algo wins over algorithms.
    assert.equal(
      await outcome(await hs256(claims()), {
        jwtSecret: SECRET,
        algorithms: ["RS256"],
        algo: "HS256",
      }),
      "accepted",
    );
  });
});

describe("fail closed on what the key and the runtime give", () => {
  it("a jwtSecret that is null or empty is missing (ConfigError), like an absent one", async () => {
    for (const jwtSecret of [null, "", undefined]) {
      await assert.rejects(
        verdict("a.b.c", { jwtSecret: jwtSecret as string }),
        /^ConfigError: Missing jwtSecret/,
      );
    }
  });

  it("a runtime whose verify resolves anything but true refuses the token", async () => {
    const token = await hs256(claims({ jti: "odd-runtime" }));
    const subtle = crypto.subtle as unknown as Record<string, unknown>;
    for (const answer of [undefined, 1, "true", {}]) {
      Object.defineProperty(subtle, "verify", {
        configurable: true,
        value: () => Promise.resolve(answer),
      });
      try {
        assert.equal(await verdict(token, { tokenCache: false }), "signature", String(answer));
      } finally {
        delete subtle.verify;
      }
    }
    assert.equal(await verdict(token, { tokenCache: false }), "accepted");
  });
});

describe("algorithm and key confusion", () => {
  it("a secret passed as algo / algorithms by mistake is not echoed by the ConfigError", async () => {
    for (
      const o of [{ algo: SECRET }, { algorithms: [SECRET] }, { algorithms: ["RS256", SECRET] }]
    ) {
      await assert.rejects(verdict("a.b.c", o as never), (e: unknown) => {
        assert.ok(e instanceof ConfigError);
        const body = SECRET.slice(4);
        for (const s of [e.message, String(e.stack)]) {
          assert.ok(!s.toLowerCase().includes(body.toLowerCase()), s);
        }
        return true;
      });
    }
  });

  it("an HS256 token signed with the realm's RSA public key (PEM as HMAC secret) is refused", async () => {
    const pem = await rsaPem(2048);
    const forged = await signRaw({ alg: "HS256", typ: "JWT" }, claims(), pem);
    assert.equal(await verdict(forged, { jwtSecret: pem }), "algorithm");
  });

  it("alg none, an empty signature, and an RS256 header on an HMAC key are refused", async () => {
    const body = b64url(JSON.stringify(claims()));
    const none = `${b64url(JSON.stringify({ alg: "none" }))}.${body}.`;
    assert.notEqual(await verdict(none), "accepted");
    const rs = await signRaw({ alg: "RS256" }, claims());
    assert.equal(await verdict(rs), "algorithm");
    const crit = await signRaw({ alg: "HS256", crit: ["exp"] }, claims());
    assert.equal(await verdict(crit), "malformed");
  });
});

describe("RS256 and keys", () => {
  it("RS256 with a PEM public key; algorithm confusion (HS256 signed with the PEM) is refused", async () => {
    const { privateKey, pem, jwk, publicKey } = await rsaKeys();
    const token = await rs256(claims(), privateKey);
    assert.equal(
      (await verifySession(token, { jwtSecret: pem, now: NOW }))?.user_id,
      "usr_0v1zUpWdE4IiFc2w5ynShf",
    );
    assert.ok(await verifySession(token, { jwtSecret: jwk, now: NOW }), "a JWK");
    assert.ok(await verifySession(token, { jwtSecret: publicKey, now: NOW }), "a CryptoKey");
    assert.ok(await verifySession(token, { jwtSecret: pem, now: NOW, algo: "rs256" }));
    const confused = await hs256(claims(), pem);
    assert.equal(await verifySession(confused, { jwtSecret: pem, now: NOW }), null);
    assert.equal(await verifySession(await hs256(claims()), { jwtSecret: pem, now: NOW }), null);
    assert.equal(await verifySession(token, opts), null, "an RS256 token against an HS256 secret");
    await assert.rejects(
      verifySession(token, { jwtSecret: pem, algorithms: ["HS256"] }),
      ConfigError,
    );
  });

  it("a key over 256 characters without PEM armour is taken as RSA (as the gem decides)", async () => {
    const { privateKey, pem } = await rsaKeys();
    const bare = pem.replace(/-----[^-]+-----/g, "").replace(/\s+/g, "");
    assert.ok(bare.length > 256);
    assert.ok(
      await verifySession(await rs256(claims(), privateKey), { jwtSecret: bare, now: NOW }),
    );
  });

  it("a PEM whose base64 ends in padding (a 3072-bit key) verifies", async () => {
    const { privateKey, pem } = await rsaKeys(3072);
    assert.match(pem, /=\n-----END PUBLIC KEY-----/, "this key's SPKI needs padding");
    assert.ok(await verifySession(await rs256(claims(), privateKey), { jwtSecret: pem, now: NOW }));
  });

  it("no secret → ConfigError; a malformed PEM or a short RSA key → ConfigError, never null", async () => {
    await assert.rejects(verifySession("x.y.z", {}), ConfigError);
    await assert.rejects(
      new AuthRocket({}).sessions.fromToken("x.y.z"),
      /^ConfigError: .*jwtSecret/s,
    );
    await assert.rejects(
      verifySession("a.b.c", {
        jwtSecret: "-----BEGIN PUBLIC KEY-----\n!!!notbase64\n-----END PUBLIC KEY-----",
      }),
      ConfigError,
    );
    await assert.rejects(
      verifySession("a.b.c", {
        jwtSecret: "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----",
      }),
      ConfigError,
    );
    await assert.rejects(
      verifySession("a.b.c", { jwtSecret: await rsaPem(1024) }),
      /^ConfigError: .*too short/s,
    );
  });

  it("the ConfigError for a bad key never contains the key", async () => {
    const secretish = "-----BEGIN PUBLIC KEY-----\nTOPSECRETMATERIAL" + "A".repeat(300) +
      "\n-----END PUBLIC KEY-----";
    await assert.rejects(verifySession("a.b.c", { jwtSecret: secretish }), (e) => {
      assert.ok(e instanceof ConfigError, String(e));
      assert.ok(!e.message.includes("TOPSECRET"));
      return true;
    });
  });
});
