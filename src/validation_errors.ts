/**
 * The validation errors: a write or an action the API refused with a 409/422 and its `errors`
 * (apart from src/errors.ts to keep each file short; both are leaves).
 * @module
 */
import { ApiError } from "./errors.ts";
import { redact } from "./redact.ts";

/**
 * The answer a refusal came in: its status (default 422), its request id, and the fix the
 * transport could name (a missing realm), appended to the message.
 */
type Refusal = { status?: number; requestId?: string; hint?: string };

/** The messages, redacted, joined readably ("; "), and the hint when there is one. */
const said = (errors: string[], answer?: Refusal) =>
  redact(errors.join("; ")) + (answer?.hint ? ". " + answer.hint : "");

/**
 * Validation errors from an action or a list (409/422 with an `errors` body). Code
 * `"validation_failed"`; `status` is the answer's.
 *
 * @example
 * ```ts
 * import { ValidationError } from "@authrocket-edge/sdk";
 * const e = new ValidationError(["Sort is not included in the list"], { status: 422 });
 * console.log(e.message); // "Validation failed: Sort is not included in the list"
 * ```
 */
export class ValidationError extends ApiError {
  /** As {@link AuthRocketError.name}. */ override name = "ValidationError";
  /** One of {@link AuthRocketErrorCode}. */ override readonly code: "validation_failed" =
    "validation_failed";
  /** The messages, flattened. */
  readonly errors: string[];
  /**
   * The library throws it; build one to test your own handling.
   * @param errors the API's messages; @param answer its status (default 422), request id, hint
   */
  constructor(errors: string[], answer?: { status?: number; requestId?: string; hint?: string }) {
    super(`Validation failed: ${said(errors, answer)}`, answer?.status ?? 422, answer);
    this.errors = errors;
  }
}

/**
 * A record failed validation (`createOrThrow`, `updateOrThrow`, `delete` by id). Code
 * `"record_invalid"`; `status` is the answer's (422 when not given).
 *
 * @example
 * ```ts
 * import { AuthRocket, RecordInvalid } from "@authrocket-edge/sdk";
 * const ar = new AuthRocket({ url: "https://api-e1.authrocket.com/v1", apiKey: "ko_…", realm: "rl_…" });
 * await ar.users.createOrThrow({ email: "x@example.com" }).catch((e) => {
 *   if (e instanceof RecordInvalid) console.error(e.status, e.errors); // 422 ["Username can't be blank", …]
 * });
 * ```
 */
export class RecordInvalid extends ApiError {
  /** As {@link AuthRocketError.name}. */ override name = "RecordInvalid";
  /** One of {@link AuthRocketErrorCode}. */ override readonly code: "record_invalid" =
    "record_invalid";
  /** The record, with its `errors` filled. */
  declare readonly record: { readonly errors: string[] };
  /** The messages. */
  readonly errors: string[];
  /** The messages by field, when the answer keyed them (LoginRocket's signups); else `{}`. */
  readonly fieldErrors: Readonly<Record<string, readonly string[]>>;
  /**
   * The library throws it; build one to test your own handling.
   * @param record the invalid record; @param kind its class name; @param answer status, request id, hint
   */
  constructor(
    record: { readonly errors: string[]; readonly fieldErrors?: Record<string, readonly string[]> },
    kind: string,
    answer?: { status?: number; requestId?: string; hint?: string },
  ) {
    super(`${kind} Invalid: ${said(record.errors, answer)}`, answer?.status ?? 422, answer);
    // Not enumerable: the record holds what was sent (an api user's `api_key` …), and neither
    // JSON.stringify(error) nor a logger's inspect should print it.
    Object.defineProperty(this, "record", { value: record, enumerable: false });
    this.errors = record.errors;
    this.fieldErrors = record.fieldErrors ?? {};
  }
}
