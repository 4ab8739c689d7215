/**
 * Reading the API's responses: what an answer (or its absence) means, the status → result or
 * error map, and the messages that name the fix (a host that refuses connections, a `url`
 * without `/v1`, a redirect). The transport sends; this module only reads what came back.
 * @module
 */
import { ConnectionError } from "./errors.ts";
import {
  AccessDenied,
  AccountInactive,
  AuthenticationFailed,
  ClientError,
  EndpointNotFound,
  RecordNotFound,
  RedirectError,
  ResponseError,
  ServerError,
} from "./api_errors.ts";
import type { ApiErrorOptions } from "./errors.ts";
import { readLimited } from "./body.ts";
import { ENV_NAMES } from "./env.ts";
import { jsonObject } from "./json.ts";
import { excerpt, redact, scrubError } from "./redact.ts";

/**
 * A parsed API answer that was not an error status (409/422 come back here with `errors`).
 *
 * @example
 * ```ts
 * import { AuthRocket, type ApiResult } from "@authrocket-edge/sdk";
 * const ar = new AuthRocket({ url: "https://api-e1.authrocket.com/v1", apiKey: "ko_…", realm: "rl_…" });
 * const r: ApiResult = await ar.transport.request("GET", "users/sally");
 * console.log(r.status, r.requestId, r.data.username);
 * ```
 */
export interface ApiResult {
  /** HTTP status. */
  status: number;
  /** The record's fields (`{}` for 204 and 215). */
  data: Record<string, unknown>;
  /** List items, when the body had a `collection`. */
  collection?: Record<string, unknown>[];
  /** Everything else: list metadata, error metadata, a 215 body. */
  metadata: Record<string, unknown>;
  /** Flattened, redacted validation messages of a 409/422 (else empty). */
  errors: string[];
  /** The response's request id (`X-Request-Id`), when the server sent one. */
  requestId?: string;
  /** For a refusal the configuration explains (no realm set): the fix, as a sentence. */
  hint?: string;
}

/**
 * One API call as the reading of its answers needs it, built once per call by the transport (as
 * jose's `prepareVerify` builds its options once) and handed to every function below instead of
 * their positional parameters.
 */
export interface Sent {
  /** The HTTP method. */
  method: string;
  /** The path under the base URL, as called (a 404 names it). */
  path: string;
  /** The full URL. */
  url: URL;
  /** The configured `url` setting. */
  base: string;
  /** The values no message may show (the API key, the JWT secret, sensitive params). */
  secrets: readonly (string | undefined)[];
}

/**
 * The deepest nesting an answer may have. AuthRocket's bodies nest a few levels; a deeper one
 * is refused as malformed where it is parsed, so that no later walk over it (errors, records,
 * `toJSON`, inspect) can exhaust the stack.
 */
export const MAX_DEPTH = 64;

/** Whether `v` nests no deeper than `left` more levels (recursion bounded by `left`). */
function shallow(v: object, left: number): boolean {
  if (left <= 0) return false;
  // Object.values and an index loop: a quarter of for…in's cost on a page of records (measured).
  const values: unknown[] = Array.isArray(v) ? v : Object.values(v);
  for (let i = 0; i < values.length; i++) {
    const x = values[i];
    if (typeof x === "object" && x !== null && !shallow(x, left - 1)) return false;
  }
  return true;
}

/**
 * Flatten an `errors` body (`{field: [msg]}`, `[msg]` or `msg`) into a list of messages. Below
 * `depth` levels (the rest of {@link MAX_DEPTH}) nothing more is read.
 */
export function flattenErrors(errors: unknown, depth = MAX_DEPTH): string[] {
  if (errors == null) return [];
  // An array's values are its items, in order: one branch for arrays and objects.
  if (typeof errors === "object") {
    return depth > 0 ? Object.values(errors).flatMap((e) => flattenErrors(e, depth - 1)) : [];
  }
  return [String(errors)];
}

/**
 * A response's body as text, never read past `limit` bytes (src/body.ts's reader): over it, the
 * rest is cancelled and a `ResponseError` with code `"response_too_large"` is thrown.
 */
export async function responseText(res: Response, limit: number): Promise<string> {
  const text = await readLimited(res, limit);
  if (text !== null) return text;
  throw new ResponseError(
    `API response is larger than \`maxResponseBytes\` (${limit} bytes); HTTP status: ${res.status}. ` +
      "Raise the `maxResponseBytes` setting if answers this large are expected",
    res.status,
    "",
    { code: "response_too_large", requestId: requestIdOf(res.headers) },
  );
}

