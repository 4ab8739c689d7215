/**
 * The verbs and associations of records (`user.update()`, `realm.createOrgOrThrow()` …), built
 * from each row of the resource table: the generated members of the record classes reach them
 * through `client.invoke`, so their one implementation is here.
 * @module
 */
import { RecordInvalid } from "./validation_errors.ts";
import { type ArRecord, className, type Collection } from "./record.ts";
import type { RecordClass, ResourceDef, ResourceLike } from "./record.ts";
import { wrap } from "./resource.ts";
import type { AssociationParams } from "./resource.ts";
import { checkParams } from "./table/check.ts";
import { segment } from "./transport.ts";
import type { ApiResult, CallOptions, Params } from "./transport.ts";

/**
 * The answer of each record's last refused write (409 or 422, its request id), so that
 * `RecordInvalid` reports it; outside the record so a verify-only bundle does not carry it.
 */
const refusals = new WeakMap<ArRecord, ApiResult>();

/** Mark `rec` refused by the answer `r`: `errors` and `metadata` filled, the answer kept. */
export function refuse(rec: ArRecord, r: ApiResult): void {
  rec._fail(r.errors, r.metadata);
  refusals.set(rec, r);
}

/** The `RecordInvalid` of a refused record, with the status and request id of its answer. */
export function invalid(rec: ArRecord, kind: string): RecordInvalid {
  return new RecordInvalid(rec, kind, refusals.get(rec));
}

const isPlain = (p?: AssociationParams) =>
  !p || Object.keys(p).every((k) => k === "reload" || p[k] === undefined);

/** The resource API a record's association uses (its own client's). */
function api(rec: ArRecord, object: string): ResourceLike {
  return rec._requireClient().resource(object);
}

type RecordMethod = (this: ArRecord, ...args: never[]) => Promise<unknown>;
const methodsByDef = new WeakMap<ResourceDef, Map<string, RecordMethod>>();

/**
 * The verbs and associations of a row's records, by method name (`update`, `memberships`,
 * `createOrgOrThrow` …), built once per row from the table and the registry of classes. The
 * generated members of the record classes reach them through `client.invoke`.
 */
export function recordMethods(
  def: ResourceDef,
  classes: Readonly<Record<string, { def: ResourceDef }>>,
): Map<string, RecordMethod> {
  let map = methodsByDef.get(def);
  if (map) return map;
  map = new Map();
  methodsByDef.set(def, map);
  const own = (name: string, f: RecordMethod) => map!.set(name, f);
  own("_action", function (this: ArRecord, m: string, a: string, body: unknown, o?: CallOptions) {
    return recordAction(this, m, a, body, o);
  });
  const verbs = new Set(def.verbs);
  if (verbs.has("get")) {
    own("reload", async function (this: ArRecord, options?: CallOptions) {
      const r = await api(this, def.object).request(
        "GET",
        `${def.path}/${segment(this.id, "reload")}`,
        {
          options,
        },
      );
      this._load(r.data);
      this._ok();
      return this;
    });
  }
  if (verbs.has("update")) {
    const update = async function (this: ArRecord, attrs: Params, options?: CallOptions) {
      const path = `${def.path}/${segment(this.id, "update")}`;
      const body = wrap(def.object, checkParams(def, "update", attrs));
      const r = await api(this, def.object).request("PUT", path, { body, options });
      if (r.errors.length) {
        refuse(this, r);
        return false;
      }
      this._load(r.data);
      this._ok();
      return true;
    };
    own("update", update);
    own("updateOrThrow", async function (this: ArRecord, attrs: Params, options?: CallOptions) {
      if (!(await update.call(this, attrs, options))) throw invalid(this, className(def));
      return true;
    });
  }
  if (verbs.has("delete")) {
    own("delete", async function (this: ArRecord, params?: Params, options?: CallOptions) {
      const r = await api(this, def.object).request(
        "DELETE",
        `${def.path}/${segment(this.id, "delete")}`,
        { query: params, options },
      );
      if (r.errors.length) {
        refuse(this, r);
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
        if (rec.hasErrors) throw invalid(rec, S);
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
          if (rec.hasErrors) throw invalid(rec, S);
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
  return map;
}

function withOwner(root: string, attrs: Params, key: string, id: string): Params {
  if (root in attrs && typeof attrs[root] === "object") {
    return { ...attrs, [root]: { [key]: id, ...(attrs[root] as Params) } };
  }
  return { [key]: id, ...attrs };
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
    `${def.path}/${segment(rec.id, action)}/${action}`,
    { body, options },
  );
  if (r.errors.length) {
    refuse(rec, r);
    return false;
  }
  if (Object.keys(r.data).length) rec._load(r.data);
  rec._ok();
  return true;
}
