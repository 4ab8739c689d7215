/**
 * Configuration: one immutable object per client, validated once by a small hand-written
 * checker (no dependency, so `mod.ts` imports by path without an import map). Nothing global.
 * @module
 */
import { ENV_NAMES } from "./env.ts";
import { ConfigError } from "./errors.ts";
import { numberProblem, type NumberRule } from "./number_option.ts";
import type { JwtSecret } from "./jwt/keys.ts";
import { redact } from "./redact.ts";

export { ENV_NAMES };

/**
 * Any fetch-compatible function (the global `fetch`, a test double, the emulator's).
 *
 * @example
 * ```ts
 * import { AuthRocket, type FetchLike } from "@authrocket-edge/sdk";
 * const traced: FetchLike = (input, init) => {
 *   console.log("→", init?.method ?? "GET");
 *   return fetch(input, init);
 * };
 * const ar = new AuthRocket({ apiKey: "ko_…", url: "https://api-e1.authrocket.com/v1", fetch: traced });
 * ```
 */
export type FetchLike = (input: Request | string | URL, init?: RequestInit) => Promise<Response>;

/**
 * What `onRequest` sees: never a header, a body or a secret.
 *
 * @example
 * ```ts
 * import { AuthRocket, type RequestInfo } from "@authrocket-edge/sdk";
 * const ar = new AuthRocket({
 *   apiKey: "ko_…",
 *   onRequest: (info: RequestInfo) => console.log(info.method, info.url, `attempt ${info.attempt}`),
 * });
 * ```
 */
export interface RequestInfo {
  /** HTTP method. */
  method: string;
  /** Full URL, with tokens in the path or query redacted. */
  url: string;
  /** 1 for the first attempt, 2 for the first retry, … */
  attempt: number;
}

/**
 * What `onResponse` sees, for every attempt (failed ones included).
 *
 * @example
 * ```ts
 * import { AuthRocket, type ResponseInfo } from "@authrocket-edge/sdk";
 * const ar = new AuthRocket({
 *   apiKey: "ko_…",
 *   onResponse: (info: ResponseInfo) => console.log(info.status ?? info.error?.name, `${info.durationMs} ms`),
 * });
 * ```
 */
export interface ResponseInfo extends RequestInfo {
  /** HTTP status, absent when the attempt failed before a response. */
  status?: number;
  /** Time from sending to the end of the body (or the failure), in milliseconds. */
  durationMs: number;
  /** The error of a failed attempt (network fault, timeout, bad body). */
  error?: Error;
  /** The response's request id (`X-Request-Id`), when the server sent one. */
  requestId?: string;
}

/**
 * The settings of a client. Only `url` and `apiKey` are needed for API calls.
 *
 * @example
 * ```ts
 * import { AuthRocket, type AuthRocketConfig } from "@authrocket-edge/sdk";
 * const config: AuthRocketConfig = {
 *   url: "https://api-e1.authrocket.com/v1",
 *   apiKey: "ko_…",
 *   realm: "rl_…",
 *   timeout: 10_000,
 *   maxRetries: 2,
 * };
 * const ar = new AuthRocket(config);
 * ```
 */
export interface AuthRocketConfig {
  /** API base URL, e.g. `https://api-e1.authrocket.com/v1` (env `AUTHROCKET_URL`). */
  url?: string;
  /** Secret API key `ko_…` or legacy `key_…` (env `AUTHROCKET_API_KEY`). */
  apiKey?: string;
  /** Default realm `rl_…`, sent as `X-Authrocket-Realm` (env `AUTHROCKET_REALM`). */
  realm?: string;
  /** Legacy account id `org_…`, sent as `X-Authrocket-Account` (env `AUTHROCKET_ACCOUNT`). */
  account?: string;
  /**
   * The realm's JWT key (env `AUTHROCKET_JWT_SECRET`): the `jsk_…` HS256 secret, an RSA public
   * key (PEM) for RS256, or an already imported `CryptoKey` / a public `JsonWebKey`.
   */
  jwtSecret?: JwtSecret;
  /** LoginRocket URL, e.g. `https://sample.e1.loginrocket.com/` (env `AUTHROCKET_LOGIN_URL`). */
  loginUrl?: string;
  /** The fetch to use (default: `globalThis.fetch`). */
  fetch?: FetchLike;
  /** Milliseconds per attempt before it is aborted (default 30,000). */
  timeout?: number;
  /** Retries of retryable failures (default 2). */
  maxRetries?: number;
  /** Upper bound, in ms, of one wait between retries, `Retry-After` included (default 20,000). */
  maxRetryDelay?: number;
  /**
   * The largest response body read, in bytes (default 16 MiB, 16,777,216), counted as it
   * streams (after decompression); over it the call fails with a `ResponseError` whose code
   * is `"response_too_large"`, and no more of the body is read.
   */
  maxResponseBytes?: number;
  /** Appended to the `User-Agent`. */
  userAgent?: string;
  /** Called before every attempt. */
  onRequest?: (info: RequestInfo) => void;
  /** Called after every attempt, successful or not. */
  onResponse?: (info: ResponseInfo) => void;
  /**
   * One line per decision of `verifySession` / `fromToken` and the login integration with this
   * client (default `false`; env `AUTHROCKET_DEBUG=1`).
   */
  debug?: boolean;
  /** Where the library's lines go (default `console.warn`); `false` silences them. */
  log?: ((line: string) => void) | false;
}

