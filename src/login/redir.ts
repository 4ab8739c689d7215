/**
 * Where a login may send the browser back to: a path and query on this site, nothing else.
 * @module
 */

/** Any C0 control character or DEL. */
// deno-lint-ignore no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;

/**
 * Reduce a `redir` value to a path and query on this site, or `undefined`. An absolute URL
 * keeps only its path; `//host`, `\\host`, `/\host`, dot segments that normalise to `//host`,
 * encoded variants and control characters are refused.
 *
 * @example
 * ```ts
 * import { sanitizeRedir } from "@authrocket-edge/sdk/middleware";
 * sanitizeRedir("/app?tab=2"); // "/app?tab=2"
 * sanitizeRedir("https://evil.example/x"); // "/x": the path only, on this site
 * sanitizeRedir("/\\evil.example"); // undefined
 * ```
 */
export function sanitizeRedir(value: string | null | undefined): string | undefined {
  if (!value) return undefined;
  // Decode as a later hop might (up to 3 times); still encoded after that, or malformed: refuse.
  let decoded = value;
  for (let round = 0;; round++) {
    let next: string;
    try {
      next = decodeURIComponent(decoded);
    } catch {
      return undefined;
    }
    if (next === decoded) break;
    if (round === 3) return undefined;
    decoded = next;
  }
  if (CONTROL.test(decoded) || /^\s*[\\/][\\/]/.test(decoded) || decoded.includes("\\")) {
    return undefined;
  }
  // `/.//evil.example` passes the checks above and normalises to `//evil.example`; so does the
  // decoded form of `/./%2F/evil.example`, should a later hop decode it. A non-special scheme
  // (`javascript:`) leaves a path without the leading "/".
  let out: string;
  try {
    out = pathOf(value);
    if (pathOf(decoded).startsWith("//")) return undefined;
  } catch {
    return undefined;
  }
  return !out.startsWith("/") || out.startsWith("//") ? undefined : out;
}

function pathOf(s: string): string {
  const u = new URL(s, "http://redir.invalid");
  return u.pathname + u.search;
}
