// A 404 (src/response.ts): the API's own JSON 404 is a RecordNotFound (and retrieve() answers
// null), while a 404 from a URL that reaches no API (no /v1, an HTML page) is an EndpointNotFound
// that names the fix, in-process and against the emulator.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { AuthRocket, EndpointNotFound, RecordNotFound } from "../mod.ts";
import { API_KEY, client, json, once, recorder, text } from "./helpers.ts";
import { createEmulator } from "../testing.ts";
import { assertNoSecret } from "./leaks.ts";

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

  it("a url without /v1: EndpointNotFound says so, and retrieve() does not answer null", async () => {
    const emu = createEmulator({ passwordIterations: 1000 });
    const ar = new AuthRocket({ url: emu.origin, apiKey: emu.apiKey, fetch: emu.fetch });
    await assert.rejects(ar.users.retrieve("sally"), (e) => {
      assert.ok(e instanceof EndpointNotFound, String(e));
      assert.ok(!(e instanceof RecordNotFound));
      assert.match(
        e.message,
        /the `url` setting probably lacks `\/v1` \(e\.g\. https:\/\/api-e1\.authrocket\.com\/v1\)/,
      );
      assertNoSecret(e, emu.apiKey);
      return true;
    });
    assert.equal(
      await emu.client().users.retrieve("nobody"),
      null,
      "with /v1: no such record → null",
    );
  });
});

describe("a 404: no such record, or no such API", () => {
  it("the API's JSON 404 under /v1 → RecordNotFound, and retrieve() → null", async () => {
    const r = recorder([], json(404, { error: "Not found" }));
    const ar = client(r.fetch);
    await assert.rejects(ar.users.find("nobody"), (e) => {
      assert.ok(e instanceof RecordNotFound);
      assert.equal(e.code, "record_not_found");
      assert.equal(e.message, "Not found: GET users/nobody");
      return true;
    });
    assert.equal(await ar.users.retrieve("nobody"), null);
  });

  it("a url without /v1 → EndpointNotFound naming the fix; retrieve() throws it", async () => {
    const r = recorder([], json(404, { error: "Not found" }));
    const ar = client(r.fetch, { url: "https://api-e1.authrocket.com" });
    await assert.rejects(ar.users.retrieve("sally"), (e) => {
      assert.ok(e instanceof EndpointNotFound, String(e));
      assert.ok(!(e instanceof RecordNotFound));
      assert.equal(e.status, 404);
      assert.equal(e.code, "endpoint_not_found");
      assert.match(e.message, /https:\/\/api-e1\.authrocket\.com\/users\/sally \(404\)/);
      assert.match(e.message, /probably lacks `\/v1`/);
      return true;
    });
  });

  it("an HTML 404 under /v1 → EndpointNotFound (not the API's JSON); an empty 404 is a record's", async () => {
    const html = new Response("<!doctype html><h1>404</h1>", {
      status: 404,
      headers: { "content-type": "text/html" },
    });
    const r = recorder([html, new Response("", { status: 404 })]);
    const ar = client(r.fetch);
    await assert.rejects(ar.sessions.retrieve("kss_1"), (e) => {
      assert.ok(e instanceof EndpointNotFound);
      assert.match(e.message, /not the API's JSON/);
      return true;
    });
    assert.equal(await ar.sessions.retrieve("kss_1"), null);
  });

  it("against the emulator: a client without /v1 fails loudly, one with /v1 finds nothing quietly", async () => {
    const { createEmulator } = await import("../testing.ts");
    const emu = createEmulator({ passwordIterations: 1000 });
    const right = emu.client();
    const wrong = right.with({ url: emu.origin });
    assert.equal(await right.users.retrieve("nobody"), null);
    await assert.rejects(wrong.users.retrieve("nobody"), EndpointNotFound);
  });
});
