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

// Every pattern runs in time linear in the text (the text is often an attacker's: a URL, an
// error body): no part may be retried from many starting points over the same long run. So a
// name's sensitive word is found by a lookahead over its own run only, and a JWT candidate
// takes its whole run of token characters at once, dot or no dot (see redactTokens).

// A prefix not glued to a letter or digit (so `acme_ko_…` is caught, `hockey_team` is not).
const PREFIXED = /(?<![A-Za-z0-9])(ko_|key_|jsk_|kli_|kpw_)[A-Za-z0-9_-]+/g;
// A prefixed secret, or `eyJ` and its run, with the JWT's dotted segments when it has them.
const SECRET =
  /(?<![A-Za-z0-9])(ko_|key_|jsk_|kli_|kpw_)[A-Za-z0-9_-]+|(?<![A-Za-z0-9])eyJ[A-Za-z0-9_-]*(\.[A-Za-z0-9_-]*(?:\.[A-Za-z0-9_-]*)?)?/g;
// An excerpt may be cut inside the key: then up to the end.
const PEM = /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(?:-----END [A-Z ]*PRIVATE KEY-----|$)/g;
// A field's name, up to its value's opening quote (the value is read by redactFields).
const FIELD = /"(?=\w*?(?:token|password|secret|api_?key|private_?key))\w+"\s*:\s*"/gi;
const LINE_BREAK = /[\n\r\u2028\u2029]/;
const PARAM = /((?:^|[?&;\s])(?=\w*?(?:token|password|secret|api_?key))\w*=)[^&#\s"'<>]*/gi;

/**
 * Prefixed secrets and JWTs. An `eyJ` run without a dot is no JWT, and no `eyJ` later in the
 * same run can be one either (its run ends at the same place): the run is kept as it is, but
 * for the prefixed secrets inside it.
 */
function redactTokens(text: string): string {
  return text.replace(
    SECRET,
    (m, prefix: string | undefined, dotted: string | undefined) =>
      prefix ? prefix + MARK : dotted ? "eyJ" + MARK : m.replace(PREFIXED, "$1" + MARK),
  );
}

/**
 * The values of JSON fields named like a secret. Each value is read by a loop, not a pattern
 * (JavaScriptCore ran `(?:[^"\\]|\\.)*` 500× slower past 100 KB of escapes): up to its closing
 * quote, where a backslash escapes one character but not a line break. A value without its
 * closing quote is left as it is, and the search goes on after the name's opening quote (as a
 * pattern would).
 */
function redactFields(text: string): string {
  let out = "";
  let last = 0;
  FIELD.lastIndex = 0;
  next: for (let m = FIELD.exec(text); m; m = FIELD.exec(text)) {
    let i = FIELD.lastIndex;
    for (let c; (c = text[i]) !== '"'; i++) {
      if (c === undefined || c === "\\" && LINE_BREAK.test(text[++i] ?? "\n")) {
        FIELD.lastIndex = m.index + 1;
        continue next;
      }
    }
    out += text.slice(last, m.index) + m[0] + MARK + '"'; // m[0]: `"name":"`
    last = FIELD.lastIndex = i + 1;
  }
  return last ? out + text.slice(last) : text;
}

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
  out = redactFields(out.replace(PEM, `-----BEGIN PRIVATE KEY-----${MARK}`));
  return redactTokens(out.replace(PARAM, "$1" + MARK));
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
