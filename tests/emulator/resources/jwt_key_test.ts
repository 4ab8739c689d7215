// JWT keys through the API: an HS256 key made without a key of its own is given a `jsk_`
// secret.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { createEmulator } from "../../../testing.ts";

const emu = createEmulator({ passwordIterations: 1000 });

describe("emulator: jwt keys", () => {
  it("jwt keys get a key", async () => {
    const ar0 = emu.client();
    const realm = await ar0.realms.createOrThrow({ name: "Sessions" });
    const ar = ar0.withRealm(realm.id).with({ jwtSecret: realm.jwt_key });
    const k = await ar.jwtKeys.createOrThrow({ algo: "hs256", use: "sign" });
    assert.match(String(k.get("key")), /^jsk_/);
  });
});
