// sanitizeRedir is a fixed point, and what it lets through stays on this site however many times
// a later hop decodes it (with whichever decoder): every form the earlier tests named, then a
// fast-check property over 10,000 generated values with mixed encodings (fixed seed).
import { describe, it } from "node:test";
import process from "node:process";
import assert from "node:assert/strict";
import fc from "fast-check";
import { sanitizeRedir } from "../../middleware.ts";

// FUZZ_RUNS shortens the run where the suite runs hundreds of times (mutation testing).
const RUNS = Number(process.env.FUZZ_RUNS ?? 10_000);
const SITE = "https://my.app/";

/**
 * The forms the earlier tests named (tests/middleware_test.ts, the test below,
 * tests/runtimes/smoke.mjs) and issue 19's, each with what it must give.
 */
const KNOWN: [string | null | undefined, string | undefined][] = [
  // Refused outright (tests/middleware_test.ts).
  ["//evil.example/x", undefined],
  ["\\\\evil.example", undefined],
  ["/\\evil.example", undefined],
  ["\\/evil.example", undefined],
  ["%2F%2Fevil.example", undefined],
  ["%2f%2fevil.example", undefined],
  ["/%2F/evil.example", undefined],
  ["%5C%5Cevil.example", undefined],
  ["/%5Cevil.example", undefined],
  ["%252F%252Fevil.example", undefined],
  ["%25252F%25252Fevil.example", undefined],
  ["%2525252F%2525252Fevil.example", undefined],
  ["/\t/evil.example", undefined],
  ["/app\r\nSet-Cookie: x=1", undefined],
  ["/app%0d%0aSet-Cookie: x=1", undefined],
  ["\u0000/x", undefined],
  [" //evil.example", undefined],
  [" %2F%2Fevil.example", undefined],
  ["/.//evil.example", undefined],
  ["/./%2F/evil.example", undefined],
  ["/a/..//evil.example", undefined],
  ["/a%zz", undefined],
  ["http://[::1", undefined],
  ["javascript:alert(1)", undefined],
  ["/a%2525252Fb", undefined],
  ["", undefined],
  [null, undefined],
  [undefined, undefined],
  // Kept, reduced to a path and query on this site (tests/middleware_test.ts).
  ["https://evil.example/x?y=1", "/x?y=1"],
  ["http:evil.example", "/evil.example"],
  ["/app/x?y=1#frag", "/app/x?y=1"],
  ["/a//b", "/a//b"],
  ["/a%20b?q=%2F", "/a%20b?q=%2F"],
  ["/a%252Fb", "/a%252Fb"],
  // The forms of "redir: dot segments, …" below.
  ["/x/..//evil.example", undefined],
  ["/%2e%2e//evil.example", undefined],
  ["/%252F%252Fevil.example", undefined],
  ["/%0d%0aSet-Cookie:x=1", undefined],
  // tests/runtimes/smoke.mjs.
  ["/\\\\evil.example", undefined],
  // Issue 19: kept as "/%2fevil.com", which one decoding turns into "//evil.com".
  ["%2fevil.com", undefined],
  ["%2Fapp", undefined],
  ["/%2fevil.com", undefined],
  ["/a?next=%2F%2Fevil.example", "/a?next=%2F%2Fevil.example"], // a query may hold anything
  // What a hop that normalises (NFKC) would turn into "//", "\" or a dot segment.
  ["/\uff0fevil.example", undefined],
  ["/%EF%BC%8Fevil.example", undefined],
  ["/\uff3cevil.example", undefined],
  ["/\uff0e/\uff0fevil.example", undefined],
  ["/caf\u00e9?q=\u00e9", "/caf%C3%A9?q=%C3%A9"],
  // More schemes, encoded controls and look-alikes: refused, or kept as a path on this site.
  ["https:/\\evil.example", undefined],
  ["/%09/evil.example", undefined],
  ["//%09evil.example", undefined],
  ["data:text/html,x", undefined],
  ["vbscript:msgbox(1)", undefined],
  ["/%2e%2e/%2e%2e//evil.example", undefined],
  ["/%5c%5cevil.example", undefined],
  ["\u3000//evil.example", undefined],
  ["HTTPS://EVIL.example/Y", "/Y"],
  ["https://evil.example", "/"],
  ["/#//evil.example", "/"],
  ["?next=/x", "/?next=/x"],
  ["/ /evil.example", "/%20/evil.example"],
  ["/\u2215evil.example", "/%E2%88%95evil.example"], // a division slash is no slash
  ["/..%2f..%2fevil.example", "/..%2f..%2fevil.example"], // decoded: a path on this site
];

