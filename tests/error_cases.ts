// The error classes as a test needs them: how to build one of each, and the code and status it
// must carry. Not a list of what the package exports: tests/errors_test.ts and
// tests/runtimes/errors_workerd.node.mjs find the classes among the entry points' exports and
// fail for an exported class missing here (and for a row no entry point exports).
import type { AuthRocketErrorCode } from "../mod.ts";

/** How to build one error of a class, and what it must carry. */
export interface ErrorCase {
  /** Constructor arguments. */
  args: unknown[];
  code: AuthRocketErrorCode;
  /** The HTTP status, for the errors built from an answer. */
  status?: number;
}

/** By export name (the class's literal `name`). */
export const ERROR_CASES: Record<string, ErrorCase> = {
  AuthRocketError: { args: ["x"], code: "authrocket_error" },
  ConfigError: { args: ["x"], code: "config_error" },
  ConnectionError: { args: ["x"], code: "connection_error" },
  ApiError: { args: ["x", 400], code: "api_error", status: 400 },
  AuthenticationFailed: { args: [], code: "authentication_failed", status: 401 },
  AccountInactive: { args: [], code: "account_inactive", status: 402 },
  AccessDenied: { args: [], code: "access_denied", status: 403 },
  RecordNotFound: { args: [], code: "record_not_found", status: 404 },
  EndpointNotFound: { args: ["x", 404], code: "endpoint_not_found", status: 404 },
  RateLimited: { args: [1], code: "rate_limited", status: 429 },
  ServerError: { args: ["x", 500], code: "server_error", status: 500 },
  ClientError: { args: ["x", 400], code: "client_error", status: 400 },
  ResponseError: { args: ["x", 200, ""], code: "response_invalid", status: 200 },
  RedirectError: { args: [302, "h"], code: "redirect_refused", status: 302 },
  ValidationError: { args: [["m"]], code: "validation_failed", status: 422 },
  RecordInvalid: { args: [{ errors: ["m"] }, "User"], code: "record_invalid", status: 422 },
  ArgumentError: { args: ["x"], code: "invalid_argument" },
  InvalidId: { args: ["find", ".."], code: "invalid_id" },
  UnknownAttribute: { args: ["user create", "frist_name", []], code: "unknown_attribute" },
  SessionCheckFailed: { args: ["x"], code: "session_check_failed" },
};

/**
 * Every member of {@link AuthRocketErrorCode}, once: the type check fails when one is missing
 * here or one here is not in the union. `response_too_large` is ResponseError's second code.
 */
export const ALL_CODES: Record<AuthRocketErrorCode, true> = {
  authrocket_error: true,
  config_error: true,
  connection_error: true,
  api_error: true,
  authentication_failed: true,
  account_inactive: true,
  access_denied: true,
  record_not_found: true,
  endpoint_not_found: true,
  rate_limited: true,
  server_error: true,
  client_error: true,
  response_invalid: true,
  response_too_large: true,
  redirect_refused: true,
  validation_failed: true,
  record_invalid: true,
  invalid_argument: true,
  invalid_id: true,
  unknown_attribute: true,
  session_check_failed: true,
};

/**
 * The exports of `modules` that are errors (their prototype is an `Error`), by export name: every
 * one of them must be an `AuthRocketError` (checked by the callers).
 */
export function exportedErrorClasses(
  modules: Record<string, unknown>[],
): Map<string, new (...args: never[]) => Error> {
  const out = new Map<string, new (...args: never[]) => Error>();
  for (const m of modules) {
    for (const [name, v] of Object.entries(m)) {
      if (typeof v === "function" && v.prototype instanceof Error) {
        out.set(name, v as new (...args: never[]) => Error);
      }
    }
  }
  return out;
}
