// The store's contract with a persistence layer: snapshot/restore are exact, the changes
// handed to onCommit after each request replay to the same state, and a request that changes
// nothing commits nothing.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { type Change, createEmulator } from "../../testing.ts";
import { realmOf } from "../realm.ts";

describe("emulator store: snapshot, restore, changes", () => {
  it("restore(first snapshot) + apply(every request's changes) ≡ the live store", async () => {
    const commits: Change[][] = [];
    const emu = createEmulator({
      passwordIterations: 1000,
      onCommit: (changes) => {
        commits.push(structuredClone(changes));
      },
    });
    const start = emu.store.snapshot();
    const ar = emu.client();
    const { realm, ar: r } = await realmOf(ar, { name: "Durable", jwt_algo: "rs256" });
    const u = await r.users.createOrThrow({
      user_type: "human",
      username: "dave",
      email: "dave@example.com",
      password: "correct horse",
    });
    const org = await r.orgs.createOrThrow({ name: "Acme" });
    await r.memberships.createOrThrow({ user_id: u.id, org_id: org.id });
    await r.users.authenticate("dave", "correct horse");
    await r.users.generatePasswordToken("dave");
    const totp = await r.credentials.createOrThrow({
      user_id: u.id,
      credential_type: "totp",
      name: "phone",
    });
    await totp.verify(await emu.totp(totp.otp_secret as string));
    await u.update({ first_name: "Dave" });
    const doomed = await r.users.createOrThrow({ user_type: "api", username: "bot" });
    await doomed.delete();
    const n = commits.length;
    await r.users.find(u.id);
    await r.users.all();
    assert.equal(commits.length, n, "reads commit nothing");

    const everything = JSON.stringify([emu.store.snapshot(), commits]);
    assert.ok(!everything.includes("correct horse"), "no password in clear, anywhere in the state");
    const copy = createEmulator({ passwordIterations: 1000 });
    copy.store.restore(start);
    for (const c of commits) copy.store.apply(JSON.parse(JSON.stringify(c)));
    assert.deepEqual(copy.store.snapshot(), emu.store.snapshot());

    // The restored emulator serves the same data: the password hash, the RS256 key, 2FA.
    const copyEmu = createEmulator({ apiKey: emu.apiKey, passwordIterations: 1000 });
    copyEmu.store.restore(emu.store.snapshot());
    const ar2 = copyEmu.client().withRealm(realm.id);
    const login = await ar2.users.authenticate("dave", "correct horse");
    assert.match(String(login.token), /^kli_/, "the TOTP credential survived: 2FA is asked");
    assert.equal((await ar2.users.find("dave")).first_name, "Dave");
  });

  it("a foreign or corrupt state is refused with a TypeError and leaves the store as it was", async () => {
    const emu = createEmulator({ passwordIterations: 1000 });
    await emu.client().realms.createOrThrow({ name: "Kept" });
    const before = emu.store.snapshot();
    for (const bad of [null, 42, {}, { format: "other/1" }, { ...before as object, tables: 5 }]) {
      assert.throws(() => emu.store.restore(bad), TypeError);
    }
    assert.deepEqual(emu.store.snapshot(), before);
  });

  it("a failing onCommit answers 500: the client is never told a write is durable when it is not", async () => {
    const emu = createEmulator({
      passwordIterations: 1000,
      onCommit: () => Promise.reject(new Error("disk full")),
    });
    const res = await emu.fetch(`${emu.origin}/v1/realms`, {
      method: "POST",
      headers: { "x-authrocket-api-key": emu.apiKey, "content-type": "application/json" },
      body: JSON.stringify({ realm: { name: "x" } }),
    });
    assert.equal(res.status, 500);
    assert.doesNotMatch(await res.text(), /disk full/);
  });
});