/** Latin-1 byte decoding, as a naive hop does it: any `%XX`, invalid UTF-8 and all. */
const latin1 = (s: string) =>
  s.replace(/%([0-9a-f]{2})/gi, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
/** Form decoding (`+` is a space; a bad escape stays as it is). */
const form = (s: string) => new URLSearchParams(`v=${s.replace(/&/g, "%26")}`).get("v")!;
const DECODERS: [string, (s: string) => string][] = [
  ["decodeURIComponent", decodeURIComponent],
  ["decodeURI", decodeURI],
  ["latin1", latin1],
  ["form", form],
  ["NFKC", (s) => s.normalize("NFKC")],
];

/** Why `s`, as a URL a browser or server resolves against this site, leaves it; or null. */
function leaves(s: string): string | null {
  if (/^\s*[\\/][\\/]/.test(s)) return "scheme-relative";
  if (s.includes("\\")) return "backslash";
  if (/^\s*[a-z][a-z\d+.-]*:/i.test(s)) return "absolute";
  let u: URL;
  try {
    u = new URL(s, SITE);
  } catch {
    return null; // nothing a browser would follow
  }
  if (u.origin !== new URL(SITE).origin) return "another origin";
  if (u.pathname.startsWith("//")) return "a path that normalises to //host";
  return null;
}

/** Every hop of `chain` from `out`, with where it leads if it leaves the site. */
function followChain(out: string, chain: number[]): string | null {
  let s = out;
  const names: string[] = [];
  for (const i of chain) {
    const [name, decode] = DECODERS[i];
    try {
      s = decode(s);
    } catch {
      return null; // that hop cannot decode it: nothing to follow
    }
    names.push(name);
    const why = leaves(s);
    if (why) return `${names.join(" → ")}: ${JSON.stringify(s)} (${why})`;
  }
  return null;
}

/** Decode with decodeURIComponent until nothing changes (or it throws), checking each form. */
function fullDecodes(out: string): string | null {
  let s = out;
  for (let i = 0; i < 20; i++) {
    let next: string;
    try {
      next = decodeURIComponent(s);
    } catch {
      return `decode ${i + 1} throws on an output: ${JSON.stringify(s)}`;
    }
    if (next === s) return null;
    s = next;
    const why = leaves(s) ?? leaves(s.normalize("NFKC"));
    if (why) return `decode ${i + 1}: ${JSON.stringify(s)} (${why})`;
  }
  return "still decoding after 20 rounds";
}

/** What must hold of sanitizeRedir(input). */
function check(input: string | null | undefined, chain: number[] = []) {
  const out = sanitizeRedir(input);
  const label = `${JSON.stringify(input)} → ${JSON.stringify(out)}`;
  assert.equal(sanitizeRedir(out), out, `not a fixed point: ${label}`);
  if (out === undefined) return;
  assert.ok(out.startsWith("/") && !out.startsWith("//"), label);
  assert.equal(leaves(out), null, label);
  assert.equal(fullDecodes(out), null, label);
  assert.equal(followChain(out, chain), null, label);
}

describe("sanitizeRedir: the known forms", () => {
  for (const [input, expected] of KNOWN) {
    it(`${JSON.stringify(input)} → ${JSON.stringify(expected)}`, () => {
      assert.equal(sanitizeRedir(input), expected);
      for (let a = 0; a < DECODERS.length; a++) {
        for (let b = 0; b < DECODERS.length; b++) check(input, [a, b, a, b]);
      }
    });
  }
});

// The pieces hostile values are made of: slashes and backslashes as they are, percent-encoded
// (once, twice, in either case), in their fullwidth forms; dot segments; schemes; controls.
const ATOMS = [
  "/",
  "//",
  "\\",
  ".",
  "..",
  "./",
  "../",
  "%2f",
  "%2F",
  "%5c",
  "%5C",
  "%2e",
  "%2E",
  "%2e%2e",
  "%25",
  "%252f",
  "%25252F",
  "%255c",
  "evil.example",
  "app",
  "x",
  "?",
  "?q=",
  "#",
  "&",
  "=",
  "@",
  ":",
  "http:",
  "https:",
  "javascript:",
  " ",
  "\t",
  "\n",
  "%0a",
  "%0D",
  "%00",
  "%09",
  "%20",
  "+",
  "\uff0f",
  "\uff3c",
  "\uff0e",
  "%EF%BC%8F",
  "%ef%bc%bc",
  "%C0%AF",
  "%zz",
  "%",
  "\u00e9",
  "%C3%A9",
  "\u0000",
  "\u2028",
  "[",
];
const raw = fc.array(
  fc.oneof(
    { arbitrary: fc.constantFrom(...ATOMS), weight: 5 },
    { arbitrary: fc.string({ maxLength: 3 }), weight: 1 },
  ),
  { maxLength: 8 },
).map((parts) => parts.join(""));

/** Ways a value gets encoded on its way here, applied in any order. */
const ENCODINGS: ((s: string) => string)[] = [
  (s) => encodeURIComponent(s),
  (s) => encodeURI(s),
  (s) => s.replace(/\//g, "%2F"),
  (s) => s.replace(/\\/g, "%5C"),
  (s) => s.replace(/%/g, "%25"),
  (s) => s.replace(/%[0-9a-f]{2}/gi, (m) => m.toLowerCase()),
  (s) => "/" + s,
  (s) => "https://evil.example" + s,
];
const encoded = fc.tuple(raw, fc.array(fc.nat(ENCODINGS.length - 1), { maxLength: 4 })).map(
  ([s, steps]) =>
    steps.reduce((v, i) => {
      try {
        return ENCODINGS[i](v);
      } catch {
        return v; // a lone surrogate: encodeURI refuses it
      }
    }, s),
);

describe("sanitizeRedir: the site's own host", () => {
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

describe("sanitizeRedir: a property over generated values", () => {
  it(`${RUNS} values with mixed encodings: a fixed point, and no decoding leaves the site`, () => {
    fc.assert(
      fc.property(
        encoded,
        fc.array(fc.nat(DECODERS.length - 1), { minLength: 1, maxLength: 6 }),
        (input, chain) => check(input, chain),
      ),
      { numRuns: RUNS, seed: 20261206 },
    );
  });

  it("the generator reaches both outcomes: kept values and refused ones", () => {
    const sample = fc.sample(encoded, { numRuns: 2_000, seed: 1 });
    const kept = sample.filter((v) => sanitizeRedir(v) !== undefined).length;
    assert.ok(kept > 200 && kept < 1_800, `${kept} of 2000 kept`);
  });
});
