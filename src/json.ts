/**
 * The one reader of JSON text that must hold an object: a token's header and claims (the JWT
 * core), an API answer (src/response.ts). A leaf: imports nothing.
 * @module
 */

/**
 * Parse JSON text that must hold an object (not an array, a number, a string or `null`);
 * `null` for anything else, `null` text and malformed JSON included.
 */
export function jsonObject(text: string | null): Record<string, unknown> | null {
  try {
    // `null` text parses as `null` (JSON.parse reads it as the string "null").
    const v = JSON.parse(text!);
    return v && typeof v === "object" && !Array.isArray(v) ? v : null;
  } catch {
    return null;
  }
}
