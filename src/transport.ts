/**
 * The transport: the one place that builds requests, sends them through fetch, parses
 * responses, maps statuses to errors, and applies timeouts, retries and hooks.
 * @module
 */
import {
  type ApiResult,
  connectionError,
  interpret,
  MAX_DEPTH,
  redirectError,
  requestIdOf,
  responseText,
  retryAfterSeconds,
  type Sent,
} from "./response.ts";
import type { AuthRocketConfig, FetchLike } from "./config.ts";
import { ENV_NAMES } from "./env.ts";
import type { Jwk } from "./jwt/keys.ts";
import { ArgumentError, InvalidId } from "./argument_error.ts";
import { ConfigError } from "./errors.ts";
import { RateLimited, ResponseError } from "./api_errors.ts";
import { redact, sensitiveValues } from "./redact.ts";
import { VERSION } from "./version.ts";

export type { ApiResult };

/**
 * Per-call options, accepted by every API method as its last argument.
 *
 * @example
 * ```ts
 * import { AuthRocket, type CallOptions } from "@authrocket-edge/sdk";
 * const ar = new AuthRocket({ url: "https://api-e1.authrocket.com/v1", apiKey: "ko_…", realm: "rl_…" });
 * const options: CallOptions = { timeout: 2_000, signal: AbortSignal.timeout(5_000) };
 * const sally = await ar.users.find("sally", undefined, options);
 * ```
 */
export interface CallOptions {
  /** Aborts the call (no retry follows). */
  signal?: AbortSignal;
  /** Overrides the client's per-attempt timeout (ms). */
  timeout?: number;
  /** Overrides the client's retry count. */
  maxRetries?: number;
}

/**
 * Query or body parameters, as the API names them.
 *
 * @example
 * ```ts
 * import { AuthRocket, type Params } from "@authrocket-edge/sdk";
 * const ar = new AuthRocket({ url: "https://api-e1.authrocket.com/v1", apiKey: "ko_…", realm: "rl_…" });
 * const attrs: Params = { user_type: "api", reference: "billing-bot" };
 * const bot = await ar.users.create(attrs);
 * ```
 */
export type Params = Record<string, unknown>;

/**
 * The one id check, and the escape of one path segment (an id or a username). A blank id, `.`
 * and `..` (which URL parsers would resolve as path steps, even percent-encoded) and non-strings
 * are refused with `InvalidId`: a programming error, not a 404 that no server sent. `what` names
 * the call in the message (`find`, `update`, `authenticate` …).
 */
export function segment(id: unknown, what = "find"): string {
  if (typeof id !== "string" || id.trim() === "" || /^\.{1,2}$/.test(id)) {
    throw new InvalidId(what, id);
  }
  return encodeURIComponent(id);
}

/**
 * Build a query string the way the Ruby gem does: `k[]=v` for arrays, `k=` for null. Nesting
 * deeper than {@link MAX_DEPTH} levels (a cycle, too) is an `ArgumentError`, not a stack
 * overflow.
 */
export function buildQuery(params: Params | undefined): string {
  if (!params) return "";
  const parts: string[] = [];
  const add = (key: string, v: unknown, depth: number) => {
    if (v === undefined) return;
    if (depth > MAX_DEPTH) {
      throw new ArgumentError(
        `Query parameter ${key.slice(0, 40)}… nests deeper than ${MAX_DEPTH} levels (a cycle?)`,
      );
    }
    if (Array.isArray(v)) {
      if (v.length === 0) parts.push(`${encodeURIComponent(key + "[]")}=`);
      for (const x of v) add(key + "[]", x, depth + 1);
    } else if (v instanceof Date) {
      parts.push(`${encodeURIComponent(key)}=${Math.floor(v.getTime() / 1000)}`);
    } else if (v !== null && typeof v === "object") {
      for (const [k, x] of Object.entries(v)) add(`${key}[${k}]`, x, depth + 1);
    } else {
      parts.push(`${encodeURIComponent(key)}=${v === null ? "" : encodeURIComponent(String(v))}`);
    }
  };
  for (const [k, v] of Object.entries(params)) add(k, v, 1);
  return parts.length ? "?" + parts.join("&") : "";
}

/** The JS runtime, for the User-Agent (read from `navigator.userAgent` where there is one). */
function runtimeName(): string {
  const ua = (globalThis as { navigator?: { userAgent?: string } }).navigator?.userAgent;
  if (typeof ua === "string" && ua) return ua.split(" ")[0];
  return "process" in globalThis ? "Node.js" : "unknown";
}

