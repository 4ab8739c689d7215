/**
 * The base error classes (those of an HTTP answer's kinds are in src/api_errors.ts, the validation
 * ones in src/validation_errors.ts). Every error thrown by
 * the library extends {@link AuthRocketError}; none of their messages contains an API key, a JWT
 * secret or a token. Each class has a literal `name` (a minified bundle keeps it) and a stable
 * `code` to program against; errors from an HTTP answer carry its `status` and, when the server
 * sent one, its `requestId`.
 * @module
 */

/**
 * Every `code` an error of this library can have: a `switch` over `e.code` narrows, and a
 * misspelled `case` does not compile.
 *
 * @example
 * ```ts
 * import { AuthRocket, AuthRocketError, type AuthRocketErrorCode } from "@authrocket-edge/sdk";
 * const ar = new AuthRocket({ url: "https://api-e1.authrocket.com/v1", apiKey: "ko_…", realm: "rl_…" });
 * const advice = (code: AuthRocketErrorCode): string => {
 *   switch (code) {
 *     case "record_not_found": return "no such user";
 *     case "rate_limited": return "try again later";
 *     default: return code;
 *   }
 * };
 * await ar.users.find("sally").catch((e) => {
 *   if (e instanceof AuthRocketError) console.error(advice(e.code));
 * });
 * ```
 */
export type AuthRocketErrorCode =
  | "authrocket_error"
  | "config_error"
  | "connection_error"
  | "api_error"
  | "authentication_failed"
  | "account_inactive"
  | "access_denied"
  | "record_not_found"
  | "endpoint_not_found"
  | "rate_limited"
  | "server_error"
  | "client_error"
  | "response_invalid"
  | "response_too_large"
  | "redirect_refused"
  | "validation_failed"
  | "record_invalid"
  | "invalid_argument"
  | "invalid_id"
  | "unknown_attribute"
  | "session_check_failed";

/**
 * What an error built from an HTTP answer may carry besides its message.
 *
 * @example
 * ```ts
 * import { ServerError, type ApiErrorOptions } from "@authrocket-edge/sdk";
 * const options: ApiErrorOptions = { requestId: "req_123", cause: new Error("upstream") };
 * const e = new ServerError("Server error: 503", 503, options);
 * console.log(e.code, e.status, e.requestId); // "server_error" 503 "req_123"
 * ```
 */
export interface ApiErrorOptions {
  /** The underlying error, if any. */
  cause?: unknown;
  /** The response's request id (`X-Request-Id`), when the server sent one. */
  requestId?: string;
}

/**
 * The base class of every error this library throws.
 *
 * @example
 * ```ts
 * import { AuthRocket, AuthRocketError } from "@authrocket-edge/sdk";
 * const ar = new AuthRocket({ url: "https://api-e1.authrocket.com/v1", apiKey: "ko_…", realm: "rl_…" });
 * await ar.users.find("sally").catch((e) => {
 *   if (e instanceof AuthRocketError) console.error(e.code, e.message); // never holds a secret
 * });
 * ```
 */
export class AuthRocketError extends Error {
  // Literal names and codes (not `new.target.name`, which a minifier renames to "o").
  /** The class's name, as a literal: a minifier keeps it, where it renames the class. */
  override name = "AuthRocketError";
  /** A stable machine-readable code, e.g. `"record_not_found"` (each subclass has its own). */
  readonly code: AuthRocketErrorCode = "authrocket_error";
  /**
   * The library throws it; build one to test your own handling.
   * @param message what went wrong (never holds a secret)
   */
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/**
 * A missing or invalid setting (names the setting and its environment variable). Code
 * `"config_error"`.
 *
 * @example
 * ```ts
 * import { AuthRocket, ConfigError } from "@authrocket-edge/sdk";
 * try {
 *   new AuthRocket({ apiKey: "ko_…" }); // "…" is no Latin-1 character: refused here, not later
 * } catch (e) {
 *   if (e instanceof ConfigError) console.error(e.message); // names the setting and its env variable
 * }
 * ```
 */
export class ConfigError extends AuthRocketError {
  /** As {@link AuthRocketError.name}. */ override name = "ConfigError";
  /** One of {@link AuthRocketErrorCode}. */ override readonly code: "config_error" =
    "config_error";
}

/**
 * The API could not be reached: network failure, DNS, reset connection or timeout. The message
 * names host and port and the number of retries; `cause` keeps the (redacted) network error.
 * Code `"connection_error"`.
 *
 * @example
 * ```ts
 * import { AuthRocket, ConnectionError } from "@authrocket-edge/sdk";
 * const ar = new AuthRocket({ url: "http://127.0.0.1:9/v1", apiKey: "ko_…", maxRetries: 0 });
 * await ar.users.all().catch((e) => {
 *   if (e instanceof ConnectionError) console.error(e.message, e.cause); // "… 127.0.0.1:9: connection refused …"
 * });
 * ```
 */
export class ConnectionError extends AuthRocketError {
  /** As {@link AuthRocketError.name}. */ override name = "ConnectionError";
  /** One of {@link AuthRocketErrorCode}. */ override readonly code: "connection_error" =
    "connection_error";
  /** `true` when the attempt was aborted by the per-attempt timeout. */
  readonly timeout: boolean;
  /**
   * The library throws it; build one to test your own handling.
   * @param message names the host, never the key
   */
  constructor(message: string, options?: { cause?: unknown; timeout?: boolean }) {
    super(message, options);
    this.timeout = options?.timeout ?? false;
  }
}

/**
 * An error carrying an HTTP status from the API (every error built from a response). Code
 * `"api_error"`; each subclass has its own.
 *
 * @example
 * ```ts
 * import { ApiError, ServerError } from "@authrocket-edge/sdk";
 * const e: ApiError = new ServerError("Server error: 503", 503, { requestId: "req_1" });
 * console.log(e.code, e.status, e.requestId ?? "no request id"); // "server_error" 503 "req_1"
 * ```
 */
export class ApiError extends AuthRocketError {
  /** As {@link AuthRocketError.name}. */ override name = "ApiError";
  /** `"api_error"`, or the subclass's own. */
  override readonly code: AuthRocketErrorCode = "api_error";
  /** The HTTP status of the response. */
  readonly status: number;
  /** The response's request id, when the server sent one (quote it to support). */
  declare readonly requestId?: string;
  /**
   * The library throws it; build one to test your own handling.
   * @param message description; @param status HTTP status; @param options cause, request id
   */
  constructor(message: string, status: number, options?: ApiErrorOptions) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.status = status;
    if (options?.requestId !== undefined) this.requestId = options.requestId;
  }
}
