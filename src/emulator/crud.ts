/**
 * The CRUD engine, driven by the resource table's declarations and each resource's behaviour:
 * create and update validate alike (enums, required fields, then the resource's checks),
 * lookups honour the realm a request names, deletes run the resource's cascade, and a record
 * is presented without its write-only fields.
 * @module
 */
import type { ResourceDef } from "../record.ts";
import { type Kernel, plain, type Rec, type View } from "./kernel.ts";
import type { WriteCtx } from "./resources/behaviour.ts";
import { BEHAVIOUR } from "./resources/index.ts";
import { fieldsOf, type Flags, human } from "./table.ts";

/** Whether a resource lives inside a realm (it has a realm, or a user who has one). */
export const realmScoped = (def: ResourceDef): boolean =>
  fieldsOf(def).has("realm_id") || fieldsOf(def).has("user_id");

const blank = (v: unknown) =>
  v === undefined || v === null || (typeof v === "string" && v.trim() === "");

/**
 * A value of each declared kind, or `undefined` when it is not one. Strings of digits and
 * "true"/"false" are read as the API's Rails parameters are; times are Unix seconds or ISO text.
 */
const KINDS: Record<string, (v: unknown) => unknown> = {
  string: (v) => (typeof v === "string" ? v : undefined),
  int: (
    v,
  ) => (Number.isInteger(v)
    ? v
    : typeof v === "string" && /^-?\d+$/.test(v)
    ? Number(v)
    : undefined),
  bool: (
    v,
  ) => (typeof v === "boolean" ? v : v === "true" ? true : v === "false" ? false : undefined),
  time: (v) => (typeof v === "number" || typeof v === "string" ? v : undefined),
  hash: (v) => (typeof v === "object" && !Array.isArray(v) ? v : undefined),
  array: (v) => (Array.isArray(v) || typeof v === "string" ? v : undefined),
  enum: (v) => (typeof v === "string" ? v : undefined),
};

/** A non-blank value checked against its declaration: its kind, then an enum's values. */
function accept(def: ResourceDef, k: string, v: unknown): { value: unknown } | { error: string } {
  const f = fieldsOf(def).get(k);
  const value = f ? kindOf(f, v) : v;
  if (value === undefined) return { error: `${human(k)} is invalid` };
  if (f?.enumValues && !f.enumValues.includes(String(value))) {
    return { error: `${human(k)} is not included in the list` };
  }
  return { value };
}

/** `v` read as the field's kind (`undefined` when it is not one). */
const kindOf = (f: Flags, v: unknown) => (KINDS[f.kind] ? KINDS[f.kind](v) : v);

/** A row's fields as a list, once per row: looping over it allocates nothing per request. */
const lists = new WeakMap<ResourceDef, readonly (readonly [string, Flags])[]>();
function fieldList(def: ResourceDef): readonly (readonly [string, Flags])[] {
  let l = lists.get(def);
  if (!l) lists.set(def, l = [...fieldsOf(def)]);
  return l;
}

/** The declaration's and the resource's checks of a whole record about to be stored. */
async function check(c: WriteCtx): Promise<string[]> {
  const { k, def, rec, old } = c;
  const msgs: string[] = [];
  const rule = BEHAVIOUR[def.object];
  const fields = fieldList(def);
  // Normalise first (the declaration's lower-casing, then the rule's derived and generated
  // values), then check everything.
  for (const [name, f] of fields) {
    if (f.lower && typeof rec[name] === "string") rec[name] = (rec[name] as string).toLowerCase();
  }
  rule?.prepare?.(c);
  if (typeof rec.realm_id === "string" && fieldsOf(def).has("realm_id")) {
    if (!k.store.has("realm", rec.realm_id)) msgs.push("Realm not found");
  }
  const realm = k.store.realmOf(def.object, rec.id as string) ?? rec.realm_id as string;
  for (const [name, f] of fields) {
    // A write-only field (a password) is required when the record is made, never again: it
    // is not stored, so an update cannot carry it over.
    const required = (f.req || (f.reqHuman && rec.user_type === "human")) && (!f.wo || !old);
    if (required && blank(rec[name]) && !rule?.optional?.includes(name)) {
      msgs.push(`${human(name)} can't be blank`);
    }
    if (f.unique && !blank(rec[name]) && typeof realm === "string") {
      if (k.store.findBy(def.object, { realm }, name, rec[name], old?.id as string)) {
        msgs.push(`${human(name)} has already been taken`);
      }
    }
  }
  if (rule?.check) msgs.push(...(await rule.check(c)));
  return msgs.length > 1 ? [...new Set(msgs)] : msgs;
}

