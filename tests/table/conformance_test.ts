// The client against the emulator, driven by the resource table itself: for every resource
// and every verb it has, create → find → update → list and page → delete → gone, through the
// generic `ar.resource(object)` API and the named one, in-process, over real HTTP on
// 127.0.0.1, and against the standalone server (the CLI in its own process). A verb, field or
// path that the client and the emulator disagree on fails here.
import { after, describe, it } from "node:test";
import assert from "node:assert/strict";
import { AuthRocket, RecordNotFound } from "../../mod.ts";
import type { ArRecord, Org, Realm, User } from "../../mod.ts";
import { createEmulator } from "../../testing.ts";
import { DEFS } from "../../src/emulator/table.ts";
import { type Running, startCli } from "../emulator_process.ts";
import { realmOf } from "../realm.ts";

const emu = createEmulator({ passwordIterations: 1000 });
type Attrs = Record<string, unknown>;
interface Ctx {
  realm: Realm;
  user: User;
  orgs: Org[];
}

/** For each creatable resource: the i-th valid new record, a change to it, and a list filter. */
const FIXTURES: Record<string, {
  attrs(c: Ctx, i: number): Attrs;
  change?: Attrs;
  filter?(c: Ctx): Attrs;
}> = {
  realm: {
    attrs: (_c, i) => ({ name: `Conformance ${i} ${Math.random()}` }),
    change: { name: "Renamed" },
  },
  user: {
    attrs: (_c, i) => ({
      user_type: "human",
      username: `user${i}`,
      email: `user${i}@example.com`,
      password: "correct horse",
    }),
    change: { first_name: "Changed" },
  },
  org: { attrs: (_c, i) => ({ name: `Org ${i}` }), change: { name: "Org renamed" } },
  membership: {
    attrs: (c, i) => ({ user_id: c.user.id, org_id: c.orgs[i].id, permissions: ["read"] }),
    change: { permissions: ["read", "write"] },
    filter: (c) => ({ user_id: c.user.id }),
  },
  session: { attrs: (c) => ({ user_id: c.user.id }), filter: (c) => ({ user_id: c.user.id }) },
  credential: {
    attrs: (c, i) => ({ user_id: c.user.id, credential_type: "totp", name: `Phone ${i}` }),
    change: { name: "Tablet" },
  },
  auth_provider: {
    attrs: (_c, i) => ({ provider_type: "github", client_id: `cid${i}`, name: `GitHub ${i}` }),
    change: { name: "GitHub (renamed)" },
  },
  login_policy: {
    attrs: (_c, i) => ({ name: `App ${i}`, login_handler: `https://app${i}.example/login` }),
    change: { name: "App renamed" },
  },
  app_hook: {
    attrs: (_c, i) => ({
      event_type: ["user.created"],
      hook_type: "webhook",
      destination: `https://hooks.example/${i}`,
    }),
    change: { destination: "https://hooks.example/changed" },
  },
  jwt_key: { attrs: () => ({ algo: "hs256", use: "sign" }) },
  user_token: {
    attrs: (_c, i) => ({
      username: `token${i}`,
      email: `t${i}@example.com`,
      password: "long enough",
    }),
  },
};

const creatable = Object.values(DEFS).filter((d) => d.verbs.includes("create"));
const checkedAssociations = new Set<string>();

