/**
 * Where a login may send the browser back to: a path and query on this site, nothing else.
 * @module
 */

/** Any C0 control character or DEL. */
// deno-lint-ignore no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;
/** How many times a later hop may decode a value; one still encoded after that is refused. */
const DECODES = 3;

/**
 * Reduce a `redir` value to a path and query on this site, or `undefined`. An absolute URL
 * keeps only its path; `//host`, `\\host`, `/\host`, dot segments that normalise to `//host`,
 * encoded variants and control characters are refused. What it returns it returns unchanged
 * when given again, and no decoding of it, however many times, leaves this site.
 *
 * @example
 * ```ts
 * import { sanitizeRedir } from "@authrocket-edge/sdk/middleware";
 * sanitizeRedir("/app?tab=2"); // "/app?tab=2"
 * sanitizeRedir("https://evil.example/x"); // "/x": the path only, on this site
 * sanitizeRedir("/\\evil.example"); // undefined
 * sanitizeRedir("%2fevil.example"); // undefined: "/%2fevil.example" decodes to "//evil.example"
 * ```
 */
export function sanitizeRedir(value: string | null | undefined): string | undefined {
  if (!value || !staysHere(value)) return undefined;
  // The value is checked as given, and so is what it becomes: the URL parser re-encodes, so a
  // value safe as given (`%2fevil.example`) can become one a later hop decodes to `//host`.
  // Checked again, the output is its own answer (a fixed point; URL serialisation is meant to
  // be idempotent, and that is checked rather than assumed). A non-special scheme
  // (`javascript:`) leaves a path without the leading "/".
  const out = pathOf(value);
  return out?.startsWith("/") && staysHere(out) && pathOf(out) === out ? out : undefined;
}

/**
 * Whether `value` and each of its decodings (up to {@link DECODES}; malformed or still encoded
 * after that: no), as given and NFKC-normalised as some hops do (`／` is `/`), is free of
 * controls and backslashes, does not start with two slashes, and has no dot segments that
 * normalise to `//host` (`/.//evil.example`).
 */
function staysHere(value: string): boolean {
  let form = value;
  for (let round = 0;; round++) {
    for (const f of [form, form.normalize("NFKC")]) {
      if (CONTROL.test(f) || f.includes("\\") || /^\s*\/\//.test(f)) return false;
      if (pathOf(f)?.startsWith("//") !== false) return false;
    }
    let next: string;
    try {
      next = decodeURIComponent(form);
    } catch {
      return false;
    }
    if (next === form) return true;
    if (round === DECODES) return false;
    form = next;
  }
}

/** The path and query `s` resolves to on this site (`undefined` if it is not a URL). */
function pathOf(s: string): string | undefined {
  try {
    const u = new URL(s, "http://redir.invalid");
    return u.pathname + u.search;
  } catch {
    return undefined;
  }
}
