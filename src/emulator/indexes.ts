/**
 * The store's tables and their indexes: ascending id lists (all, per realm, per user), and
 * value indexes (realm → value → ids) for every lookup a request makes by a field's value (a
 * username's uniqueness, a list filter, a session token), so that each costs the ids holding
 * that value, not a scan of the realm.
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
  // Deletes are mostly of recent records: the last one is checked before a search.
  const last = ids.length - 1;
  if (ids[last] === id) ids.pop();
  else {
    const at = lowerBound(ids, id);
    if (ids[at] === id) ids.splice(at, 1);
  }
}

/**
 * How an index files a value: as the text a list filter compares (`String(v ?? "")`), so that
 * a filter's `?state=active` and a lookup's `"active"` find the same ids. Lookups that need the
 * value itself check the live record.
 */
export const keyOf = (v: unknown): string =>
  typeof v === "string" ? v : v === undefined || v === null ? "" : String(v);

/** The ids holding a value: one (the common case, no array), or several in ascending order. */
export type Holders = string | string[];

/** File `id` under `key` in a map of holders (once). */
export function addHolder<K>(m: Map<K, Holders>, key: K, id: string): void {
  const ids = m.get(key);
  if (ids === undefined) m.set(key, id);
  else if (typeof ids !== "string") insertSorted(ids, id);
  else if (ids !== id) m.set(key, ids < id ? [ids, id] : [id, ids]);
}

/** Take `id` from under `key` (the key goes with its last id). */
export function removeHolder<K>(m: Map<K, Holders>, key: K, id: string): void {
  const ids = m.get(key);
  if (typeof ids === "string") {
    if (ids === id) m.delete(key);
  } else if (ids !== undefined) {
    removeSorted(ids, id);
    if (ids.length === 1) m.set(key, ids[0]);
  }
}

/** Holders as an ascending list (a live array when there are several: do not change it). */
export const asList = (ids: Holders | undefined): string[] =>
  ids === undefined ? [] : typeof ids === "string" ? [ids] : ids;

/** Which keys a lookup wants: some texts, or every key a test accepts (a prefix). */
export type KeyMatch = readonly string[] | ((key: string) => boolean);

/**
 * One field's values: the ids holding each value (filed by {@link keyOf}), per realm, as the
 * records were put. Each id remembers the key it was filed under, which is what a re-put moves
 * it from: a record changed in place before its `put` no longer holds its old value. The
 * caller passes the realm an id was filed under (the table keeps it).
 */
export class ValueIndex {
  readonly field: string;
  #buckets = new Map<string | undefined, Map<string, Holders>>();
  #filed = new Map<string, string>();

  /** An empty index of `field`. */
  constructor(field: string) {
    this.field = field;
  }

  /** File (or re-file) an id, filed before under `oldRealm` if at all. */
  file(id: string, oldRealm: string | undefined, realm: string | undefined, value: unknown): void {
    const key = keyOf(value);
    const old = this.#filed.get(id);
    if (old !== undefined) {
      if (oldRealm === realm && old === key) return;
      this.unfile(id, oldRealm);
    }
    let inRealm = this.#buckets.get(realm);
    if (!inRealm) this.#buckets.set(realm, inRealm = new Map());
    addHolder(inRealm, key, id);
    this.#filed.set(id, key);
  }

  /** Forget an id, filed under `realm`. */
  unfile(id: string, realm: string | undefined): void {
    const key = this.#filed.get(id);
    if (key === undefined) return;
    this.#filed.delete(id);
    const inRealm = this.#buckets.get(realm)!;
    removeHolder(inRealm, key, id);
    if (inRealm.size === 0) this.#buckets.delete(realm);
  }