/** Validate and store a new record; the messages when it is refused. */
export async function insert(
  k: Kernel,
  def: ResourceDef,
  attrs: Rec,
  realmId: string | undefined,
  request: unknown,
): Promise<{ rec: Rec } | { errors: string[] }> {
  const msgs: string[] = [];
  const rec: Rec = {};
  for (const [name, f] of fieldList(def)) {
    if (f.ro || name === "id") continue;
    let v = attrs[name];
    if (v === undefined || v === "") v = f.def;
    if (v !== undefined && v !== null) {
      // accept(), inlined: no result object per field.
      const value = kindOf(f, v);
      if (value === undefined) msgs.push(`${human(name)} is invalid`);
      else if (f.enumValues && !f.enumValues.includes(String(value))) {
        msgs.push(`${human(name)} is not included in the list`);
      } else v = value;
    }
    if (v !== undefined) rec[name] = v;
  }
  if (fieldsOf(def).has("realm_id") && realmId) rec.realm_id = realmId;
  // A record that belongs to a user belongs to the user's realm: another realm's user is not
  // found from a request that names a realm.
  if (realmId && typeof rec.user_id === "string" && k.store.has("user", rec.user_id)) {
    if (k.store.realmOf("user", rec.user_id) !== realmId) msgs.push("User not found");
  }
  const c: WriteCtx = { k, def, rec, attrs, old: undefined, request };
  msgs.push(...(await check(c)));
  if (msgs.length) return { errors: [...new Set(msgs)] };
  // Write-only fields (passwords) were for the checks and the rule (which reads `attrs`):
  // never stored, so never in a snapshot or a change.
  for (const [name, f] of fieldList(def)) if (f.wo) delete rec[name];
  const rule = BEHAVIOUR[def.object];
  if (rule?.create) return { rec: await rule.create(c) };
  await rule?.beforeInsert?.(c);
  rec.id = k.newId(def.prefix);
  rec.created_at = k.ts();
  k.store.put(def.object, rec);
  await rule?.afterInsert?.(c);
  k.event(`${def.object}.created`, idsOf(k, def, rec), request);
  return { rec };
}

/** The ids an event about a record carries. */
const idsOf = (k: Kernel, def: ResourceDef, r: Rec): Rec => ({
  [`${def.object}_id`]: r.id,
  realm_id: k.store.realmOf(def.object, r.id as string) ?? null,
});

/** Validate an update as a create is validated, then apply it all or nothing. */
export async function update(
  k: Kernel,
  def: ResourceDef,
  rec: Rec,
  attrs: Rec,
  request: unknown,
): Promise<{ rec: Rec } | { errors: string[]; field: string }> {
  const fields = fieldsOf(def);
  const changes: Rec = {};
  const msgs: string[] = [];
  let field = "base";
  for (const [name, v] of Object.entries(attrs)) {
    const f = fields.get(name);
    // `realm_id` in an update names the request's realm (its scope); it moves nothing.
    if (!f || name === "id" || name === "realm_id" || f.ro || f.wo) continue;
    const a = blank(v) ? { value: v } : accept(def, name, v);
    if ("error" in a) {
      msgs.push(a.error);
      field = name;
    }
    changes[name] = "value" in a ? a.value : v;
  }
  if (msgs.length) return { errors: msgs, field };
  const next: Rec = { ...rec, ...changes };
  const found = await check({ k, def, rec: next, attrs, old: rec, request });
  if (found.length) return { errors: found, field: "base" };
  Object.assign(rec, next);
  await BEHAVIOUR[def.object]?.afterUpdate?.({ k, def, rec, changes, request });
  k.store.put(def.object, rec);
  k.event(`${def.object}.updated`, idsOf(k, def, rec), request);
  return { rec };
}

/** Delete a record (its resource may keep it, as a realm's first delete does). */
export function remove(k: Kernel, def: ResourceDef, rec: Rec, request: unknown): void {
  const ids = idsOf(k, def, rec);
  if (BEHAVIOUR[def.object]?.remove?.({ k, def, rec }) === "kept") {
    k.store.put(def.object, rec);
    k.event(`${def.object}.updated`, ids, request);
    return;
  }
  k.store.del(def.object, rec.id as string);
  k.event(`${def.object}.deleted`, ids, request);
}

/**
 * A record by id (or what its resource also finds it by, such as a username), when it is in
 * the realm the request names; with no realm named, in any realm.
 */
export function find(
  k: Kernel,
  def: ResourceDef,
  id: string,
  realm: string | undefined,
): Rec | undefined {
  const rule = BEHAVIOUR[def.object];
  const rec = rule?.lookup ? rule.lookup({ k, def, key: id, realm }) : k.store.get(def.object, id);
  if (!rec) return undefined;
  if (realm && realmScoped(def)) {
    const owner = k.store.realmOf(def.object, rec.id as string);
    if (owner !== undefined && owner !== realm) return undefined;
  }
  return rec;
}

/** A record as the API shows it: its fields but the write-only ones, plus its resource's part. */
export function present(k: Kernel, def: ResourceDef, r: Rec, view: View = {}): Rec {
  const out = plain(def, r);
  BEHAVIOUR[def.object]?.present?.({ k, def, out, rec: r, view });
  return out;
}