let userAgentBase: string | undefined;

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  signal?.throwIfAborted();
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(t);
      reject(signal!.reason);
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/** The API's refusal of a realm-scoped call that names no realm. */
const REALM_BLANK = /^Realm can't be blank/i;

/**
 * The default of `maxResponseBytes`: 16 MiB, written as a literal (esbuild keeps a module-level
 * expression, and with it this module, in bundles that only verify tokens).
 */
export const DEFAULT_MAX_RESPONSE_BYTES = 16_777_216;

const IDEMPOTENT = new Set(["GET", "HEAD", "PUT", "DELETE"]);

/**
 * Whether the runtime's own `fetch` re-sends a request by itself, once, on a new connection,
 * when a reused keep-alive connection drops after the request went out; the sentence that
 * says so, else `undefined`. Measured here (tests/transport_resend_test.ts): Deno 2.9 re-sends
 * every method, POST included; Bun 1.4 re-sends GET, HEAD, PUT and DELETE, not POST; Node's
 * undici and workerd (miniflare) never do.
 */
export function fetchResends(method: string): string | undefined {
  const g = globalThis as Record<string, unknown>;
  if (typeof g.Deno === "object") {
    return "Deno's fetch may also have re-sent it by itself on a new connection";
  }
  if (typeof g.Bun === "object" && method !== "POST") {
    return "Bun's fetch may also have re-sent it by itself on a new connection";
  }
  return undefined;
}

/** A 3xx, or what a browser makes of one under `redirect: "manual"` (status 0). */
function isRedirect(res: Response): boolean {
  return res.type === "opaqueredirect" || (res.status >= 300 && res.status < 400);
}

/**
 * Sends requests for one configuration. Stateless: `with()` clients build their own cheaply.
 *
 * @example
 * ```ts
 * import { AuthRocket } from "@authrocket-edge/sdk";
 * const ar = new AuthRocket({ url: "https://api-e1.authrocket.com/v1", apiKey: "ko_…", realm: "rl_…" });
 * const r = await ar.transport.request("POST", "realms/rl_…/reset");
 * console.log(r.status);
 * ```
 */
export class Transport {
  readonly #config: Readonly<AuthRocketConfig>;
  readonly #fetch: FetchLike;

  /**
   * The transport of one client (its settings are fixed for its life).
   * @param config a configuration `validateConfig` has checked
   */
  constructor(config: Readonly<AuthRocketConfig>) {
    this.#config = config;
    const f = config.fetch;
    // Called with globalThis as `this`: the global fetch of Workers throws "Illegal invocation"
    // when called detached. Resolved per call when not injected, so late polyfills work.
    this.#fetch = f
      ? (input, init) => f.call(globalThis, input, init)
      : (input, init) => globalThis.fetch(input, init);
  }

