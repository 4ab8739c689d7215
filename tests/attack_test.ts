// An attacker's pass over the verifier, its hot-token cache and the login integration: each
// case is an attack tried against this session's change. Every clock is injected (NOW), never
// the wall clock; no network.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { inspect } from "node:util";
import { AuthRocket, ConfigError, type RejectReason, verifySession } from "../mod.ts";
import { sanitizeRedir, withAuthRocket } from "../middleware.ts";
import { memoryCache } from "../cache.ts";
import { createEmulator } from "../testing.ts";
import { SALLY } from "./helpers.ts";
import { b64url, claims, hs256, NOW, NOW_S, rsaPem, SECRET, signRaw } from "./tokens.ts";

/** Verify and say why it was refused ("ok" for a session). */
async function reason(token: string, options: Parameters<typeof verifySession>[1] = {}) {
  let why: RejectReason | "ok" = "ok";
  const s = await verifySession(token, {
    jwtSecret: SECRET,
    now: NOW,
    ...options,
    onReject: (r) => (why = r),
  });
  assert.equal(s === null, why !== "ok");
  return why;
}

describe("attack: the hot-token cache", () => {
  it("a token that never verified cannot ride on a cached one (one byte of its signature changed)", async () => {
    const good = await hs256(claims({ un: "cache-forge" }));
    assert.equal(await reason(good), "ok"); // now cached
    const last = good.at(-1)!;
    const forged = good.slice(0, -1) + (last === "A" ? "B" : "A");
    assert.equal(await reason(forged), "signature");
    // Same signature on another payload: a miss, then refused.
    const [h, , sig] = good.split(".");
    const other = `${h}.${b64url(JSON.stringify(claims({ un: "admin" })))}.${sig}`;
    assert.equal(await reason(other), "signature");
  });

  it("a cached token is refused under another key, and re-checks exp, nbf and within on every hit", async () => {
    const t = await hs256(claims({ un: "cache-times", nbf: NOW_S - 30 }));
    assert.equal(await reason(t), "ok");
    assert.equal(await reason(t, { jwtSecret: "jsk_AnotherRealmSecret0000000000" }), "signature");
    assert.equal(await reason(t, { now: NOW + 2 * 3600_000 }), "expired");
    assert.equal(await reason(t, { now: NOW - 3600_000 }), "not_yet_valid");
    assert.equal(await reason(t, { within: 30 }), "too_old");
    assert.equal(await reason(t), "ok");
  });

  it("options that would switch a check off fail closed on a cache hit too", async () => {
    const t = await hs256(claims({ un: "cache-config" }));
    assert.equal(await reason(t), "ok");
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
      await assert.rejects(reason(t, bad), ConfigError, JSON.stringify(bad));
    }
  });
});

