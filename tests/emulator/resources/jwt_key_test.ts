// JWT keys through the API: an HS256 key made without a key of its own is given a `jsk_`
// secret.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { createEmulator } from "../../../testing.ts";
import { realmOf } from "../../realm.ts";

const emu = createEmulator({ passwordIterations: 1000 });

describe("emulator: jwt keys", () => {
  it("jwt keys get a key", async () => {
    const { ar: scoped, jwtSecret } = await realmOf(emu.client(), { name: "Sessions" });
    const ar = scoped.with({ jwtSecret });
    const k = await ar.jwtKeys.createOrThrow({ algo: "hs256", use: "sign" });
    assert.match(String(k.get("key")), /^jsk_/);
  });
});
