// Each resource's behaviour and the resource table cannot drift apart: createEmulator checks
// the behaviour index against the table before it serves anything.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { createEmulator } from "../../../testing.ts";
import { checkBehaviour } from "../../../src/emulator/resources/index.ts";
import { DEFS } from "../../../src/emulator/table.ts";

describe("emulator: the resource table and the emulator cannot drift apart", () => {
  it("an action declared in the table without a handler stops createEmulator at once", () => {
    const actions = DEFS.user.actions as string[];
    actions.push("POST :id/not_handled");
    try {
      assert.throws(() => createEmulator(), { name: "Error", message: /user actions .* table/ });
    } finally {
      actions.pop();
    }
    assert.ok(createEmulator());
  });

  it("a rule for an unknown resource, or naming an undeclared field, is refused at start-up", () => {
    assert.throws(() => checkBehaviour({ nope: {} }), {
      name: "Error",
      message: /rule for unknown resource nope/,
    });
    assert.throws(() => checkBehaviour({ user: { optional: ["realm"] } }), {
      name: "Error",
      message: /unknown field realm/,
    });
    assert.doesNotThrow(() => checkBehaviour());
  });
});
