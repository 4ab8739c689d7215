/**
 * How a record reads its fields: each record class's declared fields become accessors on its
 * prototype, once (src/record.ts builds records on them).
 * @module
 */
import type { ResourceDef } from "./table/fields.ts";

export interface Shape {
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
export function shapeOf(proto: object): Shape {
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
      ? function (this: { _time(k: string): unknown }) {
        return this._time(k);
      }
      : function (this: { get(k: string): unknown }) {
        return this.get(k);
      };
    (get as { field?: boolean }).field = true;
    Object.defineProperty(proto, k, { get, enumerable: false, configurable: true });
  }
  shape = { known, reserved };
  shapes.set(proto, shape);
  return shape;
}

export const toDate = (v: unknown): Date | null | unknown => {
  if (v === null || v === undefined) return null;
  if (typeof v === "number") return new Date(v * 1000);
  if (typeof v === "string") {
    const n = Number(v);
    const d = Number.isFinite(n) && v.trim() !== "" ? new Date(n * 1000) : new Date(v);
    return Number.isNaN(d.getTime()) ? v : d;
  }
  return v;
};
