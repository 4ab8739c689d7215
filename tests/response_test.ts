// What an answer means (src/response.ts), driven through the client with a scripted fetch: the
// result shapes of 2xx/215/409/422, the error class and the exact message of every other status,
// and bodies that are empty, truncated, not an object or broken mid-stream.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import {
  AccessDenied,
  AccountInactive,
  AuthenticationFailed,
  ClientError,
  ConnectionError,
  RecordNotFound,
  type RequestInfo,
  ResponseError,
  type ResponseInfo,
  ServerError,
} from "../mod.ts";
import { API_KEY, client, instrumented, json, once, recorder, text, userJson } from "./helpers.ts";
import { assertClean, TOKEN } from "./leaks.ts";

function bodyThatBreaks(status = 200) {
  const stream = new ReadableStream<Uint8Array>({
    start(c) {
      c.enqueue(new TextEncoder().encode('{"id":"usr_1","usern'));
      c.error(new TypeError("connection reset"));
    },
  });
  return new Response(stream, { status, headers: { "content-type": "application/json" } });
}

describe("results: 2xx, 215, 409 and 422", () => {
  it("a record, a page, an empty body and a blank one", async () => {
    const rec = await once(json(201, { id: "usr_1" })).request("POST", "users");
    assert.deepEqual(rec, { status: 201, data: { id: "usr_1" }, metadata: {}, errors: [] });
    const page = await once(json(200, { collection: [{ id: "a" }], more_results: true }))
      .request("GET", "users");
    assert.deepEqual(page, {
      status: 200,
      data: {},
      collection: [{ id: "a" }],
      metadata: { more_results: true },
      errors: [],
    });
    const nullPage = await once(json(200, { collection: null })).request("GET", "users");
    assert.deepEqual(nullPage.collection, []);
    const empty = await once(text(200, "")).request("GET", "users/x");
    assert.deepEqual(empty, { status: 200, data: {}, metadata: {}, errors: [] });
    const blank = await once(text(299, " \n\t ")).request("GET", "users/x");
    assert.deepEqual(blank, { status: 299, data: {}, metadata: {}, errors: [] });
    const none = await once(new Response(null, { status: 204 })).request("DELETE", "users/x");
    assert.deepEqual(none, { status: 204, data: {}, metadata: {}, errors: [] });
  });

  it("215: the whole body is metadata", async () => {
    const r = await once(json(215, { id: "usr_1", collection: [1] })).request("POST", "x");
    assert.deepEqual(r, {
      status: 215,
      data: {},
      metadata: { id: "usr_1", collection: [1] },
      errors: [],
    });
  });

  it("409/422: errors flattened from any shape and redacted, the rest is metadata", async () => {
    const cases: [unknown, string[]][] = [
      [{ name: ["is taken", "is short"], base: "Locked" }, ["is taken", "is short", "Locked"]],
      [["a", ["b", ["c"]]], ["a", "b", "c"]],
      ["Name is taken", ["Name is taken"]],
      [7, ["7"]],
      [false, ["false"]],
      [null, ["Validation error"]],
      [[], ["Validation error"]],
      [{}, ["Validation error"]],
      [`key ${API_KEY} refused`, ["key [redacted] refused"]],
    ];
    for (const [errors, want] of cases) {
      const r = await once(json(422, { errors, retry_url: "https://lr/retry" }))
        .request("POST", "users");
      assert.deepEqual(r, {
        status: 422,
        data: {},
        metadata: { retry_url: "https://lr/retry" },
        errors: want,
      }, JSON.stringify(errors));
    }
    const bare = await once(text(409, "")).request("DELETE", "users/x");
    assert.deepEqual(bare, { status: 409, data: {}, metadata: {}, errors: ["Validation error"] });
    const keyed = await once(json(409, { errors: ["x"] }, { "x-request-id": "req_1" }))
      .request("DELETE", "users/x");
    assert.equal(keyed.requestId, "req_1");
  });

  it("a body that is not a JSON object: ResponseError with status, excerpt and request id", async () => {
    for (const body of ["null", "[1]", "5", '"s"', "{oops", "<html>hi</html>"]) {
      await assert.rejects(
        once(text(200, body, { "x-request-id": "req_7" })).request("GET", "users/x"),
        (e) => {
          assert.ok(e instanceof ResponseError, `${body}: ${e}`);
          assert.equal(e.code, "response_invalid");
          assert.equal(e.status, 200);
          assert.equal(e.excerpt, body);
          assert.equal(e.requestId, "req_7");
          const what = body.startsWith("<")
            ? "API response is an HTML page, not the API's JSON: check that `url` (env AUTHROCKET_URL) is the AuthRocket API's base URL, e.g. https://api-e1.authrocket.com/v1"
            : "API response is not a JSON object";
          assert.equal(e.message, `${what}; HTTP status: 200; body: ${body}`);
          return true;
        },
      );
    }
    await assert.rejects(once(text(422, "[]")).request("POST", "users"), ResponseError);
  });

  it("a collection that is not an array: ResponseError naming it", async () => {
    await assert.rejects(once(json(200, { collection: "x" })).request("GET", "users"), (e) => {
      assert.ok(e instanceof ResponseError);
      assert.equal(e.message, "Malformed response: collection is not an array; HTTP status: 200");
      assert.equal(e.excerpt, '{"collection":"x"}');
      return true;
    });
  });
});

