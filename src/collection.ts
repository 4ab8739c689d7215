/**
 * A page of records, as every list of the client answers it.
 * @module
 */

/**
 * A page of records: an array, plus `moreResults` (another page follows) and the list's
 * `metadata`.
 *
 * @example
 * ```ts
 * import type { AuthRocket } from "@authrocket-edge/sdk";
 * export async function firstUsernames(ar: AuthRocket) {
 *   const page = await ar.users.all({ max_results: 50 });
 *   return { names: page.map((u) => u.username), more: page.moreResults };
 * }
 * ```
 */
export class Collection<T> extends Array<T> {
  /** `true` when another page follows (ask with `after` = the last id). */
  moreResults = false;
  /** Everything the list response held besides `collection`. */
  metadata: Record<string, unknown> = {};
  /** Derived arrays (`map`, `filter`…) are plain arrays. */
  static override get [Symbol.species](): ArrayConstructor {
    return Array;
  }
}
