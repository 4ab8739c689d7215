/**
 * Strict base64url (RFC 7515 §2: no padding, no whitespace, no `+` or `/`) and strict UTF-8,
 * for the segments of a compact JWS (src/json.ts reads their JSON). Part of the JWT core:
 * imports nothing.
 * @module
 */

/** UTF-8 out (signing inputs, raw secrets). */
export const encoder = new TextEncoder();

/** base64url character → its 6 bits, or -1 (anything else, `=` and `+/` included). */
const B64URL = /* @__PURE__ */ (() => {
  const t = new Int8Array(128).fill(-1);
  const abc = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  for (let i = 0; i < 64; i++) t[abc.charCodeAt(i)] = i;
  return t;
})();

/**
 * Strict base64url straight into bytes, in one pass with no intermediate strings; `null` on any
 * other character or an impossible length. Trailing bits are ignored, as `atob` and jose do.
 */
export function b64urlBytes(s: string): Uint8Array<ArrayBuffer> | null {
  const n = s.length;
  if (n % 4 === 1) return null;
  const out = new Uint8Array((n * 3) >> 2);
  const at = (k: number) => {
    const c = s.charCodeAt(k);
    // Past the end (NaN): zero bits, and the bytes they would make fall outside `out`, where a
    // typed array drops them: a last group of 2 or 3 characters gives its 1 or 2 bytes.
    return c < 128 ? B64URL[c] : c === c ? -1 : 0;
  };
  for (let i = 0, o = 0; i < n; i += 4) {
    const a = at(i), b = at(i + 1), c = at(i + 2), d = at(i + 3);
    if ((a | b | c | d) < 0) return null;
    const v = (a << 18) | (b << 12) | (c << 6) | d;
    out[o++] = v >> 16;
    out[o++] = (v >> 8) & 255;
    out[o++] = v & 255;
  }
  return out;
}

// `fatal`: invalid UTF-8 (overlong forms, lone surrogates, stray bytes) is refused, not turned
// into U+FFFD; `ignoreBOM`: a byte-order mark stays in the text, where JSON.parse refuses it.
// The fatal decoder is the slow path of most runtimes (4× in Deno, where it leaves the
// single-pass op): a lenient decode that yields no U+FFFD met no invalid byte, so only a text
// holding one is decoded again, strictly, to tell a real U+FFFD from a replaced byte.
const strict = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
const lenient = new TextDecoder("utf-8", { ignoreBOM: true });

/** A segment's JSON text, or `null` when it is not strict base64url of strict UTF-8. */
export function b64urlText(s: string): string | null {
  const bytes = b64urlBytes(s);
  if (!bytes) return null;
  const text = lenient.decode(bytes);
  if (!text.includes("\uFFFD")) return text;
  try {
    return strict.decode(bytes);
  } catch {
    return null;
  }
}
