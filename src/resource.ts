/**
 * The generic resource implementation: one class serves every row of the resource table (the
 * `ar.<resource>` APIs). The verbs of records themselves are in src/record_methods.ts.
 * @module
 */
import { RecordNotFound, ResponseError } from "./api_errors.ts";
import { ValidationError } from "./validation_errors.ts";
import { RECORD_METHODS } from "./record_methods.ts";
import { type ArRecord, Collection } from "./record.ts";
import type { RecordClass, RecordClient, ResourceDef, ResourceLike, Verb } from "./record.ts";
import { listIterator } from "./list_iterator.ts";
import { checkParams } from "./table/check.ts";
import { TABLE } from "./table/index.ts";
import { segment } from "./transport.ts";
import type { ApiResult, CallOptions, Params } from "./transport.ts";

/**
 * Standard list parameters (any other filter the API takes may be added).
 */
export interface ListParams {
  /** Cursor: the id of the last record of the previous page. */
  after?: string;
  /** Records per page; the API caps it (the row's `list.max`). */
  max_results?: number;
  /** One of the sorts the API takes for this resource (the row's `list.sorts`). */
  sort?: string;
  /** The row's `list.direction` when absent. */
  direction?: "asc" | "desc";
  /** Other filters, as the API names them. */
  [param: string]: unknown;
}

/**
 * List parameters of an association, plus `reload` to bypass its cache.
 */
export interface AssociationParams extends ListParams {
  /** Refetch even when the association is cached. */
  reload?: boolean;
}

/**
 * The client internals a resource needs.
 */
export interface ResourceHost extends RecordClient {
  /** Whether `object` is a type of the table (own rows only: never `constructor`). */
  knows(object: string): boolean;
}

/**
 * A record's data from a response, or a `ResponseError` when it is not one. `item` is its index
 * in a list's `collection` (the message is only made when there is an error to report). Its
 * field names are checked as the record loads them (`ArRecord._load`), in the one pass over them.
 */
function recordData(data: unknown, status: number, item?: number): Record<string, unknown> {
  if (data === null || typeof data !== "object" || Array.isArray(data)) {
    const where = item === undefined ? "the record" : `collection[${item}]`;
    const got = data === null ? "null" : Array.isArray(data) ? "an array" : typeof data;
    throw new ResponseError(`Malformed response: ${where} is ${got}, not a record`, status, "");
  }
  return data as Record<string, unknown>;
}

/**
 * Every verb method of a resource; `ResourceApi` keeps those the API gives it.
 *
 * @example
 * ```ts
 * import type { AuthRocket } from "@authrocket-edge/sdk";
 * // The generic API behind ar.users, ar.orgs …, by object type.
 * export const firstOf = (ar: AuthRocket, object: string) => ar.resource(object).first();
 * ```
 */
export class Resource<R extends ArRecord> implements ResourceLike {
  readonly #host: ResourceHost;
  readonly #cls: RecordClass<R>;
  /** The resource's table row. */
  readonly def: ResourceDef;

  /**
   * The API of `cls`'s object type on `host` (a client makes one per type, on first use).
   * @param host the client whose transport and record classes it uses
   * @param cls the record class it builds
   */
  constructor(host: ResourceHost, cls: RecordClass<R>) {
    this.#host = host;
    this.#cls = cls;
    // The whole row (the class holds the record part; listing and actions are the API part).
    this.def = (TABLE as Record<string, ResourceDef>)[cls.def.object] ?? cls.def;
  }

  /** Send a request for this resource (used by actions). */
  request(
    method: string,
    path: string,
    init?: { query?: Params; body?: unknown; options?: CallOptions },
  ): Promise<ApiResult> {
    return this.#host.transport.request(method, path, init);
  }

