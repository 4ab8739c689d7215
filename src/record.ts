/**
 * Records and collections: the typed results of the resource client, and the declared resource
 * table's types. One generic implementation serves every resource; the table decides paths,
 * roots, verbs and associations.
 * @module
 */
import { ConfigError, ResponseError } from "./errors.ts";
import type { ResourceDef } from "./table/fields.ts";
import type { ApiResult, CallOptions, Params } from "./transport.ts";

export type { ResourceDef, Verb } from "./table/fields.ts";
/**
 * The client a record came from (structural, to keep records free of the client module).
 *
 * @example
 * ```ts
 * import { AuthRocket } from "@authrocket-edge/sdk";
 * import type { RecordClient } from "@authrocket-edge/sdk/internal";
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
  /** Run a record's verb or association method (`update`, `createOrgOrThrow` …) on `rec`. */
  invoke(rec: ArRecord, method: string, args: readonly unknown[]): Promise<unknown>;
}

/**
 * What records need from a resource API.
 *
 * @example
 * ```ts
 * import { AuthRocket } from "@authrocket-edge/sdk";
 * import type { ResourceLike } from "@authrocket-edge/sdk/internal";
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
 * import { AuthRocket } from "@authrocket-edge/sdk";
 * import type { RecordClass } from "@authrocket-edge/sdk/internal";
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

/** Names on `Object.prototype`: a field named so is a malformed answer, never a property. */
let protoNames: Set<string> | undefined;

interface Shape {
  /** Fields with an accessor on the prototype. */
  known: Set<string>;
  /** Keys that are methods or associations: embedded data seeds their cache. */
  reserved: Set<string>;
}
const shapes = new WeakMap<object, Shape>();

/**
 * The shape of a record class, computed once per prototype: its declared fields get read-only
 * accessors on the prototype (`time` fields converted lazily to `Date`), so building a record
 * from API data costs one reference, not a copy.
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
  for (const k of Object.keys(def?.hasMany ?? {})) reserved.add(k);
  for (const k of Object.keys(def?.embeds ?? {})) reserved.add(k);
  for (const o of Object.values(def?.belongsTo ?? {})) reserved.add(o);
  const known = new Set<string>();
  const fields = def?.fields ?? {};
  for (const k of ["id", "object", ...Object.keys(fields)]) {
    if (reserved.has(k)) continue;
    known.add(k);
    if (Object.prototype.hasOwnProperty.call(proto, k)) continue;
    // A Date because the field is declared `time`, not because of its name.
    const get = fields[k]?.kind === "time"
      ? function (this: ArRecord) {
        return this._time(k);
      }
      : function (this: ArRecord) {
        return this.get(k);
      };
    (get as { field?: boolean }).field = true;
    Object.defineProperty(proto, k, { get, enumerable: false, configurable: true });
  }
  shape = { known, reserved };
  shapes.set(proto, shape);
  return shape;
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

const isPlain = (p: unknown) =>
  !p || Object.keys(p).every((k) => k === "reload" || (p as Params)[k] === undefined);

/** The class name of a resource (`app_hook` → `AppHook`), independent of minification. */
export function className(def: ResourceDef): string {
  return def.object.replace(/(?:^|_)(\w)/g, (_m, c: string) => c.toUpperCase());
}

/**
 * Fields a record never prints (`toJSON`, inspect), at any depth, known or not: their names mark
 * a secret (`token`, `access_token`, `jwt_secret`, `api_key`, `jwt_key`, `password`,
 * `provisioning_uri`…). Reading the property (`session.token`) still gives the value.
 */
const SECRET_FIELD = /(token|secret|key|password|_uri)$/;

/**
 * The base of every record: the API's fields as read-only properties (`time` fields as `Date`),
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

  /**
   * The validation messages about one declared field: those that start with its human name
   * (`username` → "Username has already been taken"), as Rails forms read them. The messages
   * themselves stay in `errors`, as the API sent them.
   */
  errorsOn(field: string): string[] {
    // A message is about the declared field with the longest human name it starts with
    // ("Password confirmation doesn't match" is about password_confirmation, not password).
    const about = (m: string) =>
      Object.keys((this.constructor as RecordClass).def.fields).filter((f) =>
        m.startsWith(f.charAt(0).toUpperCase() + f.slice(1).replace(/_/g, " ") + " ")
      ).sort((x, y) => y.length - x.length)[0];
    return (this.#errors ?? []).filter((m) => about(m) === field);
  }

  /** Any field, by its API name (unknown fields included), as the API sent it. */
  get(field: string): unknown {
    return this.#raw[field];
  }

  /**
   * The record in the API's shape (timestamps as Unix seconds, embedded records as data), as it
   * may be printed: write-only fields left out, secrets `"[redacted]"` (`get()` reads them).
   */
  toJSON(): Record<string, unknown> {
    const { fields } = (this.constructor as RecordClass).def;
    return JSON.parse(JSON.stringify(
      this.#raw,
      (k, v) => fields[k]?.wo ? undefined : v != null && SECRET_FIELD.test(k) ? "[redacted]" : v,
    ));
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
      // Only names the table does not declare can be one of Object.prototype's.
      if ((protoNames ??= new Set(Object.getOwnPropertyNames(Object.prototype))).has(k)) {
        throw new ResponseError(`Malformed response: a record field is named ${k}`, 200, "");
      }
      const v = data[k];
      if (reserved.has(k)) {
        if (v !== null && typeof v === "object") this._seed(k, v);
        continue;
      }
      // A field the table does not know yet: kept, as an own read-only property.
      Object.defineProperty(this, k, {
        value: v,
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

  /** Store an association value. @internal */
  _store<T>(name: string, value: T): T {
    (this.#cache ??= new Map()).set(name, { value });
    return value;
  }

  /**
   * Run a verb or association method through the record's client (the generated members of
   * each record class call this). An association the record already holds (from a token's
   * claims, or loaded before) answers without a client. @internal
   */
  _via<T>(method: string, ...args: unknown[]): Promise<T> {
    const def = (this.constructor as RecordClass).def;
    const p = args[0] as { reload?: boolean } | undefined;
    if ((def.belongsTo?.[method] || def.hasMany?.[method] && isPlain(p)) && !p?.reload) {
      const hit = this._cached<T>(method);
      if (hit !== undefined) return Promise.resolve(hit);
    }
    try {
      return this._requireClient().invoke(this, method, args) as Promise<T>;
    } catch (e) {
      return Promise.reject(e);
    }
  }

  /**
   * What `console.log(record)` shows in Node, Bun and Deno (which honours Node's symbol): the
   * class name and what `toJSON` shows (secrets masked, timestamps as the API sends them). A
   * record the API refused says so and shows its `errors`: `User (not saved) { …, errors: [
   * "Password is too short …" ] }` (a record with an id: "last change refused"), so that a
   * failed `create()` does not print like a saved one. `toJSON` stays the API's shape.
   */
  [Symbol.for("nodejs.util.inspect.custom")](
    _depth: number,
    options: unknown,
    inspect: (v: unknown, o: unknown) => string,
  ): string {
    const name = className((this.constructor as RecordClass).def);
    if (!this.#errors?.length) return `${name} ${inspect(this.toJSON(), options)}`;
    const state = this.get("id") === undefined ? "not saved" : "last change refused";
    return `${name} (${state}) ${inspect({ ...this.toJSON(), errors: this.#errors }, options)}`;
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
