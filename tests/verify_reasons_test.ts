// Why a token was refused: onReject (src/verify.ts) is told one reason per refusal, the reason
// alone, never the token or the key; through verifySession, ar.sessions.fromToken and the
// middleware's getSession alike.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { AuthRocket, type RejectReason, verifySession } from "../mod.ts";
import { getSession } from "../middleware.ts";
import {
  b64url,
  claims,
  hs256,
  NOW,
  NOW_S,
  rs256,
  rsaKeys,
  SECRET,
  signRaw,
  signSegments,
} from "./tokens.ts";
import { rejections, verdict } from "./verdict.ts";

const H = b64url(JSON.stringify({ alg: "HS256" }));
const P = b64url(JSON.stringify(claims()));

describe("onReject: one reason per refusal", () => {
  const cases: [string, RejectReason, () => Promise<string | null | undefined>, object?][] = [
    ["undefined", "missing", () => Promise.resolve(undefined)],
    ["null", "missing", () => Promise.resolve(null)],
    ["empty", "missing", () => Promise.resolve("")],
    ["two segments", "malformed", () => Promise.resolve(`${H}.${P}`)],
    ["over 16 KiB", "malformed", () => hs256(claims({ pad: "x".repeat(17000) }))],
    ["header not JSON", "malformed", () => signSegments(b64url("alg"), P)],
    ["crit header", "malformed", () => signRaw({ alg: "HS256", crit: ["exp"] }, claims())],
    ["signature not base64url", "malformed", async () => (await hs256(claims())) + "*"],
    [
      "alg none, empty signature",
      "malformed",
      () => Promise.resolve(`${b64url('{"alg":"none"}')}.${P}.`),
    ],
    [
      "alg none, with a signature",
      "algorithm",
      () => Promise.resolve(`${b64url('{"alg":"none"}')}.${P}.AAAA`),
    ],
    ["RS256 token against a jsk_ secret", "algorithm", async () => {
      return await rs256(claims(), (await rsaKeys()).privateKey);
    }],
    ["wrong secret", "signature", () => hs256(claims(), "jsk_other")],
    ["tampered payload", "signature", async () => {
      const [h, , s] = (await hs256(claims())).split(".");
      return `${h}.${b64url(JSON.stringify(claims({ uid: "usr_admin" })))}.${s}`;
    }],
    ["non-numeric exp", "malformed", () => hs256(claims({ exp: "never" }))],
    ["null nbf", "malformed", () => hs256(claims({ nbf: null }))],
    ["expired", "expired", () => hs256(claims({ exp: NOW_S - 6 }))],
    ["exp exactly now - leeway", "expired", () => hs256(claims({ exp: NOW_S - 5 }))],
    ["HS256 header, empty signature", "malformed", () => Promise.resolve(`${H}.${P}.`)],
    ["nbf ahead", "not_yet_valid", () => hs256(claims({ nbf: NOW_S + 6 }))],
    ["iat ahead", "issued_in_future", () => hs256(claims({ iat: NOW_S + 6 }))],
    ["older than within", "too_old", () => hs256(claims({ iat: NOW_S - 61 })), { within: 60 }],
    ["no iat with within", "too_old", () => hs256({ uid: "usr_1" }), { within: 60 }],
  ];
  for (const [name, reason, make, extra] of cases) {
    it(`${name} → ${reason}`, async () => {
      assert.equal(await verdict(await make(), extra), reason);
    });
  }

  it("an HS256 token against an RSA public key (PEM) → algorithm", async () => {
    const { pem } = await rsaKeys();
    assert.equal(await verdict(await hs256(claims()), { jwtSecret: pem }), "algorithm");
    assert.equal(await verdict(await hs256(claims(), pem), { jwtSecret: pem }), "algorithm");
  });

  it("the bounds: nbf and iat at now + leeway, and iat now, are accepted", async () => {
    for (const extra of [{ nbf: NOW_S + 5 }, { iat: NOW_S + 5 }, { iat: NOW_S }]) {
      assert.equal(await verdict(await hs256(claims(extra))), "accepted", JSON.stringify(extra));
    }
  });

  it("a good token is a session and onReject is not called", async () => {
    assert.equal(await verdict(await hs256(claims()), { within: 60 }), "accepted");
  });

  it("what onReject throws, verifySession throws (a caller's bug is not hidden)", async () => {
    const onReject = () => {
      throw new Error("logger down");
    };
    await assert.rejects(
      verifySession("x", { jwtSecret: SECRET, onReject }),
      /^Error: logger down$/,
    );
  });

  it("ar.sessions.fromToken passes onReject through", async () => {
    const { reasons: seen, onReject } = rejections();
    const ar = new AuthRocket({ jwtSecret: SECRET });
    const token = await hs256(claims({ exp: NOW_S - 60 }));
    assert.equal(
      await ar.sessions.fromToken(token, { now: NOW, onReject }),
      null,
    );
    assert.deepEqual(seen, ["expired"]);
  });

  it("the middleware's getSession passes a settings source's verify.onReject through", async () => {
    const { reasons: seen, onReject } = rejections();
    const source = {
      jwtSecret: SECRET,
      verify: { now: NOW, onReject },
    };
    const token = await hs256(claims(), "jsk_forger");
    const request = new Request("https://app.example/", {
      headers: { authorization: `Bearer ${token}` },
    });
    assert.equal(await getSession(request, source), null);
    assert.deepEqual(seen, ["signature"]);
  });
});
