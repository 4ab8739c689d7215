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

/** The ids holding a value: one (the common case, no array), or several in ascending order. */
export type Holders = string | string[];

/**
 * One field's values: the ids holding each value, per realm, as the records were put. Each id
 * remembers the value it was filed under, which is what a re-put moves it from: a record
 * changed in place before its `put` no longer holds its old value. The caller passes the realm
 * an id was filed under (the table keeps it).
 */
export class ValueIndex {
  readonly field: string;
  #buckets = new Map<string | undefined, Map<unknown, Holders>>();
  #filed = new Map<string, unknown>();

  /** An empty index of `field`. */
  constructor(field: string) {
    this.field = field;
  }

  /** File (or re-file) an id, filed before under `oldRealm` if at all. */
  file(id: string, oldRealm: string | undefined, realm: string | undefined, value: unknown): void {
    const filed = this.#filed.has(id);
    const old = this.#filed.get(id);
    if (filed && oldRealm === realm && old === value) return;
    if (filed) this.unfile(id, oldRealm);
    let inRealm = this.#buckets.get(realm);
    if (!inRealm) this.#buckets.set(realm, inRealm = new Map());
    const ids = inRealm.get(value);
    if (ids === undefined) inRealm.set(value, id);
    else if (typeof ids !== "string") insertSorted(ids, id);
    else if (ids !== id) inRealm.set(value, ids < id ? [ids, id] : [id, ids]);
    this.#filed.set(id, value);
  }

  /** Forget an id, filed under `realm`. */
  unfile(id: string, realm: string | undefined): void {
    if (!this.#filed.has(id)) return;
    const value = this.#filed.get(id);
    this.#filed.delete(id);
    const inRealm = this.#buckets.get(realm)!;
    const ids = inRealm.get(value)!;
    if (typeof ids === "string") inRealm.delete(value);
    else {
      removeSorted(ids, id);
      if (ids.length === 1) inRealm.set(value, ids[0]);
    }
  }

  /**
   * The lowest id filed under `value` (in `realm`, or in any realm when `all`) that is not
   * `except` and whose live record in `rows` still holds `value`.
   */
  first(
    rows: ReadonlyMap<string, Record<string, unknown>>,
    realm: string | undefined,
    all: boolean,
    value: unknown,
    except: string | undefined,
  ): string | undefined {
    if (!all) return this.#live(rows, this.#buckets.get(realm)?.get(value), value, except);
    let best: string | undefined;
    for (const inRealm of this.#buckets.values()) {
      const id = this.#live(rows, inRealm.get(value), value, except);
      if (id !== undefined && (best === undefined || id < best)) best = id;
    }
    return best;
  }

  #live(
    rows: ReadonlyMap<string, Record<string, unknown>>,
    ids: Holders | undefined,
    value: unknown,
    except: string | undefined,
  ): string | undefined {
    if (typeof ids === "string") {
      return ids !== except && rows.get(ids)![this.field] === value ? ids : undefined;
    }
    for (const id of ids ?? []) {
      if (id !== except && rows.get(id)![this.field] === value) return id;
    }
    return undefined;
  }
}
