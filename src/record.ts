/**
 * Records and collections: the typed results of the resource client, and the declared resource
 * table's types. One generic implementation serves every resource; the table decides paths,
 * roots, verbs and associations.
 * @module
 */
import { ConfigError } from "./errors.ts";
import { ResponseError } from "./api_errors.ts";
import type { ResourceDef } from "./table/fields.ts";
import type { Collection } from "./collection.ts";
import { shapeOf, toDate } from "./record_shape.ts";
import type { ApiResult, CallOptions, Params, Transport } from "./transport.ts";

export type { ResourceDef, Verb } from "./table/fields.ts";
export { Collection } from "./collection.ts";
/**
 * The client a record came from (structural, to keep records free of the client module).
 */
export interface RecordClient {
  /** The generic API for an object type. */
  resource(object: string): ResourceLike;
  /** The record class for an object type. */
  recordClass(object: string): RecordClass;
  /** The transport the client's calls go through. */
  readonly transport: Transport;
  /** What the generated members of every record class call (src/record_methods.ts). */
  readonly recordMethods: RecordMethods;
}

/**
 * The verbs and associations of records, one implementation for every row of the table: each
 * generated member of a record class is one call to one of them, with the names the row gives
 * (`org.createMembership(attrs)` → `createChild(org, "membership", attrs)`), and each reaches
 * the transport itself. A client carries them, so that a record built from a token (the
 * verify-only bundle) does not. The `…Child` ones also serve the resource APIs: `from` is then
 * the API (`ar.orgs.create(attrs)` → `createChild(orgsApi, "org", attrs)`) and there is no owner.
 */
export interface RecordMethods {
  /** Refetch `rec` (`GET path/:id`). */
  reload<R extends ArRecord>(rec: R, options?: CallOptions): Promise<R>;
  /** `PUT path/:id`: `true`, or `false` with `errors` filled. */
  update(rec: ArRecord, attrs: object, options?: CallOptions): Promise<boolean>;
  /** `PUT path/:id`, or throw `RecordInvalid`. */
  updateOrThrow(rec: ArRecord, attrs: object, options?: CallOptions): Promise<true>;
  /** `DELETE path/:id`: `true`, or `false` with `errors` filled. */
  delete(rec: ArRecord, params?: Params, options?: CallOptions): Promise<boolean>;
  /** An instance action (`POST users/:id/verify_email` …): `true`, or `false` with `errors`. */
  action(
    rec: ArRecord,
    method: string,
    action: string,
    body: unknown,
    options?: CallOptions,
  ): Promise<boolean>;
  /** The parent `name` of the row's `belongsTo` (by `<object>_id`), cached once loaded. */
  belongsTo<T>(
    rec: ArRecord,
    name: string,
    options?: CallOptions & { reload?: boolean },
  ): Promise<T>;
  /** The children `name` of the row's `hasMany` (by `<object>_id`); a plain page is cached. */
  hasMany<T>(
    rec: ArRecord,
    name: string,
    params?: Params & { reload?: boolean },
    options?: CallOptions,
  ): Promise<Collection<T>>;
  /** One record of type `object` by id (a record's child: its owner's id sent too). */
  findChild<T>(
    from: ArRecord | ResourceLike,
    object: string,
    id: string,
    params?: Params,
    options?: CallOptions,
  ): Promise<T>;
  /** Create a record of type `object` (a child: with its owner's id); refused: it holds `errors`. */
  createChild<T>(
    from: ArRecord | ResourceLike,
    object: string,
    attrs: object,
    options?: CallOptions,
  ): Promise<T>;
  /** Create a record of type `object` (a child: with its owner's id), or throw `RecordInvalid`. */
  createChildOrThrow<T>(
    from: ArRecord | ResourceLike,
    object: string,
    attrs: object,
    options?: CallOptions,
  ): Promise<T>;
  /** Update a record of type `object` by id; refused: it holds `errors`. */
  updateChild<T>(
    from: ArRecord | ResourceLike,
    object: string,
    id: string,
    attrs: object,
    options?: CallOptions,
  ): Promise<T>;
  /** Update a record of type `object` by id, or throw `RecordInvalid`. */
  updateChildOrThrow<T>(
    from: ArRecord | ResourceLike,
    object: string,
    id: string,
    attrs: object,
    options?: CallOptions,
  ): Promise<T>;
  /** Delete a record of type `object` by id; throws `RecordInvalid` when refused. */
  deleteChild(
    from: ArRecord | ResourceLike,
    object: string,
    id: string,
    params?: Params,
    options?: CallOptions,
  ): Promise<true>;
}

