// Why a token was refused (issue 12): onReject is told one reason, never the token or the key;
// and the strict decoding of the signed segments (issue 10): every token below carries a valid
// signature over exactly its segments, so only the decoding rules can refuse it.
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

/** Verify and collect what onReject was told (each call's arguments). */
async function refusal(token: string | null | undefined, extra: object = {}) {
  const calls: unknown[][] = [];
  const session = await verifySession(
    token,
    {
      jwtSecret: SECRET,
      now: NOW,
      onReject: (...args: unknown[]) => void calls.push(args),
      ...extra,
    } as Parameters<typeof verifySession>[1],
  );
  if (session) return "accepted";
  assert.equal(calls.length, 1, "onReject is called exactly once per refusal");
  assert.equal(calls[0].length, 1, "onReject gets the reason alone");
  return calls[0][0] as RejectReason;
}

const std = (s: string | Uint8Array) => {
  const bytes = typeof s === "string" ? new TextEncoder().encode(s) : s;
  return btoa(String.fromCharCode(...bytes)); // standard base64, padding kept
};
const H = b64url(JSON.stringify({ alg: "HS256" }));
const P = b64url(JSON.stringify(claims()));
/** Sign raw payload bytes under a plain HS256 header. */
const signBytes = (payload: Uint8Array) => signSegments(H, b64url(payload));
const utf8 = (s: string) => new TextEncoder().encode(s);
const bytesOf = (...parts: (string | number[])[]) =>
  new Uint8Array(parts.flatMap((p) => typeof p === "string" ? [...utf8(p)] : p));

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
      assert.equal(await refusal(await make(), extra), reason);
    });
  }

  it("an HS256 token against an RSA public key (PEM) → algorithm", async () => {
    const { pem } = await rsaKeys();
    assert.equal(await refusal(await hs256(claims()), { jwtSecret: pem }), "algorithm");
    assert.equal(await refusal(await hs256(claims(), pem), { jwtSecret: pem }), "algorithm");
  });

  it("the bounds: nbf and iat at now + leeway, and iat now, are accepted", async () => {
    for (const extra of [{ nbf: NOW_S + 5 }, { iat: NOW_S + 5 }, { iat: NOW_S }]) {
      assert.equal(await refusal(await hs256(claims(extra))), "accepted", JSON.stringify(extra));
    }
  });

  it("a good token is a session and onReject is not called", async () => {
    assert.equal(await refusal(await hs256(claims()), { within: 60 }), "accepted");
  });

  it("what onReject throws, verifySession throws (a caller's bug is not hidden)", async () => {
    const onReject = () => {
      throw new Error("logger down");
    };
    await assert.rejects(verifySession("x", { jwtSecret: SECRET, onReject }), /logger down/);
  });

  it("ar.sessions.fromToken passes onReject through", async () => {
    const seen: RejectReason[] = [];
    const ar = new AuthRocket({ jwtSecret: SECRET });
    const token = await hs256(claims({ exp: NOW_S - 60 }));
    assert.equal(
      await ar.sessions.fromToken(token, { now: NOW, onReject: (r) => seen.push(r) }),
      null,
    );
    assert.deepEqual(seen, ["expired"]);
  });

  it("the middleware's getSession passes a settings source's verify.onReject through", async () => {
    const seen: RejectReason[] = [];
    const source = {
      jwtSecret: SECRET,
      verify: { now: NOW, onReject: (r: RejectReason) => seen.push(r) },
    };
    const token = await hs256(claims(), "jsk_forger");
    const request = new Request("https://app.example/", {
      headers: { authorization: `Bearer ${token}` },
    });
    assert.equal(await getSession(request, source), null);
    assert.deepEqual(seen, ["signature"]);
  });
});