type Check = (v: unknown) => string | undefined;

/**
 * Header values are ByteStrings: a character above U+00FF (a pasted "…" placeholder) makes
 * fetch throw on every attempt, and CR, LF or NUL would split or cut the header.
 */
const headerValue: Check = (v) => {
  if (typeof v !== "string") return "must be a string";
  const bad = /[^\t\x20-\x7e\x80-\xff]/.exec(v);
  if (!bad) return undefined;
  const c = bad[0].codePointAt(0)!;
  const code = "U+" + c.toString(16).toUpperCase().padStart(4, "0");
  if (c === 0 || c === 10 || c === 13) return `must not contain CR, LF or NUL (found ${code})`;
  return `is sent as an HTTP header and may hold only Latin-1 characters; found ${code}${
    c === 0x2026 ? ' ("…": a placeholder copied from an example?)' : ""
  } at position ${bad.index}`;
};
const httpUrl: Check = (v) => {
  if (typeof v !== "string") return "must be a string";
  try {
    const u = new URL(v);
    // A user or password in the URL would be printed with it (hooks, inspect) and sent as
    // Basic auth; the API authenticates with apiKey (AUTHROCKET_URI is for fromEnv).
    if (u.username || u.password) {
      return "must not contain a user or password: set apiKey (or AUTHROCKET_URI via fromEnv)";
    }
    if (u.protocol === "https:" || u.protocol === "http:") return undefined;
  } catch { /* reported below */ }
  return "must be an http(s) URL";
};
const fn: Check = (v) => typeof v === "function" ? undefined : "must be a function";
const ms: NumberRule = { unit: "ms" };
const count: NumberRule = { whole: true };
const bytes: NumberRule = { whole: true, unit: "bytes", min: 1 };
const bool: Check = (v) => typeof v === "boolean" ? undefined : "must be true or false";
const sink: Check = (v) => v === false ? undefined : fn(v) && "must be a function or false";
const key: Check = (v) =>
  typeof v === "string" || (typeof v === "object" && v !== null)
    ? undefined
    : "must be a string, a CryptoKey or a JsonWebKey";

/** One check per setting (a number's rule, see src/number_option.ts); unknown ones are kept. */
const CHECKS: Record<keyof AuthRocketConfig, Check | NumberRule> = {
  url: httpUrl,
  apiKey: headerValue,
  realm: headerValue,
  account: headerValue,
  jwtSecret: key,
  loginUrl: httpUrl,
  fetch: fn,
  timeout: ms,
  maxRetries: count,
  maxRetryDelay: ms,
  maxResponseBytes: bytes,
  userAgent: headerValue,
  onRequest: fn,
  onResponse: fn,
  debug: bool,
  log: sink,
};

/** Validate a configuration; throws {@link ConfigError} naming the first bad setting. */
export function validateConfig(config: AuthRocketConfig): Readonly<AuthRocketConfig> {
  if (typeof config !== "object" || config === null) {
    throw new ConfigError("AuthRocket config must be an object");
  }
  const out: AuthRocketConfig = {};
  for (const [k, v] of Object.entries(config)) {
    if (v === undefined) continue;
    const check = Object.hasOwn(CHECKS, k) ? CHECKS[k as keyof AuthRocketConfig] : undefined;
    const why = typeof check === "object" ? numberProblem(v, check) : check?.(v);
    if (why) {
      const env = ENV_NAMES[k] ? ` (env ${ENV_NAMES[k]})` : "";
      throw new ConfigError(`Invalid AuthRocket setting \`${k}\`${env}: ${why}`);
    }
    if (v !== "") (out as Record<string, unknown>)[k] = v;
  }
  return Object.freeze(out);
}

const MASKED = new Set(["apiKey", "jwtSecret"]);

