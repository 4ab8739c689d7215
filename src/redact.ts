/**
 * Scrubbing of secrets from anything a user may see: error messages, hook arguments, logs.
 * The configured secrets (API key, JWT secret) go first, whatever they look like, in every form
 * a body or a URL writes them (URL-, JSON- and HTML-escaped), longest first; then anything
 * shaped like a secret: API keys (`ko_`, `key_`, also behind a realm's prefix such as
 * `acme_ko_…`), JWT secrets (`jsk_`), login tokens (JWTs), 2FA and password-reset tokens
 * (`kli_`, `kpw_`), PEM private keys, and the values of JSON fields or query parameters named
 * like a token, password, secret or API key (`apiKey` too).
 * @module
 */

/** Marks the spot. Its brackets cannot be part of a key, so a second pass leaves it alone. */
const MARK = "[redacted]";

// A prefix not glued to a letter or digit (so `acme_ko_…` is caught, `hockey_team` is not).
const SECRET =
  /(?<![A-Za-z0-9])(ko_|key_|jsk_|kli_|kpw_)[A-Za-z0-9_-]+|(?<![A-Za-z0-9])eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*(?:\.[A-Za-z0-9_-]*)?/g;
// An excerpt may be cut inside the key: then up to the end.
const PEM = /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(?:-----END [A-Z ]*PRIVATE KEY-----|$)/g;
const FIELD =
  /"(\w*(?:token|password|secret|api_?key|private_?key)\w*)"(\s*:\s*)"(?:[^"\\]|\\.)*"/gi;
const PARAM = /((?:^|[?&;\s])\w*(?:token|password|secret|api_?key)\w*=)[^&#\s"'<>]*/gi;

const HTML: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/**
 * The ways a configured secret may be written in a body or a URL: raw, URL-encoded (a space
 * as %20 or as a form's +), JSON-escaped (non-ASCII as is, or as \uXXXX in either case along
 * with the `<`, `>`, `&` that Rails escapes), HTML-escaped.
 */
function forms(s: string): string[] {
  const url = encodeURIComponent(s);
  const json = JSON.stringify(s).slice(1, -1);
  const hex = (c: string) => c.charCodeAt(0).toString(16).padStart(4, "0");
  const lower = json.replace(/[^\0-\x7f]|[<>&]/g, (c) => "\\u" + hex(c));
  const upper = json.replace(/[^\0-\x7f]|[<>&]/g, (c) => "\\u" + hex(c).toUpperCase());
  const html = s.replace(/[&<>"']/g, (c) => HTML[c]);
  return [s, url, url.replace(/%20/g, "+"), json, lower, upper, html];
}

/** Replace every secret-looking token in `text`, and first any of the given literal secrets. */
export function redact(text: string, secrets: readonly (string | undefined)[] = []): string {
  let out = text;
  // Longest first: a secret that holds a shorter one must not be cut in two, its tail left.
  const all = [...new Set(secrets.flatMap((s) => s ? forms(s) : []))];
  for (const form of all.sort((a, b) => b.length - a.length)) {
    if (out.includes(form)) out = out.split(form).join(MARK);
  }
  return out
    .replace(PEM, `-----BEGIN PRIVATE KEY-----${MARK}`)
    .replace(FIELD, (_m, name: string, colon: string) => `"${name}"${colon}"${MARK}"`)
    .replace(PARAM, (_m, name: string) => name + MARK)
    .replace(SECRET, (_m, prefix: string | undefined) => (prefix ?? "eyJ") + MARK);
}

/**
 * A short excerpt of a body: redacted first (so a secret cut at the edge cannot survive half
 * unrecognised), whitespace collapsed, then cut to `max` characters.
 */
export function excerpt(text: string, secrets: readonly (string | undefined)[], max = 160): string {
  return redact(text, secrets).replace(/\s+/g, " ").trim().slice(0, max);
}

const SENSITIVE = /token|password|secret|api_?key|private_?key/i;

/**
 * The values a request carries under sensitive names (`password`, `token`, `api_key` …, nested
 * too): redacted by value in anything about that request, since a server may echo them where no
 * pattern would find them (a password in an HTML error page). Values under 8 characters are
 * left out: they would blank ordinary words (a refused password "short" would erase "too short"
 * from the API's message), and realms refuse passwords that short anyway.
 */
export function sensitiveValues(x: unknown, out: string[] = [], key = "", depth = 0): string[] {
  if (typeof x === "string") {
    if (SENSITIVE.test(key) && x.length >= 8) out.push(x);
  } else if (typeof x === "object" && x !== null && depth < 4) {
    for (const [k, v] of Object.entries(x)) {
      sensitiveValues(v, out, Array.isArray(x) ? key : k, depth + 1);
    }
  }
  return out;
}

const NETWORK_FIELDS = ["code", "errno", "syscall", "address", "port", "hostname"] as const;

/**
 * A redacted copy of an error and its `cause` chain (a network error's message may hold the URL,
 * and with it a token): same name, redacted message and stack, and the network fields
 * (`code: "ECONNREFUSED"` …) that say what happened.
 */
export function scrubError(
  e: unknown,
  secrets: readonly (string | undefined)[],
  depth = 0,
): Error {
  if (!(e instanceof Error)) return new Error(redact(String(e), secrets));
  const cause = e.cause !== undefined && depth < 4
    ? { cause: scrubError(e.cause, secrets, depth + 1) }
    : undefined;
  const out = new Error(redact(e.message, secrets), cause);
  out.name = redact(e.name, secrets);
  out.stack = redact(e.stack ?? `${e.name}: ${e.message}`, secrets);
  const src = e as unknown as Record<string, unknown>;
  const dst = out as unknown as Record<string, unknown>;
  for (const k of NETWORK_FIELDS) {
    const v = src[k];
    if (typeof v === "string") dst[k] = redact(v, secrets);
    else if (typeof v === "number") dst[k] = v;
  }
  // Happy eyeballs: Node reports each address tried in an AggregateError.
  if (Array.isArray(src.errors) && depth < 4) {
    dst.errors = src.errors.slice(0, 4).map((x) => scrubError(x, secrets, depth + 1));
  }
  return out;
}