  /** Build a record of this resource's class, or of the known class named by `object`. */
  build(data: Record<string, unknown>, metadata?: Params, status = 200, item?: number): R {
    const rec = recordData(data, status, item);
    const obj = rec.object;
    let cls = this.#cls;
    if (obj !== undefined && obj !== this.def.object) {
      if (typeof obj !== "string" || !this.#host.knows(obj)) {
        throw new ResponseError(
          `Malformed response: object ${
            JSON.stringify(String(obj).slice(0, 40))
          } is not an AuthRocket type`,
          status,
          "",
        );
      }
      cls = this.#host.recordClass(obj) as unknown as RecordClass<R>;
    }
    try {
      return new cls(rec, this.#host, metadata);
    } catch (e) {
      // A field named like an Object.prototype member: the answer's own status, not the default.
      if (e instanceof ResponseError && e.status !== status) {
        throw new ResponseError(e.message, status, "");
      }
      throw e;
    }
  }

  /** The path of one record (`users/usr_…`), escaped as one segment. */
  idPath(id: string, what = "find"): string {
    return `${this.def.path}/${segment(id, what)}`;
  }

  /** One page of records. Throws `ValidationError` on 409/422, `UnknownAttribute` on a typo. */
  async all(params?: ListParams, options?: CallOptions): Promise<Collection<R>> {
    const query = checkParams(this.def, "list", params);
    return this.collect(await this.request("GET", this.def.path, { query, options }));
  }

  /** A list response as a `Collection`; throws `ValidationError` on 409/422. */
  collect(r: ApiResult): Collection<R> {
    if (r.errors.length) throw new ValidationError(r.errors, r);
    const out = new Collection<R>();
    const items: unknown = r.collection ?? [];
    if (!Array.isArray(items)) {
      throw new ResponseError("Malformed response: collection is not an array", r.status, "");
    }
    for (let i = 0; i < items.length; i++) {
      // build() checks the item: once per record, as for a single answer.
      out.push(this.build(items[i] as Record<string, unknown>, undefined, r.status, i));
    }
    out.moreResults = r.metadata.more_results === true;
    out.metadata = r.metadata;
    return out;
  }

  /**
   * Every record over every page, following `after` until `more_results` is false, one page at
   * a time as they are read. A page whose last id does not advance the cursor ends it with
   * `ResponseError` instead of a loop.
   */
  iterate(params?: ListParams, options?: CallOptions): AsyncGenerator<R, void, undefined> {
    return listIterator((p, o) => this.all(p, o), { ...params }, options);
  }

  /** The first record (sends `max_results: 1`), or `null`. */
  async first(params?: ListParams, options?: CallOptions): Promise<R | null> {
    const page = await this.all(
      { ...checkParams(this.def, "list", params), max_results: 1 },
      options,
    );
    return page[0] ?? null;
  }

  /** One record by id (users: or username); throws `RecordNotFound`, or `InvalidId`. */
  find(id: string, params?: Params, options?: CallOptions): Promise<R> {
    return RECORD_METHODS.findChild(this, this.def.object, id, params, options);
  }

  /** One record by id, or `null` when not found. */
  async retrieve(id: string, params?: Params, options?: CallOptions): Promise<R | null> {
    try {
      return await this.find(id, params, options);
    } catch (e) {
      if (e instanceof RecordNotFound) return null;
      throw e;
    }
  }

  /** Create a record; on validation errors the record holds the attributes and `errors`. */
  create(attrs: Params, options?: CallOptions): Promise<R> {
    return RECORD_METHODS.createChild(this, this.def.object, attrs, options);
  }

  /** Create a record or throw `RecordInvalid`. */
  createOrThrow(attrs: Params, options?: CallOptions): Promise<R> {
    return RECORD_METHODS.createChildOrThrow(this, this.def.object, attrs, options);
  }

  /** Update a record by id; on validation errors the returned record holds `errors`. */
  update(id: string, attrs: Params, options?: CallOptions): Promise<R> {
    return RECORD_METHODS.updateChild(this, this.def.object, id, attrs, options);
  }

  /** Update a record by id or throw `RecordInvalid`. */
  updateOrThrow(id: string, attrs: Params, options?: CallOptions): Promise<R> {
    return RECORD_METHODS.updateChildOrThrow(this, this.def.object, id, attrs, options);
  }

  /** Delete a record by id; throws `RecordInvalid` when the API answers with errors. */
  delete(id: string, params?: Params, options?: CallOptions): Promise<true> {
    return RECORD_METHODS.deleteChild(this, this.def.object, id, params, options);
  }
}

/** Which methods each verb brings to a resource API. */
const ALL_METHODS: Record<Verb, readonly string[]> = {
  list: ["all", "first", "iterate"],
  get: ["find", "retrieve"],
  create: ["create", "createOrThrow"],
  update: ["update", "updateOrThrow"],
  delete: ["delete"],
};

/** A resource API object carrying only the verbs of the table row (plus `actions`). */
export function restrict<R extends ArRecord>(res: Resource<R>, actions?: object): object {
  const api: Record<string, unknown> = {};
  for (const verb of res.def.verbs) {
    for (const m of ALL_METHODS[verb]) {
      const f = (res as unknown as Record<string, (...a: unknown[]) => unknown>)[m];
      api[m] = f.bind(res);
    }
  }
  return Object.assign(api, actions);
}
