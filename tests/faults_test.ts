// The fault matrix: every failure gives the documented result or typed error, retries follow
// the rules, and no error message or hook argument contains the API key or a token.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import {
  API_KEY,
  assertClean,
  client,
  instrumented,
  json,
  recorder,
  TOKEN,
  userJson,
} from "./helpers.ts";
import {
  AccessDenied,
  AccountInactive,
  ClientError,
  ConnectionError,
  RateLimited,
  RecordNotFound,
  type RequestInfo,
  ResponseError,
  type ResponseInfo,
  ServerError,
} from "../mod.ts";

const html = (status: number) =>
  new Response(`<html><body>Bad gateway ${API_KEY}</body></html>`, {
    status,
    headers: { "content-type": "text/html" },
  });

function bodyThatBreaks(status = 200) {
  const stream = new ReadableStream<Uint8Array>({
    start(c) {
      c.enqueue(new TextEncoder().encode('{"id":"usr_1","usern'));
      c.error(new TypeError("connection reset"));
    },
  });
  return new Response(stream, { status, headers: { "content-type": "application/json" } });
}

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

describe("retries", () => {
  for (const status of [500, 502, 503]) {
    it(`${status} with an HTML body: GET retried maxRetries times, then ServerError`, async () => {
      const r = recorder([], html(status));
      const { ar, events } = instrumented(r.fetch, { maxRetries: 2 });
      await assert.rejects(ar.users.find("usr_1"), (e) => {
        assert.ok(e instanceof ServerError);
        assert.equal(e.status, status);
        assertClean(e.message);
        return true;
      });
      assert.equal(r.seen.length, 3);
      assert.deepEqual(events.map((e) => [e.attempt, (e as ResponseInfo).status]), [
        [1, undefined],
        [1, status],
        [2, undefined],
        [2, status],
        [3, undefined],
        [3, status],
      ]);
      assertClean(events);
    });
  }

  it("PUT and DELETE are retried on 5xx; POST is not", async () => {
    for (const [call, n] of [["update", 2], ["delete", 2], ["create", 1]] as const) {
      const r = recorder([], html(503));
      const ar = client(r.fetch, { maxRetries: 1 });
      const p = call === "update"
        ? ar.users.update("usr_1", {})
        : call === "delete"
        ? ar.users.delete("usr_1")
        : ar.users.create({});
      await assert.rejects(p, ServerError);
      assert.equal(r.seen.length, n, call);
    }
  });

  it("429 with Retry-After (seconds) is retried, POST included; retryAfter is exposed", async () => {
    const r = recorder([json(429, {}, { "retry-after": "0" }), json(201, userJson())]);
    const u = await client(r.fetch).users.create({ username: "x" });
    assert.equal(u.id, "usr_1");
    assert.equal(r.seen.length, 2);
    const r2 = recorder([], json(429, {}, { "retry-after": "0" }));
    await assert.rejects(client(r2.fetch, { maxRetries: 1 }).users.all(), (e) => {
      assert.ok(e instanceof RateLimited);
      assert.equal(e.retryAfter, 0);
      return true;
    });
    assert.equal(r2.seen.length, 2);
  });

  it("429 with Retry-After beyond maxRetryDelay is not waited for; HTTP dates are parsed", async () => {
    const date = new Date(Date.now() + 120_000).toUTCString();
    const r = recorder([json(429, {}, { "retry-after": date })]);
    await assert.rejects(client(r.fetch, { maxRetryDelay: 1000 }).users.all(), (e) => {
      assert.ok(e instanceof RateLimited);
      assert.ok(e.retryAfter! >= 118 && e.retryAfter! <= 121, String(e.retryAfter));
      return true;
    });
    assert.equal(r.seen.length, 1);
  });

  it("429 without Retry-After: retryAfter undefined after the retries", async () => {
    const r = recorder([], json(429, {}));
    await assert.rejects(client(r.fetch, { maxRetries: 1 }).users.all(), (e) => {
      assert.ok(e instanceof RateLimited);
      assert.equal(e.retryAfter, undefined);
      return true;
    });
    assert.equal(r.seen.length, 2);
  });

  it("maxRetries: 0 per call disables retries", async () => {
    const r = recorder([], html(500));
    await assert.rejects(client(r.fetch).users.find("a", {}, { maxRetries: 0 }), ServerError);
    assert.equal(r.seen.length, 1);
  });
});
