/**
 * The emulator's store: every piece of mutable state, in one place, as JSON.
 *
 * What it holds: the records of every table (kept in id order, with per-realm and per-user id
 * indexes so that a realm's page costs that realm's rows), the id counter, and key-value
 * spaces for what is not a record (password hashes and private keys in `secrets`, single-use
 * tokens in flight with their expiry in `tokens`, pending webhook deliveries in `jobs`).
 * Everything in it is plain JSON: no CryptoKey, no Date, no class instance.
 *
 * The contract with a persistence layer:
 * - `snapshot()` returns the whole state as a JSON-serialisable value (a deep copy);
 *   `restore(state)` replaces the store's state with it exactly (ids, order, tokens, counter).
 *   A value that is not a snapshot of this format is refused with a `TypeError`.
 * - Every write goes through `put` / `del` / `setKv` / `nextSeq`, which mark what changed.
 *   `takeChanges()` drains the marks as a list of JSON {@link Change}s carrying the values as
 *   they are when drained (a record written twice in one request appears once, last value).
 * - `apply(changes)` on a store restored from the snapshot taken before those changes
 *   reproduces the store exactly: `restore(s0); apply(c1); apply(c2)` ≡ the live store.
 * - `createEmulator({ onCommit })` drains the changes after each request (and after each
 *   webhook attempt) and awaits `onCommit(changes)` before the response is returned, only when
 *   something changed. Requests are handled one at a time from routing to commit, so the
 *   changes handed to `onCommit` are exactly one request's and arrive in order.
 * - Snapshots and changes carry the emulator's secrets (password hashes, `jsk_` keys, RS256
 *   private keys, session JWTs, tokens in flight): they are the data file, never a log line.
 * @module
 */
import { asList, Table } from "./indexes.ts";
import { unstorable } from "./limits.ts";

/**
 * A stored record: plain JSON, as the API shows it plus what it keeps to itself.
 *
 * @example
 * ```ts
 * import type { StoredRecord } from "@authrocket-edge/sdk/testing";
 * const r: StoredRecord = { id: "usr_1", realm_id: "rl_1", username: "dave" };
 * console.log(r.id);
 * ```
 */
export type StoredRecord = Record<string, unknown>;

/**
 * One change to the store, as JSON: a record put or deleted (`table` is a resource's object
 * type), a key-value entry set or removed (`space` is `secrets`, `tokens` or `jobs`), or the
 * id counter's new value.
 *
 * @example
 * ```ts
 * import type { Change } from "@authrocket-edge/sdk/testing";
 * const c: Change = { op: "del", table: "user", id: "usr_1" };
 * console.log(JSON.stringify(c));
 * ```
 */
export type Change =
  | { op: "put"; table: string; id: string; rec: StoredRecord }
  | { op: "del"; table: string; id: string }
  | { op: "kv"; space: string; key: string; value: unknown }
  | { op: "seq"; value: number };

/** The snapshot format's tag: a file of another format is refused, never half-read. */
export const SNAPSHOT_FORMAT = "authrocket-edge-emulator/1";

const clone = <T>(v: T): T => (v === undefined ? v : JSON.parse(JSON.stringify(v)));

/**
 * The store. `realmOf` tells the realm a record belongs to (its own `realm_id`, its user's,
 * or itself for a realm); it is asked when a record is put, so a record's owners must be put
 * before it.
 *
 * @example
 * ```ts
 * import { Store } from "@authrocket-edge/sdk/testing";
 * const store = new Store(["user"]);
 * store.put("user", { id: "usr_1", realm_id: "rl_1" });
 * const copy = new Store(["user"]);
 * copy.restore(store.snapshot());
 * console.log(copy.get("user", "usr_1"));
 * ```
 */
export class Store {
  #tables = new Map<string, Table>();
  #kv = new Map<string, Map<string, unknown>>();
  #seq = 0;
  /** Writes so far, over every table: a table's version is this count at its last write. */
  #writes = 0;
  /** What changed since the last drain, in the order first changed: kind, space, key, … */
  #dirty: string[] = [];
  /** The keys in `#dirty`, per table (`rec`) or space (`kv`), so that each is listed once. */
  #marked = { rec: new Map<string, Set<string>>(), kv: new Map<string, Set<string>>() };
  #seqDirty = false;
  #realmOf: (table: string, rec: StoredRecord) => string | undefined;