  /**
   * The lowest id filed under `value` (in `realm`, or in any realm when `all`) that is not
   * `except` and whose live record in `rows` still holds `value` (`===`).
   */
  first(
    rows: ReadonlyMap<string, Record<string, unknown>>,
    realm: string | undefined,
    all: boolean,
    value: unknown,
    except: string | undefined,
  ): string | undefined {
    const key = keyOf(value);
    if (!all) return this.#live(rows, this.#buckets.get(realm)?.get(key), value, except);
    let best: string | undefined;
    for (const inRealm of this.#buckets.values()) {
      const id = this.#live(rows, inRealm.get(key), value, except);
      if (id !== undefined && (best === undefined || id < best)) best = id;
    }
    return best;
  }

  /**
   * The ids filed under the keys `match` wants, in `realm` or in every realm when `all`: one
   * ascending list per key and realm (the lists are disjoint; live arrays: do not change them).
   */
  lists(realm: string | undefined, all: boolean, match: KeyMatch): string[][] {
    const out: string[][] = [];
    const take = (inRealm: Map<string, Holders> | undefined) => {
      if (!inRealm) return;
      if (typeof match === "function") {
        for (const [key, ids] of inRealm) if (match(key)) out.push(asList(ids));
      } else {
        for (const key of new Set(match)) {
          const ids = inRealm.get(key);
          if (ids !== undefined) out.push(asList(ids));
        }
      }
    };
    if (all) { for (const inRealm of this.#buckets.values()) take(inRealm); }
    else take(this.#buckets.get(realm));
    return out;
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

/** One table of the store: records by id, their ids in order overall, per realm and per user. */
export class Table {
  readonly rows = new Map<string, Record<string, unknown>>();
  readonly ids: string[] = [];
  readonly byRealm = new Map<string, Holders>();
  readonly byUser = new Map<string, Holders>();
  /** The realm and the user each row was filed under, so that a re-put can move it. */
  readonly realmOf = new Map<string, string | undefined>();
  readonly userOf = new Map<string, string | undefined>();
  /** Value indexes, built on first use ({@link Table.index}). */
  readonly byValue: ValueIndex[] = [];
  /** The store's write count at this table's last write (`Store.version`). */
  version = 0;

  /** The index of `field`, built from the rows on first use. */
  index(field: string): ValueIndex {
    let ix = this.byValue.find((x) => x.field === field);
    if (!ix) {
      this.byValue.push(ix = new ValueIndex(field));
      for (const id of this.ids) {
        ix.file(id, undefined, this.realmOf.get(id), this.rows.get(id)![field]);
      }
    }
    return ix;
  }

  /** Hold (or hold again, after a change) a record, filed under `realm` and its `user_id`. */
  file(rec: Record<string, unknown>, realm: string | undefined): void {
    const id = rec.id as string;
    const user = typeof rec.user_id === "string" ? rec.user_id : undefined;
    const had = this.rows.has(id);
    if (!had) insertSorted(this.ids, id);
    const oldRealm = this.realmOf.get(id);
    if (!had || oldRealm !== realm) {
      if (oldRealm !== undefined) removeHolder(this.byRealm, oldRealm, id);
      if (realm !== undefined) addHolder(this.byRealm, realm, id);
      this.realmOf.set(id, realm);
    }
    const oldUser = this.userOf.get(id);
    if (!had || oldUser !== user) {
      if (oldUser !== undefined) removeHolder(this.byUser, oldUser, id);
      if (user !== undefined) addHolder(this.byUser, user, id);
      this.userOf.set(id, user);
    }
    this.rows.set(id, rec);
    for (const ix of this.byValue) ix.file(id, oldRealm, realm, rec[ix.field]);
  }

  /** Let a record go; whether it was held. */
  unfile(id: string): boolean {
    if (!this.rows.delete(id)) return false;
    removeSorted(this.ids, id);
    const realm = this.realmOf.get(id);
    const user = this.userOf.get(id);
    if (realm !== undefined) removeHolder(this.byRealm, realm, id);
    if (user !== undefined) removeHolder(this.byUser, user, id);
    this.realmOf.delete(id);
    this.userOf.delete(id);
    for (const ix of this.byValue) ix.unfile(id, realm);
    return true;
  }
}