describe("signed segments: strict base64url and strict UTF-8 JSON of an object", () => {
  const malformed: [string, () => Promise<string>][] = [
    ["payload an array", () => signRaw({ alg: "HS256" }, "[1,2]")],
    ["payload a number", () => signRaw({ alg: "HS256" }, "1764331200")],
    ["payload a string", () => signRaw({ alg: "HS256" }, '"usr_1"')],
    ["payload null", () => signRaw({ alg: "HS256" }, "null")],
    ["payload true", () => signRaw({ alg: "HS256" }, "true")],
    ["payload not JSON", () => signRaw({ alg: "HS256" }, "{uid:1}")],
    ["header an array", () => signSegments(b64url('["HS256"]'), P)],
    ["payload padded with =", async () => {
      const p = std(JSON.stringify(claims({ x: "a" })));
      assert.match(p, /=$/);
      return await signSegments(H, p);
    }],
    ["header padded with =", async () => {
      const h = std('{"alg":"HS256","x":12}');
      assert.match(h, /=$/);
      return await signSegments(h, P);
    }],
    ["payload in standard base64 (+ and /)", async () => {
      const p = std(JSON.stringify(claims({ x: "???~~~>>>" }))).replace(/=+$/, "");
      assert.match(p, /\+/);
      assert.match(p, /\//);
      return await signSegments(H, p);
    }],
    ["a space inside the payload", () => signSegments(H, P.slice(0, 8) + " " + P.slice(8))],
    ["a line break inside the payload", () => signSegments(H, P.slice(0, 8) + "\n" + P.slice(8))],
    ["a * inside the payload", () => signSegments(H, P.slice(0, 8) + "*" + P.slice(9))],
    [
      "a non-ASCII letter inside the payload",
      () => signSegments(H, P.slice(0, 8) + "é" + P.slice(9)),
    ],
    [
      "a payload of impossible length (4n+1)",
      () => signSegments(H, P + "A".repeat(5 - (P.length % 4))),
    ],
    ["an invalid UTF-8 byte in a claim", () => signBytes(bytesOf('{"uid":"usr_', [0xff], '"}'))],
    ["an overlong UTF-8 form", () => signBytes(bytesOf('{"uid":"usr_', [0xc0, 0xaf], '"}'))],
    [
      "a UTF-8 encoded lone surrogate",
      () => signBytes(bytesOf('{"uid":"', [0xed, 0xa0, 0x80], '"}')),
    ],
    ["a truncated UTF-8 sequence", () => signBytes(bytesOf('{"uid":"usr_', [0xe2, 0x82], '"}'))],
    [
      "a real U+FFFD beside an invalid byte",
      () => signBytes(bytesOf('{"uid":"\uFFFD', [0xff], '"}')),
    ],
    [
      "a byte-order mark before the JSON",
      () => signBytes(bytesOf([0xef, 0xbb, 0xbf], '{"uid":"usr_1"}')),
    ],
    [
      "invalid UTF-8 in the header",
      () => signSegments(b64url(bytesOf('{"alg":"HS256","x":"', [0xff], '"}')), P),
    ],
  ];
  for (const [name, make] of malformed) {
    it(`${name} → null, malformed`, async () => {
      assert.equal(await refusal(await make()), "malformed");
    });
  }

  it("the same rules accept what they should: valid UTF-8 (é, 😀) and a 4n+2 / 4n+3 payload", async () => {
    const s = await signBytes(utf8('{"uid":"usr_1","n":"Zoë 😀"}'));
    const session = await verifySession(s, { jwtSecret: SECRET, now: NOW });
    assert.equal((await session!.user()).name, "Zoë 😀");
    // A real U+FFFD (EF BF BD) is valid UTF-8: the strict decode is asked and accepts it.
    const r = await signBytes(bytesOf('{"uid":"usr_1","n":"', [0xef, 0xbf, 0xbd], '"}'));
    const replaced = await verifySession(r, { jwtSecret: SECRET, now: NOW });
    assert.equal((await replaced!.user()).name, "\uFFFD");
    for (const pad of ["", "a", "ab"]) {
      const t = await signSegments(H, b64url(JSON.stringify(claims({ pad }))));
      assert.ok(await verifySession(t, { jwtSecret: SECRET, now: NOW }), `pad ${pad.length}`);
    }
  });
});
