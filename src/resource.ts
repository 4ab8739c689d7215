/**
 * The generic resource implementation: one class serves every row of the resource table, and
 * `defineRecord` installs each record class's verbs and associations from its row.
 * @module
 */
import { RecordInvalid, RecordNotFound, ValidationError } from "./errors.ts";
import { type ArRecord, Collection, LIGHT } from "./record.ts";
import type { RecordClass, RecordClient, ResourceDef, ResourceLike, Verb } from "./record.ts";
import { segment } from "./transport.ts";
import type { ApiResult, CallOptions, Params, Transport } from "./transport.ts";

/**
 * Standard list parameters (any other filter the API takes may be added).
 *
 * @example
 * ```ts
 * import { AuthRocket, type ListParams } from "@authrocket-edge/sdk";
 * const ar = new AuthRocket({ url: "https://api-e1.authrocket.com/v1", apiKey: "ko_…", realm: "rl_…" });
 * const params: ListParams = { max_results: 100, sort: "username", direction: "asc" };
 * const page = await ar.users.all(params);
 * ```
 */
export interface ListParams {
  /** Cursor: the id of the last record of the previous page. */
  after?: string;
  /** Page size. */
  max_results?: number;
  /** Sort key. */
  sort?: string;
  /** Sort direction. */
  direction?: "asc" | "desc";
  /** Other filters, as the API names them. */
  [param: string]: unknown;
}

/**
 * List parameters of an association, plus `reload` to bypass its cache.
 *
 * @example
 * ```ts
 * import { AuthRocket, type AssociationParams } from "@authrocket-edge/sdk";
 * const ar = new AuthRocket({ url: "https://api-e1.authrocket.com/v1", apiKey: "ko_…", realm: "rl_…" });
 * const realm = await ar.realms.find("rl_…");
 * const params: AssociationParams = { max_results: 10, reload: true };
 * const users = await realm.users(params);
 * ```
 */
export interface AssociationParams extends ListParams {
  /** Refetch even when the association is cached. */
  reload?: boolean;
}

/**
 * The client internals a resource needs.
 *
 * @example
 * ```ts
 * import { AuthRocket, type ResourceHost } from "@authrocket-edge/sdk";
 * const ar = new AuthRocket({ url: "https://api-e1.authrocket.com/v1", apiKey: "ko_…", realm: "rl_…" });
 * const host: ResourceHost = ar; // a client: transport, resources and record classes
 * ```
 */
export interface ResourceHost extends RecordClient {
  /** The transport of the client. */
  readonly transport: Transport;
}

function checkId(id: unknown, what: string): string {
  if (typeof id !== "string" || id.trim() === "" || /^\.{1,2}$/.test(id)) {
    throw new RecordNotFound(`Cannot ${what} id=${typeof id === "string" && id ? id : "nil"}`);
  }
  return id;
}

/** Wrap attributes in the JSON root, keeping `request` at the top level. */
export function wrap(root: string, attrs: Params | undefined): Params {
  const a = { ...(attrs ?? {}) };
  const request = a.request;
  delete a.request;
  const body: Params = root in a ? a : { [root]: a };
  if (request !== undefined) body.request = request;
  return body;
}

/**
 * Every verb method of a resource; `ResourceApi` keeps those the API gives it.
 *
 * @example
 * ```ts
 * import { AuthRocket } from "@authrocket-edge/sdk";
 * const ar = new AuthRocket({ url: "https://api-e1.authrocket.com/v1", apiKey: "ko_…", realm: "rl_…" });
 * const users = ar.resource("user"); // the generic API behind ar.users
 * const first = await users.first({ sort: "username" });
 * ```
 */
export class Resource<R extends ArRecord> implements ResourceLike {
  readonly #host: ResourceHost;
  readonly #cls: RecordClass<R>;
  /** The resource's table row. */
  readonly def: ResourceDef;

  /**

   * Create it.

   * @param host the client; @param cls the record class

   */
  constructor(host: ResourceHost, cls: RecordClass<R>) {
    this.#host = host;
    this.#cls = cls;
    this.def = cls.def;
  }

  /** Send a request for this resource (used by actions). */
  request(
    method: string,
    path: string,
    init?: { query?: Params; body?: unknown; options?: CallOptions },
  ): Promise<ApiResult> {
    return this.#host.transport.request(method, path, init);
  }

