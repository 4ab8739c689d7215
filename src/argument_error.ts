/**
 * Programming errors in a call, caught before any request: an id that cannot name a record, an
 * attribute the resource does not declare, a missing attributes object. A leaf: it imports only
 * the base error class.
 * @module
 */
import { AuthRocketError } from "./errors.ts";

/**
 * A call the library refuses before sending anything (see its subclasses).
 *
 * @example
 * ```ts
 * import { AuthRocket, ArgumentError } from "@authrocket-edge/sdk";
 * const ar = new AuthRocket({ url: "https://api-e1.authrocket.com/v1", apiKey: "ko_…", realm: "rl_…" });
 * try {
 *   await ar.users.find("");
 * } catch (e) {
 *   if (e instanceof ArgumentError) console.error(e.code, e.message); // "invalid_id"
 * }
 * ```
 */
export class ArgumentError extends AuthRocketError {
  /** As {@link AuthRocketError.name}. */ override name = "ArgumentError";
  /** `"invalid_argument"`, or the subclass's: `"invalid_id"`, `"unknown_attribute"`. */
  override readonly code: "invalid_argument" | "invalid_id" | "unknown_attribute" =
    "invalid_argument";
}

/**
 * An id that cannot name a record (empty, blank, `.` or `..`, not a string): a bug in the
 * caller, not a `RecordNotFound` that no server sent.
 *
 * @example
 * ```ts
 * import { AuthRocket, InvalidId } from "@authrocket-edge/sdk";
 * const ar = new AuthRocket({ url: "https://api-e1.authrocket.com/v1", apiKey: "ko_…", realm: "rl_…" });
 * await ar.users.find("..").catch((e) => console.assert(e instanceof InvalidId));
 * ```
 */
export class InvalidId extends ArgumentError {
  /** As {@link AuthRocketError.name}. */ override name = "InvalidId";
  /** One of {@link AuthRocketErrorCode}. */ override readonly code: "invalid_id" = "invalid_id";
  /**
   * The library throws it; build one to test your own handling.
   * @param what the call (`find`, `update` …); @param id the id given
   */
  constructor(what: string, id: unknown) {
    const shown = typeof id === "string" ? JSON.stringify(id.slice(0, 40)) : String(id);
    super(`Cannot ${what}: ${shown} is not a record id (pass the id or username)`);
  }
}

/**
 * An attribute the resource does not declare, refused before any request. Names the nearest
 * declared ones; wrap attributes in `unchecked()` to send a field the library does not know yet.
 *
 * @example
 * ```ts
 * import { AuthRocket, UnknownAttribute } from "@authrocket-edge/sdk";
 * const ar = new AuthRocket({ url: "https://api-e1.authrocket.com/v1", apiKey: "ko_…", realm: "rl_…" });
 * const filters = JSON.parse('{"frist_name":"Sal"}'); // unchecked input, as from JavaScript
 * try {
 *   await ar.users.all(filters);
 * } catch (e) {
 *   if (e instanceof UnknownAttribute) console.error(e.message); // … (did you mean first_name?) …
 * }
 * ```
 */
export class UnknownAttribute extends ArgumentError {
  /** As {@link AuthRocketError.name}. */ override name = "UnknownAttribute";
  /** One of {@link AuthRocketErrorCode}. */ override readonly code: "unknown_attribute" =
    "unknown_attribute";
  /** The attribute given. */
  readonly attribute: string;
  /** The nearest declared names (may be empty). */
  readonly suggestions: readonly string[];
  /**
   * The library throws it; build one to test your own handling.
   * @param where what was called (`user create`); @param attribute the name; @param suggestions nearest names
   */
  constructor(where: string, attribute: string, suggestions: readonly string[]) {
    const hint = suggestions.length ? ` (did you mean ${suggestions.join(" or ")}?)` : "";
    super(
      `Unknown attribute ${attribute} for ${where}${hint}. To send a field this library does not declare yet, wrap the attributes in unchecked({ … }).`,
    );
    this.attribute = attribute;
    this.suggestions = suggestions;
  }
}
