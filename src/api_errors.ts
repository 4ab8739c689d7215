/**
 * The errors of an HTTP answer, one class per kind the API gives (401, 402, 403, 404, 429, other
 * 4xx, 5xx, a body that is not the API's, a redirect): each an {@link ApiError} with its literal
 * `name`, its `code`, the `status` and, when the server sent one, the `requestId`. The base
 * classes are in src/errors.ts (a leaf), the validation errors in src/validation_errors.ts.
 * @module
 */
import { ApiError, type ApiErrorOptions } from "./errors.ts";

/**
 * 401: an authentication action ran and the credentials were wrong (the API key was fine).
 * Code `"authentication_failed"`.
 *
 * @example
 * ```ts
 * import { AuthRocket, AuthenticationFailed } from "@authrocket-edge/sdk";
 * const ar = new AuthRocket({ url: "https://api-e1.authrocket.com/v1", apiKey: "ko_…", realm: "rl_…" });
 * const user = await ar.users.authenticate("sally", "wrong password").catch((e) => {
 *   if (e instanceof AuthenticationFailed) return null; // bad username or password
 *   throw e;
 * });
 * ```
 */
export class AuthenticationFailed extends ApiError {
  /** As {@link AuthRocketError.name}. */ override name = "AuthenticationFailed";
  /** One of {@link AuthRocketErrorCode}. */ override readonly code: "authentication_failed" =
    "authentication_failed";
  /** The messages by field, as LoginRocket keys them (the API's 401 has none: `{}`). */
  readonly fieldErrors: Readonly<Record<string, readonly string[]>>;
  /** The messages, flattened (`[]` from the API). */
  readonly errors: readonly string[];
  /**
   * The library throws it; build one to test your own handling.
   * @param message optional description; @param options cause, request id, field errors
   */
  constructor(
    message = "Authentication failed (API key is valid; this auth-related API call failed)",
    options?: ApiErrorOptions & { fieldErrors?: Record<string, readonly string[]> },
  ) {
    super(message, 401, options);
    this.fieldErrors = options?.fieldErrors ?? {};
    this.errors = Object.values(this.fieldErrors).flat();
  }
}

/**
 * 402: the AuthRocket account is inactive. Code `"account_inactive"`.
 *
 * @example
 * ```ts
 * import { AccountInactive } from "@authrocket-edge/sdk";
 * const e = new AccountInactive();
 * console.log(e.status, e.code); // 402 "account_inactive"
 * ```
 */
export class AccountInactive extends ApiError {
  /** As {@link AuthRocketError.name}. */ override name = "AccountInactive";
  /** One of {@link AuthRocketErrorCode}. */ override readonly code: "account_inactive" =
    "account_inactive";
  /**
   * The library throws it; build one to test your own handling.
   * @param message optional description; @param options cause, request id
   */
  constructor(
    message = "Account inactive; login to portal to check account status.",
    options?: ApiErrorOptions,
  ) {
    super(message, 402, options);
  }
}

/**
 * 403: the API key is missing, wrong or lacks the permission. Code `"access_denied"`.
 *
 * @example
 * ```ts
 * import { AccessDenied } from "@authrocket-edge/sdk";
 * const e = new AccessDenied();
 * console.log(e.status, e.code); // 403 "access_denied"
 * ```
 */
export class AccessDenied extends ApiError {
  /** As {@link AuthRocketError.name}. */ override name = "AccessDenied";
  /** One of {@link AuthRocketErrorCode}. */ override readonly code: "access_denied" =
    "access_denied";
  /**
   * The library throws it; build one to test your own handling.
   * @param message optional description; @param options cause, request id
   */
  constructor(
    message = "Access denied; check your API credentials and permissions.",
    options?: ApiErrorOptions,
  ) {
    super(message, 403, options);
  }
}

/**
 * 404 from the API (a JSON answer): no such record, or not visible to this key. `retrieve()`
 * turns it into `null`. Code `"record_not_found"`.
 *
 * @example
 * ```ts
 * import { AuthRocket, RecordNotFound } from "@authrocket-edge/sdk";
 * const ar = new AuthRocket({ url: "https://api-e1.authrocket.com/v1", apiKey: "ko_…", realm: "rl_…" });
 * const user = await ar.users.find("nobody").catch((e) => e instanceof RecordNotFound ? null : Promise.reject(e));
 * ```
 */
export class RecordNotFound extends ApiError {
  /** As {@link AuthRocketError.name}. */ override name = "RecordNotFound";
  /** One of {@link AuthRocketErrorCode}. */ override readonly code: "record_not_found" =
    "record_not_found";
  /**
   * The library throws it; build one to test your own handling.
   * @param message optional description; @param options cause, request id
   */
  constructor(message = "Not found", options?: ApiErrorOptions) {
    super(message, 404, options);
  }
}

/**
 * 404 that is not about a record: the URL reaches no AuthRocket API (usually a `url` without
 * `/v1`, or an HTML 404 page). Not a `RecordNotFound`, so `retrieve()` throws it instead of
 * answering `null`. Code `"endpoint_not_found"`.
 *
 * @example
 * ```ts
 * import { AuthRocket, EndpointNotFound } from "@authrocket-edge/sdk";
 * const ar = new AuthRocket({ url: "https://api-e1.authrocket.com", apiKey: "ko_…" }); // no /v1
 * await ar.users.retrieve("sally").catch((e) => {
 *   if (e instanceof EndpointNotFound) console.error(e.message); // "… probably lacks /v1 …"
 * });
 * ```
 */
