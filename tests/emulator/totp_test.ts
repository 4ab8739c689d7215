// TOTP for the emulator's 2FA credentials: RFC 6238's test vectors (appendix B, all three
// hashes), RFC 4648's base32 vectors, and the ±1 step window.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { base32Decode, base32Encode, totp, totpOk } from "../../src/emulator/totp.ts";

const ascii = (s: string) => new TextEncoder().encode(s);
const SEEDS = {
  "SHA-1": ascii("12345678901234567890"),
  "SHA-256": ascii("12345678901234567890123456789012"),
  "SHA-512": ascii("1234567890123456789012345678901234567890123456789012345678901234"),
} as const;
// RFC 6238, appendix B: time → 8-digit code per hash.
const VECTORS: [number, string, string, string][] = [
  [59, "94287082", "46119246", "90693936"],
  [1111111109, "07081804", "68084774", "25091201"],
  [1111111111, "14050471", "67062674", "99943326"],
  [1234567890, "89005924", "91819424", "93441116"],
  [2000000000, "69279037", "90698825", "38618901"],
  [20000000000, "65353130", "77737706", "47863826"],
];

describe("TOTP (RFC 6238)", () => {
  it("matches every appendix B vector for SHA-1, SHA-256 and SHA-512", async () => {
    for (const [t, sha1, sha256, sha512] of VECTORS) {
      assert.equal(await totp(SEEDS["SHA-1"], t, { digits: 8 }), sha1, `SHA-1 @${t}`);
      assert.equal(await totp(SEEDS["SHA-256"], t, { digits: 8, hash: "SHA-256" }), sha256);
      assert.equal(await totp(SEEDS["SHA-512"], t, { digits: 8, hash: "SHA-512" }), sha512);
    }
  });

  it("6 digits are the last 6 of the 8 (same truncation), zero-padded", async () => {
    assert.equal(await totp(SEEDS["SHA-1"], 1111111109), "081804");
  });

  it("base32 matches RFC 4648's vectors and round-trips", () => {
    const cases: [string, string][] = [
      ["", ""],
      ["f", "MY"],
      ["fo", "MZXQ"],
      ["foo", "MZXW6"],
      ["foob", "MZXW6YQ"],
      ["fooba", "MZXW6YTB"],
      ["foobar", "MZXW6YTBOI"],
    ];
    for (const [plain, enc] of cases) {
      assert.equal(base32Encode(ascii(plain)), enc);
      assert.deepEqual(base32Decode(enc.toLowerCase() + "===="), ascii(plain));
    }
    assert.equal(base32Decode("MZ1W"), null, "1 is not base32");
  });

  it("totpOk accepts the current step and one either side, nothing further, and only 6 digits", async () => {
    const secret = base32Encode(SEEDS["SHA-1"]);
    const t = 1111111111;
    const code = await totp(SEEDS["SHA-1"], t);
    assert.equal(await totpOk(secret, code, t), true);
    assert.equal(await totpOk(secret, code, t + 30), true);
    assert.equal(await totpOk(secret, code, t - 30), true);
    assert.equal(await totpOk(secret, code, t + 90), false);
    assert.equal(await totpOk(secret, code + "0", t), false);
    assert.equal(await totpOk("not base32!", code, t), false);
  });
});
