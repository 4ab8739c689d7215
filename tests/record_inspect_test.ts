// A record the API refused prints as one: console.log, util.inspect, Deno.inspect
// and Bun.inspect of the record from a failed create() say it was not saved and show its
// errors; a loaded record whose update was refused says its last change was refused. A saved
// record prints as before, and toJSON (the API's shape) never carries the errors.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { Console } from "node:console";
import { Writable } from "node:stream";
import { inspect } from "node:util";
import { SALLY } from "./helpers.ts";
import { emulatorRealm } from "./realm.ts";

type Platform = {
  Deno?: { inspect(v: unknown, o?: unknown): string };
  Bun?: { inspect(v: unknown): string };
};

/** The record as each printer of this runtime shows it, by printer. */
function shown(x: unknown): Record<string, string> {
  let logged = "";
  const sink = new Writable({
    write(c, _e, cb) {
      logged += String(c);
      cb();
    },
  });
  new Console({ stdout: sink }).log(x);
  const out: Record<string, string> = { "console.log": logged, "util.inspect": inspect(x) };
  const g = globalThis as unknown as Platform;
  if (g.Deno) out["Deno.inspect"] = g.Deno.inspect(x);
  if (g.Bun) out["Bun.inspect"] = g.Bun.inspect(x);
  return out;
}

/** A client of a fresh emulator realm. */
async function world() {
  return (await emulatorRealm({ name: "Inspect" }, { passwordIterations: 1 })).ar;
}

describe("a refused record prints its errors and that it was not saved", () => {
  it("a failed create(): 'User (not saved)' and its errors, in every printer", async () => {
    const ar = await world();
    const user = await ar.users.create({ ...SALLY, username: "dave", password: "short" });
    assert.ok(user.hasErrors);
    const printers = shown(user);
    assert.ok(Object.keys(printers).length >= 2);
    for (const [printer, text] of Object.entries(printers)) {
      assert.match(text, /^User \(not saved\) \{/, printer);
      assert.match(
        text,
        /errors: \[\s*["']Password is too short \(minimum is 8 characters\)["']/,
        printer,
      );
      assert.match(text, /username: ["']dave["']/, printer);
      assert.ok(!text.includes('short"'), `${printer} shows no password`);
    }
    assert.equal(JSON.stringify(user.toJSON()).includes("errors"), false, "toJSON unchanged");
    assert.equal(user.toJSON().username, "dave");
  });

  it("a loaded record whose update was refused: 'last change refused'; a saved one as before", async () => {
    const ar = await world();
    const sally = await ar.users.createOrThrow(SALLY);
    for (const [printer, text] of Object.entries(shown(sally))) {
      assert.match(text, /^User \{/, printer);
      assert.ok(!/errors|not saved|refused/.test(text), printer);
    }
    assert.equal(await sally.update({ email: "" }), false);
    for (const [printer, text] of Object.entries(shown(sally))) {
      assert.match(text, /^User \(last change refused\) \{/, printer);
      assert.match(text, /errors: \[/, printer);
    }
    assert.ok(await sally.update({ first_name: "Sal" }), "a later success clears the errors");
    assert.match(inspect(sally), /^User \{/);
  });
});
