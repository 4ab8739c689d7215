// What an answer's headers carry (src/response.ts): Retry-After in seconds or as an HTTP date,
// and the request id, to onResponse, the result and every error of an answer.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import {
  RateLimited,
  RecordInvalid,
  RecordNotFound,
  type ResponseInfo,
  ServerError,
  unchecked,
  ValidationError,
} from "../mod.ts";
import { retryAfterSeconds } from "../src/response.ts";
import { client, json, once, recorder, userJson } from "./helpers.ts";

describe("Retry-After and request ids", () => {
  it("retryAfterSeconds: seconds, decimals, HTTP dates against the given clock, else undefined", () => {
    const now = Date.parse("Sat, 28 Nov 2026 12:00:00 GMT");
    assert.equal(retryAfterSeconds(null, now), undefined);
    assert.equal(retryAfterSeconds("", now), undefined);
    assert.equal(retryAfterSeconds(" 7 ", now), 7);
    assert.equal(retryAfterSeconds("1.5", now), 1.5);
    assert.equal(retryAfterSeconds("120", now), 120);
    assert.equal(retryAfterSeconds("1.25", now), 1.25);
    for (const junk of ["x5", "1x5", "5 s"]) {
      assert.equal(retryAfterSeconds(junk, now), undefined, junk);
    }
    assert.equal(retryAfterSeconds("Sat, 28 Nov 2026 12:00:10 GMT", now), 10);
    assert.equal(retryAfterSeconds("Sat, 28 Nov 2026 12:00:10 GMT", now + 8_800), 2, "ceil(1.2)");
    assert.equal(retryAfterSeconds("Sat, 28 Nov 2026 11:59:00 GMT", now), 0, "a past date");
    assert.equal(retryAfterSeconds("soon", now), undefined);
    assert.equal(retryAfterSeconds("10 s", now), undefined);
  });

  it("a 429 that cannot be retried: RateLimited with retryAfter, status, message, request id", async () => {
    const at = (h: Record<string, string>) =>
      once(json(429, {}, h)).request("GET", "users").catch((e) => e);
    const e1 = await at({ "retry-after": "3", "x-request-id": "req_r" });
    assert.ok(e1 instanceof RateLimited);
    assert.equal(e1.retryAfter, 3);
    assert.equal(e1.status, 429);
    assert.equal(e1.requestId, "req_r");
    assert.equal(e1.message, "Rate limited; wait before trying again");
    const e2 = await at({});
    assert.ok(e2 instanceof RateLimited);
    assert.equal(e2.retryAfter, undefined);
    assert.ok(!("requestId" in e2));
  });

  it("request ids: X-Request-Id first, else Request-Id; 1 to 200 printable characters", async () => {
    const idOf = async (h: Record<string, string>) =>
      (await once(json(200, {}, h)).request("GET", "users/x")).requestId;
    assert.equal(await idOf({ "x-request-id": "a", "request-id": "b" }), "a");
    assert.equal(await idOf({ "request-id": "b" }), "b");
    assert.equal(await idOf({ "x-request-id": "r".repeat(200) }), "r".repeat(200));
    assert.equal(await idOf({ "x-request-id": "r".repeat(201) }), undefined);
    assert.equal(await idOf({ "x-request-id": "~!" }), "~!");
    for (const bad of ["", "a b", "ab\u00e9", "\u00e9ab", "a\tb"]) {
      assert.equal(await idOf({ "x-request-id": bad }), undefined, JSON.stringify(bad));
    }
  });
});

describe("request ids", () => {
  it("reach onResponse, the result and every error of an answer", async () => {
    const id = { "x-request-id": "req_42" };
    const events: ResponseInfo[] = [];
    const r = recorder([
      json(200, userJson(), id),
      json(422, { errors: ["Sort is not included in the list"] }, id),
      json(404, { error: "Not found" }, id),
      json(500, {}, id),
    ]);
    const ar = client(r.fetch, { maxRetries: 0, onResponse: (i) => events.push(i) });
    const ok = await ar.transport.request("GET", "users/usr_1");
    assert.equal(ok.requestId, "req_42");
    await assert.rejects(ar.users.all(unchecked({ sort: "x" })), (e) => {
      assert.ok(e instanceof ValidationError);
      assert.equal(e.status, 422);
      assert.equal(e.requestId, "req_42");
      assert.equal(e.message, "Validation failed: Sort is not included in the list");
      return true;
    });
    await assert.rejects(
      ar.users.find("x"),
      (e) => e instanceof RecordNotFound && e.requestId === "req_42",
    );
    await assert.rejects(
      ar.users.find("x"),
      (e) => e instanceof ServerError && e.requestId === "req_42",
    );
    assert.deepEqual(events.map((e) => e.requestId), ["req_42", "req_42", "req_42", "req_42"]);
  });

  it("a refused delete is a RecordInvalid with the answer's own status (409) and request id", async () => {
    const r = recorder([
      json(409, { errors: ["Cannot delete: user has memberships"] }, { "x-request-id": "req_9" }),
    ]);
    await assert.rejects(client(r.fetch).users.delete("usr_1"), (e) => {
      assert.ok(e instanceof RecordInvalid);
      assert.equal(e.status, 409);
      assert.equal(e.requestId, "req_9");
      assert.equal(e.code, "record_invalid");
      return true;
    });
  });

  it("no header → no requestId property; a header that is not printable is dropped", async () => {
    const r = recorder([json(200, userJson()), json(500, {}, { "x-request-id": "a b" })]);
    const ar = client(r.fetch, { maxRetries: 0 });
    const ok = await ar.transport.request("GET", "users/usr_1");
    assert.ok(!("requestId" in ok));
    await assert.rejects(ar.users.find("x"), (e) => {
      assert.ok(e instanceof ServerError);
      assert.ok(!("requestId" in e));
      return true;
    });
  });
});
