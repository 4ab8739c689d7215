/**
 * Records and collections: the typed results of the resource client, and the declared resource
 * table's types. One generic implementation serves every resource; the table decides paths,
 * roots, verbs and associations.
 * @module
 */
import { ConfigError } from "./errors.ts";
import type { ApiResult, CallOptions, Params } from "./transport.ts";

/**
 * The five CRUD verbs of the AuthRocket 1 API.
 *
 * @example
 * ```ts
 * import { SESSION_VERBS, type Verb } from "@authrocket-edge/sdk";
 * const verbs: readonly Verb[] = SESSION_VERBS; // ["list", "get", "create", "delete"]
 * ```
 */
export type Verb = "list" | "get" | "create" | "update" | "delete";

/**
 * One row of the resource table: everything the client and the emulator need.
 *
 * @example
 * ```ts
 * import { User, type ResourceDef } from "@authrocket-edge/sdk";
 * const def: ResourceDef = User.def;
 * console.log(def.path, def.prefix, def.verbs, Object.keys(def.fields));
 * ```
 */
export interface ResourceDef {
  /** The `object` type, also the JSON root key (`user`). */
  readonly object: string;
  /** The path under the API base (`users`). */
  readonly path: string;
  /** The id prefix (`usr_`). */
  readonly prefix: string;
  /** The verbs the API gives this resource. */
  readonly verbs: readonly Verb[];
  /**
   * The fields, as a tiny DSL the emulator interprets: space-separated flags `ro` (read-only),
   * `wo` (write-only), `req` (required on create), `time`, `hash`, `array`, `bool`, `int`,
   * `=a|b` (an enum whose first value is the default), `~value` (a default).
   */
  readonly fields: Readonly<Record<string, string>>;
  /** belongs_to associations: method name → object type (the foreign key is `<object>_id`). */
  readonly belongsTo?: Readonly<Record<string, string>>;
  /** has_many associations: method name → child object type (filtered by `<object>_id`). */
  readonly hasMany?: Readonly<Record<string, string>>;
  /** Embedded arrays of records: field name → object type (`credentials`, `notifications`). */
  readonly embeds?: Readonly<Record<string, string>>;
  /**
   * The API's actions beyond the verbs, as `"METHOD path"` under the resource's path: `:id/…`
   * for an action on one record (`"POST :id/authenticate"`), a bare name for one on the
   * collection (`"POST authenticate_key"`). The emulator must answer each one.
   */
  readonly actions?: readonly string[];
  /** List behaviour: page size bound, default sort and direction, accepted filters. */
  readonly list?: {
    readonly max: number;
    readonly sort: string;
    readonly sorts?: readonly string[];
    readonly direction: "asc" | "desc";
    readonly filters?: readonly string[];
  };
}

/**
 * The client a record came from (structural, to keep records free of the client module).
 *
 * @example
 * ```ts
 * import { AuthRocket, type RecordClient } from "@authrocket-edge/sdk";
 * const ar = new AuthRocket({ url: "https://api-e1.authrocket.com/v1", apiKey: "ko_…", realm: "rl_…" });
 * const client: RecordClient = ar; // what records call the API through
 * const users = client.resource("user");
 * ```
 */
export interface RecordClient {
  /** The generic API for an object type. */
  resource(object: string): ResourceLike;
  /** The record class for an object type. */
  recordClass(object: string): RecordClass;
}

/**
 * What records need from a resource API.
 *
 * @example
 * ```ts
 * import { AuthRocket, type ResourceLike } from "@authrocket-edge/sdk";
 * const ar = new AuthRocket({ url: "https://api-e1.authrocket.com/v1", apiKey: "ko_…", realm: "rl_…" });
 * const users: ResourceLike = ar.resource("user");
 * const sally = await users.find("sally");
 * ```
 */
export interface ResourceLike {
  /** The resource's table row. */
  readonly def: ResourceDef;
  /** List records. */
  all(params?: Params, options?: CallOptions): Promise<Collection<ArRecord>>;
  /** Find by id. */
  find(id: string, params?: Params, options?: CallOptions): Promise<ArRecord>;
  /** Create. */
  create(attrs: Params, options?: CallOptions): Promise<ArRecord>;
  /** Update by id. */
  update(id: string, attrs: Params, options?: CallOptions): Promise<ArRecord>;
  /** Delete by id. */
  delete(id: string, params?: Params, options?: CallOptions): Promise<true>;
  /** Send a raw request for this resource (used by actions). */
  request(
    method: string,
    path: string,
    init?: { query?: Params; body?: unknown; options?: CallOptions },
  ): Promise<ApiResult>;
}