  /** Build a record of this resource's class, or of the class named by `object`. */
  build(data: Record<string, unknown>, metadata?: Params): R {
    const obj = data.object;
    const cls = typeof obj === "string" && obj !== this.def.object
      ? this.#host.recordClass(obj) as unknown as RecordClass<R>
      : this.#cls;
    return new cls(data, this.#host, metadata);
  }

  /** The path of one record (`users/usr_…`), escaped as one segment. */
  idPath(id: string, what = "find"): string {
    return `${this.def.path}/${segment(checkId(id, what))}`;
  }

  /** One page of records. Throws `ValidationError` on 409/422. */
  async all(params?: ListParams, options?: CallOptions): Promise<Collection<R>> {
    return this.collect(await this.request("GET", this.def.path, { query: params, options }));
  }

  /** A list response as a `Collection`; throws `ValidationError` on 409/422. */
  collect(r: ApiResult): Collection<R> {
    if (r.errors.length) throw new ValidationError(r.errors, r);
    const out = new Collection<R>();
    const items = r.collection ?? [];
    for (let i = 0; i < items.length; i++) out.push(this.build(items[i]));
    out.moreResults = r.metadata.more_results === true;
    out.metadata = r.metadata;
    return out;
  }

  /** Every record over every page, following `after` until `more_results` is false. */
  async *iterate(params?: ListParams, options?: CallOptions): AsyncGenerator<R, void, undefined> {
    let p: ListParams = { ...params };
    for (;;) {
      const page = await this.all(p, options);
      for (const r of page) yield r;
      const last = page[page.length - 1];
      if (!page.moreResults || !last?.id) return;
      p = { ...p, after: last.id };
    }
  }

  /** The first record (sends `max_results: 1`), or `null`. */
  async first(params?: ListParams, options?: CallOptions): Promise<R | null> {
    const page = await this.all({ ...params, max_results: 1 }, options);
    return page[0] ?? null;
  }

  /** One record by id (users: or username); throws `RecordNotFound`. */
  async find(id: string, params?: Params, options?: CallOptions): Promise<R> {
    const r = await this.request("GET", this.idPath(id), { query: params, options });
    return this.build(r.data);
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
  async create(attrs: Params, options?: CallOptions): Promise<R> {
    const r = await this.request("POST", this.def.path, {
      body: wrap(this.def.object, attrs),
      options,
    });
    if (r.errors.length) {
      const rec = this.build(unwrapAttrs(this.def.object, attrs), r.metadata);
      rec._fail(r.errors, r.metadata);
      return rec;
    }
    return this.build(r.data);
  }

  /** Create a record or throw `RecordInvalid`. */
  async createOrThrow(attrs: Params, options?: CallOptions): Promise<R> {
    const rec = await this.create(attrs, options);
    if (rec.hasErrors) throw new RecordInvalid(rec, className(this.def));
    return rec;
  }

  /** Update a record by id; on validation errors the returned record holds `errors`. */
  async update(id: string, attrs: Params, options?: CallOptions): Promise<R> {
    const r = await this.request("PUT", this.idPath(id, "update"), {
      body: wrap(this.def.object, attrs),
      options,
    });
    if (r.errors.length) {
      const rec = this.build({ id, ...unwrapAttrs(this.def.object, attrs) }, r.metadata);
      rec._fail(r.errors, r.metadata);
      return rec;
    }
    return this.build(r.data);
  }

  /** Update a record by id or throw `RecordInvalid`. */
  async updateOrThrow(id: string, attrs: Params, options?: CallOptions): Promise<R> {
    const rec = await this.update(id, attrs, options);
    if (rec.hasErrors) throw new RecordInvalid(rec, className(this.def));
    return rec;
  }

  /** Delete a record by id; throws `RecordInvalid` when the API answers with errors. */
  async delete(id: string, params?: Params, options?: CallOptions): Promise<true> {
    const r = await this.request("DELETE", this.idPath(id, "delete"), { query: params, options });
    if (r.errors.length) {
      const rec = this.build({ id });
      rec._fail(r.errors, r.metadata);
      throw new RecordInvalid(rec, className(this.def));
    }
    return true;
  }
}

function unwrapAttrs(root: string, attrs: Params): Record<string, unknown> {
  const a = root in attrs && typeof attrs[root] === "object"
    ? { ...(attrs[root] as Params) }
    : { ...attrs };
  delete a.request;
  delete a.password;
  delete a.password_confirmation;
  return a;
}

/**
 * Which methods each verb brings to a resource API.
 *
 * @example
 * ```ts
 * import { type VerbMethods } from "@authrocket-edge/sdk";
 * const reading: VerbMethods["get"][] = ["find", "retrieve"];
 * ```
 */
export interface VerbMethods {
  /** Listing. */
  list: "all" | "first" | "iterate";
  /** Reading one. */
  get: "find" | "retrieve";
  /** Creating. */
  create: "create" | "createOrThrow";
  /** Updating. */
  update: "update" | "updateOrThrow";
  /** Deleting. */
  delete: "delete";
}

/**
 * A resource API with exactly the verbs `V` (a verb the API lacks is absent from the type).
 *
 * @example
 * ```ts
 * import { AuthRocket, type ResourceApi, type Session } from "@authrocket-edge/sdk";
 * const ar = new AuthRocket({ url: "https://api-e1.authrocket.com/v1", apiKey: "ko_…", realm: "rl_…" });
 * const sessions: ResourceApi<Session, "get" | "delete"> = ar.sessions;
 * await sessions.delete("kss_…");
 * ```
 */
export type ResourceApi<R extends ArRecord, V extends Verb> = Pick<Resource<R>, VerbMethods[V]>;

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

// ---------------------------------------------------------------------------------------------
// Record verbs and associations, installed on record prototypes from the table.

/**
 * Instance verbs of records, by verb.
 *
 * @example
 * ```ts
 * import { AuthRocket } from "@authrocket-edge/sdk";
 * const ar = new AuthRocket({ url: "https://api-e1.authrocket.com/v1", apiKey: "ko_…", realm: "rl_…" });
 * const user = await ar.users.find("sally");
 * if (!(await user.update({ first_name: "Sal" }))) console.error(user.errors);
 * ```
 */
export interface RecordVerbMethods {
  /** `reload()`. */
  get: {
    /** Refetch the record from the API. */
    reload(options?: CallOptions): Promise<ArRecord>;
  };
  /** `update()` / `updateOrThrow()`. */
  update: {
    /** Update: `true`, or `false` with `errors` filled. */
    update(attrs: Params, options?: CallOptions): Promise<boolean>;
    /** Update or throw `RecordInvalid`. */
    updateOrThrow(attrs: Params, options?: CallOptions): Promise<true>;
  };
  /** `delete()`. */
  delete: {
    /** Delete: `true`, or `false` with `errors` filled. */
    delete(params?: Params, options?: CallOptions): Promise<boolean>;
  };
}

/**
 * The instance verbs a record of a resource with verbs `V` has.
 *
 * @example
 * ```ts
 * import { AuthRocket } from "@authrocket-edge/sdk";
 * const ar = new AuthRocket({ url: "https://api-e1.authrocket.com/v1", apiKey: "ko_…", realm: "rl_…" });
 * const session = await ar.sessions.find("kss_…");
 * await session.delete(); // sessions have reload and delete, no update
 * ```
 */
export type RecordVerbs<V extends Verb> =
  & ("get" extends V ? RecordVerbMethods["get"] : unknown)
  & ("update" extends V ? RecordVerbMethods["update"] : unknown)
  & ("delete" extends V ? RecordVerbMethods["delete"] : unknown);

/**
 * The methods a has_many association brings, by the child's verbs.
 *
 * @example
 * ```ts
 * import { AuthRocket } from "@authrocket-edge/sdk";
 * const ar = new AuthRocket({ url: "https://api-e1.authrocket.com/v1", apiKey: "ko_…", realm: "rl_…" });
 * const realm = await ar.realms.find("rl_…");
 * const users = await realm.users({ max_results: 20 });
 * const acme = await realm.createOrgOrThrow({ name: "Acme" });
 * ```
 */
export type HasMany<Name extends string, S extends string, R, V extends Verb> =
  & ("list" extends V ? {
      [K in Name]: (params?: AssociationParams, options?: CallOptions) => Promise<Collection<R>>;
    }
    : unknown)
  & ("get" extends V ? {
      [K in `find${S}`]: (id: string, params?: Params, options?: CallOptions) => Promise<R>;
    }
    : unknown)
  & ("create" extends V ? {
      [K in `create${S}` | `create${S}OrThrow`]: (
        attrs: Params,
        options?: CallOptions,
      ) => Promise<R>;
    }
    : unknown)
  & ("update" extends V ? {
      [K in `update${S}` | `update${S}OrThrow`]: (
        id: string,
        attrs: Params,
        options?: CallOptions,
      ) => Promise<R>;
    }
    : unknown)
  & ("delete" extends V ? {
      [K in `delete${S}`]: (id: string, params?: Params, options?: CallOptions) => Promise<true>;
    }
    : unknown);

/**
 * A belongs_to association: resolves to the parent (cached), or `null` without a foreign key.
 *
 * @example
 * ```ts
 * import { AuthRocket } from "@authrocket-edge/sdk";
 * const ar = new AuthRocket({ url: "https://api-e1.authrocket.com/v1", apiKey: "ko_…", realm: "rl_…" });
 * const membership = await ar.memberships.find("mb_…");
 * const org = await membership.org(); // BelongsTo<"org", Org>: null without an org_id
 * ```
 */
export type BelongsTo<Name extends string, R> = {
  [K in Name]: (options?: CallOptions & { reload?: boolean }) => Promise<R | null>;
};

/**
 * A belongs_to association whose foreign key is always set (a session's user).
 *
 * @example
 * ```ts
 * import { verifySession } from "@authrocket-edge/sdk";
 * const session = await verifySession("eyJ…", { jwtSecret: "jsk_…" });
 * if (session) console.log((await session.user()).name); // always a User
 * ```
 */
export type BelongsToRequired<Name extends string, R> = {
  [K in Name]: (options?: CallOptions & { reload?: boolean }) => Promise<R>;
};

const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const isPlain = (p?: AssociationParams) =>
  !p || Object.keys(p).every((k) => k === "reload" || p[k] === undefined);

/** The resource API a record's association uses (its own client's). @internal */
function api(rec: ArRecord, object: string): ResourceLike {
  return rec._requireClient().resource(object);
}

/**
 * Install a record class's verbs and associations from its table row and the registry of
 * classes (for the child names). Called once per class at module load.
 */
export function defineRecord(
  cls: RecordClass & { prototype: ArRecord },
  classes: Readonly<Record<string, { def: ResourceDef }>>,
): void {
  const def = cls.def;
  const proto = cls.prototype as unknown as Record<string, unknown>;
  const own = (name: string, f: (this: ArRecord, ...a: never[]) => unknown) => {
    const have = Object.prototype.hasOwnProperty.call(proto, name) &&
      !(proto[name] as Record<symbol, unknown>)?.[LIGHT];
    if (!have) {
      Object.defineProperty(proto, name, { value: f, writable: true, configurable: true });
    }
  };
  const verbs = new Set(def.verbs);
  if (verbs.has("get")) {
    own("reload", async function (this: ArRecord, options?: CallOptions) {
      const r = await api(this, def.object).request("GET", `${def.path}/${segment(this.id)}`, {
        options,
      });
      this._load(r.data);
      this._ok();
      return this;
    });
  }
  if (verbs.has("update")) {
    const update = async function (this: ArRecord, attrs: Params, options?: CallOptions) {
      const r = await api(this, def.object).request(
        "PUT",
        `${def.path}/${segment(checkId(this.id, "update"))}`,
        { body: wrap(def.object, attrs), options },
      );
      if (r.errors.length) {
        this._fail(r.errors, r.metadata);
        return false;
      }
      this._load(r.data);
      this._ok();
      return true;
    };
    own("update", update);
    own("updateOrThrow", async function (this: ArRecord, attrs: Params, options?: CallOptions) {
      if (!(await update.call(this, attrs, options))) throw new RecordInvalid(this, className(def));
      return true;
    });
  }
  if (verbs.has("delete")) {
    own("delete", async function (this: ArRecord, params?: Params, options?: CallOptions) {
      const r = await api(this, def.object).request(
        "DELETE",
        `${def.path}/${segment(checkId(this.id, "delete"))}`,
        { query: params, options },
      );
      if (r.errors.length) {
        this._fail(r.errors, r.metadata);
        return false;
      }
      this._ok();
      return true;
    });
  }
  for (const [name, object] of Object.entries(def.belongsTo ?? {})) {
    own(
      name,
      async function (this: ArRecord, options?: CallOptions & { reload?: boolean }) {
        if (!options?.reload) {
          const hit = this._cached(name, (raw) => {
            const Parent = classes[object] as unknown as RecordClass;
            return new Parent(raw as Record<string, unknown>, this.client);
          });
          if (hit !== undefined) return hit;
        }
        const id = (this as unknown as Record<string, unknown>)[`${object}_id`];
        if (typeof id !== "string" || !id) return null;
        return this._store(name, await api(this, object).find(id, undefined, options));
      },
    );
  }
  for (const [name, object] of Object.entries(def.hasMany ?? {})) {
    const child = classes[object];
    const S = className(child.def);
    const key = `${def.object}_id`;
    const cverbs = new Set(child.def.verbs);
    if (cverbs.has("list")) {
      own(name, async function (this: ArRecord, params?: AssociationParams, o?: CallOptions) {
        const plain = isPlain(params);
        if (plain && !params?.reload) {
          const hit = this._cached<Collection<ArRecord>>(name);
          if (hit) return hit;
        }
        const { reload: _r, ...rest } = params ?? {};
        const page = await api(this, object).all({ ...rest, [key]: this.id }, o);
        return plain ? this._store(name, page) : page;
      });
    }
    if (cverbs.has("get")) {
      own(`find${S}`, function (this: ArRecord, id: string, p?: Params, o?: CallOptions) {
        return api(this, object).find(id, { ...p, [key]: this.id }, o);
      });
    }
    if (cverbs.has("create")) {
      const create = function (this: ArRecord, attrs: Params, o?: CallOptions) {
        return api(this, object).create(withOwner(object, attrs, key, this.id), o);
      };
      own(`create${S}`, create);
      own(`create${S}OrThrow`, async function (this: ArRecord, attrs: Params, o?: CallOptions) {
        const rec = await create.call(this, attrs, o);
        if (rec.hasErrors) throw new RecordInvalid(rec, S);
        return rec;
      });
    }
    if (cverbs.has("update")) {
      const update = function (this: ArRecord, id: string, attrs: Params, o?: CallOptions) {
        return api(this, object).update(id, withOwner(object, attrs, key, this.id), o);
      };
      own(`update${S}`, update);
      own(
        `update${S}OrThrow`,
        async function (this: ArRecord, id: string, attrs: Params, o?: CallOptions) {
          const rec = await update.call(this, id, attrs, o);
          if (rec.hasErrors) throw new RecordInvalid(rec, S);
          return rec;
        },
      );
    }
    if (cverbs.has("delete")) {
      own(`delete${S}`, function (this: ArRecord, id: string, p?: Params, o?: CallOptions) {
        return api(this, object).delete(id, { ...p, [key]: this.id }, o);
      });
    }
  }
}

function withOwner(root: string, attrs: Params, key: string, id: string): Params {
  if (root in attrs && typeof attrs[root] === "object") {
    return { ...attrs, [root]: { [key]: id, ...(attrs[root] as Params) } };
  }
  return { [key]: id, ...attrs };
}

/** The class name of a resource (`app_hook` → `AppHook`), independent of minification. */
export function className(def: ResourceDef): string {
  return def.object.split("_").map(cap).join("");
}

/**
 * Run an instance action (`updatePassword`, `verify`, `reset` …): `true` with the record
 * refreshed from the response, or `false` with `errors` filled.
 */
export async function recordAction(
  rec: ArRecord,
  method: string,
  action: string,
  body: unknown,
  options?: CallOptions,
): Promise<boolean> {
  const def = (rec.constructor as RecordClass).def;
  const r = await api(rec, def.object).request(
    method,
    `${def.path}/${segment(checkId(rec.id, action))}/${action}`,
    { body, options },
  );
  if (r.errors.length) {
    rec._fail(r.errors, r.metadata);
    return false;
  }
  if (Object.keys(r.data).length) rec._load(r.data);
  rec._ok();
  return true;
}

/**
 * The verb union of a verbs tuple (`typeof USER_VERBS`).
 *
 * @example
 * ```ts
 * import { USER_VERBS, type VerbsOf } from "@authrocket-edge/sdk";
 * type UserVerb = VerbsOf<typeof USER_VERBS>; // "list" | "get" | "create" | "update" | "delete"
 * const v: UserVerb = "update";
 * ```
 */
export type VerbsOf<T extends readonly string[]> = T[number] & Verb;