/** `Retry-After` in seconds (a number of seconds or an HTTP date), else `undefined`. */
export function retryAfterSeconds(h: string | null, now: number): number | undefined {
  if (!h) return undefined;
  const s = h.trim();
  if (/^\d+(\.\d+)?$/.test(s)) return Number(s);
  const t = Date.parse(s);
  return Number.isNaN(t) ? undefined : Math.max(0, Math.ceil((t - now) / 1000));
}

/** The request id a response carries (LoginRocket documents `X-Request-ID`). */
export function requestIdOf(headers: Headers): string | undefined {
  const id = headers.get("x-request-id") ?? headers.get("request-id");
  // A header is the server's to fill: keep it short and printable before it reaches a message.
  return id && /^[\x21-\x7e]{1,200}$/.test(id) ? id : undefined;
}

/** The host a `Location` names, resolved against the request URL; never its path or query. */
export function locationHost(location: string | null, url: URL): string | undefined {
  if (!location) return undefined;
  try {
    return new URL(location, url).host || undefined;
  } catch {
    return undefined;
  }
}

/** `true` for AuthRocket's own hosts: only then is its status page worth naming. */
export function isAuthRocketHost(hostname: string): boolean {
  return /(^|\.)authrocket\.com\.?$/i.test(hostname);
}

/** `host:port`, with the scheme's default port spelled out. */
export function hostPort(u: URL): string {
  return `${u.hostname}:${u.port || (u.protocol === "https:" ? "443" : "80")}`;
}

const DNS = /ENOTFOUND|EAI_AGAIN|getaddrinfo|dns|lookup|name resolution|not known/i;

/** What a network failure most likely was, from the codes and messages of its cause chain. */
function diagnose(e: Error): { what: string; unsent: boolean } {
  const parts: string[] = [];
  // `e` comes from scrubError, whose cause chain is at most 5 deep (and has no cycle).
  for (let x: unknown = e; x instanceof Error; x = x.cause) {
    parts.push(x.message, String((x as { code?: unknown }).code ?? ""));
  }
  const all = parts.join(" ");
  // `unsent`: the failure came before any request could go out (nothing to re-send).
  if (/ECONNREFUSED|connection ?refused/i.test(all)) {
    return {
      what:
        "connection refused: nothing listens there (is the server or emulator running, is the port right?)",
      unsent: true,
    };
  }
  if (DNS.test(all)) {
    return { what: "the host name does not resolve (DNS): check the host in `url`", unsent: true };
  }
  if (/ECONNRESET|reset/i.test(all)) return { what: "the connection was reset", unsent: false };
  if (/certificate|tls|ssl/i.test(all)) {
    return { what: "TLS failed (certificate or protocol)", unsent: true };
  }
  return { what: e.message.split("\n")[0].slice(0, 200), unsent: false };
}

/** One failed attempt, as the transport saw it. */
export interface AttemptFailure {
  /** Aborted by the per-attempt timeout. */
  timedOut: boolean;
  /** The `timeout` setting in effect (ms per attempt). */
  timeout: number;
  /** 1 for the first attempt. */
  attempt: number;
  /** Another attempt follows. */
  willRetry: boolean;
  /** Whether the transport retries the method after a network failure. */
  idempotent: boolean;
  /** The `maxRetries` setting in effect. */
  maxRetries: number;
  /** Milliseconds since the first attempt started. */
  elapsedMs: number;
  /**
   * When the runtime's own fetch re-sends such a request by itself (a dropped reused
   * connection), the sentence that says so; the transport cannot count those re-sends.
   */
  resends?: string;
}

const plural = (n: number, one: string) => `${n} ${one}${n === 1 ? "" : "s"}`;

/**
 * The error of one failed attempt: host and port, what happened, how many times this client
 * sent it (and whether the runtime's fetch may have re-sent it on its own), the settings that
 * govern a timeout, and the network error (redacted) as `cause`.
 */
export function connectionError(e: unknown, sent: Sent, info: AttemptFailure): ConnectionError {
  const cause = scrubError(e, sent.secrets);
  const { attempt, timeout, maxRetries } = info;
  const found = info.timedOut ? { what: "", unsent: false } : diagnose(cause);
  const resends = info.resends && !found.unsent ? `; ${info.resends}` : "";
  let what: string;
  if (info.timedOut && !info.willRetry) {
    const total = (info.elapsedMs / 1000).toFixed(1);
    what =
      `timed out after ${timeout} ms per attempt, ${plural(attempt, "attempt")} in ${total} s ` +
      `(settings \`timeout\`: ${timeout}, \`maxRetries\`: ${maxRetries}${resends})`;
  } else {
    const tries = info.willRetry
      ? `attempt ${attempt}, retrying`
      : attempt > 1
      ? `retried ${plural(attempt - 1, "time")}`
      : info.idempotent
      ? "not retried: `maxRetries` is 0"
      : `sent once, not retried: a ${sent.method} may have reached the server`;
    what = `${info.timedOut ? `timed out after ${timeout} ms` : found.what} (${tries}${resends})`;
  }
  const u = sent.url;
  const status = isAuthRocketHost(u.hostname) ? "; see https://status.authrocket.com/" : "";
  const fix = `check \`url\` (env ${ENV_NAMES.url})${status}`;
  return new ConnectionError(
    `Unable to reach the AuthRocket API at ${hostPort(u)}: ${what}; ${fix}`,
    { cause, timeout: info.timedOut },
  );
}