/**
 * A record class (constructor plus its table row).
 *
 * @example
 * ```ts
 * import { AuthRocket, type RecordClass } from "@authrocket-edge/sdk";
 * const ar = new AuthRocket({ url: "https://api-e1.authrocket.com/v1", apiKey: "ko_…", realm: "rl_…" });
 * const User: RecordClass = ar.recordClass("user");
 * console.log(User.def.path); // "users"
 * ```
 */
export interface RecordClass<R extends ArRecord = ArRecord> {
  /** Build a record from API data. */
  new (data: Record<string, unknown>, client?: RecordClient, metadata?: Params): R;
  /** The resource's table row. */
  readonly def: ResourceDef;
}

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

const EMPTY: Record<string, unknown> = Object.freeze({}) as Record<string, unknown>;

interface Shape {
  /** Fields with an accessor on the prototype. */
  known: Set<string>;
  /** Keys that are methods or associations: embedded data seeds their cache. */
  reserved: Set<string>;
}
const shapes = new WeakMap<object, Shape>();

/**
 * The shape of a record class, computed once per prototype: its declared fields get read-only
 * accessors on the prototype (timestamps converted lazily), so building a record from API data
 * costs one reference, not a copy.
 */
function shapeOf(proto: object): Shape {
  let shape = shapes.get(proto);
  if (shape) return shape;
  const reserved = new Set(["errors", "metadata", "valid", "hasErrors", "client"]);
  for (let p = proto; p && p !== Object.prototype; p = Object.getPrototypeOf(p)) {
    for (const k of Object.getOwnPropertyNames(p)) {
      const d = Object.getOwnPropertyDescriptor(p, k);
      if (d && !(d.get && (d.get as { field?: boolean }).field)) reserved.add(k);
    }
  }
  const def = (proto as { constructor?: { def?: ResourceDef } }).constructor?.def;
  for (const k of Object.keys(def?.belongsTo ?? {})) reserved.add(k);
  for (const k of Object.keys(def?.hasMany ?? {})) reserved.add(k); // even before defineRecords
  for (const k of Object.keys(def?.embeds ?? {})) reserved.add(k);
  for (const o of Object.values(def?.belongsTo ?? {})) reserved.add(o);
  const known = new Set<string>();
  for (const k of ["id", "object", ...Object.keys(def?.fields ?? {})]) {
    if (reserved.has(k)) continue;
    known.add(k);
    if (Object.prototype.hasOwnProperty.call(proto, k)) continue;
    const get = k.endsWith("_at")
      ? function (this: ArRecord) {
        return this._time(k);
      }
      : function (this: ArRecord) {
        return this.get(k);
      };
    (get as { field?: boolean }).field = true;
    Object.defineProperty(proto, k, { get, enumerable: false, configurable: true });
  }
  // Associations the full client has not defined (a verify-only bundle never loads the resource
  // layer): a light reader answers from what the record already holds (a token's claims).
  for (const name of [...Object.keys(def?.belongsTo ?? {}), ...Object.keys(def?.hasMany ?? {})]) {
    if (!(name in proto)) Object.defineProperty(proto, name, lightReader(name));
  }
  shape = { known, reserved };
  shapes.set(proto, shape);
  return shape;
}

/** Marks a light reader, which the resource layer's full association method replaces. */
export const LIGHT: unique symbol = Symbol("light association reader");

function lightReader(name: string): PropertyDescriptor {
  const value = function (this: ArRecord, params?: { reload?: boolean }) {
    const hit = params?.reload ? undefined : this._cached(name);
    if (hit !== undefined) return Promise.resolve(hit);
    try {
      this._requireClient();
    } catch (e) {
      return Promise.reject(e);
    }
    return Promise.reject(
      new ConfigError(`${name}() needs the API client (import AuthRocket from the main entry)`),
    );
  };
  (value as unknown as Record<symbol, boolean>)[LIGHT] = true;
  return { value, writable: true, configurable: true };
}

const toDate = (v: unknown): Date | null | unknown => {
  if (v === null || v === undefined) return null;
  if (typeof v === "number") return new Date(v * 1000);
  if (typeof v === "string") {
    const n = Number(v);
    const d = Number.isFinite(n) && v.trim() !== "" ? new Date(n * 1000) : new Date(v);
    return Number.isNaN(d.getTime()) ? v : d;
  }
  return v;
};

/**
 * The base of every record: the API's fields as read-only properties (`*_at` as `Date`),
 * `errors`, `metadata`, `toJSON()`, and the client it came from.
 *
 * @example
 * ```ts
 * import { AuthRocket } from "@authrocket-edge/sdk";
 * const ar = new AuthRocket({ url: "https://api-e1.authrocket.com/v1", apiKey: "ko_…", realm: "rl_…" });
 * const user = await ar.users.find("sally");
 * console.log(user.id, user.get("some_new_field"), JSON.stringify(user)); // toJSON: the raw API data
 * ```
 */
