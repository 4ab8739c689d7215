/**
 * The error classes. Every error thrown by the library extends {@link AuthRocketError}; none of
 * their messages contains an API key, a JWT secret or a token.
 * @module
 */

/**
 * The base class of every error this library throws.
 *
 * @example
 * ```ts
 * import { AuthRocket, AuthRocketError } from "@authrocket-edge/sdk";
 * const ar = new AuthRocket({ url: "https://api-e1.authrocket.com/v1", apiKey: "ko_…", realm: "rl_…" });
 * try {
 *   await ar.users.find("sally");
 * } catch (e) {
 *   if (e instanceof AuthRocketError) console.error(e.name, e.message); // never holds a secret
 *   else throw e;
 * }
 * ```
 */
export class AuthRocketError extends Error {
  /**
   * Create it.
   * @param message what went wrong (never holds a secret)
   */
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/**
 * A missing or invalid setting (names the setting and its environment variable).
 *
 * @example
 * ```ts
 * import { AuthRocket, ConfigError } from "@authrocket-edge/sdk";
 * try {
 *   new AuthRocket({ url: "not a url" });
 * } catch (e) {
 *   if (e instanceof ConfigError) console.error(e.message); // names the setting and its env variable
 * }
 * ```
 */
export class ConfigError extends AuthRocketError {}

/**
 * The API could not be reached: network failure, DNS, reset connection or timeout.
 *
 * @example
 * ```ts
 * import { AuthRocket, ConnectionError } from "@authrocket-edge/sdk";
 * const ar = new AuthRocket({ url: "https://api-e1.authrocket.com/v1", apiKey: "ko_…", realm: "rl_…" });
 * try {
 *   await ar.users.find("sally", undefined, { timeout: 2_000 });
 * } catch (e) {
 *   if (e instanceof ConnectionError) console.error(e.timeout ? "timed out" : "network down");
 *   else throw e;
 * }
 * ```
 */
export class ConnectionError extends AuthRocketError {
  /** `true` when the attempt was aborted by the per-attempt timeout. */
  readonly timeout: boolean;
  /**
   * Create it.
   * @param message names the host, never the key
   */
  constructor(message: string, options?: { cause?: unknown; timeout?: boolean }) {
    super(message, options);
    this.timeout = options?.timeout ?? false;
  }
}

/**
 * An error carrying an HTTP status from the API.
 *
 * @example
 * ```ts
 * import { AuthRocket, ApiError } from "@authrocket-edge/sdk";
 * const ar = new AuthRocket({ url: "https://api-e1.authrocket.com/v1", apiKey: "ko_…", realm: "rl_…" });
 * try {
 *   await ar.users.find("sally");
 * } catch (e) {
 *   if (e instanceof ApiError) console.error(e.status, e.message);
 *   else throw e;
 * }
 * ```
 */
export class ApiError extends AuthRocketError {
  /** The HTTP status of the response. */
  readonly status: number;
  /**
   * Create it.
   * @param message description; @param status HTTP status
   */
  constructor(message: string, status: number, options?: { cause?: unknown }) {
    super(message, options);
    this.status = status;
  }
}

/**
 * 401: an authentication action ran and the credentials were wrong (the API key was fine).
 *
 * @example
 * ```ts
 * import { AuthRocket, AuthenticationFailed } from "@authrocket-edge/sdk";
 * const ar = new AuthRocket({ url: "https://api-e1.authrocket.com/v1", apiKey: "ko_…", realm: "rl_…" });
 * try {
 *   await ar.users.authenticate("sally", "wrong password");
 * } catch (e) {
 *   if (e instanceof AuthenticationFailed) console.error("bad username or password");
 *   else throw e;
 * }
 * ```
 */
export class AuthenticationFailed extends ApiError {
  /**
   * Create it.
   * @param message optional description
   */
  constructor(
    message = "Authentication failed (API key is valid; this auth-related API call failed)",
  ) {
    super(message, 401);
  }
}

/**
 * 402: the AuthRocket account is inactive.
 *
 * @example
 * ```ts
 * import { AuthRocket, AccountInactive } from "@authrocket-edge/sdk";
 * const ar = new AuthRocket({ url: "https://api-e1.authrocket.com/v1", apiKey: "ko_…", realm: "rl_…" });
 * try {
 *   await ar.realms.all();
 * } catch (e) {
 *   if (e instanceof AccountInactive) console.error("the AuthRocket account is inactive");
 *   else throw e;
 * }
 * ```
 */
export class AccountInactive extends ApiError {
  /**
   * Create it.
   * @param message optional description
   */
  constructor(message = "Account inactive; login to portal to check account status.") {
    super(message, 402);
  }
}

/**
 * 403: the API key is missing, wrong or lacks the permission.
 *
 * @example
 * ```ts
 * import { AuthRocket, AccessDenied } from "@authrocket-edge/sdk";
 * const ar = new AuthRocket({ url: "https://api-e1.authrocket.com/v1", apiKey: "ko_…", realm: "rl_…" });
 * try {
 *   await ar.realms.all();
 * } catch (e) {
 *   if (e instanceof AccessDenied) console.error("check the API key and its permissions");
 *   else throw e;
 * }
 * ```
 */
export class AccessDenied extends ApiError {
  /**
   * Create it.
   * @param message optional description
   */
  constructor(message = "Access denied; check your API credentials and permissions.") {
    super(message, 403);
  }
}

/**
 * 404: no such record (or not visible to this key).
 *
 * @example
 * ```ts
 * import { AuthRocket, RecordNotFound } from "@authrocket-edge/sdk";
 * const ar = new AuthRocket({ url: "https://api-e1.authrocket.com/v1", apiKey: "ko_…", realm: "rl_…" });
 * try {
 *   await ar.users.find("nobody");
 * } catch (e) {
 *   if (e instanceof RecordNotFound) console.error("no such user");
 *   else throw e;
 * }
 * ```
 */
export class RecordNotFound extends ApiError {
  /**
   * Create it.
   * @param message optional description
   */
  constructor(message = "Not found") {
    super(message, 404);
  }
}

/**
 * 429: rate limited.
 *
 * @example
 * ```ts
 * import { AuthRocket, RateLimited } from "@authrocket-edge/sdk";
 * const ar = new AuthRocket({ url: "https://api-e1.authrocket.com/v1", apiKey: "ko_…", realm: "rl_…" });
 * try {
 *   await ar.users.all();
 * } catch (e) {
 *   if (e instanceof RateLimited) console.error(`retry in ${e.retryAfter ?? "?"} s`);
 *   else throw e;
 * }
 * ```
 */
export class RateLimited extends ApiError {
  /** Seconds to wait, from `Retry-After` (seconds or an HTTP date); `undefined` when absent. */
  readonly retryAfter: number | undefined;
  /**
   * Create it.
   * @param retryAfter seconds to wait, if the API said
   */
  constructor(retryAfter?: number) {
    super("Rate limited; wait before trying again", 429);
    this.retryAfter = retryAfter;
  }
}

/**
 * 5xx: the API failed.
 *
 * @example
 * ```ts
 * import { AuthRocket, ServerError } from "@authrocket-edge/sdk";
 * const ar = new AuthRocket({ url: "https://api-e1.authrocket.com/v1", apiKey: "ko_…", realm: "rl_…" });
 * try {
 *   await ar.users.find("sally");
 * } catch (e) {
 *   if (e instanceof ServerError) console.error("AuthRocket had a problem:", e.status);
 *   else throw e;
 * }
 * ```
 */
export class ServerError extends ApiError {}

/**
 * Any other 4xx (400, 405, 406, 413, 414, 415 …).
 *
 * @example
 * ```ts
 * import { AuthRocket, ClientError } from "@authrocket-edge/sdk";
 * const ar = new AuthRocket({ url: "https://api-e1.authrocket.com/v1", apiKey: "ko_…", realm: "rl_…" });
 * try {
 *   await ar.users.find("sally");
 * } catch (e) {
 *   if (e instanceof ClientError) console.error("a 4xx the API refused:", e.status);
 *   else throw e;
 * }
 * ```
 */
export class ClientError extends ApiError {}

/**
 * The body was not the JSON the API promises (HTML error pages, truncated JSON, …).
 *
 * @example
 * ```ts
 * import { AuthRocket, ResponseError } from "@authrocket-edge/sdk";
 * const ar = new AuthRocket({ url: "https://api-e1.authrocket.com/v1", apiKey: "ko_…", realm: "rl_…" });
 * try {
 *   await ar.users.find("sally");
 * } catch (e) {
 *   if (e instanceof ResponseError) console.error("the API answered something unreadable");
 *   else throw e;
 * }
 * ```
 */
export class ResponseError extends ApiError {
  /** A short, redacted excerpt of the body. */
  readonly excerpt: string;
  /**
   * Create it.
   * @param message description; @param status HTTP status; @param excerpt start of the body
   */
  constructor(message: string, status: number, excerpt: string) {
    super(message, status);
    this.excerpt = excerpt;
  }
}

/**
 * Validation errors from an action or a list (409/422 with an `errors` body).
 *
 * @example
 * ```ts
 * import { AuthRocket, ValidationError } from "@authrocket-edge/sdk";
 * const ar = new AuthRocket({ url: "https://api-e1.authrocket.com/v1", apiKey: "ko_…", realm: "rl_…" });
 * try {
 *   await ar.users.authenticateCode({ token: "kli_…", code: "123456" });
 * } catch (e) {
 *   if (e instanceof ValidationError) console.error(e.errors); // ["Verification failed"]
 *   else throw e;
 * }
 * ```
 */
export class ValidationError extends AuthRocketError {
  /** The messages, flattened. */
  readonly errors: string[];
  /**
   * Create it.
   * @param errors the API's messages
   */
  constructor(errors: string[]) {
    super(`Error: ${errors.join(" ")}`);
    this.errors = errors;
  }
}

/**
 * A record failed validation (`createOrThrow`, `updateOrThrow`, `delete` by id).
 *
 * @example
 * ```ts
 * import { AuthRocket, RecordInvalid } from "@authrocket-edge/sdk";
 * const ar = new AuthRocket({ url: "https://api-e1.authrocket.com/v1", apiKey: "ko_…", realm: "rl_…" });
 * try {
 *   await ar.users.createOrThrow({ user_type: "human", email: "x@example.com" });
 * } catch (e) {
 *   if (e instanceof RecordInvalid) console.error(e.errors); // ["Username can't be blank", …]
 *   else throw e;
 * }
 * ```
 */
export class RecordInvalid extends AuthRocketError {
  /** The record, with its `errors` filled. */
  readonly record: { readonly errors: string[] };
  /** The messages. */
  readonly errors: string[];
  /**
   * Create it.
   * @param record the invalid record; @param kind its class name
   */
  constructor(record: { readonly errors: string[] }, kind: string) {
    super(`${kind} Invalid: ${record.errors.join(" ")}`);
    this.record = record;
    this.errors = record.errors;
  }
}
