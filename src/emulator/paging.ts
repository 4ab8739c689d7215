/**
 * Lists: filters, sorts and cursors over the store's indexes. A list walks the smallest set
 * of ids its filters name (a realm's, a user's, or the holders of a filtered value) and tests
 * the other filters on those rows only, so that a page costs what it returns, not the table.
 * @module
 */
import type { ResourceDef } from "../record.ts";
import { errors, json, type Kernel, type Rec } from "./kernel.ts";
import { keyOf, lowerBound } from "./indexes.ts";
import { realmScoped } from "./crud.ts";
import { fieldsOf } from "./table.ts";

/** Ascending, disjoint id lists whose union is a set of candidates. */
type Lists = readonly (readonly string[])[];

const sizeOf = (lists: Lists) => lists.reduce((n, l) => n + l.length, 0);

/**
 * Walk the union of ascending lists in id order (descending when `desc`), from just past
 * `after` (`null`: from the start), handing each id to `take` until it answers `false`.
 */
function walk(lists: Lists, desc: boolean, after: string | null, take: (id: string) => boolean) {
  const at = lists.map((l) => {
    if (after === null) return desc ? l.length - 1 : 0;
    const i = lowerBound(l, after); // `after` itself, or where it was
    return desc ? i - 1 : l[i] === after ? i + 1 : i;
  });
  const step = desc ? -1 : 1;
  if (lists.length === 1) {
    const l = lists[0];
    for (let i = at[0]; i >= 0 && i < l.length; i += step) if (!take(l[i])) return;
    return;
  }
  for (;;) {
    // A few lists (one per filtered value or realm): the next id is the best of their heads.
    let best = -1;
    for (let j = 0; j < lists.length; j++) {
      const i = at[j];
      if (i < 0 || i >= lists[j].length) continue;
      if (best < 0) best = j;
      else {
        const id = lists[j][i], head = lists[best][at[best]];
        if (desc ? id > head : id < head) best = j;
      }
    }
    if (best < 0) return;
    const id = lists[best][at[best]];
    at[best] += step;
    if (!take(id)) return;
  }
}

/** The last list of each table sorted by another field than the id, per store. */
const sorted = new WeakMap<object, Map<string, { key: string; version: number; rows: Rec[] }>>();

/** Unix seconds from a `created_at_after` param (digits, or a date text); `null` if neither. */
function seconds(text: string): number | null {
  const n = /^\s*-?\d+(\.\d+)?\s*$/.test(text) ? Number(text) : Date.parse(text) / 1000;
  return Number.isFinite(n) ? n : null;
}

/**
 * Answer a list. `realm` is the realm the request names. A realm-scoped resource listed with
 * no realm named is refused (422 `realm_id`) when the declaration makes `realm_id` required:
 * an app that forgot its tenant gets an error in its tests, not every tenant's rows.
 */