  /** A store with these tables; `realmOf` files each record under its realm. */
  constructor(
    tables: Iterable<string>,
    realmOf: (table: string, rec: StoredRecord) => string | undefined = (_t, r) =>
      r.realm_id as string | undefined,
  ) {
    for (const t of tables) this.#tables.set(t, new Table());
    for (const s of ["secrets", "tokens", "jobs"]) this.#kv.set(s, new Map());
    this.#realmOf = realmOf;
  }

  #table(name: string): Table {
    const t = this.#tables.get(name);
    if (!t) throw new TypeError(`emulator store: no table ${name}`);
    return t;
  }

  /** A record by id (the live object: change it only through {@link put}). */
  get(table: string, id: string): StoredRecord | undefined {
    return this.#table(table).rows.get(id);
  }

  /** A table's records by id (the live map: read it, change records only through {@link put}). */
  rows(table: string): ReadonlyMap<string, StoredRecord> {
    return this.#table(table).rows;
  }

  /** Whether a record exists. */
  has(table: string, id: string): boolean {
    return this.#table(table).rows.has(id);
  }

  /** The realm a stored record was filed under. */
  realmOf(table: string, id: string): string | undefined {
    return this.#table(table).realmOf.get(id);
  }

  /** Ids in ascending order: all, a realm's, or a user's (a live array: do not change it). */
  ids(table: string, by?: { realm?: string; user?: string }): readonly string[] {
    const t = this.#table(table);
    if (by?.user !== undefined) return asList(t.byUser.get(by.user));
    if (by?.realm !== undefined) return asList(t.byRealm.get(by.realm));
    return t.ids;
  }

  /**
   * A number that changes whenever a record of the table is put or deleted (and never comes
   * back, a restore included): what was computed from the table stays valid while it holds.
   */
  version(table: string): number {
    return this.#table(table).version;
  }

  /**
   * The first record, in id order, of all or a realm's whose `field` is `value` (`===`) and
   * whose id is not `except`: what a scan of {@link values} would find, through an index of the
   * values as they were put (O(1) per lookup instead of a scan of the realm). Each candidate's
   * live value is checked, so a record changed in place away from `value` is not returned.
   */
  findBy(
    table: string,
    by: { realm?: string } | undefined,
    field: string,
    value: unknown,
    except?: string,
  ): StoredRecord | undefined {
    const t = this.#table(table);
    const best = t.index(field).first(t.rows, by?.realm, by?.realm === undefined, value, except);
    return best === undefined ? undefined : t.rows.get(best);
  }

  /**
   * The ids of the records, all or a realm's, whose `field` reads as one of the texts `match`
   * lists, or as a text `match` accepts (a field reads as `String(value ?? "")`, what a list
   * filter compares): ascending lists, disjoint, one per text and realm, from an index of the
   * values as they were put (the live arrays: do not change them). A record changed in place
   * is found under its new value once it is put again, as every write does before its request
   * ends.
   */
  idsWhere(
    table: string,
    by: { realm?: string } | undefined,
    field: string,
    match: readonly string[] | ((text: string) => boolean),
  ): readonly (readonly string[])[] {
    return this.#table(table).index(field).lists(by?.realm, by?.realm === undefined, match);
  }

  /**
   * Records in id order: all, a realm's, or a user's, as they are at the call (a copy: the
   * store may be changed while it is walked). An array's iterator, not a generator: it is
   * walked at every presented user (its credentials) and a generator's steps cost more.
   */
  values(table: string, by?: { realm?: string; user?: string }): IterableIterator<StoredRecord> {
    const rows = this.#table(table).rows;
    const ids = this.ids(table, by);
    const out: StoredRecord[] = new Array(ids.length);
    for (let i = 0; i < ids.length; i++) out[i] = rows.get(ids[i])!;
    return out.values();
  }

  /**
   * Store (or re-store after changing) a record. A record JSON cannot carry (nested deeper
   * than `MAX_DEPTH` levels, or holding a BigInt or a function) is refused with a `TypeError`
   * and the store is left as it was: what it holds must be clonable and persistable.
   */
  put(table: string, rec: StoredRecord): StoredRecord {
    const why = unstorable(rec);
    if (why) throw new TypeError(`emulator store: a ${table} cannot be stored: ${why}`);
    return this.#put(table, rec);
  }

  /** Put without the checks; `mark: false` for a restore (it starts with nothing changed). */
  #put(table: string, rec: StoredRecord, mark = true): StoredRecord {
    const t = this.#table(table);
    t.file(rec, this.#realmOf(table, rec) ?? undefined);
    t.version = ++this.#writes;
    if (mark) this.#mark("rec", table, rec.id as string);
    return rec;
  }

  /** Delete a record; whether it existed. */
  del(table: string, id: string): boolean {
    const t = this.#table(table);
    if (!t.unfile(id)) return false;
    t.version = ++this.#writes;
    this.#mark("rec", table, id);
    return true;
  }

  /** A key-value entry (`secrets`, `tokens`, `jobs`). */
  getKv<T = unknown>(space: string, key: string): T | undefined {
    return this.#space(space).get(key) as T | undefined;
  }

  /** Set (or, with `undefined`, remove) a key-value entry (refused as {@link put} refuses). */
  setKv(space: string, key: string, value: unknown): void {
    const why = unstorable(value);
    if (why) throw new TypeError(`emulator store: a ${space} entry cannot be stored: ${why}`);
    const s = this.#space(space);
    if (value === undefined) {
      if (!s.delete(key)) return;
    } else s.set(key, value);
    this.#mark("kv", space, key);
  }

  /** The entries of a key-value space (a copy, so that it may be changed while walked). */
  entries<T = unknown>(space: string): [string, T][] {
    return [...this.#space(space)] as [string, T][];
  }

  /** The next value of the id counter. */
  nextSeq(): number {
    this.#seqDirty = true;
    return this.#seq++;
  }

  #space(name: string): Map<string, unknown> {
    const s = this.#kv.get(name);
    if (!s) throw new TypeError(`emulator store: no space ${name}`);
    return s;
  }

  #mark(kind: "rec" | "kv", space: string, key: string) {
    const m = this.#marked[kind];
    let keys = m.get(space);
    if (!keys) m.set(space, keys = new Set());
    if (keys.has(key)) return;
    keys.add(key);
    this.#dirty.push(kind, space, key);
  }

  #clearChanges() {
    // Only the sets of what was marked: a request touches a few tables, not all of them.
    const d = this.#dirty;
    for (let i = 0; i < d.length; i += 3) this.#marked[d[i] as "rec" | "kv"].get(d[i + 1])!.clear();
    d.length = 0;
    this.#seqDirty = false;
  }

  /** Whether anything changed since the last {@link takeChanges}. */
  get changed(): boolean {
    return this.#dirty.length > 0 || this.#seqDirty;
  }

  /** Drain what changed since the last call, as JSON changes (values as they are now). */
  takeChanges(): Change[] {
    const out: Change[] = [];
    if (this.#seqDirty) out.push({ op: "seq", value: this.#seq });
    const d = this.#dirty;
    for (let i = 0; i < d.length; i += 3) {
      const space = d[i + 1], key = d[i + 2];
      if (d[i] === "rec") {
        const rec = this.#table(space).rows.get(key);
        out.push(
          rec ? { op: "put", table: space, id: key, rec: clone(rec) } : {
            op: "del",
            table: space,
            id: key,
          },
        );
      } else {
        out.push({ op: "kv", space, key, value: clone(this.#space(space).get(key)) });
      }
    }
    this.#clearChanges();
    return out;
  }

  /** Forget what changed (no persistence layer is listening). */
  dropChanges(): void {
    this.#clearChanges();
  }

  /**
   * Replay changes taken from another store (persistence: the journal after a snapshot). With
   * `copy: false` the store takes the records themselves (freshly parsed ones, used by
   * nothing else) instead of copies.
   */
  apply(changes: readonly Change[], { copy = true }: { copy?: boolean } = {}): void {
    const own = copy ? clone : <T>(v: T) => v;
    for (const c of changes) {
      if (c.op === "seq") this.#seq = Math.max(this.#seq, c.value);
      else if (c.op === "put") this.#put(c.table, own(c.rec));
      else if (c.op === "del") this.del(c.table, c.id);
      else if (c.op === "kv") this.setKv(c.space, c.key, own(c.value) ?? undefined);
      else throw new TypeError(`emulator store: unknown change ${JSON.stringify(c)}`);
    }
    this.#clearChanges();
  }

  /**
   * The whole state, as a JSON-serialisable deep copy. With `copy: false`, the same shape over
   * the live records, to be serialised at once and then dropped (a data file's compaction:
   * 100,000 users are not copied twice).
   */
  snapshot({ copy = true }: { copy?: boolean } = {}): unknown {
    const tables: Record<string, StoredRecord[]> = {};
    for (const [name, t] of this.#tables) tables[name] = t.ids.map((id) => t.rows.get(id)!);
    const kv: Record<string, [string, unknown][]> = {};
    for (const [name, s] of this.#kv) kv[name] = [...s];
    const state = { format: SNAPSHOT_FORMAT, seq: this.#seq, tables, kv };
    return copy ? clone(state) : state;
  }

  /**
   * Replace the whole state with a snapshot's (refused with a `TypeError`, leaving the store as
   * it was, if it is not one). With `copy: false` the store takes the snapshot's records
   * themselves (a freshly parsed data file) instead of copies.
   */
  restore(state: unknown, { copy = true }: { copy?: boolean } = {}): void {
    const s = state as { format?: unknown; seq?: unknown; tables?: unknown; kv?: unknown };
    if (
      !s || typeof s !== "object" || s.format !== SNAPSHOT_FORMAT ||
      typeof s.seq !== "number" || !s.tables || typeof s.tables !== "object" ||
      !s.kv || typeof s.kv !== "object"
    ) {
      throw new TypeError(`emulator store: not a ${SNAPSHOT_FORMAT} snapshot`);
    }
    const tables = s.tables as Record<string, unknown>;
    const kv = s.kv as Record<string, unknown>;
    for (const [name, rows] of Object.entries(tables)) {
      if (!this.#tables.has(name) || !Array.isArray(rows)) {
        throw new TypeError(`emulator store: snapshot table ${name} is unknown or not a list`);
      }
      for (const r of rows as StoredRecord[]) {
        if (!r || typeof r !== "object" || typeof r.id !== "string") {
          throw new TypeError(`emulator store: snapshot table ${name} holds a row without an id`);
        }
      }
    }
    for (const [name, entries] of Object.entries(kv)) {
      if (!this.#kv.has(name) || !Array.isArray(entries)) {
        throw new TypeError(`emulator store: snapshot space ${name} is unknown or not a list`);
      }
    }
    const own = (copy ? clone(s) : s) as {
      seq: number;
      tables: Record<string, StoredRecord[]>;
      kv: typeof kv;
    };
    for (const name of this.#tables.keys()) {
      const t = new Table();
      t.version = ++this.#writes;
      this.#tables.set(name, t);
    }
    for (const space of this.#kv.values()) space.clear();
    // Users first, so that a record's realm can be found through its user while the indexes
    // are rebuilt.
    const order = [...this.#tables.keys()].sort((a, b) =>
      Number(b === "user") - Number(a === "user")
    );
    for (const name of order) {
      for (const rec of own.tables[name] ?? []) this.#put(name, rec, false);
    }
    for (const [name, entries] of Object.entries(own.kv)) {
      for (const [k, v] of entries as [string, unknown][]) this.#kv.get(name)!.set(k, v);
    }
    this.#seq = own.seq;
    this.#clearChanges();
  }
}