  /** The configured secrets, redacted by their value whatever they look like. */
  #secrets(): (string | undefined)[] {
    const { apiKey, jwtSecret } = this.#config;
    const k = typeof jwtSecret === "object" ? (jwtSecret as Jwk).k : undefined;
    return [apiKey, typeof jwtSecret === "string" ? jwtSecret : k];
  }

  /** Send one API call; throws the mapped error for statuses other than 2xx, 409 and 422. */
  async request(
    method: string,
    path: string,
    init: { query?: Params; body?: unknown; options?: CallOptions } = {},
  ): Promise<ApiResult> {
    const c = this.#config;
    if (!c.url) {
      throw new ConfigError(
        `Missing AuthRocket setting \`url\` (env ${ENV_NAMES.url}): set the API base URL, e.g. https://api-e1.authrocket.com/v1`,
      );
    }
    if (!c.apiKey) {
      throw new ConfigError(
        `Missing AuthRocket setting \`apiKey\` (env ${ENV_NAMES.apiKey}): API calls need an API key`,
      );
    }
    const base = c.url.endsWith("/") ? c.url : c.url + "/";
    const url = base + path + buildQuery(init.query);
    const headers: Record<string, string> = {
      "Accept": "application/json",
      "User-Agent": this.userAgent(),
      "X-Authrocket-Api-Key": c.apiKey,
    };
    if (c.realm) headers["X-Authrocket-Realm"] = c.realm;
    if (c.account) headers["X-Authrocket-Account"] = c.account;
    let body: string | undefined;
    if (init.body !== undefined) {
      headers["Content-Type"] = "application/json";
      try {
        body = JSON.stringify(init.body);
      } catch (e) {
        // A cycle (TypeError), or nesting that exhausts the stack (RangeError on Node and Bun).
        const why = (e as Error).message.split("\n")[0];
        throw new ArgumentError(`The request body cannot be sent as JSON: ${why}`, { cause: e });
      }
    }
    const opts = init.options ?? {};
    const timeout = opts.timeout ?? c.timeout ?? 30_000;
    const maxRetries = opts.maxRetries ?? c.maxRetries ?? 2;
    const maxDelay = c.maxRetryDelay ?? 20_000;
    const maxBytes = c.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
    const secrets = [
      ...this.#secrets(),
      ...sensitiveValues(init.body),
      ...sensitiveValues(init.query),
    ];
    // Only hooks see the URL; scrub it for them (not on every request).
    const safeUrl = c.onRequest || c.onResponse ? redact(url, secrets) : "";
    let sent: Sent;
    try {
      sent = { method, path, url: new URL(url), base: c.url, secrets };
    } catch {
      throw new ConfigError(`Invalid AuthRocket setting \`url\` (env ${ENV_NAMES.url})`);
    }
    const retryable = IDEMPOTENT.has(method);

    const first = Date.now();
    for (let attempt = 1;; attempt++) {
      const canRetry = attempt <= maxRetries;
      opts.signal?.throwIfAborted();
      c.onRequest?.({ method, url: safeUrl, attempt });
      const started = Date.now();
      const report = (outcome: { status: number; requestId?: string } | { error: Error }) =>
        c.onResponse?.({
          method,
          url: safeUrl,
          attempt,
          ...outcome,
          durationMs: Date.now() - started,
        });
      const ctrl = new AbortController();
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        ctrl.abort();
      }, timeout);
      const onAbort = () => ctrl.abort(opts.signal!.reason);
      opts.signal?.addEventListener("abort", onAbort); // removed in `finally`
      let res: Response;
      let text = "";
      try {
        // Never follow a redirect: fetch would resend the API key headers (and, on 307/308,
        // the body) to wherever it points. The API never redirects.
        res = await this.#fetch(url, {
          method,
          headers,
          body,
          signal: ctrl.signal,
          redirect: "manual",
        });
        if (isRedirect(res)) await res.body?.cancel();
        else text = await responseText(res, maxBytes);
      } catch (e) {
        if (e instanceof ResponseError) { // too large: the same answer again would be too
          report({ error: e });
          throw e;
        }
        if (opts.signal?.aborted) {
          // The hook sees what the call throws (the caller's own reason), never fetch's
          // internal error, whose message may hold the URL.
          const reason = opts.signal.reason;
          report({ error: reason instanceof Error ? reason : new Error("aborted") });
          throw reason;
        }
        const willRetry = canRetry && retryable;
        const err = connectionError(e, sent, {
          timedOut,
          timeout,
          attempt,
          willRetry,
          idempotent: retryable,
          maxRetries,
          elapsedMs: Date.now() - first,
          resends: c.fetch ? undefined : fetchResends(method),
        });
        report({ error: err });
        if (!willRetry) throw err;
        await sleep(this.#backoff(attempt, maxDelay), opts.signal);
        continue;
      } finally {
        clearTimeout(timer);
        opts.signal?.removeEventListener("abort", onAbort);
      }
      const status = res.status;
      const requestId = requestIdOf(res.headers);
      report(requestId ? { status, requestId } : { status });

      if (isRedirect(res)) throw redirectError(res, sent);
      if (status === 429) {
        const ra = retryAfterSeconds(res.headers.get("retry-after"), Date.now());
        const wait = ra !== undefined ? ra * 1000 : this.#backoff(attempt, maxDelay);
        if (canRetry && wait <= maxDelay) {
          await sleep(wait, opts.signal);
          continue;
        }
        throw new RateLimited(ra, { requestId });
      }
      if (status >= 500 && canRetry && retryable) {
        await sleep(this.#backoff(attempt, maxDelay), opts.signal);
        continue;
      }
      const result = interpret(sent, status, text, requestId);
      if (!c.realm && result.errors.some((m) => REALM_BLANK.test(m))) {
        // Built here, not at load: a module-level template would keep this module in bundles
        // that only verify tokens (esbuild cannot drop its property read).
        result.hint = `No realm was given: set the \`realm\` setting (env ${ENV_NAMES.realm}), ` +
          'call ar.withRealm("rl_…"), or pass realm_id';
      }
      return result;
    }
  }

  #backoff(attempt: number, maxDelay: number): number {
    const d = Math.min(maxDelay, 250 * 2 ** (attempt - 1));
    return Math.round(d * (0.5 + Math.random() * 0.5));
  }

  /** `authrocket-edge/<version> <runtime> <configured suffix>`. */
  userAgent(): string {
    userAgentBase ??= `authrocket-edge/${VERSION} ${runtimeName()}`;
    return this.#config.userAgent ? `${userAgentBase} ${this.#config.userAgent}` : userAgentBase;
  }
}