export class ArRecord {
  /** The resource's table row (set on each subclass). */
  static readonly def: ResourceDef;
  #client: RecordClient | undefined;
  #raw: Record<string, unknown> = EMPTY;
  // Errors and metadata are made on first use: a page of records carries no empty array and no
  // empty object each (see bench/memory_bench.ts).
  #errors: string[] | undefined;
  #metadata: Record<string, unknown> | undefined;
  #cache: Map<string, unknown> | undefined;
  #times: Record<string, Date> | undefined;
  /** The record's id (absent on records built from token claims, such as memberships). */
  declare readonly id: string;

  /**
   * Build a record from the API's data.
   * @param data the API's fields
   * @param client the client the record came from (its associations and actions use it)
   * @param metadata response metadata
   */
  constructor(data: Record<string, unknown>, client?: RecordClient, metadata?: Params) {
    this.#client = client;
    if (metadata) this.#metadata = metadata;
    this._load(data);
  }

  /** Validation messages from the last failed write, else empty. */
  get errors(): string[] {
    return this.#errors ??= [];
  }
  /** Response metadata (list metadata, error metadata such as `retry_url`). */
  get metadata(): Record<string, unknown> {
    return this.#metadata ??= {};
  }
  /** `true` when `errors` is empty. */
  get valid(): boolean {
    return !this.#errors?.length;
  }
  /** `true` when `errors` is not empty. */
  get hasErrors(): boolean {
    return !!this.#errors?.length;
  }
  /** The client this record came from, if any. */
  get client(): RecordClient | undefined {
    return this.#client;
  }

  /** Any field, by its API name (unknown fields included), as the API sent it. */
  get(field: string): unknown {
    return this.#raw[field];
  }

  /** The record in the API's shape (timestamps as Unix seconds, embedded records as data). */
  toJSON(): Record<string, unknown> {
    return { ...this.#raw };
  }

  /** Replace the fields with `data` (used after every successful load). @internal */
  _load(data: Record<string, unknown>): void {
    if (this.#raw !== EMPTY) {
      for (const k of Object.keys(this)) delete (this as Record<string, unknown>)[k];
      this.#cache?.clear();
      this.#times = undefined;
    }
    this.#raw = data;
    const { known, reserved } = shapeOf(Object.getPrototypeOf(this));
    for (const k in data) {
      if (known.has(k)) continue;
      const v = data[k];
      if (reserved.has(k)) {
        if (v !== null && typeof v === "object") this._seed(k, v);
        continue;
      }
      // A field the table does not know yet: kept, as an own read-only property.
      Object.defineProperty(this, k, {
        value: k.endsWith("_at") ? toDate(v) : v,
        enumerable: true,
        configurable: true,
      });
    }
  }

  /** A timestamp field as a `Date` (memoized, so repeated reads give the same object). @internal */
  _time(k: string): Date | null {
    const v = this.#raw[k];
    if (v === null || v === undefined) return null;
    // A plain object, not a Map: a record reads one or two timestamps, and a Map costs more.
    const memo = this.#times ??= {};
    return memo[k] ??= toDate(v) as Date;
  }

  /** Set errors (and metadata) after a failed write. @internal */
  _fail(errors: string[], metadata?: Record<string, unknown>): void {
    this.#errors = errors;
    if (metadata) this.#metadata = metadata;
  }

  /** Clear errors after a successful write. @internal */
  _ok(): void {
    this.#errors = undefined;
  }

  /** Seed an association cache with embedded data. @internal */
  _seed(name: string, value: unknown): void {
    (this.#cache ??= new Map()).set(name, { raw: value });
  }

  /** Read or fill an association cache. @internal */
  _cached<T>(name: string, make?: (raw: unknown) => T): T | undefined {
    const c = this.#cache?.get(name) as { raw?: unknown; value?: T } | undefined;
    if (c && "value" in c) return c.value;
    if (c && "raw" in c && make) {
      const value = make(c.raw);
      this.#cache!.set(name, { value });
      return value;
    }
    return undefined;
  }

  /** Embedded raw data of an association, if the response carried it. @internal */
  _embedded(name: string): unknown {
    const c = this.#cache?.get(name) as { raw?: unknown } | undefined;
    return c && "raw" in c ? c.raw : undefined;
  }

  /** Store an association value. @internal */
  _store<T>(name: string, value: T): T {
    (this.#cache ??= new Map()).set(name, { value });
    return value;
  }

  /** The client, or a ConfigError for records that have none (from a bare token). @internal */
  _requireClient(): RecordClient {
    if (!this.#client) {
      throw new ConfigError(
        "This record has no client (it came from a bare verifySession); use ar.sessions.fromToken() to call the API",
      );
    }
    return this.#client;
  }
}
