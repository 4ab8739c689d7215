// The tokens the JWT core (src/jwt/verify.ts) takes apart, each edge pinned by a test that fails
// when one operator or literal changes: the exact length bound, segments empty or of the wrong
// type, the characters and bytes a signed segment may hold (strict base64url, strict UTF-8 JSON
// of an object; each token carries a valid signature over exactly its segments, so only the
// decoding rules can refuse it) and the signature bytes that reach the runtime. Clock injected.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { verifySession } from "../../mod.ts";
import { MAX_TOKEN_LENGTH } from "../../src/verify.ts";
import { b64url, claims, hs256, NOW, SECRET, signRaw, signSegments } from "../tokens.ts";
import { verdict } from "../verdict.ts";

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

describe("token shape and size", () => {
  it("a token of exactly MAX_TOKEN_LENGTH characters is verified; one more is malformed", async () => {
    const sized = (length: number) => {
      // The payload grows by 4 characters per 3 bytes: pad the header too to hit any length.
      for (let h = 0; h < 4; h++) {
        const header = b64url(JSON.stringify({ alg: "HS256", x: "y".repeat(h) }));
        const bytes = JSON.stringify(claims({ pad: "" })).length; // ASCII: one byte each
        for (let p = Math.floor(((length - header.length - 45) * 3) / 4) - bytes - 2;; p++) {
          const size = header.length + Math.ceil(((bytes + p) * 4) / 3) + 45; // 2 dots, 43 sig
          if (size > length) break;
          if (size === length) {
            return signSegments(header, b64url(JSON.stringify(claims({ pad: "z".repeat(p) }))));
          }
        }
      }
      throw new Error(`no token of ${length} characters`);
    };
    assert.equal(await verdict(await sized(MAX_TOKEN_LENGTH)), "accepted");
    assert.equal(await verdict(await sized(MAX_TOKEN_LENGTH + 1)), "malformed");
  });

  it("a token that is not a string is missing, not a crash", async () => {
    for (const t of [42, {}, ["a.b.c"], true]) assert.equal(await verdict(t), "missing");
  });

  it("empty segments are malformed (never a signature check): h..s, .p.s, h.p.", async () => {
    const [h, p, s] = (await hs256(claims())).split(".");
    for (
      const t of [`${h}..${s}`, `.${p}.${s}`, `${h}.${p}.`, `${h}.${p}`, `${h}.${p}.${s}.${s}`]
    ) {
      assert.equal(await verdict(t), "malformed", t.slice(0, 12));
    }
    // A payload of one character is impossible base64url, but its segment is not empty.
    assert.equal(await verdict(await signSegments(H, "e")), "malformed");
  });

  it("a header whose alg is not a string, or that names crit, is malformed", async () => {
    for (const header of [{ alg: 256 }, { alg: ["HS256"] }, {}, { alg: "HS256", crit: [] }]) {
      assert.equal(await verdict(await signRaw(header, claims())), "malformed");
    }
    assert.equal(await verdict(await signRaw({ alg: "HS256", typ: "JWT" }, claims())), "accepted");
  });
});

describe("signed segments: every character and every byte", () => {
  it("characters just past ASCII (U+0080, U+00FF, U+0100) are not base64url", async () => {
    const good = await hs256(claims());
    const [h, p, s] = good.split(".");
    for (const c of ["\u0080", "\u00ff", "\u0100", "\u4e00"]) {
      assert.equal(await verdict(`${h}.${p}.${s.slice(0, -1)}${c}`), "malformed");
      assert.equal(await verdict(await signSegments(h, p.slice(0, -1) + c)), "malformed");
      assert.equal(await verdict(await signSegments(c + h.slice(1), p)), "malformed");
    }
  });

  it("changing any character of a token refuses it (header, payload and signature)", async () => {
    const token = await hs256(claims({ jti: "every-byte" }));
    const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    for (let i = 0; i < token.length; i++) {
      if (token[i] === ".") continue;
      const swap = alphabet[(alphabet.indexOf(token[i]) + 1) % 64];
      const t = token.slice(0, i) + swap + token.slice(i + 1);
      const v = await verdict(t, { tokenCache: false });
      // The last character of a segment carries bits that decoding drops (as jose does).
      if (v === "accepted") {
        assert.ok(i === token.length - 1 || token[i + 1] === ".", `position ${i} accepted`);
      }
    }
    assert.equal(await verdict(token), "accepted");
  });

  it("every base64url character decodes to its own 6 bits (a signature over all 64 of them)", async () => {
    // A payload holding all 64 characters, so every table entry is used by a verified token.
    const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    for (const extra of ["", "x", "xy"]) {
      const token = await hs256(claims({ a: alphabet + extra }));
      assert.equal(await verdict(token, { tokenCache: false }), "accepted");
    }
    // And a signature made of them: HMAC over a payload that varies (different signatures).
    for (let i = 0; i < 16; i++) {
      assert.equal(await verdict(await hs256(claims({ i })), { tokenCache: false }), "accepted");
    }
  });
});

describe("the signature segment: exactly its bytes reach the runtime", () => {
  it("AAAA (zero bits), every character and both short tails decode to the bytes they spell", async () => {
    const subtle = crypto.subtle as unknown as Record<string, unknown>;
    const seen: number[][] = [];
    Object.defineProperty(subtle, "verify", {
      configurable: true,
      value: (_a: unknown, _k: unknown, sig: Uint8Array) => {
        seen.push([...new Uint8Array(sig)]);
        return Promise.resolve(false); // forged: refused, whatever its bytes
      },
    });
    const [h, p] = (await hs256(claims())).split(".");
    const sigs = ["AAAAAAAA", "AAAA_-zy", "AAAAAAE", "AAAAAQ", "09az"];
    try {
      for (const s of sigs) {
        assert.equal(await verdict(`${h}.${p}.${s}`, { tokenCache: false }), "signature", s);
      }
    } finally {
      delete subtle.verify;
    }
    // The reference: atob on the standard alphabet, padded.
    const atobBytes = (s: string) => {
      const std = s.replace(/-/g, "+").replace(/_/g, "/").padEnd(Math.ceil(s.length / 4) * 4, "=");
      return [...atob(std)].map((c) => c.charCodeAt(0));
    };
    assert.deepEqual(seen, sigs.map(atobBytes));
    assert.deepEqual(seen[0], [0, 0, 0, 0, 0, 0]);
  });
});

describe("UTF-8 of signed segments: the strict decoder's rules too", () => {
  it("a byte-order mark is refused even beside a real U+FFFD (which takes the strict path)", async () => {
    const bom = [0xef, 0xbb, 0xbf];
    const fffd = "\uFFFD";
    const withBom = bytesOf(bom, `{"uid":"usr_1","n":"${fffd}"}`);
    assert.equal(await verdict(await signSegments(H, b64url(withBom))), "malformed");
    const without = bytesOf(`{"uid":"usr_1","n":"${fffd}"}`);
    assert.equal(await verdict(await signSegments(H, b64url(without))), "accepted");
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
      assert.equal(await verdict(await make()), "malformed");
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