describe("error statuses: class, status and message", () => {
  const cases: [number, string, string, new (...a: never[]) => Error][] = [
    [
      401,
      "",
      "Authentication failed (API key is valid; this auth-related API call failed)",
      AuthenticationFailed,
    ],
    [402, "{}", "Account inactive; login to portal to check account status.", AccountInactive],
    [403, "{}", "Access denied; check your API credentials and permissions.", AccessDenied],
    [400, "", "Client error: 400", ClientError],
    [418, "I'm a   teapot\n", "Client error: 418\n  I'm a teapot", ClientError],
    [499, '{"error":"gone"}', 'Client error: 499\n  {"error":"gone"}', ClientError],
    [500, "", "Server error: 500", ServerError],
    [503, `down ${API_KEY}`, "Server error: 503\n  down [redacted]", ServerError],
  ];
  for (const [status, body, message, cls] of cases) {
    it(`${status} → ${cls.name}: ${JSON.stringify(message)}`, async () => {
      await assert.rejects(
        once(text(status, body, { "x-request-id": "req_s" })).request("GET", "users/x"),
        (e) => {
          assert.ok(e instanceof cls, String(e));
          assert.equal((e as ServerError).status, status);
          assert.equal((e as ServerError).requestId, "req_s");
          assert.equal(e.message, message);
          return true;
        },
      );
    });
  }

  it("a long body is cut at 160 characters after redaction", async () => {
    const body = `${API_KEY} ` + "x".repeat(300);
    await assert.rejects(once(text(502, body)).request("GET", "users/x"), (e) => {
      assert.ok(e instanceof ServerError);
      assert.equal(
        e.message,
        "Server error: 502\n  " + ("[redacted] " + "x".repeat(300)).slice(0, 160),
      );
      return true;
    });
  });
});

describe("status → error map", () => {
  for (
    const [status, cls] of [
      [402, AccountInactive],
      [403, AccessDenied],
      [404, RecordNotFound],
      [400, ClientError],
      [405, ClientError],
      [413, ClientError],
      [415, ClientError],
    ] as const
  ) {
    it(`${status} → ${cls.name}`, async () => {
      const r = recorder([json(status, { error: "x" })]);
      const { ar, events } = instrumented(r.fetch);
      await assert.rejects(ar.users.find("x"), (e) => {
        assert.ok(e instanceof cls, String(e));
        assert.equal((e as ClientError).status, status);
        assertClean(e.message);
        return true;
      });
      assertClean(events);
    });
  }

  it("sessions.retrieve(token) → null on 404, and the token never reaches a hook or error", async () => {
    const r = recorder([json(404, {}), json(500, {})]);
    const { ar, events } = instrumented(r.fetch, { maxRetries: 0 });
    assert.equal(await ar.sessions.retrieve(TOKEN), null);
    assert.equal(r.seen[0].path, `sessions/${TOKEN}`, "the real request carries it");
    await assert.rejects(ar.sessions.retrieve(TOKEN), (e) => {
      assertClean((e as Error).message);
      return e instanceof ServerError;
    });
    assertClean(events);
    assert.match((events[0] as RequestInfo).url, /sessions\/eyJ\[redacted\]$/);
  });
});

describe("bodies", () => {
  it("204 and an empty 200 body are success", async () => {
    const r = recorder([new Response(null, { status: 204 }), new Response("", { status: 200 })]);
    const ar = client(r.fetch);
    assert.equal(await ar.users.delete("usr_1"), true);
    assert.equal(await ar.users.delete("usr_1"), true);
  });

  it("215: the whole body is metadata, no record data", async () => {
    const r = recorder([json(215, { deleted: 3, more: false })]);
    const u = await client(r.fetch).users.update("usr_1", { state: "inactive" });
    assert.deepEqual(u.toJSON(), {});
    assert.equal(u.hasErrors, false);
    assert.ok(u);
  });

  it("409 with errors → validation result, not an exception", async () => {
    const r = recorder([json(409, { errors: { base: ["Membership exists"] }, extra: 1 })]);
    const m = await client(r.fetch).memberships.create({ user_id: "usr_1", org_id: "org_1" });
    assert.deepEqual(m.errors, ["Membership exists"]);
    assert.deepEqual(m.metadata, { extra: 1 });
  });

  it("truncated JSON on 200 → ResponseError with status and a redacted excerpt", async () => {
    const r = recorder([new Response(`{"id":"usr_1","api_key":"${API_KEY}","na`, { status: 200 })]);
    await assert.rejects(client(r.fetch).users.find("usr_1"), (e) => {
      assert.ok(e instanceof ResponseError);
      assert.equal(e.status, 200);
      assert.match(e.excerpt, /^\{"id":"usr_1"/);
      assertClean([e.message, e.excerpt]);
      return true;
    });
  });

  it("a JSON array or scalar where an object is promised → ResponseError", async () => {
    const r = recorder([json(200, [1, 2]), json(200, "x")]);
    const ar = client(r.fetch);
    await assert.rejects(ar.users.find("a"), ResponseError);
    await assert.rejects(ar.users.find("a"), ResponseError);
  });

  it("a body that breaks mid-stream → ConnectionError; GET is retried and then succeeds", async () => {
    const r = recorder([bodyThatBreaks(), json(200, userJson())]);
    const { ar, events } = instrumented(r.fetch);
    const u = await ar.users.find("usr_1");
    assert.equal(u.id, "usr_1");
    assert.equal(r.seen.length, 2);
    const failed = events[1] as ResponseInfo;
    assert.equal(failed.attempt, 1);
    assert.ok(failed.error instanceof ConnectionError);
  });

  it("a POST whose body breaks is not replayed", async () => {
    const r = recorder([bodyThatBreaks(), json(200, userJson())]);
    await assert.rejects(client(r.fetch).users.create({ username: "x" }), ConnectionError);
    assert.equal(r.seen.length, 1);
  });
});
