// What a refusal says: several messages are joined readably ("; ", not bare
// spaces), and a refusal for want of a realm names the fix — the `realm` setting, the
// AUTHROCKET_REALM variable, withRealm() — when the client has no realm set. The API's
// messages themselves (`errors`) stay exactly as it sent them.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { RecordInvalid, unchecked, ValidationError } from "../mod.ts";
import { createEmulator } from "../testing.ts";
import { client, json, recorder } from "./helpers.ts";

const FIX =
  /\. No realm was given: set the `realm` setting \(env AUTHROCKET_REALM\), call ar\.withRealm\("rl_…"\), or pass realm_id$/;

describe("refusals name the fix and read as sentences", () => {
  const emu = createEmulator({ passwordIterations: 1 });

  it("a list without a realm: ValidationError naming `realm`, AUTHROCKET_REALM and withRealm()", async () => {
    await assert.rejects(emu.client().users.all(), (e: unknown) => {
      assert.ok(e instanceof ValidationError, String(e));
      assert.match(e.message, /^Validation failed: Realm can't be blank/);
      assert.match(e.message, FIX);
      assert.deepEqual(e.errors, ["Realm can't be blank"], "the API's list is unchanged");
      return true;
    });
  });

  it("a create without a realm: RecordInvalid, its messages joined by '; ', then the fix", async () => {
    await assert.rejects(emu.client().users.createOrThrow({ username: "dave" }), (e: unknown) => {
      assert.ok(e instanceof RecordInvalid, String(e));
      // The emulator's three messages, in its order, joined by "; ", then the fix.
      assert.equal(e.errors.length, 3);
      assert.ok(e.message.startsWith(`User Invalid: ${e.errors.join("; ")}. No realm`));
      assert.ok(e.errors.includes("Realm can't be blank"));
      assert.match(e.message, FIX);
      assert.ok(!e.errors.some((m) => /withRealm/.test(m)));
      return true;
    });
  });

  it("with a realm set, the same refusal names no realm fix (the realm was sent)", async () => {
    const r = recorder([json(422, { errors: ["Realm can't be blank", "Sort is bad"] })]);
    await assert.rejects(client(r.fetch).users.all(), (e: unknown) => {
      assert.ok(e instanceof ValidationError);
      assert.equal(e.message, "Validation failed: Realm can't be blank; Sort is bad");
      return true;
    });
  });

  it("other refusals without a realm get no hint; one message reads as before", async () => {
    const r = recorder([json(422, { errors: { username: ["Username can't be blank"] } })]);
    const ar = client(r.fetch, { realm: undefined });
    await assert.rejects(ar.users.createOrThrow({}), (e: unknown) => {
      assert.ok(e instanceof RecordInvalid);
      assert.equal(e.message, "User Invalid: Username can't be blank");
      return true;
    });
  });

  it('a ValidationError reads "Validation failed: Sort is not included in the list", with its status', async () => {
    const ar = createEmulator({ passwordIterations: 1000 }).client();
    await assert.rejects(
      ar.users.all(unchecked({ sort: "shoe_size" })), /* a compile error without unchecked() */
      (e) => {
        assert.ok(e instanceof ValidationError);
        assert.equal(e.message, "Validation failed: Sort is not included in the list");
        assert.equal(e.status, 422);
        assert.equal(e.code, "validation_failed");
        assert.ok(!String(e).startsWith("ValidationError: Error:"));
        return true;
      },
    );
  });
});
