/**
 * Inert log fields: whatever a request (or a token) carries is written to a log or a terminal
 * only after the characters that could forge a line or drive the terminal are escaped. A log
 * line is built from trusted words and `inert(field)` for everything else.
 * @module
 */

/**
 * The characters a log field must not carry raw: C0 controls (CR and LF forge lines, ESC starts
 * a terminal sequence), DEL, C1 controls (U+009B is a one-character CSI, U+0085 a line break),
 * the Unicode line and paragraph separators, and the bidirectional marks, embeddings,
 * overrides and isolates that make a line read otherwise than it is written.
 */
// deno-lint-ignore no-control-regex
export const UNSAFE_CHARS = /[\0-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]/g;

const SHORT: Record<string, string> = { "\n": "\\n", "\r": "\\r", "\t": "\\t" };

/** One character as its escape: `\n`, `\r`, `\t`, `\xNN` up to U+00FF, else `\uNNNN`. */
function escapeChar(c: string): string {
  const code = c.charCodeAt(0);
  return SHORT[c] ??
    (code < 0x100
      ? `\\x${code.toString(16).padStart(2, "0")}`
      : `\\u${code.toString(16).padStart(4, "0")}`);
}

/**
 * A field made safe for a log line: every unsafe character escaped, and backslashes doubled
 * so that the escapes are unambiguous (`\n` in the output is always a line break that was in
 * the input, never the two characters). Everything else, non-ASCII letters included, is kept.
 * Inert is not secret-free: redact first (`redact` from src/redact.ts), then make it inert.
 *
 * @example
 * ```ts
 * import { inert } from "./log.ts";
 * console.warn(`GET /v1/users?${inert("x\r\nFORGED 200")}=…`); // GET /v1/users?x\r\nFORGED 200=…
 * ```
 */
export function inert(field: string): string {
  return field.replace(/\\/g, "\\\\").replace(UNSAFE_CHARS, escapeChar);
}
