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
 * import { AuthRocket } from "@authrocket-edge/sdk";
 * const ar = new AuthRocket({ url: "https://api-e1.authrocket.com/v1", apiKey: "ko_…", realm: "rl_…" });
 * const page = await ar.users.all({ max_results: 50 });
 * console.log(page.length, page.moreResults, page.map((u) => u.username));
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
