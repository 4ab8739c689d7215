/**
 * The error classes. Every error thrown by the library extends {@link AuthRocketError}; none of
 * their messages contains an API key, a JWT secret or a token.
 * @module
 */

/** The base class of every error this library throws. */
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

/** A missing or invalid setting (names the setting and its environment variable). */
export class ConfigError extends AuthRocketError {}

/** The API could not be reached: network failure, DNS, reset connection or timeout. */
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

/** An error carrying an HTTP status from the API. */
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

/** 401: an authentication action ran and the credentials were wrong (the API key was fine). */
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

/** 402: the AuthRocket account is inactive. */
export class AccountInactive extends ApiError {
  /**
   * Create it.
   * @param message optional description
   */
  constructor(message = "Account inactive; login to portal to check account status.") {
    super(message, 402);
  }
}

/** 403: the API key is missing, wrong or lacks the permission. */
export class AccessDenied extends ApiError {
  /**
   * Create it.
   * @param message optional description
   */
  constructor(message = "Access denied; check your API credentials and permissions.") {
    super(message, 403);
  }
}

/** 404: no such record (or not visible to this key). */
export class RecordNotFound extends ApiError {
  /**
   * Create it.
   * @param message optional description
   */
  constructor(message = "Not found") {
    super(message, 404);
  }
}

/** 429: rate limited. */
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

/** 5xx: the API failed. */
export class ServerError extends ApiError {}

/** Any other 4xx (400, 405, 406, 413, 414, 415 …). */
export class ClientError extends ApiError {}

/** The body was not the JSON the API promises (HTML error pages, truncated JSON, …). */
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

/** Validation errors from an action or a list (409/422 with an `errors` body). */
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

/** A record failed validation (`createOrThrow`, `updateOrThrow`, `delete` by id). */
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
