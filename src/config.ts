/**
 * Configuration: one immutable object per client, validated once with zod. Nothing global.
 * @module
 */
import * as z from "zod/mini";
import { ENV_NAMES } from "./env.ts";
import { ConfigError } from "./errors.ts";

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
  jwtSecret?: string | CryptoKey | JsonWebKey;
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
  /** Appended to the `User-Agent`. */
  userAgent?: string;
  /** Called before every attempt. */
  onRequest?: (info: RequestInfo) => void;
  /** Called after every attempt, successful or not. */
  onResponse?: (info: ResponseInfo) => void;
}

/** The schema, built on first use (no work, and no zod, for code that never makes a client). */
let schema: ReturnType<typeof buildSchema> | undefined;

function buildSchema() {
  const noCrLf = (v: string) => !/[\r\n\0]/.test(v);
  const headerValue = z.optional(
    z.string().check(z.refine(noCrLf, "must not contain CR, LF or NUL")),
  );
  const httpUrl = z.optional(
    z.string().check(
      z.refine((v) => {
        try {
          const u = new URL(v);
          return u.protocol === "https:" || u.protocol === "http:";
        } catch {
          return false;
        }
      }, "must be an http(s) URL"),
    ),
  );
  const fn = z.optional(z.custom<(...a: never[]) => unknown>((v) => typeof v === "function"));
  const ms = z.optional(
    z.number().check(z.refine((v) => Number.isFinite(v) && v >= 0, "must be ≥ 0")),
  );

  return z.object({
    url: httpUrl,
    apiKey: headerValue,
    realm: headerValue,
    account: headerValue,
    jwtSecret: z.optional(
      z.custom((v) => typeof v === "string" || (typeof v === "object" && v !== null)),
    ),
    loginUrl: httpUrl,
    fetch: fn,
    timeout: ms,
    maxRetries: z.optional(z.number().check(z.int(), z.minimum(0))),
    maxRetryDelay: ms,
    userAgent: headerValue,
    onRequest: fn,
    onResponse: fn,
  });
}

/** Validate a configuration; throws {@link ConfigError} naming the first bad setting. */
export function validateConfig(config: AuthRocketConfig): Readonly<AuthRocketConfig> {
  if (typeof config !== "object" || config === null) {
    throw new ConfigError("AuthRocket config must be an object");
  }
  const r = (schema ??= buildSchema()).safeParse(config);
  if (!r.success) {
    const issue = r.error.issues[0];
    const key = String(issue.path[0] ?? "config");
    const env = ENV_NAMES[key] ? ` (env ${ENV_NAMES[key]})` : "";
    const why = issue.message === "Invalid input" ? "has the wrong type" : issue.message;
    throw new ConfigError(`Invalid AuthRocket setting \`${key}\`${env}: ${why}`);
  }
  const out: AuthRocketConfig = {};
  for (const [k, v] of Object.entries(config)) {
    if (v !== undefined && v !== "") (out as Record<string, unknown>)[k] = v;
  }
  return Object.freeze(out);
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

/** Read the settings from an env record (`AUTHROCKET_URI` first; the others fill the gaps). */
export function configFromEnv(env: Record<string, string | undefined>): AuthRocketConfig {
  if (typeof env !== "object" || env === null) {
    throw new ConfigError("AuthRocket.fromEnv needs an env record");
  }
  const out: Record<string, string> = {};
  const uri = env.AUTHROCKET_URI;
  if (uri) {
    for (const [k, v] of Object.entries(parseCredentialsUri(uri))) if (v) out[k] = v as string;
  }
  for (const [key, name] of Object.entries(ENV_NAMES)) {
    const v = env[name];
    if (out[key] === undefined && typeof v === "string" && v !== "") out[key] = v;
  }
  return out as AuthRocketConfig;
}
