/**
 * The store's indexes: ascending id lists, and value indexes (realm → value → ids) for the
 * lookups every insert makes (a username's uniqueness), so they cost O(1), not a realm scan.
 * @module
 */

/** The first index whose id is not below `id` in an ascending list. */
export function lowerBound(ids: readonly string[], id: string): number {
  let lo = 0;
  let hi = ids.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (ids[mid] < id) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Add an id to an ascending list (once). */
export function insertSorted(ids: string[], id: string): void {
  // Ids are minted ascending: nearly every insert is an append.
  if (ids.length === 0 || ids[ids.length - 1] < id) ids.push(id);
  else {
    const at = lowerBound(ids, id);
    if (ids[at] !== id) ids.splice(at, 0, id);
  }
}

/** Remove an id from an ascending list. */
export function removeSorted(ids: string[], id: string): void {
  const at = lowerBound(ids, id);
  if (ids[at] === id) ids.splice(at, 1);
}

/**
 * One field's values: the ids holding each value, per realm, as the records were put. Each id
 * remembers the realm and value it was filed under, which is what a re-put moves it from: a
 * record changed in place before its `put` no longer holds its old value.
 */
export class ValueIndex {
  #buckets = new Map<string | undefined, Map<unknown, string[]>>();
  #filed = new Map<string, [realm: string | undefined, value: unknown]>();

  /** File (or re-file) an id under its realm and value. */
  file(id: string, realm: string | undefined, value: unknown): void {
    const old = this.#filed.get(id);
    if (old && old[0] === realm && old[1] === value) return;
    if (old) this.unfile(id);
    let inRealm = this.#buckets.get(realm);
    if (!inRealm) this.#buckets.set(realm, inRealm = new Map());
    let ids = inRealm.get(value);
    if (!ids) inRealm.set(value, ids = []);
    insertSorted(ids, id);
    this.#filed.set(id, [realm, value]);
  }

  /** Forget an id. */
  unfile(id: string): void {
    const old = this.#filed.get(id);
    if (!old) return;
    const inRealm = this.#buckets.get(old[0])!;
    const ids = inRealm.get(old[1])!;
    removeSorted(ids, id);
    if (!ids.length) inRealm.delete(old[1]);
    this.#filed.delete(id);
  }

  /**
   * The lowest id filed under `value` (in `realm`, or in any realm when `all`) that `accept`
   * takes; the caller checks the live record there.
   */
  first(
    realm: string | undefined,
    all: boolean,
    value: unknown,
    accept: (id: string) => boolean,
  ): string | undefined {
    let best: string | undefined;
    const scan = (ids: string[] | undefined) => {
      for (const id of ids ?? []) {
        if (best !== undefined && best < id) return; // ascending: nothing lower is left
        if (accept(id)) return void (best = id);
      }
    };
    if (!all) scan(this.#buckets.get(realm)?.get(value));
    else for (const inRealm of this.#buckets.values()) scan(inRealm.get(value));
    return best;
  }
}
