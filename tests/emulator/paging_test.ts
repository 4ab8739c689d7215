// Every list filter the API offers answers what a scan of the store answers (an oracle written
// here over Store.values), through a random history of creates, updates, deletes, logins and
// restores: each filter alone and several together, one value or several (`f[]=a&f[]=b`),
// event types by prefix, created_at_after, every sort and direction, pages cut by `after`.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { createEmulator, type Emulator } from "../../testing.ts";
import { DEFS } from "../../src/emulator/table.ts";
import type { ResourceDef } from "../../src/record.ts";
import { prng } from "../helpers.ts";

type Rec = Record<string, unknown>;
const text = (v: unknown) => String(v ?? "");

/** What a list must answer, found by scanning every record of the table. */
function oracle(emu: Emulator, def: ResourceDef, q: URLSearchParams, realm?: string) {
  const spec = def.list!;
  const scoped = realm !== undefined && ("realm_id" in def.fields || "user_id" in def.fields);
  let rows = [...emu.store.values(def.object)].filter((r) =>
    !scoped || emu.store.realmOf(def.object, r.id as string) === realm
  );
  for (const f of spec.filters ?? []) {
    if (f === "event_type") {
      const types = [...q.getAll("event_type"), ...q.getAll("event_type[]")];
      if (types.length && !types.includes("")) {
        rows = rows.filter((r) => types.some((t) => text(r.event_type).startsWith(t)));
      }
    } else if (f === "created_at_after") {
      const at = q.get(f);
      if (at) rows = rows.filter((r) => (r.created_at as number) >= Number(at));
    } else {
      const texts = [...q.getAll(f), ...q.getAll(`${f}[]`)].filter((v) => v !== "");
      if (texts.length) rows = rows.filter((r) => texts.includes(text(r[f])));
    }
  }
  const sort = q.get("sort") ?? spec.sort;
  const desc = (q.get("direction") ?? spec.direction) === "desc";
  const key = (r: Rec) => sort === "id" ? "" : text(r[sort]);
  rows.sort((a, b) => {
    const c = key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : text(a.id) < text(b.id) ? -1 : 1;
    return desc ? -c : c;
  });
  const after = q.get("after");
  if (after !== null) {
    if (sort === "id") rows = rows.filter((r) => desc ? text(r.id) < after : text(r.id) > after);
    else {
      const i = rows.findIndex((r) => r.id === after);
      rows = i < 0 ? [] : rows.slice(i + 1);
    }
  }
  const max = Number(q.get("max_results") ?? 100);
  return { ids: rows.slice(0, max).map((r) => r.id), more: rows.length > max };
}

