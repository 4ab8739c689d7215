/**
 * Lists: filters, sorts and cursors over the store's id indexes. A list in a realm walks that
 * realm's ids only, so a page costs its own rows, not the table's.
 * @module
 */
import type { ResourceDef } from "../record.ts";
import { errors, json, type Kernel, type Rec } from "./kernel.ts";
import { lowerBound } from "./indexes.ts";
import { realmScoped } from "./crud.ts";
import { fieldsOf } from "./table.ts";

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
  const scoped = realmScoped(def) && realm !== undefined;
  if (!realm && fieldsOf(def).get("realm_id")?.req) {
    return errors(422, "realm_id", "Realm can't be blank");
  }
  // One predicate from the filters, tested row by row.
  const tests: ((r: Rec) => boolean)[] = [];
  for (const f of spec.filters ?? []) {
    if (f === "created_at_after" || f === "event_type") continue;
    const v = query.get(f);
    if (v !== null && v !== "") tests.push((r) => String(r[f] ?? "") === v);
  }
  const types = query.getAll("event_type[]").concat(query.getAll("event_type"));
  if (types.length) tests.push((r) => types.some((t) => String(r.event_type).startsWith(t)));
  const match = (r: Rec) => tests.every((t) => t(r));
  const userId = query.get("user_id");
  const by = userId && fieldsOf(def).has("user_id")
    ? { user: userId }
    : scoped
    ? { realm }
    : undefined;
  const ids = k.store.ids(def.object, by);
  const rows = k.store.rows(def.object);
  // A realm's own index needs no realm test; a user's (or the whole table) does.
  const inRealm = !scoped || by?.realm !== undefined
    ? () => true
    : (r: Rec) => k.store.realmOf(def.object, r.id as string) === realm;
  const after = query.get("after");
  const page: Rec[] = [];
  let more = false;
  if (sort === "id") {
    // Ids are kept sorted: find `after` by binary search and walk from there.
    const step = dir === "desc" ? -1 : 1;
    let i = step === 1 ? 0 : ids.length - 1;
    if (after !== null) {
      const at = lowerBound(ids, after); // `after` itself, or where it was
      i = step === 1 ? (ids[at] === after ? at + 1 : at) : at - 1;
    }
    for (; i >= 0 && i < ids.length; i += step) {
      const r = rows.get(ids[i])!;
      if (!match(r) || !inRealm(r)) continue;
      if (page.length === max) {
        more = true;
        break;
      }
      page.push(r);
    }
  } else {
    const all = ids.map((id) => rows.get(id)!).filter((r) => match(r) && inRealm(r))
      .sort((a, b) => {
        const x = String(a[sort] ?? ""), y = String(b[sort] ?? "");
        const c = x < y ? -1 : x > y ? 1 : String(a.id) < String(b.id) ? -1 : 1;
        return dir === "desc" ? -c : c;
      });
    // Here an unknown `after` ends the list (there is no order to place it in).
    const rest = after === null
      ? all
      : all.slice(all.findIndex((r) => r.id === after) + 1 || all.length);
    page.push(...rest.slice(0, max));
    more = rest.length > max;
  }
  const view = { list: query };
  const collection = page.map((r) => k.out(def, r, view));
  return json(200, { more_results: more, collection });
}
