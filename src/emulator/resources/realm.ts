/**
 * The realm: its signing key follows its `jwt_algo`; a new realm gets its LoginRocket
 * provider; the first delete deactivates it, the second removes everything in it; `reset`
 * empties it and keeps its settings.
 * @module
 */
import { applyJwtAlgo, dropRealmTokens } from "../auth.ts";
import { json, type Kernel, notFound } from "../kernel.ts";
import { DEFS } from "../table.ts";
import type { Behaviour } from "./behaviour.ts";
import { dropUserRecords } from "./user.ts";

/** Delete a realm's data (its users' tokens first: they are found through the users). */
export function wipeRealm(k: Kernel, realmId: string, tables: readonly string[]): void {
  dropRealmTokens(k, realmId);
  for (const t of tables) {
    for (const id of [...k.store.ids(t, { realm: realmId })]) {
      if (t === "user") dropUserRecords(k, id);
      k.store.del(t, id);
    }
  }
}

/** The realm's behaviour. */
export const realm: Behaviour = {
  async afterInsert({ k, rec }) {
    await applyJwtAlgo(k, rec);
    k.store.put("realm", rec);
    k.store.put("auth_provider", {
      id: k.newId("ap_"),
      realm_id: rec.id,
      name: "LoginRocket",
      provider_type: "login_rocket",
      state: "active",
      login: true,
      signup: false,
      min_length: 8,
      created_at: k.ts(),
    });
  },
  async afterUpdate({ k, rec, changes }) {
    if ("jwt_algo" in changes) await applyJwtAlgo(k, rec);
  },
  // The first delete deactivates (spec 5.1, the PHP client's RealmTest: then not found
  // with `state=active`); the second removes the realm and everything in it.
  remove({ k, rec }) {
    if (rec.state !== "inactive") {
      rec.state = "inactive";
      return "kept";
    }
    wipeRealm(k, rec.id as string, Object.keys(DEFS).filter((t) => t !== "realm"));
    k.store.setKv("secrets", rec.id as string, undefined);
  },
  actions: {
    "POST :id/reset": (c) => {
      const realm = c.k.store.get("realm", c.id);
      if (!realm) return notFound();
      wipeRealm(c.k, c.id, ["user", "org", "membership", "session", "event", "credential"]);
      return json(200, c.k.out(c.def, realm));
    },
  },
};
