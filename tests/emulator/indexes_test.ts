// The store's value index (Store.findBy, what the uniqueness checks use) answers exactly what
// a scan of Store.values answers, through puts, re-puts, records changed in place before their
// put, deletes, realm moves and restore; and the emulator's uniqueness rules follow renames.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { createEmulator, Store, type StoredRecord } from "../../testing.ts";
import { prng } from "../helpers.ts";
import { emulatorRealm, realmOf } from "../realm.ts";

describe("emulator store: findBy ≡ a scan of values", () => {
  it("agrees with a scan after every step of a random history", () => {
    const rand = prng(11);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];
    const store = new Store(["user"]);
    const realms = ["rl_a", "rl_b", undefined];
    const names = ["ann", "bob", "cy", undefined];
    const ids = Array.from({ length: 12 }, (_, i) => `usr_${String(i).padStart(2, "0")}`);
    const probe = () => {
      for (const realm of ["rl_a", "rl_b", "rl_c", undefined]) {
        for (const v of names) {
          for (const except of [undefined, pick(ids)]) {
            const by = realm === undefined ? undefined : { realm };
            const want = [...store.values("user", by)].find((r) =>
              r.username === v && r.id !== except
            );
            assert.equal(store.findBy("user", by, "username", v, except), want, `${realm} ${v}`);
          }
        }
      }
    };
    probe(); // builds the index on an empty table
    for (let step = 0; step < 600; step++) {
      const id = pick(ids);
      const live = store.get("user", id);
      const roll = rand();
      if (roll < 0.45) {
        const rec: StoredRecord = { id, realm_id: pick(realms), username: pick(names) };
        if (rec.username === undefined) delete rec.username;
        store.put("user", rec);
      } else if (roll < 0.7 && live) {
        // Changed in place, then put: the index must move it from the value it was filed under.
        live.username = pick(names);
        if (rand() < 0.3) live.realm_id = pick(realms);
        store.put("user", live);
      } else if (roll < 0.9) {
        store.del("user", id);
      } else {
        const copy = new Store(["user"]);
        copy.restore(store.snapshot());
        store.restore(copy.snapshot());
      }
      probe();
    }
  });

  it("does not return a record changed in place away from the value (before its put)", () => {
    const store = new Store(["user"]);
    const rec = store.put("user", { id: "usr_1", realm_id: "rl_1", username: "ann" });
    assert.equal(store.findBy("user", { realm: "rl_1" }, "username", "ann"), rec);
    rec.username = "bob";
    assert.equal(store.findBy("user", { realm: "rl_1" }, "username", "ann"), undefined);
    store.put("user", rec);
    assert.equal(store.findBy("user", { realm: "rl_1" }, "username", "bob"), rec);
    assert.equal(store.findBy("user", { realm: "rl_1" }, "username", "bob", "usr_1"), undefined);
  });
});

describe("emulator: uniqueness follows renames and deletes", () => {
  it("a renamed user's old name is free, its new one taken; a deleted user's name is free", async () => {
    const { base, ar } = await emulatorRealm({ name: "Unique" }, { passwordIterations: 1 });
    const dave = await ar.users.createOrThrow({ user_type: "api", username: "dave" });
    const taken = await ar.users.create({ user_type: "api", username: "DAVE" });
    assert.deepEqual(taken.errors, ["Username has already been taken"]);
    assert.equal(await dave.update({ username: "david" }), true);
    const again = await ar.users.createOrThrow({ user_type: "api", username: "dave" });
    const clash = await ar.users.create({ user_type: "api", username: "david" });
    assert.deepEqual(clash.errors, ["Username has already been taken"]);
    assert.equal(await again.update({ username: "david" }), false, "rename onto a taken name");
    assert.equal(await again.update({ username: "dave" }), true, "its own name is not a clash");
    await dave.delete();
    await ar.users.createOrThrow({ user_type: "api", username: "david" });
    // Another realm's names are its own.
    const other = (await realmOf(base, { name: "Other" })).ar;
    await other.users.createOrThrow({ user_type: "api", username: "dave" });
  });

  it("emails: unique per realm unless the realm allows duplicates; a changed email frees the old one", async () => {
    const emu = createEmulator({ passwordIterations: 1 });
    const base = emu.client();
    const human = (email: string, username: string) => ({
      user_type: "human" as const,
      username,
      email,
      password: "correct horse",
    });
    const strict = (await realmOf(base, { name: "Strict" })).ar;
    const ann = await strict.users.createOrThrow(human("ann@example.com", "ann"));
    const dup = await strict.users.create(human("ANN@example.com", "ann2"));
    assert.deepEqual(dup.errors, ["Email has already been taken"]);
    assert.equal(await ann.update({ email: "anne@example.com" }), true);
    await strict.users.createOrThrow(human("ann@example.com", "ann3"));
    const loose = (await realmOf(base, { name: "Loose", require_unique_emails: false })).ar;
    await loose.users.createOrThrow(human("bob@example.com", "bob"));
    await loose.users.createOrThrow(human("bob@example.com", "bob2"));
    // Lookups by username go through the same index.
    assert.equal((await strict.users.find("ANN3")).email, "ann@example.com");
  });
});
