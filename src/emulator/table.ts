/**
 * The emulator's view of the resource table: each row's declared fields read once into flags
 * (the records themselves live in store.ts).
 * @module
 */
import type { Field, ResourceDef } from "../table/fields.ts";
import { TABLE } from "../table/index.ts";

/** The resource table's rows by object type, looked up by a string (a path's, an event's). */
export const DEFS: Readonly<Record<string, ResourceDef>> = TABLE;

/** The flags of one field, as the emulator reads them. */
export interface Flags {
  /** The declared kind (`string`, `int`, `bool`, `time`, `hash`, `array`, `enum`). */
  kind: Field["kind"];
  /** Read-only: ignored on create and update. */
  ro: boolean;
  /** Write-only: never in a response. */
  wo: boolean;
  /** Required on create (`"realm"` fields too: the realm header fills them). */
  req: boolean;
  /** Required on create for human users only. */
  reqHuman: boolean;
  /** A timestamp. */
  time: boolean;
  /** Lower-cased on write. */
  lower: boolean;
  /** Unique within the realm. */
  unique: boolean;
  /** An enum's values. */
  enumValues: readonly string[] | undefined;
  /** The default stored when absent (an enum's first value, `[]` for arrays). */
  def: unknown;
}

/** The emulator's reading of one declared field. */
export function flags(f: Field): Flags {
  let def: unknown = f.default;
  if (def === undefined && f.kind === "enum") def = f.values?.[0];
  if (def === undefined && f.kind === "array") def = [];
  return {
    kind: f.kind,
    ro: !!f.ro,
    wo: !!f.wo,
    req: f.req === true || f.req === "realm",
    reqHuman: f.req === "human",
    time: f.kind === "time",
    lower: !!f.lower,
    unique: !!f.unique,
    enumValues: f.kind === "enum" ? f.values : undefined,
    def,
  };
}

const parsedFields = new WeakMap<ResourceDef, Map<string, Flags>>();

/** A table row's fields with their flags, once per row (not per field per request). */
export function fieldsOf(def: ResourceDef): Map<string, Flags> {
  let m = parsedFields.get(def);
  if (!m) {
    m = new Map(Object.entries(def.fields).map(([k, f]) => [k, flags(f)]));
    parsedFields.set(def, m);
  }
  return m;
}

/** A field name as the API words it in messages (`first_name` → `First name`). */
export const human = (field: string) =>
  field.charAt(0).toUpperCase() + field.slice(1).replace(/_/g, " ");
