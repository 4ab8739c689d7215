// One reader of JSON text that must hold an object (src/json.ts), for the JWT core's header and
// claims and for the API's answers alike: anything but an object is `null`, never a throw.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { jsonObject } from "../src/json.ts";

describe("jsonObject", () => {
  it("an object, as parsed; anything else, malformed text and null included, is null", () => {
    assert.deepEqual(jsonObject('{"a":[1,{"b":null}]}'), { a: [1, { b: null }] });
    assert.deepEqual(jsonObject(" {} "), {});
    for (const text of ["[]", "null", "1", '"x"', "true", "", "{", "{'a':1}", "\uFEFF{}", null]) {
      assert.equal(jsonObject(text), null, String(text));
    }
  });
});
