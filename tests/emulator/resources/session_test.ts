// Sessions through the API: a create returns the session with its token, stored (and found by
// its token) when the realm manages sessions, not stored when it does not.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { createEmulator } from "../../../testing.ts";
import { SALLY as sally } from "../../helpers.ts";
import { realmOf } from "../../realm.ts";

const emu = createEmulator({ passwordIterations: 1000 });

describe("emulator: sessions", () => {
  it("sessions: create returns a token (stored when managed, not when unmanaged)", async () => {
    const { realm, ar: scoped, jwtSecret } = await realmOf(emu.client(), { name: "Sessions" });
    const ar = scoped.with({ jwtSecret });
    const u = await ar.users.createOrThrow(sally);
    const s = await ar.sessions.createOrThrow({ user_id: u.id });
    assert.match(s.id, /^kss_/);
    assert.equal((await ar.sessions.fromToken(s.token))?.id, s.id);
    assert.equal((await ar.sessions.retrieve(s.token!))?.id, s.id);
    assert.equal(await realm.update({ session_type: "unmanaged" }), true);
    const loose = await ar.sessions.createOrThrow({ user_id: u.id });
    assert.equal(loose.id, null);
    assert.ok(await ar.sessions.fromToken(loose.token));
  });
});