/** The error for a 3xx answer (or a browser's opaque redirect, status 0). */
export function redirectError(res: Response, sent: Sent): RedirectError {
  return new RedirectError(res.status, locationHost(res.headers.get("location"), sent.url), {
    requestId: requestIdOf(res.headers),
  });
}

/** A 404 that is not the API's: HTML or another non-JSON body, or a base URL without `/vN`. */
function endpointNotFound(
  sent: Sent,
  text: string,
  opts: ApiErrorOptions,
): EndpointNotFound | undefined {
  const noVersion = !/\/v\d+\/?$/.test(new URL(sent.base).pathname);
  const foreign = text.trim() !== "" && !jsonObject(text);
  if (!noVersion && !foreign) return undefined;
  const why = noVersion
    ? "the `url` setting probably lacks `/v1` (e.g. https://api-e1.authrocket.com/v1)"
    : "the answer is not the API's JSON: check that `url` points at the AuthRocket API, ending in `/v1`";
  const where = sent.url.origin + redact(sent.url.pathname, sent.secrets);
  return new EndpointNotFound(
    `No AuthRocket API at ${where} (404): ${why} (env ${ENV_NAMES.url})`,
    404,
    opts,
  );
}

/**
 * Turn one complete answer into a result, or throw its error. 2xx, 409 and 422 are results;
 * every other status maps to its error class (a 3xx never gets here: the transport refuses it
 * first, and fetch gives no status under 200).
 */
export function interpret(
  sent: Sent,
  status: number,
  text: string,
  requestId: string | undefined,
): ApiResult {
  const opts: ApiErrorOptions = { requestId };
  const cut = () => excerpt(text, sent.secrets);
  if (status < 300 || status === 409 || status === 422) {
    let obj: Record<string, unknown> = {};
    if (text.trim() !== "") {
      const parsed = jsonObject(text);
      if (!parsed) {
        const body = cut();
        // An HTML page where JSON was due: the `url` names a web site, not the API.
        const why = /^\s*</.test(text)
          ? `API response is an HTML page, not the API's JSON: check that \`url\` (env ${ENV_NAMES.url}) is the AuthRocket API's base URL, e.g. https://api-e1.authrocket.com/v1`
          : "API response is not a JSON object";
        throw new ResponseError(
          `${why}; HTTP status: ${status}; body: ${body}`,
          status,
          body,
          opts,
        );
      }
      if (!shallow(parsed, MAX_DEPTH)) {
        throw new ResponseError(
          `Malformed response: nested deeper than ${MAX_DEPTH} levels; HTTP status: ${status}`,
          status,
          "",
          opts,
        );
      }
      obj = parsed;
    }
    const head = requestId ? { status, requestId } : { status };
    if (status === 409 || status === 422) {
      const { errors, ...metadata } = obj;
      const list = flattenErrors(errors).map((m) => redact(m, sent.secrets));
      return { ...head, data: {}, metadata, errors: list.length ? list : ["Validation error"] };
    }
    if (status === 215) return { ...head, data: {}, metadata: obj, errors: [] };
    if ("collection" in obj) {
      const { collection, ...metadata } = obj;
      // null is an empty page (as the gem reads it); any other non-array is malformed.
      if (collection != null && !Array.isArray(collection)) {
        throw new ResponseError(
          `Malformed response: collection is not an array; HTTP status: ${status}`,
          status,
          cut(),
          opts,
        );
      }
      return { ...head, data: {}, collection: collection ?? [], metadata, errors: [] };
    }
    return { ...head, data: obj, metadata: {}, errors: [] };
  }
  switch (status) {
    case 401:
      throw new AuthenticationFailed(undefined, opts);
    case 402:
      throw new AccountInactive(undefined, opts);
    case 403:
      throw new AccessDenied(undefined, opts);
    case 404:
      throw endpointNotFound(sent, text, opts) ??
        new RecordNotFound(`Not found: ${sent.method} ${redact(sent.path, sent.secrets)}`, opts);
  }
  const body = text ? "\n  " + cut() : "";
  if (status >= 500) throw new ServerError(`Server error: ${status}${body}`, status, opts);
  throw new ClientError(`Client error: ${status}${body}`, status, opts);
}
