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
  ConnectionError,
  EndpointNotFound,
  RateLimited,
  RecordNotFound,
  RedirectError,
  ResponseError,
  ServerError,
} from "../mod.ts";
import type { ResponseInfo } from "../mod.ts";
import { retryAfterSeconds } from "../src/response.ts";
import { API_KEY, client, json, recorder } from "./helpers.ts";

const text = (status: number, body: string, headers: Record<string, string> = {}) =>
  new Response(body, { status, headers });

/** One answer through `ar.transport.request` (no retries). */
function once(reply: Response | Error, extra = {}) {
  const r = recorder([reply]);
  return client(r.fetch, { maxRetries: 0, ...extra }).transport;
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

describe("a 404: no such record, or no such API", () => {
  const notFound = (url: string, reply: Response, path = "users/sally") =>
    once(reply, { url }).request("GET", path);
  const lacks = "the `url` setting probably lacks `/v1` (e.g. https://api-e1.authrocket.com/v1)";
  const foreign =
    "the answer is not the API's JSON: check that `url` points at the AuthRocket API, ending in `/v1`";

  it("under /vN (with or without a trailing slash), a JSON, empty or blank 404 is the record's", async () => {
    for (
      const url of ["https://h.example/v1", "https://h.example/v1/", "https://h.example/api/v12"]
    ) {
      for (const reply of [json(404, { error: "Not found" }), text(404, ""), text(404, " \n ")]) {
        await assert.rejects(notFound(url, reply), (e) => {
          assert.ok(e instanceof RecordNotFound, `${url}: ${e}`);
          assert.ok(!(e instanceof EndpointNotFound));
          assert.equal(e.status, 404);
          assert.equal(e.message, "Not found: GET users/sally");
          return true;
        });
      }
    }
  });

  it("a RecordNotFound's message redacts secrets in the path and keeps the request id", async () => {
    await assert.rejects(
      notFound(
        "https://h.example/v1",
        json(404, {}, { "x-request-id": "req_4" }),
        `users/${API_KEY}`,
      ),
      (e) => {
        assert.ok(e instanceof RecordNotFound);
        assert.equal(e.message, "Not found: GET users/[redacted]");
        assert.equal(e.requestId, "req_4");
        return true;
      },
    );
  });

  it("a url without /vN → EndpointNotFound naming the fix, whatever the body", async () => {
    for (
      const url of [
        "https://h.example",
        "https://h.example/v",
        "https://h.example/v1/x",
        "https://h.example/xv1",
      ]
    ) {
      for (const reply of [json(404, {}), text(404, "<h1>404</h1>")]) {
        await assert.rejects(notFound(url, reply), (e) => {
          assert.ok(e instanceof EndpointNotFound, `${url}: ${e}`);
          const at = new URL(url.endsWith("/") ? url : url + "/").href + "users/sally";
          assert.equal(
            e.message,
            `No AuthRocket API at ${at} (404): ${lacks} (env AUTHROCKET_URL)`,
          );
          assert.equal(e.status, 404);
          assert.equal(e.code, "endpoint_not_found");
          return true;
        });
      }
    }
  });

  it("under /v1, a body that is not a JSON object → EndpointNotFound (not the API's answer)", async () => {
    for (const body of ["<!doctype html><h1>Not Found</h1>", "[]", "null", "Not Found"]) {
      await assert.rejects(
        notFound("https://h.example/v1", text(404, body, { "x-request-id": "req_e" })),
        (e) => {
          assert.ok(e instanceof EndpointNotFound, `${body}: ${e}`);
          assert.equal(
            e.message,
            `No AuthRocket API at https://h.example/v1/users/sally (404): ${foreign} (env AUTHROCKET_URL)`,
          );
          assert.equal(e.requestId, "req_e");
          return true;
        },
      );
    }
  });

  it("the path in an EndpointNotFound is redacted, the query left out", async () => {
    const r = recorder([json(404, {})]);
    const ar = client(r.fetch, { url: "https://h.example", maxRetries: 0 });
    await assert.rejects(
      ar.transport.request("GET", `users/${API_KEY}`, { query: { q: "x" } }),
      (e) => {
        assert.ok(e instanceof EndpointNotFound);
        assert.ok(
          e.message.startsWith("No AuthRocket API at https://h.example/users/[redacted] (404)"),
        );
        return true;
      },
    );
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

/** The error a fetch that always throws `fault` ends in, and the hook's errors on the way. */
async function failing(
  fault: unknown,
  extra: Record<string, unknown> = {},
): Promise<{ e: ConnectionError; events: ResponseInfo[]; tries: number }> {
  const events: ResponseInfo[] = [];
  const r = recorder([], () => {
    throw fault;
  });
  const ar = client(r.fetch, {
    maxRetries: 0,
    onResponse: (i: ResponseInfo) => events.push(i),
    ...extra,
  });
  const e = await ar.users.find("usr_1").catch((x) => x);
  assert.ok(e instanceof ConnectionError, String(e));
  return { e, events, tries: r.seen.length };
}

const coded = (message: string, code?: string, cause?: unknown) =>
  Object.assign(
    new Error(message, cause === undefined ? undefined : { cause }),
    code ? { code } : {},
  );

describe("connection errors say what failed, where, and how often", () => {
  const FIX = "check `url` (env AUTHROCKET_URL); see https://status.authrocket.com/";
  const REFUSED =
    "connection refused: nothing listens there (is the server or emulator running, is the port right?)";
  const DNS = "the host name does not resolve (DNS): check the host in `url`";
  const RESET = "the connection was reset";
  const TLS = "TLS failed (certificate or protocol)";
  const cases: [string, unknown, string][] = [
    [
      "Node's code on the cause",
      new TypeError("fetch failed", { cause: coded("connect", "ECONNREFUSED") }),
      REFUSED,
    ],
    [
      "Deno's message",
      new TypeError("tcp connect error: Connection refused (os error 111)"),
      REFUSED,
    ],
    ["Bun's code", coded("Unable to connect", "ConnectionRefused"), REFUSED],
    ["ENOTFOUND", coded("fetch failed", undefined, coded("getaddrinfo", "ENOTFOUND")), DNS],
    ["EAI_AGAIN", coded("x", "EAI_AGAIN"), DNS],
    ["dns error", new TypeError("dns error: failed to lookup address"), DNS],
    ["lookup", new TypeError("lookup failed"), DNS],
    ["name resolution", new TypeError("Temporary failure in name resolution"), DNS],
    ["not known", new TypeError("Name or service not known"), DNS],
    ["ECONNRESET", coded("socket", "ECONNRESET"), RESET],
    ["reset", new TypeError("Connection reset by peer"), RESET],
    [
      "certificate",
      coded("unable to verify the first certificate", "UNABLE_TO_VERIFY_LEAF_SIGNATURE"),
      TLS,
    ],
    ["tls", new TypeError("TLS handshake eof"), TLS],
    ["ssl", new TypeError("SSL routines:ssl3_read_bytes"), TLS],
    ["refused before DNS", coded("ECONNREFUSED", undefined, coded("lookup")), REFUSED],
    ["DNS before reset", coded("getaddrinfo reset"), DNS],
    ["reset before TLS", coded("reset during tls"), RESET],
    ["anything else: its first line", new TypeError("socket hang up\nat line 2"), "socket hang up"],
    ["a long one: 200 characters", new TypeError("z".repeat(300)), "z".repeat(200)],
    ["not an Error", "plain string thrown", "plain string thrown"],
  ];
  for (const [name, fault, what] of cases) {
    it(`${name} → "${what.slice(0, 40)}"`, async () => {
      const { e, tries } = await failing(fault);
      assert.equal(
        e.message,
        `Unable to reach the AuthRocket API at api-e1.authrocket.com:443: ${what} (not retried: \`maxRetries\` is 0); ${FIX}`,
      );
      assert.equal(e.timeout, false);
      assert.equal(e.code, "connection_error");
      assert.ok(e.cause instanceof Error);
      assert.equal(tries, 1);
    });
  }

  it("the cause chain is read 5 deep, no deeper", async () => {
    const chain = (depth: number) => {
      let x: Error = coded("deep", "ECONNREFUSED");
      for (let i = 0; i < depth; i++) x = new Error("wrapper", { cause: x });
      return x;
    };
    assert.match((await failing(chain(4))).e.message, /: connection refused: /);
    assert.match(
      (await failing(chain(5))).e.message,
      /: wrapper \(not retried: `maxRetries` is 0\)/,
    );
  });

  it("the cause is the network error, redacted, with its code", async () => {
    const { e } = await failing(coded(`refused for ${API_KEY}`, "ECONNREFUSED"));
    const cause = e.cause as Error & { code?: string };
    assert.equal(cause.message, "refused for [redacted]");
    assert.equal(cause.code, "ECONNREFUSED");
    assert.ok(!e.message.includes(API_KEY));
  });

  it("retries: 'attempt N, retrying' for each hook, 'retried N times' at the end", async () => {
    const { e, events, tries } = await failing(new TypeError("socket hang up"), { maxRetries: 2 });
    assert.equal(tries, 3);
    const tail = (n: string) => `: socket hang up (${n}); ${FIX}`;
    assert.deepEqual(
      events.map((i) => i.error?.message),
      [
        `Unable to reach the AuthRocket API at api-e1.authrocket.com:443${
          tail("attempt 1, retrying")
        }`,
        `Unable to reach the AuthRocket API at api-e1.authrocket.com:443${
          tail("attempt 2, retrying")
        }`,
        `Unable to reach the AuthRocket API at api-e1.authrocket.com:443${tail("retried 2 times")}`,
      ],
    );
    assert.equal(e.message, events[2].error!.message);
    const one = await failing(new TypeError("socket hang up"), { maxRetries: 1 });
    assert.match(one.e.message, /\(retried 1 time\);/);
  });

  it("host:port with the scheme's default port; the status page only for AuthRocket's hosts", async () => {
    const at = async (url: string) => (await failing(new TypeError("x"), { url })).e.message;
    const page = "; see https://status.authrocket.com/";
    assert.match(
      await at("http://h.example/v1"),
      /at h\.example:80: x \(not retried: `maxRetries` is 0\); check `url` \(env AUTHROCKET_URL\)$/,
    );
    assert.match(await at("https://h.example:8443/v1"), /at h\.example:8443: /);
    assert.ok(!(await at("https://h.example/v1")).includes(page));
    assert.ok(!(await at("https://evilauthrocket.com/v1")).includes(page));
    assert.ok(!(await at("https://authrocket.com.evil.example/v1")).includes(page));
    assert.ok((await at("https://authrocket.com/v1")).endsWith(page));
    assert.ok((await at("https://api-e2.authrocket.com./v1")).endsWith(page));
    assert.ok((await at("https://API-E1.AuthRocket.COM/v1")).endsWith(page));
  });
});