export class EndpointNotFound extends ApiError {
  /** As {@link AuthRocketError.name}. */ override name = "EndpointNotFound";
  /** One of {@link AuthRocketErrorCode}. */ override readonly code: "endpoint_not_found" =
    "endpoint_not_found";
}

/**
 * 429: rate limited. Code `"rate_limited"`.
 *
 * @example
 * ```ts
 * import { RateLimited } from "@authrocket-edge/sdk";
 * const e = new RateLimited(30);
 * console.log(e.code, `retry in ${e.retryAfter ?? "?"} s`); // "rate_limited" "retry in 30 s"
 * ```
 */
export class RateLimited extends ApiError {
  /** As {@link AuthRocketError.name}. */ override name = "RateLimited";
  /** One of {@link AuthRocketErrorCode}. */ override readonly code: "rate_limited" =
    "rate_limited";
  /** Seconds to wait, from `Retry-After` (seconds or an HTTP date); `undefined` when absent. */
  readonly retryAfter: number | undefined;
  /**
   * The library throws it; build one to test your own handling.
   * @param retryAfter seconds to wait, if the API said; @param options cause, request id
   */
  constructor(retryAfter?: number, options?: ApiErrorOptions) {
    super("Rate limited; wait before trying again", 429, options);
    this.retryAfter = retryAfter;
  }
}

/**
 * 5xx: the API failed. Code `"server_error"`.
 *
 * @example
 * ```ts
 * import { ServerError } from "@authrocket-edge/sdk";
 * const e = new ServerError("Server error: 503", 503, { requestId: "req_1" });
 * console.log(e.code, e.status, e.requestId); // "server_error" 503 "req_1"
 * ```
 */
export class ServerError extends ApiError {
  /** As {@link AuthRocketError.name}. */ override name = "ServerError";
  /** One of {@link AuthRocketErrorCode}. */ override readonly code: "server_error" =
    "server_error";
}

/**
 * Any other 4xx (400, 405, 406, 413, 414, 415 …). Code `"client_error"`.
 *
 * @example
 * ```ts
 * import { ClientError } from "@authrocket-edge/sdk";
 * const e = new ClientError("Client error: 405", 405);
 * console.log(e.code, e.status); // "client_error" 405
 * ```
 */
export class ClientError extends ApiError {
  /** As {@link AuthRocketError.name}. */ override name = "ClientError";
  /** One of {@link AuthRocketErrorCode}. */ override readonly code: "client_error" =
    "client_error";
}

/**
 * The body was not the JSON the API promises (HTML error pages, truncated JSON, nesting deeper
 * than 64 levels …): code `"response_invalid"`. Or it was larger than the client's
 * `maxResponseBytes` (default 16 MiB): code `"response_too_large"`, found while the body streamed,
 * without reading more of it.
 *
 * @example
 * ```ts
 * import { ResponseError } from "@authrocket-edge/sdk";
 * const e = new ResponseError("Unable to parse API response", 200, "<html>…");
 * console.log(e.code, e.status, e.excerpt); // "response_invalid" 200 "<html>…"
 * const big = new ResponseError("too large", 200, "", { code: "response_too_large" });
 * console.log(big.code); // "response_too_large"
 * ```
 */
export class ResponseError extends ApiError {
  /** As {@link AuthRocketError.name}. */ override name = "ResponseError";
  /** `"response_invalid"`, or `"response_too_large"` over `maxResponseBytes`. */
  override readonly code: "response_invalid" | "response_too_large" = "response_invalid";
  /** A short, redacted excerpt of the body. */
  readonly excerpt: string;
  /**
   * The library throws it; build one to test your own handling.
   * @param message description; @param status HTTP status; @param excerpt start of the body
   * @param options cause, request id, and `code` (default `"response_invalid"`)
   */
  constructor(
    message: string,
    status: number,
    excerpt: string,
    options?: ApiErrorOptions & { code?: "response_invalid" | "response_too_large" },
  ) {
    super(message, status, options);
    this.excerpt = excerpt;
    if (options?.code) this.code = options.code;
  }
}

/**
 * A 3xx answer. The AuthRocket API never redirects, so the client does not follow (a redirect
 * would carry the API key and the body to another host) and does not retry. Code
 * `"redirect_refused"`.
 *
 * @example
 * ```ts
 * import { RedirectError } from "@authrocket-edge/sdk";
 * const e = new RedirectError(302, "evil.example");
 * console.log(e.code, e.status, e.location); // "redirect_refused" 302 "evil.example"
 * ```
 */
export class RedirectError extends ApiError {
  /** As {@link AuthRocketError.name}. */ override name = "RedirectError";
  /** One of {@link AuthRocketErrorCode}. */ override readonly code: "redirect_refused" =
    "redirect_refused";
  /** The host the redirect pointed to (never its path or query), if it named one. */
  readonly location: string | undefined;
  /**
   * The library throws it; build one to test your own handling.
   * @param status the 3xx status; @param location the target host; @param options request id
   */
  constructor(status: number, location: string | undefined, options?: ApiErrorOptions) {
    super(
      `The API answered ${status} redirecting to ${
        location ?? "an unnamed location"
      }; redirects are not followed (they would send the API key elsewhere). Check \`url\`.`,
      status,
      options,
    );
    this.location = location;
  }
}
