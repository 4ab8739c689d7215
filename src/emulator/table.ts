/**
 * The emulator's storage, read from the resource table: a table of records with its ids kept
 * in order (so a page starts with a binary search), and each row's field DSL parsed once.
 * @module
 */
import type { ResourceDef } from "../record.ts";

type Rec = Record<string, unknown>;

/** A table: records by id, plus their ids in order, so that a page starts with a binary search. */
export class Table extends Map<string, Rec> {
  /** Ids in ascending order (they are minted ascending, so this is nearly always an append). */
  readonly ids: string[] = [];
  override set(id: string, rec: Rec): this {
    if (!this.has(id)) this.ids.splice(lowerBound(this.ids, id), 0, id);
    return super.set(id, rec);
  }
  override delete(id: string): boolean {
    if (!super.delete(id)) return false;
    this.ids.splice(lowerBound(this.ids, id), 1);
    return true;
  }
}

/** The first index whose id is not below `id`. */
export function lowerBound(ids: string[], id: string): number {
  let lo = 0;
  let hi = ids.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (ids[mid] < id) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Parse a field DSL string into flags. */
export function flags(dsl: string) {
  const parts = dsl.split(/\s+/).filter(Boolean);
  const enumPart = parts.find((p) => p.startsWith("="));
  const defPart = parts.find((p) => p.startsWith("~"));
  let def: unknown = enumPart ? enumPart.slice(1).split("|")[0] : undefined;
  if (defPart) {
    const v = defPart.slice(1);
    def = v === "true" ? true : v === "false" ? false : /^-?\d+$/.test(v) ? Number(v) : v;
  }
  if (def === undefined && parts.includes("array")) def = [];
  return {
    ro: parts.includes("ro"),
    wo: parts.includes("wo"),
    req: parts.includes("req"),
    time: parts.includes("time"),
    enumValues: enumPart ? enumPart.slice(1).split("|") : undefined,
    def,
  };
}

/** The flags of one field. */
export type Flags = ReturnType<typeof flags>;
const parsedFields = new WeakMap<ResourceDef, Map<string, Flags>>();

/** A table row's fields with their DSL parsed, once per row (not per field per request). */
export function fieldsOf(def: ResourceDef): Map<string, Flags> {
  let m = parsedFields.get(def);
  if (!m) {
    m = new Map(Object.entries(def.fields).map(([k, dsl]) => [k, flags(dsl)]));
    parsedFields.set(def, m);
  }
  return m;
}

/** A field name as the API words it in messages (`first_name` → `First name`). */
export const human = (field: string) =>
  field.charAt(0).toUpperCase() + field.slice(1).replace(/_/g, " ");
