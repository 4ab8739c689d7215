/**
 * The verbs and associations of records (`user.update()`, `realm.createOrgOrThrow()` …): one
 * implementation for every row of the resource table, which the generated members of the record
 * classes call through their client (`rec._methods()`), each reaching the transport itself.
 * Also what a write refused by the API leaves on a record, which `Resource` shares.
 * @module
 */
import { RecordInvalid } from "./validation_errors.ts";
import { ArRecord, className, isPlain } from "./record.ts";
import type { RecordClass, RecordMethods, ResourceDef, ResourceLike } from "./record.ts";
import { checkParams } from "./table/check.ts";
import { segment } from "./transport.ts";
import type { ApiResult, CallOptions, Params, Transport } from "./transport.ts";

/**
 * The answer of each record's last refused write (409 or 422, its request id), so that
 * `RecordInvalid` reports it; outside the record so a verify-only bundle does not carry it.
 */
const refusals = new WeakMap<ArRecord, ApiResult>();

/** Mark `rec` refused by the answer `r`: `errors` and `metadata` filled, the answer kept. */
export function markRefused(rec: ArRecord, r: ApiResult): void {
  rec._fail(r.errors, r.metadata);
  refusals.set(rec, r);
}

/** The `RecordInvalid` of a refused record, with the status and request id of its answer. */
export function invalid(rec: ArRecord, kind: string): RecordInvalid {
  return new RecordInvalid(rec, kind, refusals.get(rec));
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

/** The attributes of a refused write, as the record that holds the errors shows them. */
function unwrapAttrs(def: ResourceDef, attrs: Params): Record<string, unknown> {
  const root = def.object;
  const a = root in attrs && typeof attrs[root] === "object"
    ? { ...(attrs[root] as Params) }
    : { ...attrs };
  delete a.request;
  for (const k of Object.keys(a)) if (def.fields[k]?.wo) delete a[k];
  return a;
}

/**
 * The record a create or update answered: the saved one, or (refused) one built from the
 * attributes sent (`id` for an update) that holds `errors`.
 */
export function written(res: ResourceLike, r: ApiResult, attrs: Params, id?: string): ArRecord {
  if (!r.errors.length) return res.build(r.data, undefined, r.status);
  const data = unwrapAttrs(res.def, attrs);
  const rec = res.build(id === undefined ? data : { id, ...data }, r.metadata);
  markRefused(rec, r);
  return rec;
}

/** A write's answer on the record it was about: `true`, or `false` with `errors` filled. */
function saved(rec: ArRecord, r: ApiResult, load = true): boolean {
  if (r.errors.length) {
    markRefused(rec, r);
    return false;
  }
  if (load) rec._load(r.data);
  rec._ok();
  return true;
}

const defOf = (rec: ArRecord) => (rec.constructor as RecordClass).def;
/** The path of the record itself (`users/usr_…`); `what` names the call in an `InvalidId`. */
const pathOf = (rec: ArRecord, what: string) => `${defOf(rec).path}/${segment(rec.id, what)}`;
/** A child's owner key (`org_id` for an org's memberships), with the owner's id. */
const owner = (rec: ArRecord) => ({ [`${defOf(rec).object}_id`]: rec.id });

/**
 * Where a call on records of `object` goes: from a record (its child), its client's transport,
 * the resource API of `object` and the owner's key; from a resource API (`ar.orgs.create` …),
 * the API itself and no owner.
 */
function reach(
  from: ArRecord | ResourceLike,
  object: string,
): [Pick<Transport, "request">, ResourceLike, Params?] {
  if (!(from instanceof ArRecord)) return [from, from];
  const client = from._requireClient();
  return [client.transport, client.resource(object), owner(from)];
}

/** Attributes with the owner's key in them, inside the JSON root when they have one. */
function withOwner(root: string, attrs: Params, key?: Params): Params {
  if (!key) return attrs;
  if (root in attrs && typeof attrs[root] === "object") {
    return { ...attrs, [root]: { ...key, ...(attrs[root] as Params) } };
  }
  return { ...key, ...attrs };
}

/** A record's update: `true`, or `false` with `errors` filled (strict: `RecordInvalid`). */
const update = (strict: boolean) =>
  async function (rec: ArRecord, attrs: object, options?: CallOptions): Promise<boolean> {
    const def = defOf(rec);
    const body = wrap(def.object, checkParams(def, "update", attrs as Params));
    const r = await rec._requireClient().transport.request("PUT", pathOf(rec, "update"), {
      body,
      options,
    });
    if (saved(rec, r)) return true;
    if (strict) throw invalid(rec, className(def));
    return false;
  };

/** A child's create, the child holding `errors` when refused (strict: `RecordInvalid`). */
const createChild = (strict: boolean) =>
  async function <T>(
    from: ArRecord | ResourceLike,
    object: string,
    attrs: object,
    o?: CallOptions,
  ): Promise<T> {
    const [transport, res, key] = reach(from, object);
    const a = checkParams(res.def, "create", withOwner(object, attrs as Params, key))!;
    const r = await transport.request("POST", res.def.path, { body: wrap(object, a), options: o });
    const child = written(res, r, a);
    if (strict && child.hasErrors) throw invalid(child, className(res.def));
    return child as T;
  };

/** A child's update by id, the child holding `errors` when refused (strict: `RecordInvalid`). */
const updateChild = (strict: boolean) =>
  async function <T>(
    from: ArRecord | ResourceLike,
    object: string,
    id: string,
    attrs: object,
    o?: CallOptions,
  ): Promise<T> {
    const [transport, res, key] = reach(from, object);
    const path = res.idPath(id, "update");
    const a = checkParams(res.def, "update", withOwner(object, attrs as Params, key))!;
    const r = await transport.request("PUT", path, { body: wrap(object, a), options: o });
    const child = written(res, r, a, id);
    if (strict && child.hasErrors) throw invalid(child, className(res.def));
    return child as T;
  };

/** The verbs and associations of every record class, which a client carries (`recordMethods`). */
export const RECORD_METHODS: RecordMethods = {
  async reload<R extends ArRecord>(rec: R, options?: CallOptions): Promise<R> {
    const path = pathOf(rec, "reload");
    rec._load((await rec._requireClient().transport.request("GET", path, { options })).data);
    rec._ok();
    return rec;
  },
  update: /* @__PURE__ */ update(false),
  updateOrThrow: /* @__PURE__ */ update(true) as RecordMethods["updateOrThrow"],
  async delete(rec, params, options) {
    const path = pathOf(rec, "delete");
    const r = await rec._requireClient().transport.request("DELETE", path, {
      query: params,
      options,
    });
    return saved(rec, r, false);
  },
  async action(rec, method, action, body, options) {
    const path = `${pathOf(rec, action)}/${action}`;
    const r = await rec._requireClient().transport.request(method, path, { body, options });
    return saved(rec, r, Object.keys(r.data).length > 0);
  },
  async belongsTo<T>(rec: ArRecord, name: string, options?: CallOptions & { reload?: boolean }) {
    const object = defOf(rec).belongsTo![name];
    if (!options?.reload) {
      const hit = rec._cached(name, (raw) => {
        const Parent = rec._requireClient().recordClass(object);
        return new Parent(raw as Record<string, unknown>, rec.client);
      });
      if (hit !== undefined) return hit as T;
    }
    const id = (rec as unknown as Record<string, unknown>)[`${object}_id`];
    if (typeof id !== "string" || !id) return null as T;
    const [transport, res] = reach(rec, object);
    const r = await transport.request("GET", res.idPath(id), { options });
    return rec._store(name, res.build(r.data, undefined, r.status)) as T;
  },
  async hasMany<T>(rec: ArRecord, name: string, params?: Params, options?: CallOptions) {
    const plain = isPlain(params);
    if (plain && !params?.reload) {
      const hit = rec._cached(name);
      if (hit) return hit as T;
    }
    const [transport, res, key] = reach(rec, defOf(rec).hasMany![name]);
    const { reload: _r, ...rest } = params ?? {};
    const query = checkParams(res.def, "list", { ...rest, ...key });
    const page = res.collect(await transport.request("GET", res.def.path, { query, options }));
    return (plain ? rec._store(name, page) : page) as T;
  },
  async findChild<T>(
    from: ArRecord | ResourceLike,
    object: string,
    id: string,
    p?: Params,
    o?: CallOptions,
  ) {
    const [transport, res, key] = reach(from, object);
    const r = await transport.request("GET", res.idPath(id), {
      query: key ? { ...p, ...key } : p,
      options: o,
    });
    return res.build(r.data, undefined, r.status) as T;
  },
  createChild: /* @__PURE__ */ createChild(false),
  createChildOrThrow: /* @__PURE__ */ createChild(true),
  updateChild: /* @__PURE__ */ updateChild(false),
  updateChildOrThrow: /* @__PURE__ */ updateChild(true),
  async deleteChild(from, object, id, p, o) {
    const [transport, res, key] = reach(from, object);
    const r = await transport.request("DELETE", res.idPath(id, "delete"), {
      query: key ? { ...p, ...key } : p,
      options: o,
    });
    if (r.errors.length) {
      const child = res.build({ id });
      markRefused(child, r);
      throw invalid(child, className(res.def));
    }
    return true;
  },
};