const MODES = ["injected fetch", "real HTTP on 127.0.0.1", "standalone server process"] as const;
for (const mode of MODES) {
  describe(`conformance: every resource and verb of the table (${mode})`, () => {
    // The standalone server (server helper's addition): the CLI spawned once on port 0, the
    // client built from the env lines it printed, stopped with SIGTERM at the end.
    let cli: Promise<Running> | undefined;
    after(async () => void await (await cli)?.stop());
    const withClient = async (f: (ar: AuthRocket) => Promise<void>) => {
      if (mode === "injected fetch") return await f(emu.client());
      if (mode === "standalone server process") {
        const { env } = await (cli ??= startCli(["--port", "0", "--quiet"]));
        const { AUTHROCKET_REALM: _, ...unscoped } = env; // each case makes its own realm
        return await f(AuthRocket.fromEnv(unscoped));
      }
      const server = await emu.listen();
      try {
        await f(new AuthRocket({ url: server.url, apiKey: emu.apiKey }));
      } finally {
        await server.close();
      }
    };

    it("every creatable resource of the table has a fixture (a new row cannot go untested)", () => {
      assert.deepEqual(
        creatable.map((d) => d.object).sort(),
        Object.keys(FIXTURES).sort(),
      );
    });

    for (const def of creatable) {
      it(`${def.object}: ${def.verbs.join(", ")}`, async () => {
        await withClient(async (base) => {
          const { realm, ar } = await realmOf(base, { name: `Home ${Math.random()}` });
          const user = await ar.users.createOrThrow({
            user_type: "human",
            username: "owner",
            email: "owner@example.com",
            password: "correct horse",
          });
          const orgs = await Promise.all(
            [0, 1, 2].map((i) => ar.orgs.createOrThrow({ name: `O${i}` })),
          );
          const ctx: Ctx = { realm, user, orgs };
          const fx = FIXTURES[def.object];
          const api = ar.resource(def.object);
          const made: ArRecord[] = [];
          for (let i = 0; i < 3; i++) {
            const attrs = fx.attrs(ctx, i);
            const rec = await api.createOrThrow(attrs);
            assert.equal(rec.constructor, ar.recordClass(def.object), "the table's record class");
            if (def.object === "session" || def.object === "credential" || rec.id !== null) {
              assert.ok(String(rec.id).startsWith(def.prefix), `${rec.id} has ${def.prefix}`);
            }
            for (const [k, v] of Object.entries(attrs)) {
              if (def.fields[k]?.wo || k === "username" || k === "email") continue;
              assert.deepEqual(rec.get(k), v, `${def.object}.${k} round-trips`);
            }
            made.push(rec);
          }
          // Associations, both ways, from the table: each belongs_to resolves to the record its
          // foreign key names, and that parent's has_many for this resource lists the records.
          for (const [name, parentObject] of Object.entries(def.belongsTo ?? {})) {
            const fk = made[0].get(`${parentObject}_id`);
            if (typeof fk !== "string") continue;
            const rec = made[0] as unknown as Record<string, () => Promise<ArRecord | null>>;
            const parent = await rec[name]();
            assert.ok(parent, `${def.object}.${name}()`);
            assert.equal(parent.id, fk, `${def.object}.${name}() is ${fk}`);
            const parentDef = DEFS[parentObject];
            for (const [many, child] of Object.entries(parentDef.hasMany ?? {})) {
              if (child !== def.object || !def.verbs.includes("list")) continue;
              const p = parent as unknown as Record<string, () => Promise<ArRecord[]>>;
              const ids = (await p[many]()).map((r) => r.id);
              for (const r of made) {
                if (r.get(`${parentObject}_id`) === fk) {
                  assert.ok(ids.includes(r.id), `${parentObject}.${many}() lists ${r.id}`);
                }
              }
              checkedAssociations.add(`${parentObject}.${many}`);
            }
            checkedAssociations.add(`${def.object}.${name}`);
          }
          if (def.verbs.includes("get")) {
            const found = await api.find(made[0].id);
            assert.equal(found.id, made[0].id);
            assert.deepEqual(found.toJSON(), made[0].toJSON(), "find returns what create did");
          }
          if (def.verbs.includes("update") && fx.change) {
            const rec = made[0] as ArRecord & { update(a: Attrs): Promise<boolean> };
            assert.equal(await rec.update(fx.change), true);
            for (const [k, v] of Object.entries(fx.change)) assert.deepEqual(rec.get(k), v);
            const again = await api.find(rec.id);
            for (const [k, v] of Object.entries(fx.change)) assert.deepEqual(again.get(k), v);
          }
          if (def.verbs.includes("list")) {
            const filter = fx.filter?.(ctx) ?? {};
            const all = await api.all(filter);
            const ids = all.map((r) => r.id);
            for (const r of made) assert.ok(ids.includes(r.id), `${r.id} listed`);
            const paged: unknown[] = [];
            for await (const r of api.iterate({ ...filter, max_results: 1 })) paged.push(r.id);
            assert.deepEqual(paged, ids, "paging one at a time gives the same records in order");
          }
          if (def.verbs.includes("delete")) {
            const rec = made[1] as ArRecord & { delete(): Promise<boolean> };
            assert.equal(await rec.delete(), true);
            if (
              def.verbs.includes("get") && (await api.retrieve(rec.id))?.get("state") === "inactive"
            ) {
              // Soft-deleted first (realms, spec 5.1): the second delete removes it.
              assert.equal(await rec.delete(), true);
            }
            if (def.verbs.includes("get")) {
              assert.equal(await api.retrieve(made[1].id), null);
              await assert.rejects(api.find(made[1].id), RecordNotFound);
            }
          }
          if (def.object !== "realm" && def.object !== "session" && def.object !== "credential") {
            const events = await ar.events.all({ realm_id: realm.id });
            const created = events.filter((e) => e.event_type === `${def.object}.created`);
            assert.ok(created.length >= 3, `${def.object}.created events recorded`);
          }
        });
      });
    }
  });
}

describe("conformance: association coverage", () => {
  it("every belongs_to of a creatable resource, and the has_many behind it, was exercised", () => {
    const expected: string[] = [];
    for (const def of creatable) {
      for (const [name, parent] of Object.entries(def.belongsTo ?? {})) {
        if (def.object === "credential" && parent === "auth_provider") continue; // fk unset for totp without provider
        expected.push(`${def.object}.${name}`);
      }
    }
    for (const e of expected) assert.ok(checkedAssociations.has(e), `${e} not exercised`);
    for (
      const many of [
        "realm.users",
        "realm.orgs",
        "user.memberships",
        "user.sessions",
        "org.memberships",
      ]
    ) {
      assert.ok(checkedAssociations.has(many), `${many} not exercised`);
    }
  });
});
