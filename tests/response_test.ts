// What an answer means (src/response.ts), driven through the client with a scripted fetch: the
// result shapes of 2xx/215/409/422, the error class and the exact message of every other status,
// a 404 of the API told apart from a URL that reaches no API, Retry-After, request ids, the
// host a redirect names, and what a connection error says about the failure and the retries.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import {
  AccessDenied,
  AccountInactive,
  AuthenticationFailed,
  ClientError,
  RateLimited,
  RedirectError,
  ResponseError,
  ServerError,
} from "../mod.ts";
import { retryAfterSeconds } from "../src/response.ts";
import { API_KEY, json, once, text } from "./helpers.ts";

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

describe("redirects name only the host they point to", () => {
  for (
    const [location, host] of [
      ["https://evil.example:8443/steal?key=1", "evil.example:8443"],
      ["/v2/elsewhere", "api-e1.authrocket.com"],
      ["//other.example/x", "other.example"],
      ["mailto:x@y.example", undefined],
      ["http://[bad", undefined],
      [null, undefined],
    ] as const
  ) {
    it(`Location ${JSON.stringify(location)} → ${host ?? "no host"}`, async () => {
      const headers: Record<string, string> = { "x-request-id": "req_l" };
      if (location !== null) headers.location = location;
      await assert.rejects(
        once(new Response(null, { status: 307, headers })).request("GET", "users/x"),
        (e) => {
          assert.ok(e instanceof RedirectError);
          assert.equal(e.location, host);
          assert.equal(e.status, 307);
          assert.equal(e.requestId, "req_l");
          assert.equal(
            e.message,
            `The API answered 307 redirecting to ${
              host ?? "an unnamed location"
            }; redirects are not followed (they would send the API key elsewhere). Check \`url\`.`,
          );
          return true;
        },
      );
    });
  }
});
