// RecordInvalid reports the answer that refused the write: its status (409 or 422) and request
// id, from every verb that throws it (a resource's, a record's, an association's).
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { RecordInvalid } from "../mod.ts";
import { client, json, recorder, userJson } from "./helpers.ts";

const refusal = (status: number) =>
  json(status, { errors: { base: ["Cannot do that now"] } }, { "x-request-id": `req_${status}` });

async function thrown(p: Promise<unknown>): Promise<RecordInvalid> {
  const e = await p.then(() => undefined, (e: unknown) => e);
  assert.ok(e instanceof RecordInvalid, `RecordInvalid expected, got ${e}`);
  return e;
}

describe("RecordInvalid carries the status of the answer", () => {
  for (const status of [409, 422]) {
    it(`${status}: createOrThrow, updateOrThrow, a record's and an association's, and delete`, async () => {
      const { fetch } = recorder([
        json(200, userJson("usr_1")),
        json(200, { id: "rl_1", object: "realm", name: "Acme" }),
      ], refusal(status));
      const ar = client(fetch);
      const user = await ar.users.find("usr_1");
      const realm = await ar.realms.find("rl_1");
      const errors = [
        await thrown(ar.users.createOrThrow({ user_type: "api" })),
        await thrown(ar.users.updateOrThrow("usr_1", { first_name: "S" })),
        await thrown(user.updateOrThrow({ first_name: "S" })),
        await thrown(realm.createUserOrThrow({ user_type: "api" })),
        await thrown(realm.updateUserOrThrow("usr_1", { first_name: "S" })),
        await thrown(ar.users.delete("usr_1")),
      ];
      for (const e of errors) {
        assert.equal(e.status, status, e.message);
        assert.equal(e.requestId, `req_${status}`);
        assert.deepEqual(e.errors, ["Cannot do that now"]);
      }
    });
  }
});
