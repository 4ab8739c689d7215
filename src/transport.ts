/**
 * The transport: the one place that builds requests, sends them through fetch, parses
 * responses, maps statuses to errors, and applies timeouts, retries and hooks.
 * @module
 */
import type { AuthRocketConfig, FetchLike } from "./config.ts";
import { ENV_NAMES } from "./env.ts";
import {
  AccessDenied,
  AccountInactive,
  AuthenticationFailed,
  ClientError,
  ConfigError,
  ConnectionError,
  RateLimited,
  RecordNotFound,
  ResponseError,
  ServerError,
} from "./errors.ts";
import { redact } from "./redact.ts";
import { VERSION } from "./version.ts";

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
 * A parsed API answer that was not an error status (409/422 come back here with `errors`).
 *
 * @example
 * ```ts
 * import { AuthRocket, type ApiResult } from "@authrocket-edge/sdk";
 * const ar = new AuthRocket({ url: "https://api-e1.authrocket.com/v1", apiKey: "ko_…", realm: "rl_…" });
 * const r: ApiResult = await ar.transport.request("GET", "users/sally");
 * console.log(r.status, r.data.username);
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
  /** Flattened validation messages of a 409/422 (else empty). */
  errors: string[];
}

/**
 * Escape one path segment (an id or a username). A blank id, `.` and `..` (which URL parsers
 * would resolve as path steps, even percent-encoded) are refused with `RecordNotFound`.
 */
export function segment(id: string): string {
  if (typeof id !== "string" || id.trim() === "" || /^\.{1,2}$/.test(id)) {
    throw new RecordNotFound(`Cannot find id=${typeof id === "string" && id ? id : "nil"}`);
  }
  return encodeURIComponent(id);
}

/** Build a query string the way the Ruby gem does: `k[]=v` for arrays, `k=` for null. */
export function buildQuery(params: Params | undefined): string {
  if (!params) return "";
  const parts: string[] = [];
  const add = (key: string, v: unknown) => {
    if (v === undefined) return;
    if (Array.isArray(v)) {
      if (v.length === 0) parts.push(`${encodeURIComponent(key + "[]")}=`);
      for (const x of v) add(key + "[]", x);
    } else if (v instanceof Date) {
      parts.push(`${encodeURIComponent(key)}=${Math.floor(v.getTime() / 1000)}`);
    } else if (v !== null && typeof v === "object") {
      for (const [k, x] of Object.entries(v)) add(`${key}[${k}]`, x);
    } else {
      parts.push(`${encodeURIComponent(key)}=${v === null ? "" : encodeURIComponent(String(v))}`);
    }
  };
  for (const [k, v] of Object.entries(params)) add(k, v);
  return parts.length ? "?" + parts.join("&") : "";
}

/** The JS runtime, for the User-Agent (read from `navigator.userAgent` where there is one). */
function runtimeName(): string {
  const ua = (globalThis as { navigator?: { userAgent?: string } }).navigator?.userAgent;
  if (typeof ua === "string" && ua) return ua.split(" ")[0];
  return "process" in globalThis ? "Node.js" : "unknown";
}

let userAgentBase: string | undefined;

/** Flatten an `errors` body (`{field: [msg]}`, `[msg]` or `msg`) into a list of messages. */
export function flattenErrors(errors: unknown): string[] {
  if (errors == null) return [];
  if (typeof errors === "string") return [errors];
  if (Array.isArray(errors)) return errors.flatMap(flattenErrors);
  if (typeof errors === "object") return Object.values(errors).flatMap(flattenErrors);
  return [String(errors)];
}

function retryAfterSeconds(h: string | null, now: number): number | undefined {
  if (!h) return undefined;
  const s = h.trim();
  if (/^\d+(\.\d+)?$/.test(s)) return Number(s);
  const t = Date.parse(s);
  return Number.isNaN(t) ? undefined : Math.max(0, Math.ceil((t - now) / 1000));
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (ms <= 0) return Promise.resolve();
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

const IDEMPOTENT = new Set(["GET", "HEAD", "PUT", "DELETE"]);

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

   * Create it.

   * @param config a validated configuration

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

  #secrets(): (string | undefined)[] {
    const c = this.#config;
    return [c.apiKey, typeof c.jwtSecret === "string" ? c.jwtSecret : undefined];
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
      body = JSON.stringify(init.body);
    }
    const opts = init.options ?? {};
    const timeout = opts.timeout ?? c.timeout ?? 30_000;
    const maxRetries = opts.maxRetries ?? c.maxRetries ?? 2;
    const maxDelay = c.maxRetryDelay ?? 20_000;
    const secrets = this.#secrets();
    // Only hooks see the URL; scrub it for them (not on every request).
    const safeUrl = c.onRequest || c.onResponse ? redact(url, secrets) : "";
    let host: string;
    try {
      host = new URL(url).host;
    } catch {
      throw new ConfigError(`Invalid AuthRocket setting \`url\` (env ${ENV_NAMES.url})`);
    }

    for (let attempt = 1;; attempt++) {
      const canRetry = attempt <= maxRetries;
      opts.signal?.throwIfAborted();
      c.onRequest?.({ method, url: safeUrl, attempt });
      const started = Date.now();
      const report = (outcome: { status: number } | { error: Error }) =>
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
      opts.signal?.addEventListener("abort", onAbort, { once: true });
      let status: number;
      let text: string;
      let res: Response;
      try {
        res = await this.#fetch(url, { method, headers, body, signal: ctrl.signal });
        status = res.status;
        text = await res.text();
      } catch (e) {
        if (opts.signal?.aborted) {
          // The hook sees what the call throws (the caller's own reason), never fetch's
          // internal error, whose message may hold the URL.
          const reason = opts.signal.reason;
          report({ error: reason instanceof Error ? reason : new Error("aborted") });
          throw reason;
        }
        const err = new ConnectionError(
          timedOut
            ? `Request to ${host} timed out after ${timeout} ms; see https://status.authrocket.com/`
            : `Unable to connect to ${host}: ${
              redact(String((e as Error)?.message ?? e), secrets).slice(0, 200)
            }; see https://status.authrocket.com/`,
          { timeout: timedOut },
        );
        report({ error: err });
        if (canRetry && IDEMPOTENT.has(method)) {
          await sleep(this.#backoff(attempt, maxDelay), opts.signal);
          continue;
        }
        throw err;
      } finally {
        clearTimeout(timer);
        opts.signal?.removeEventListener("abort", onAbort);
      }
      report({ status });

      if (status === 429) {
        const ra = retryAfterSeconds(res.headers.get("retry-after"), Date.now());
        const wait = ra !== undefined ? ra * 1000 : this.#backoff(attempt, maxDelay);
        if (canRetry && wait <= maxDelay) {
          await sleep(wait, opts.signal);
          continue;
        }
        throw new RateLimited(ra);
      }
      if (status >= 500 && canRetry && IDEMPOTENT.has(method)) {
        await sleep(this.#backoff(attempt, maxDelay), opts.signal);
        continue;
      }
      return this.#interpret(method, path, status, text, secrets);
    }
  }

  #backoff(attempt: number, maxDelay: number): number {
    const d = Math.min(maxDelay, 250 * 2 ** (attempt - 1));
    return Math.round(d * (0.5 + Math.random() * 0.5));
  }

  #interpret(
    method: string,
    path: string,
    status: number,
    text: string,
    secrets: (string | undefined)[],
  ): ApiResult {
    const excerpt = () => redact(text.replace(/\s+/g, " ").trim().slice(0, 160), secrets);
    if (status >= 200 && status < 300 || status === 409 || status === 422) {
      let json: unknown = {};
      if (status !== 204 && text.trim() !== "") {
        try {
          json = JSON.parse(text);
        } catch {
          throw new ResponseError(
            `Unable to parse API response; HTTP status: ${status}; body: ${excerpt()}`,
            status,
            excerpt(),
          );
        }
      }
      if (typeof json !== "object" || json === null || Array.isArray(json)) {
        throw new ResponseError(
          `API response is not a JSON object; HTTP status: ${status}; body: ${excerpt()}`,
          status,
          excerpt(),
        );
      }
      const obj = json as Record<string, unknown>;
      if (status === 409 || status === 422) {
        const { errors, ...metadata } = obj;
        const list = flattenErrors(errors);
        return {
          status,
          data: {},
          metadata,
          errors: list.length ? list : ["Validation error"],
        };
      }
      if (status === 215) return { status, data: {}, metadata: obj, errors: [] };
      if ("collection" in obj) {
        const { collection, ...metadata } = obj;
        const items = Array.isArray(collection) ? collection : [];
        return { status, data: {}, collection: items, metadata, errors: [] };
      }
      return { status, data: obj, metadata: {}, errors: [] };
    }
    switch (status) {
      case 401:
        throw new AuthenticationFailed();
      case 402:
        throw new AccountInactive();
      case 403:
        throw new AccessDenied();
      case 404:
        throw new RecordNotFound(`Not found: ${method} ${redact(path, secrets)}`);
    }
    if (status >= 500) {
      throw new ServerError(`Server error: ${status}${text ? "\n  " + excerpt() : ""}`, status);
    }
    throw new ClientError(`Client error: ${status}${text ? "\n  " + excerpt() : ""}`, status);
  }

  /** `authrocket-edge/<version> <runtime> <configured suffix>`. */
  userAgent(): string {
    userAgentBase ??= `authrocket-edge/${VERSION} ${runtimeName()}`;
    return this.#config.userAgent ? `${userAgentBase} ${this.#config.userAgent}` : userAgentBase;
  }
}