/**
 * What records need from a resource API.
 */
export interface ResourceLike {
  /** The resource's table row. */
  readonly def: ResourceDef;
  /** One page (`GET path`); `ValidationError` when the API refuses a filter. */
  all(params?: Params, options?: CallOptions): Promise<Collection<ArRecord>>;
  /** `GET path/:id`; `RecordNotFound` when there is none. */
  find(id: string, params?: Params, options?: CallOptions): Promise<ArRecord>;
  /** `POST path`; refused, the record holds `errors`. */
  create(attrs: Params, options?: CallOptions): Promise<ArRecord>;
  /** `PUT path/:id`; refused, the record holds `errors`. */
  update(id: string, attrs: Params, options?: CallOptions): Promise<ArRecord>;
  /** `DELETE path/:id`; `RecordInvalid` when refused. */
  delete(id: string, params?: Params, options?: CallOptions): Promise<true>;
  /** Send a raw request for this resource (used by actions). */
  request(
    method: string,
    path: string,
    init?: { query?: Params; body?: unknown; options?: CallOptions },
  ): Promise<ApiResult>;
  /** A record from an answer's data (`item`: its index in a list, for the error message). */
  build(data: Record<string, unknown>, metadata?: Params, status?: number, item?: number): ArRecord;
  /** A list answer as a `Collection`; throws `ValidationError` on 409/422. */
  collect(r: ApiResult): Collection<ArRecord>;
  /** The path of one record (`users/usr_…`); `what` names the call in an `InvalidId`. */
  idPath(id: string, what?: string): string;
}

/**
 * A record class (constructor plus its table row).
 */
export interface RecordClass<R extends ArRecord = ArRecord> {
  /** Build a record from API data. */
  new (data: Record<string, unknown>, client?: RecordClient, metadata?: Params): R;
  /** The resource's table row. */
  readonly def: ResourceDef;
}

const EMPTY: Record<string, unknown> = Object.freeze({}) as Record<string, unknown>;

/** Whether association params ask for nothing but (maybe) `reload`: its cache may answer. */
export const isPlain = (p: unknown): boolean =>
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
 * import type { ArRecord } from "@authrocket-edge/sdk";
 * // Any record: its id, a field the table does not declare yet, the API's data (secrets masked).
 * export const describe = (rec: ArRecord) =>
 *   `${rec.id} ${rec.get("some_new_field")} ${JSON.stringify(rec)}`;
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
      // A name on Object.prototype (`constructor`, `__proto__` …) is a malformed answer, never a
      // property; only names the table does not declare can be one.
      if (k in Object.prototype) {
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
   * The verbs and associations the generated members call: the client's; without a client (a
   * record from a bare verifySession), the associations it already holds, else a ConfigError.
   * @internal
   */
  _methods(): RecordMethods {
    return this.#client?.recordMethods ?? DETACHED;
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

/**
 * The methods of a record without a client (from a bare verifySession): an association answers
 * what the record holds (from its token) unless `reload` or a filter asks for more; any other
 * call is the ConfigError of `_requireClient`. One rule for every method, so a Proxy.
 */
const DETACHED = /* @__PURE__ */ new Proxy({} as RecordMethods, {
  // async: so that the ConfigError is a rejection, as from any call of the API.
  // deno-lint-ignore require-await
  get: (_, method) => async (rec: ArRecord, name: string, p?: Params & { reload?: boolean }) =>
    ((method === "belongsTo" || method === "hasMany" && isPlain(p)) && !p?.reload &&
      rec._cached(name)) || rec._requireClient(),
});
