// The JWT core's edges, each pinned by a test that fails when one operator or literal of
// src/jwt/* changes (issue 10's mutation testing): the exact length, time and size bounds,
// claims and headers of the wrong type, the characters a signed segment may hold, the JWK and
// PEM forms of a key, and the caches' identities. Every clock is injected.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { type RejectReason, verifySession } from "../mod.ts";
import { MAX_TOKEN_LENGTH } from "../src/verify.ts";
import { b64url, claims, hs256, NOW, NOW_S, SECRET, signRaw, signSegments } from "./tokens.ts";

type Opts = Parameters<typeof verifySession>[1];

/** The session or the one reason onReject was told. */
async function verdict(token: unknown, extra: Opts = {}): Promise<"accepted" | RejectReason> {
  const reasons: RejectReason[] = [];
  const session = await verifySession(token as string, {
    jwtSecret: SECRET,
    now: NOW,
    onReject: (r) => void reasons.push(r),
    ...extra,
  });
  if (session) {
    assert.deepEqual(reasons, []);
    return "accepted";
  }
  assert.equal(reasons.length, 1);
  return reasons[0];
}

const H = b64url(JSON.stringify({ alg: "HS256" }));

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
  const bytes = (...parts: (string | number[])[]) =>
    new Uint8Array(
      parts.flatMap((p) => typeof p === "string" ? [...new TextEncoder().encode(p)] : p),
    );
  it("a byte-order mark is refused even beside a real U+FFFD (which takes the strict path)", async () => {
    const bom = [0xef, 0xbb, 0xbf];
    const fffd = "\uFFFD";
    const withBom = bytes(bom, `{"uid":"usr_1","n":"${fffd}"}`);
    assert.equal(await verdict(await signSegments(H, b64url(withBom))), "malformed");
    const without = bytes(`{"uid":"usr_1","n":"${fffd}"}`);
    assert.equal(await verdict(await signSegments(H, b64url(without))), "accepted");
  });
});

describe("time claims", () => {
  it("exp, nbf or iat of 1e999 (Infinity once parsed) is malformed", async () => {
    for (const c of ["exp", "nbf", "iat"]) {
      for (const v of ["1e999", "-1e999"]) {
        const payload = JSON.stringify(claims({ [c]: "#" })).replace('"#"', v);
        assert.ok(payload.includes(`"${c}":${v}`) && JSON.parse(payload)[c] === Number(v));
        const t = await signSegments(H, b64url(payload));
        assert.equal(await verdict(t), "malformed", `${c} ${v}`);
      }
    }
  });

  it("fractional claims meet a clock counted in whole seconds", async () => {
    // now is NOW_S + 0.999 s: counted as NOW_S, so exp NOW_S + 0.5 has not passed (leeway 0).
    const opts = { now: NOW + 999, leeway: 0 };
    assert.equal(await verdict(await hs256(claims({ exp: NOW_S + 0.5 })), opts), "accepted");
    assert.equal(await verdict(await hs256(claims({ exp: NOW_S })), opts), "expired");
    assert.equal(
      await verdict(await hs256(claims({ iat: NOW_S + 0.5 })), opts),
      "issued_in_future",
    );
    assert.equal(await verdict(await hs256(claims({ nbf: NOW_S + 0.5 })), opts), "not_yet_valid");
    assert.equal(await verdict(await hs256(claims({ nbf: NOW_S })), opts), "accepted");
  });

  it("within: iat exactly now - within is accepted, one second older is too old", async () => {
    assert.equal(
      await verdict(await hs256(claims({ iat: NOW_S - 30 })), { within: 30 }),
      "accepted",
    );
    assert.equal(
      await verdict(await hs256(claims({ iat: NOW_S - 31 })), { within: 30 }),
      "too_old",
    );
    assert.equal(await verdict(await hs256(claims({ iat: NOW_S })), { within: 0 }), "accepted");
  });

  it("leeway: exactly the given seconds, on exp, nbf and iat; 5 when not given", async () => {
    const at = (c: Record<string, number>, leeway?: number) =>
      hs256(claims(c)).then((t) => verdict(t, leeway === undefined ? {} : { leeway }));
    assert.equal(await at({ exp: NOW_S - 9 }, 10), "accepted");
    assert.equal(await at({ exp: NOW_S - 10 }, 10), "expired");
    assert.equal(await at({ nbf: NOW_S + 10 }, 10), "accepted");
    assert.equal(await at({ nbf: NOW_S + 11 }, 10), "not_yet_valid");
    assert.equal(await at({ iat: NOW_S + 10 }, 10), "accepted");
    assert.equal(await at({ iat: NOW_S + 11 }, 10), "issued_in_future");
    assert.equal(await at({ exp: NOW_S - 4 }), "accepted");
    assert.equal(await at({ nbf: NOW_S + 6 }), "not_yet_valid");
  });

  it("without now, the wall clock is read (minted and checked with the same clock)", async () => {
    const s = Math.floor(Date.now() / 1000);
    const live = await hs256(claims({ iat: s - 60, exp: s + 3600 }));
    const dead = await hs256(claims({ iat: s - 7200, exp: s - 3600 }));
    assert.equal(await verdict(live, { now: undefined }), "accepted");
    assert.equal(await verdict(dead, { now: undefined }), "expired");
  });

  it("option errors say which setting and what it got", async () => {
    const t = await hs256(claims());
    await assert.rejects(
      verdict(t, { leeway: -2 }),
      /^ConfigError: leeway must be a finite number of seconds from 0 to 300 \(got -2\)/,
    );
    await assert.rejects(
      verdict(t, { within: "9" as unknown as number }),
      /within .*\(got string\)/,
    );
    await assert.rejects(
      verdict(t, { now: new Date(NaN) }),
      /now must be a valid Date .*\(got Invalid Date\)/,
    );
    await assert.rejects(verdict(t, { now: {} as number }), /now must be .*\(got object\)/);
    for (const now of [true, [5000], "5000", null]) {
      await assert.rejects(
        verdict(t, { now: now as unknown as number }),
        /^ConfigError: now must be /,
      );
    }
    await assert.rejects(
      verdict(t, { algorithms: ["RS256"] }),
      /^ConfigError: Algorithm RS256 cannot be used with this jwtSecret \(it is a HS256 key\)$/,
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