export function list(
  k: Kernel,
  def: ResourceDef,
  query: URLSearchParams,
  realm: string | undefined,
): Response {
  const spec = def.list!;
  const max = query.has("max_results") ? Number(query.get("max_results")) : 100;
  if (!Number.isInteger(max) || max < 1 || max > spec.max) {
    return errors(422, "max_results", `Max results must be between 1 and ${spec.max}`);
  }
  const sort = query.get("sort") ?? spec.sort;
  const dir = query.get("direction") ?? spec.direction;
  if (!(spec.sorts ?? [spec.sort]).includes(sort)) {
    return errors(422, "sort", "Sort is not included in the list");
  }
  if (dir !== "asc" && dir !== "desc") {
    return errors(422, "direction", "Direction is not included in the list");
  }
  const table = def.object;
  const fields = fieldsOf(def);
  const scoped = realmScoped(def) && realm !== undefined;
  if (!realm && fields.get("realm_id")?.req) {
    return errors(422, "realm_id", "Realm can't be blank");
  }
  const store = k.store;
  const scope = scoped ? { realm } : undefined;
  // Each filter is a test of a row and a set of candidates from an index; the list walks the
  // smallest set and tests the rest on its rows.
  const tests: ((r: Rec) => boolean)[] = [];
  let best: Lists = [store.ids(table, scope)];
  const offer = (lists: Lists) => {
    if (sizeOf(lists) < sizeOf(best)) best = lists;
  };
  for (const f of spec.filters ?? []) {
    if (f === "created_at_after" || f === "event_type") continue;
    // One value (`f=v`), or several (`f[]=a&f[]=b`, as the client sends an array).
    const texts = [...new Set(query.getAll(f).concat(query.getAll(`${f}[]`)))].filter(Boolean);
    if (!texts.length) continue;
    const [one] = texts;
    tests.push(
      texts.length === 1 ? (r) => keyOf(r[f]) === one : (r) => texts.includes(keyOf(r[f])),
    );
    // A realm's and a user's records are indexed already (the store files every record so).
    if (f === "realm_id" && fields.has("realm_id")) {
      offer(texts.map((v) => store.ids(table, { realm: v })));
    } else if (f === "user_id" && fields.has("user_id")) {
      offer(texts.map((v) => store.ids(table, { user: v })));
    } else offer(store.idsWhere(table, scope, f, texts));
  }
  if (spec.filters?.includes("event_type")) {
    // One or several types, each a full name or a prefix; an empty one filters nothing.
    const types = query.getAll("event_type[]").concat(query.getAll("event_type"));
    if (types.length && !types.includes("")) {
      const wanted = (type: string) => types.some((t) => type.startsWith(t));
      tests.push((r) => wanted(keyOf(r.event_type)));
      offer(store.idsWhere(table, scope, "event_type", wanted));
    }
  }
  const since = spec.filters?.includes("created_at_after") ? query.get("created_at_after") : null;
  if (since) {
    const t = seconds(since);
    if (t === null) return errors(422, "created_at_after", "Created at after is invalid");
    tests.push((r) => typeof r.created_at === "number" && r.created_at >= t);
  }
  const rows = store.rows(table);
  // The candidates may come from outside the realm (a user's records, every realm's values).
  const accept = (id: string): Rec | undefined => {
    if (scoped && store.realmOf(table, id) !== realm) return undefined;
    const r = rows.get(id)!;
    for (const t of tests) if (!t(r)) return undefined;
    return r;
  };
  const after = query.get("after");
  const page: Rec[] = [];
  let more = false;
  if (sort === "id") {
    walk(best, dir === "desc", after, (id) => {
      const r = accept(id);
      if (!r) return true;
      if (page.length === max) return !(more = true);
      page.push(r);
      return true;
    });
  } else {
    // Another order than the ids': the candidates sorted, once for every page of a walk while
    // the table does not change (the key: everything in the query but the page's place).
    const q = new URLSearchParams(query);
    q.delete("after");
    q.delete("max_results");
    q.sort();
    const key = `${realm ?? ""} ${q}`;
    let all = sorted.get(store)?.get(table);
    if (all?.key !== key || all.version !== store.version(table)) {
      const found: Rec[] = [];
      walk(best, false, null, (id) => {
        const r = accept(id);
        if (r) found.push(r);
        return true;
      });
      found.sort((a, b) => {
        const x = String(a[sort] ?? ""), y = String(b[sort] ?? "");
        const c = x < y ? -1 : x > y ? 1 : String(a.id) < String(b.id) ? -1 : 1;
        return dir === "desc" ? -c : c;
      });
      all = { key, version: store.version(table), rows: found };
      if (!sorted.has(store)) sorted.set(store, new Map());
      sorted.get(store)!.set(table, all);
    }
    const { rows: ordered } = all;
    // Here an unknown `after` ends the list (there is no order to place it in).
    const from = after === null ? 0 : ordered.findIndex((r) => r.id === after) + 1 || Infinity;
    const rest = ordered.slice(from, from + max + 1);
    page.push(...rest.slice(0, max));
    more = rest.length > max;
  }
  const view = { list: query };
  const collection = page.map((r) => k.out(def, r, view));
  return json(200, { more_results: more, collection });
}
