// Inert log fields (src/log.ts): no character that forges a line or drives a terminal gets
// through, the escapes are unambiguous, and ordinary text (non-ASCII letters too) is kept.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { inert, UNSAFE_CHARS } from "../src/log.ts";

/** The inverse of inert's escapes, to show that no two fields log alike. */
const unescape = (s: string) =>
  s.replace(
    /\\(?:x([0-9a-f]{2})|u([0-9a-f]{4})|(.))/g,
    (_m, x?: string, u?: string, c?: string) =>
      x || u
        ? String.fromCharCode(parseInt(x ?? u!, 16))
        : ({ n: "\n", r: "\r", t: "\t", "\\": "\\" } as Record<string, string>)[c!],
  );

const unsafe = (s: string) => s.match(new RegExp(UNSAFE_CHARS.source, "g")) ?? [];

describe("inert", () => {
  it("escapes line breaks, terminal escapes, C1, DEL, separators and bidi controls", () => {
    const cases: [string, string][] = [
      ["a\r\nGET /forged 200", "a\\r\\nGET /forged 200"],
      ["\x1b[31mred\x1b[0m", "\\x1b[31mred\\x1b[0m"],
      ["\x1b]0;title\x07", "\\x1b]0;title\\x07"], // OSC: sets the window title
      ["\x9b2J", "\\x9b2J"], // the one-character CSI: clears the screen
      ["nel\x85x", "nel\\x85x"],
      ["\0\x08\x7f", "\\x00\\x08\\x7f"],
      ["tab\there", "tab\\there"],
      ["a\u2028b\u2029c", "a\\u2028b\\u2029c"],
      ["user\u202egnp.exe", "user\\u202egnp.exe"],
      ["\u202a\u202b\u202c\u202d", "\\u202a\\u202b\\u202c\\u202d"],
      ["\u2066x\u2067y\u2068z\u2069", "\\u2066x\\u2067y\\u2068z\\u2069"],
      ["\u200e\u200f\u061c", "\\u200e\\u200f\\u061c"],
    ];
    for (const [input, want] of cases) assert.equal(inert(input), want, JSON.stringify(input));
  });

  it("keeps printable text as it is, non-ASCII included", () => {
    for (const s of ["GET /v1/users 200", "Zoë 😀 東京 ça", "a=1&b=2", "\u00a0nbsp"]) {
      assert.equal(inert(s), s);
    }
  });

  it("doubles backslashes, so text that looks like an escape is told apart from one", () => {
    assert.equal(inert("\\n"), "\\\\n");
    assert.notEqual(inert("\\n"), inert("\n"));
  });

  it("any string: no unsafe character comes out, and the field can be read back exactly", () => {
    const chars = fc.oneof(
      fc.string({ unit: "binary" }),
      fc.string({
        unit: fc.constantFrom("\n", "\r", "\\", "x", "\x1b", "\x9b", "\u2028", "\u202e", "n"),
      }),
    );
    fc.assert(
      fc.property(chars, (s) => {
        const out = inert(s);
        assert.deepEqual(unsafe(out), []);
        assert.equal(unescape(out), s);
      }),
      { numRuns: 500 },
    );
  });
});