describe("emulator lists: every filter ≡ a scan of the store", () => {
  it("agrees with the oracle after every few steps of a random history", async () => {
    const rand = prng(2026);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];
    let clock = Date.UTC(2026, 0, 1);
    const emu = createEmulator({ passwordIterations: 1, now: () => clock });
    const base = emu.client();
    const realms = [
      (await base.realms.createOrThrow({ name: "A" })).id,
      (await base.realms.createOrThrow({ name: "B" })).id,
    ];
    const names = ["ann", "bob", "cy", "dee", "eve", "fay"];
    const refs = ["r1", "r2", "r3"];
    const api = (realm: string) => base.withRealm(realm);
    const anyOf = (object: string) => {
      const ids = [...emu.store.values(object)].map((r) => r.id as string);
      return ids.length ? pick(ids) : undefined;
    };
    let checks = 0;
    let nonEmpty = 0;

    const probe = async () => {
      const users = [...emu.store.values("user")];
      const values: Record<string, string[]> = {
        realm_id: [...realms, "rl_none"],
        user_type: ["human", "api"],
        state: ["active", "inactive"],
        username: [...names, "zed"],
        email: names.map((n) => `${n}@example.com`),
        reference: [...refs, "nope"],
        user_id: [...users.map((u) => u.id as string).slice(0, 4), "usr_none"],
        org_id: [...[...emu.store.values("org")].map((o) => o.id as string).slice(0, 3), "org_x"],
        app_hook_id: [...[...emu.store.values("app_hook")].map((h) => h.id as string), "hk_x"],
        auth_provider_id: ["ap_x"],
        login_policy_id: ["lpl_x"],
        membership_id: [...[...emu.store.values("membership")].map((m) => m.id as string), "mb"],
      };
      for (const def of Object.values(DEFS)) {
        if (!def.verbs.includes("list") || !def.list) continue;
        for (let n = 0; n < 6; n++) {
          const q = new URLSearchParams();
          const realmRequired = !!(def.fields.realm_id?.req);
          const realm = realmRequired || rand() < 0.6 ? pick(realms) : undefined;
          if (realm) q.set("realm_id", realm);
          for (const f of def.list.filters ?? []) {
            if (f === "realm_id" || rand() < 0.6) continue;
            if (f === "event_type") {
              const types = ["user.", "user.login", "user.created", "org", "realm.updated", ""];
              for (let i = 0; i < 1 + Math.floor(rand() * 2); i++) {
                q.append(rand() < 0.5 ? "event_type[]" : "event_type", pick(types));
              }
            } else if (f === "created_at_after") {
              q.set(f, String(Math.floor(clock / 1000 - rand() * 4000)));
            } else if (rand() < 0.3) {
              q.append(`${f}[]`, pick(values[f] ?? ["x"]));
              q.append(`${f}[]`, pick(values[f] ?? ["x"]));
            } else q.set(f, pick(values[f] ?? ["x"]));
          }
          const sorts = def.list.sorts ?? [def.list.sort];
          if (rand() < 0.5) q.set("sort", pick(sorts));
          if (rand() < 0.4) q.set("direction", pick(["asc", "desc"]));
          if (rand() < 0.7) q.set("max_results", String(1 + Math.floor(rand() * 4)));
          const want = oracle(emu, def, q, realm);
          // A first page, then the page after one of the records (or after one that is gone).
          for (const after of [undefined, pick([...want.ids, "zz_gone"]) as string]) {
            if (after !== undefined) q.set("after", after);
            const expect = after === undefined ? want : oracle(emu, def, q, realm);
            const res = await emu.fetch(`/v1/${def.path}?${q}`, {
              headers: { "x-authrocket-api-key": emu.apiKey },
            });
            assert.equal(res.status, 200, `${def.path}?${q}`);
            const body = await res.json() as { more_results: boolean; collection: Rec[] };
            assert.deepEqual(
              { ids: body.collection.map((r) => r.id), more: body.more_results },
              expect,
              `${def.path}?${q}`,
            );
            checks++;
            if (expect.ids.length) nonEmpty++;
          }
        }
      }
    };

    for (let step = 0; step < 360; step++) {
      clock += Math.floor(rand() * 2000);
      const realm = pick(realms);
      const ar = api(realm);
      const roll = rand();
      const name = pick(names);
      if (roll < 0.22) {
        await ar.users.create(
          rand() < 0.6
            ? {
              user_type: "human",
              username: name,
              email: `${pick(names)}@example.com`,
              password: "correct horse",
              reference: pick(refs),
              state: pick(["active", "inactive"] as const),
            }
            : { user_type: "api", username: `${name}-bot`, reference: pick(refs) },
        );
      } else if (roll < 0.34) {
        const id = anyOf("user");
        if (id) {
          await base.users.update(
            id,
            pick([
              { state: pick(["active", "inactive"] as const) },
              { reference: rand() < 0.3 ? null : pick(refs) },
              { username: pick(names) },
              { email: `${pick(names)}@example.com` },
            ]),
          );
        }
      } else if (roll < 0.4) {
        const id = anyOf("user");
        if (id) await base.users.delete(id);
      } else if (roll < 0.52) {
        await ar.users.authenticate(name, "correct horse").catch(() => null);
      } else if (roll < 0.6) {
        await ar.orgs.create({ name: pick(names), reference: pick(refs) });
      } else if (roll < 0.64) {
        const id = anyOf("org");
        if (id) await base.orgs.update(id, { state: pick(["active", "inactive"] as const) });
      } else if (roll < 0.67) {
        const id = anyOf("org");
        if (id) await base.orgs.delete(id);
      } else if (roll < 0.76) {
        const u = anyOf("user");
        const home = u && emu.store.realmOf("user", u);
        const orgs = [...emu.store.values("org", { realm: home })].map((o) => o.id as string);
        const o = orgs.length && rand() < 0.8 ? pick(orgs) : null;
        if (u) await base.memberships.create({ user_id: u, org_id: o });
      } else if (roll < 0.79) {
        const id = anyOf("membership");
        if (id) await base.memberships.delete(id);
      } else if (roll < 0.84) {
        const u = anyOf("user");
        if (u) await base.sessions.create({ user_id: u }).catch(() => null);
      } else if (roll < 0.87) {
        const id = anyOf("session");
        if (id) await base.sessions.delete(id);
      } else if (roll < 0.9) {
        await base.appHooks.create({
          event_type: [],
          destination: "http://127.0.0.1:9/none",
          realm_id: rand() < 0.5 ? realm : null,
        });
      } else if (roll < 0.93) {
        emu.store.restore(emu.store.snapshot()); // the indexes are rebuilt from the rows
      } else {
        await ar.authProviders.create({ provider_type: "totp" }).catch(() => null);
      }
      if (step % 12 === 11) await probe();
    }
    assert.ok(checks > 2000 && nonEmpty > checks / 4, `${checks} lists, ${nonEmpty} not empty`);
  });
});