/** The settings by name, secrets masked and URLs redacted: what a client shows of itself. */
export function describeConfig(config: Readonly<AuthRocketConfig>): Record<string, unknown> {
  const secrets = [config.apiKey, typeof config.jwtSecret === "string" ? config.jwtSecret : ""];
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(config)) {
    // An unknown setting is often a secret under another spelling (the Ruby gem's `api_key`,
    // `jwt_secret`): its value is not shown either.
    const unknown = !Object.prototype.hasOwnProperty.call(CHECKS, k) && typeof v !== "number" &&
      typeof v !== "boolean";
    out[k] = MASKED.has(k) || unknown
      ? "[redacted]"
      : typeof v === "function"
      ? "[function]"
      : typeof v === "string"
      ? redact(v, secrets)
      : v;
  }
  return out;
}

/** Classify `AUTHROCKET_URI`'s user and password parts by prefix, as the Ruby gem does. */
export function parseCredentialsUri(uri: string): AuthRocketConfig {
  let u: URL;
  try {
    u = new URL(uri);
  } catch {
    throw new ConfigError("Unable to parse AuthRocket credentials URI (AUTHROCKET_URI)");
  }
  const out: AuthRocketConfig = {};
  for (const part of [u.username, u.password]) {
    if (part.startsWith("jsk_")) out.jwtSecret = part;
    else if (part.startsWith("ko_") || part.startsWith("key_")) out.apiKey = part;
    else if (part.startsWith("org_")) out.account = part;
    else if (part.startsWith("rl_")) out.realm = part;
  }
  u.username = "";
  u.password = "";
  out.url = u.href;
  return out;
}

/**
 * The environment variables `fromEnv` reads. A Worker's `interface Env { AUTHROCKET_URL: string;
 * … }`, Deno's `Deno.env.toObject()` and Node's `process.env` all fit; so does an object with a
 * `get(name)` method, such as `Deno.env` itself.
 *
 * @example
 * ```ts
 * import { AuthRocket, type AuthRocketEnv } from "@authrocket-edge/sdk";
 * interface Env { AUTHROCKET_URL: string; AUTHROCKET_API_KEY: string; SESSIONS: unknown }
 * function client(env: Env): AuthRocket {
 *   const settings: AuthRocketEnv = env;
 *   return AuthRocket.fromEnv(settings);
 * }
 * ```
 */
export interface AuthRocketEnv {
  /** All-in-one credentials URI: `https://ko_…:rl_…@api-e1.authrocket.com/v1`. */
  readonly AUTHROCKET_URI?: string;
  /** See {@link AuthRocketConfig.url}. */
  readonly AUTHROCKET_URL?: string;
  /** See {@link AuthRocketConfig.apiKey}. */
  readonly AUTHROCKET_API_KEY?: string;
  /** See {@link AuthRocketConfig.realm}. */
  readonly AUTHROCKET_REALM?: string;
  /** See {@link AuthRocketConfig.account}. */
  readonly AUTHROCKET_ACCOUNT?: string;
  /** See {@link AuthRocketConfig.jwtSecret}. */
  readonly AUTHROCKET_JWT_SECRET?: string;
  /** See {@link AuthRocketConfig.loginUrl}. */
  readonly AUTHROCKET_LOGIN_URL?: string;
  /** `1` (or `true`): see {@link AuthRocketConfig.debug}. */
  readonly AUTHROCKET_DEBUG?: string;
}

/**
 * Read the settings from an env record (`AUTHROCKET_URI` first; the others fill the gaps;
 * `AUTHROCKET_DEBUG=1` turns `debug` on).
 */
export function configFromEnv(
  env:
    | AuthRocketEnv
    | Readonly<Record<string, string | undefined>>
    | { get(name: string): string | undefined },
): AuthRocketConfig {
  type EnvReader = { get(name: string): string | undefined };
  if (typeof env !== "object" || env === null) {
    throw new ConfigError("AuthRocket.fromEnv needs an env record");
  }
  const get = (name: string): string | undefined => {
    const v = typeof (env as EnvReader).get === "function"
      ? (env as EnvReader).get(name)
      : (env as Record<string, unknown>)[name];
    // A Worker binding of another kind under one of these names is not a setting.
    return typeof v === "string" && v !== "" ? v : undefined;
  };
  const out: Record<string, string | boolean> = {};
  if (/^(1|true)$/i.test(get("AUTHROCKET_DEBUG") ?? "")) out.debug = true;
  const uri = get("AUTHROCKET_URI");
  if (uri) {
    for (const [k, v] of Object.entries(parseCredentialsUri(uri))) if (v) out[k] = v as string;
  }
  for (const [key, name] of Object.entries(ENV_NAMES)) {
    const v = get(name);
    if (out[key] === undefined && v !== undefined) out[key] = v;
  }
  return out as AuthRocketConfig;
}