describe("attack: algorithm and key confusion", () => {
  it("a secret passed as algo / algorithms by mistake is not echoed by the ConfigError", async () => {
    for (
      const o of [{ algo: SECRET }, { algorithms: [SECRET] }, { algorithms: ["RS256", SECRET] }]
    ) {
      await assert.rejects(reason("a.b.c", o as never), (e: unknown) => {
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
    assert.equal(await reason(forged, { jwtSecret: pem }), "algorithm");
  });

  it("alg none, an empty signature, and an RS256 header on an HMAC key are refused", async () => {
    const body = b64url(JSON.stringify(claims()));
    const none = `${b64url(JSON.stringify({ alg: "none" }))}.${body}.`;
    assert.notEqual(await reason(none), "ok");
    const rs = await signRaw({ alg: "RS256" }, claims());
    assert.equal(await reason(rs), "algorithm");
    const crit = await signRaw({ alg: "HS256", crit: ["exp"] }, claims());
    assert.equal(await reason(crit), "malformed");
  });
});

describe("attack: the login integration", () => {
  const app = withAuthRocket(() => new Response("in"), {
    client: { jwtSecret: SECRET, loginUrl: "https://app.e1.loginrocket.com/" },
    now: () => NOW,
    protect: (url) => url.pathname.startsWith("/app"),
  });

  it("a bad Bearer neither logs in nor clears the session cookie", async () => {
    const good = await hs256(claims({ un: "bearer" }));
    const res = await app(
      new Request("https://my.app/app", {
        headers: { authorization: "Bearer eyJ.forged.x", cookie: `__Host-ar_token=${good}` },
      }),
    );
    assert.equal(res.status, 302);
    assert.equal(res.headers.get("set-cookie"), null);
  });

  it("a cross-site logout (Sec-Fetch-Site or a foreign Origin) is refused and keeps the cookie", async () => {
    const good = await hs256(claims({ un: "logout" }));
    for (
      const h of [
        { "sec-fetch-site": "cross-site" } as Record<string, string>,
        { origin: "https://evil.example" },
        { origin: "null" },
      ]
    ) {
      const res = await app(
        new Request("https://my.app/logout", {
          method: "POST",
          headers: { ...h, cookie: `__Host-ar_token=${good}` },
        }),
      );
      assert.equal(res.status, 403, JSON.stringify(h));
      assert.equal(res.headers.get("set-cookie"), null);
    }
  });

  it("a planted ar_token (no __Host- prefix) is not read on https", async () => {
    const attacker = await hs256(claims({ un: "attacker" }));
    const res = await app(
      new Request("https://my.app/app", { headers: { cookie: `ar_token=${attacker}` } }),
    );
    assert.equal(res.status, 302, "not logged in as the attacker");
  });

  it("redir: dot segments, encodings, backslashes and schemes never leave the site", () => {
    for (
      const v of [
        "/.//evil.example",
        "/x/..//evil.example",
        "/%2e%2e//evil.example",
        "/%252F%252Fevil.example",
        "%2F%2Fevil.example",
        "/\\evil.example",
        " //evil.example",
        "/\t/evil.example",
        "javascript:alert(1)",
        "/%0d%0aSet-Cookie:x=1",
      ]
    ) {
      const out = sanitizeRedir(v);
      assert.ok(
        out === undefined || (out.startsWith("/") && !out.startsWith("//")),
        `${v} → ${out}`,
      );
      if (out !== undefined) {
        assert.equal(new URL(out, "https://my.app/").host, "my.app", `${v} → ${out}`);
      }
    }
  });
});

describe("attack: secrets in the client's settings", () => {
  it("a secret under a misspelt setting (api_key, jwt_secret, apikey) is masked in JSON and inspect", () => {
    const secret = "PlainSecretXyz123";
    for (const name of ["api_key", "jwt_secret", "apikey", "secret", "credentials"]) {
      const ar = new AuthRocket(
        { url: "https://api-e1.authrocket.com/v1", [name]: secret } as never,
      );
      for (const shown of [JSON.stringify(ar), inspect(ar, { depth: 9 }), String(ar)]) {
        assert.ok(!shown.includes(secret), `${name}: ${shown}`);
      }
      assert.ok(JSON.stringify(ar).includes(name), "the setting's name is still shown");
    }
  });

  it("a url or loginUrl with a user:password is a ConfigError (else hooks, inspect and Basic auth carry the password)", () => {
    const password = "Hunter2Secret";
    for (
      const config of [
        { url: `http://bob:${password}@127.0.0.1:9/v1`, apiKey: "ko_x" },
        { url: `https://${password}@api-e1.authrocket.com/v1`, apiKey: "ko_x" },
        { loginUrl: `https://bob:${password}@app.e1.loginrocket.com/`, jwtSecret: SECRET },
      ]
    ) {
      const name = "url" in config ? "`url`" : "`loginUrl`";
      assert.throws(() => new AuthRocket(config), (e: unknown) => {
        assert.ok(e instanceof ConfigError);
        assert.ok(e.message.includes(name), e.message);
        assert.ok(e.message.includes("apiKey"), e.message);
        assert.ok(!e.message.includes(password) && !e.stack?.includes(password), e.message);
        return true;
      });
    }
  });
});

describe("attack: a revalidation cache shared by two realms' apps", () => {
  it("realm A's owner cannot log realm B's user out by signing a token that names B's session", async () => {
    const emu = createEmulator({ now: () => NOW, passwordIterations: 1000 });
    const admin = emu.client();
    const a = await admin.realms.createOrThrow({ name: "A" });
    const b = await admin.realms.createOrThrow({ name: "B" });
    const bob = await admin.withRealm(b.id).users.createOrThrow(SALLY);
    const real = await admin.withRealm(b.id).sessions.createOrThrow({ user_id: bob.id });
    const cache = memoryCache({ now: () => NOW }); // one store (say, one KV namespace) for both
    const appA = emu.client({ jwtSecret: a.jwt_key }).withRealm(a.id);
    const appB = emu.client({ jwtSecret: b.jwt_key }).withRealm(b.id);
    // Signed with A's own key, naming B's realm and B's managed session.
    const forged = await hs256(claims({ aud: b.id, tk: real.id }), a.jwt_key!);
    const why: RejectReason[] = [];
    const options = {
      now: NOW,
      revalidate: 300,
      cache,
      onReject: (r: RejectReason) => why.push(r),
    };
    assert.equal(await appA.sessions.fromToken(forged, options), null);
    assert.deepEqual(why, ["revoked"], "A's API has no such session");
    assert.ok(await appB.sessions.fromToken(real.token, options), "B's user is still logged in");
    assert.deepEqual(why, ["revoked"]);
  });
});
