/**
 * Run-time checks of call arguments against the declaration, for JavaScript callers (the types
 * already refuse these in TypeScript): unknown attributes and filters, with the nearest names.
 * @module
 */
import { ArgumentError, UnknownAttribute } from "../argument_error.ts";
import type { ResourceDef } from "./fields.ts";

const UNCHECKED = new WeakSet<object>();

/**
 * Attributes marked by `unchecked()`: sent as given. A brand, not an index signature, so a typo
 * in attributes that are not wrapped is still a compile error.
 *
 * @example
 * ```ts
 * import { unchecked, type Unchecked } from "@authrocket-edge/sdk";
 * const attrs: Unchecked = unchecked({ brand_new_field: 1 });
 * ```
 */
export interface Unchecked {
  /** The brand (never present at run time). */
  readonly __unchecked: true;
}

/**
 * Send attributes the declaration does not know yet (the real API may be ahead of the table):
 * the run-time check of attribute names is skipped for this object, and the types accept it.
 *
 * @example
 * ```ts
 * import { AuthRocket, unchecked } from "@authrocket-edge/sdk";
 * const ar = new AuthRocket({ url: "https://api-e1.authrocket.com/v1", apiKey: "ko_…", realm: "rl_…" });
 * await ar.users.create(unchecked({ username: "sally", brand_new_field: true }));
 * ```
 */
export function unchecked(attrs: Record<string, unknown>): Unchecked {
  UNCHECKED.add(attrs);
  return attrs as unknown as Unchecked;
}

/** The edit distance of two short names. */
function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length];
}

/** Up to three known names near `name`. */
export function nearest(name: string, known: Iterable<string>): string[] {
  const limit = Math.max(2, Math.floor(name.length / 3));
  return [...known]
    .map((k) => [k, distance(name, k)] as const)
    .filter(([k, d]) => d <= limit || k.includes(name) || name.includes(k))
    .sort((x, y) => x[1] - y[1])
    .slice(0, 3)
    .map(([k]) => k);
}

const PAGING = ["after", "max_results", "sort", "direction"];

/** The names a call accepts. */
function accepted(def: ResourceDef, kind: "create" | "update" | "list"): Set<string> {
  if (kind === "list") {
    return new Set([...PAGING, ...(def.list?.filters ?? []), ...(def.list?.params ?? [])]);
  }
  const names = new Set<string>();
  for (const [k, f] of Object.entries(def.fields)) if (k !== "id" && !f.ro) names.add(k);
  return names;
}

/**
 * Check the attributes of a create or update (flat or wrapped in the root, plus `request`), or
 * the params of a list, and convert `time` values given as `Date` to Unix seconds.
 */
export function checkParams(
  def: ResourceDef,
  kind: "create" | "update" | "list",
  params: unknown,
): Record<string, unknown> | undefined {
  if (params === undefined && kind === "list") return undefined;
  if (params === null || typeof params !== "object" || Array.isArray(params)) {
    throw new ArgumentError(
      `${def.object} ${kind} takes an object of attributes (got ${
        params === null ? "null" : Array.isArray(params) ? "an array" : typeof params
      })`,
    );
  }
  const p = params as Record<string, unknown>;
  if (UNCHECKED.has(p)) return p;
  const names = accepted(def, kind);
  const wrapped = kind !== "list" && def.object in p && typeof p[def.object] === "object" &&
    p[def.object] !== null;
  const inner = wrapped ? p[def.object] as Record<string, unknown> : p;
  if (UNCHECKED.has(inner)) return p;
  for (const k of Object.keys(inner)) {
    if (names.has(k) || (k === "request" && kind !== "list" && !wrapped)) continue;
    throw new UnknownAttribute(`${def.object} ${kind}`, k, nearest(k, names));
  }
  if (wrapped) {
    for (const k of Object.keys(p)) {
      if (k !== def.object && k !== "request") {
        throw new UnknownAttribute(`${def.object} ${kind}`, k, ["request", def.object]);
      }
    }
  }
  let copy: Record<string, unknown> | undefined;
  for (const [k, v] of Object.entries(inner)) {
    if (v instanceof Date && (def.fields[k]?.kind === "time" || kind === "list")) {
      (copy ??= { ...inner })[k] = Math.floor(v.getTime() / 1000);
    }
  }
  if (!copy) return p;
  return wrapped ? { ...p, [def.object]: copy } : copy;
}
