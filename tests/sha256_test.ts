// The key cache's digest is real SHA-256 (checked against WebCrypto on varied inputs).
import { it } from "node:test";
import assert from "node:assert/strict";
import { sha256Hex } from "../src/sha256.ts";

it("sha256Hex equals crypto.subtle.digest for empty, short, block-edge, long and unicode input", async () => {
  const inputs = [
    "",
    "abc",
    "a".repeat(55),
    "a".repeat(56),
    "a".repeat(64),
    "x".repeat(1000),
    "jsk_ü€😀",
  ];
  for (const s of inputs) {
    const d = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(s)));
    const hex = Array.from(d, (b) => b.toString(16).padStart(2, "0")).join("");
    assert.equal(sha256Hex(s), hex, JSON.stringify(s.slice(0, 20)));
  }
  assert.equal(
    sha256Hex("abc"),
    "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
  );
});
