/**
 * The emulator server's line per request: method, path, query names, status, time and, for an
 * answer of 400 or more, why (the API's message, a page's alert, or which API key header was
 * wrong). Every field is redacted, then made inert: a request cannot forge a line, drive the
 * terminal, or put a secret in the log.
 * @module
 */
import { inert } from "../log.ts";
import { redact } from "../redact.ts";

/** A reason longer than this is cut (a message is a sentence, not a page). */
const MAX_REASON = 240;

/** A field of the line: secrets out, then control characters escaped. */
const field = (s: string, apiKey: string) => inert(redact(s, [apiKey]));

/**
 * The log line for `req` answered with `res` in `ms` milliseconds. Query values are never
 * shown (they carry tokens and codes), only their names. For a status ≥ 400 it reads the body
 * of a clone of `res`, so the caller still sends `res` itself.
 */
export async function requestLine(
  req: Request,
  res: Response,
  ms: number,
  apiKey: string,
): Promise<string> {
  const url = new URL(req.url);
  const names = [...url.searchParams.keys()].map((k) => `${field(k, apiKey)}=…`);
  const query = names.length ? `?${names.join("&")}` : "";
  const line = `${field(req.method, apiKey)} ${field(url.pathname, apiKey)}${query} ${res.status} ${
    ms.toFixed(1)
  }ms`;
  if (res.status < 400) return line;
  const why = await reason(req, url, res.clone(), apiKey);
  return why ? `${line} — ${field(why.slice(0, MAX_REASON), apiKey)}` : line;
}

/** Why the emulator refused a request, in a sentence that says what to send instead. */
async function reason(req: Request, url: URL, res: Response, apiKey: string): Promise<string> {
  if (res.status === 403 && url.pathname.startsWith("/v1/")) {
    const key = req.headers.get("x-authrocket-api-key");
    if (key === null) {
      return "no API key: send the X-Authrocket-Api-Key header (AUTHROCKET_API_KEY)";
    }
    if (key !== apiKey) {
      return "wrong API key: X-Authrocket-Api-Key is not this emulator's AUTHROCKET_API_KEY";
    }
  }
  let text = "";
  try {
    text = await res.text();
  } catch { /* a body that cannot be read: the status alone */ }
  const type = res.headers.get("content-type") ?? "";
  const said = type.includes("json") ? fromJson(text) : type.includes("html") ? fromHtml(text) : "";
  if (said) return said;
  if (res.status === 401) {
    return "authentication failed: wrong username, password or key, or the user is not active";
  }
  return "";
}

/** The API's error bodies: `{"error": "…"}` and `{"errors": {"field": ["message", …]}}`. */
function fromJson(text: string): string {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return "";
  }
  if (!body || typeof body !== "object") return "";
  const { error, errors } = body as { error?: unknown; errors?: unknown };
  if (typeof error === "string") return error;
  if (!errors || typeof errors !== "object") return "";
  const fields = Array.isArray(errors) ? { base: errors } : errors as Record<string, unknown>;
  const messages = Object.values(fields).flat().filter((m) => typeof m === "string");
  let said = messages.join("; ");
  // The realm is the one a request most often forgets to name.
  if ("realm_id" in fields || messages.some((m) => m.startsWith("Realm can't be blank"))) {
    said += " (name the realm: the X-Authrocket-Realm header or realm_id, e.g. AUTHROCKET_REALM)";
  }
  return said;
}

/** A hosted page's message: its `role="alert"` element, else its title. */
function fromHtml(text: string): string {
  const m = /<[^>]+role="alert"[^>]*>([\s\S]*?)<\//.exec(text) ??
    /<title>([\s\S]*?)<\/title>/.exec(text);
  return m ? unescapeHtml(m[1].replace(/<[^>]*>/g, "")).trim() : "";
}

const ENTITIES: Record<string, string> = {
  "&amp;": "&",
  "&lt;": "<",
  "&gt;": ">",
  "&quot;": '"',
  "&#39;": "'",
};
const unescapeHtml = (s: string) => s.replace(/&(?:amp|lt|gt|quot|#39);/g, (e) => ENTITIES[e]);
