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
  if (CONTROL.test(value)) return undefined;
  let decoded = value;
  try {
    for (let i = 0; i < 3; i++) {
      const next = decodeURIComponent(decoded);
      if (next === decoded) break;
      decoded = next;
    }
  } catch {
    return undefined;
  }
  if (CONTROL.test(decoded) || /^\s*[\\/][\\/]/.test(decoded) || decoded.includes("\\")) {
    return undefined;
  }
  let u: URL;
  try {
    u = new URL(value, "http://redir.invalid");
  } catch {
    return undefined;
  }
  // `/.//evil.example` passes the checks above and normalises to `//evil.example` here.
  const out = u.pathname + u.search;
  if (!out.startsWith("/") || out.startsWith("//") || out.startsWith("/\\")) return undefined;
  return out;
}
