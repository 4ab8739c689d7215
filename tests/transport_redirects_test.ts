// Redirects (src/transport.ts) are refused, never followed: a RedirectError naming only the host
// of the Location, over real sockets and through an injected fetch, with the redirect's body
// cancelled rather than read.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { AuthRocket, RedirectError, type ResponseInfo } from "../mod.ts";
import { API_KEY, client, once } from "./helpers.ts";
import { serve } from "./loopback.ts";

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

describe("redirects are refused, never followed", () => {
  for (const status of [301, 302, 303, 307, 308]) {
    it(`${status} to another 127.0.0.1 server: RedirectError, no retry, the other server sees nothing`, async () => {
      const elsewhere = await serve((_h, res) => res.end("{}"));
      const api = await serve((_h, res) => {
        res.writeHead(status, {
          location: `${elsewhere.origin}/steal?key=${API_KEY}&token=abc`,
          "x-request-id": "req_redirect",
        });
        res.end();
      });
      try {
        const events: ResponseInfo[] = [];
        const ar = new AuthRocket({
          url: `${api.origin}/v1`,
          apiKey: API_KEY,
          realm: "rl_1",
          maxRetries: 2,
          maxRetryDelay: 1,
          onResponse: (i) => events.push(i),
        });
        await assert.rejects(
          ar.users.authenticate("sally", "correct horse battery"),
          (e) => {
            assert.ok(e instanceof RedirectError, String(e));
            assert.equal(e.status, status);
            assert.equal(e.code, "redirect_refused");
            assert.equal(e.location, elsewhere.host);
            assert.equal(e.requestId, "req_redirect");
            assert.match(e.message, new RegExp(`${status} redirecting to 127\\.0\\.0\\.1:\\d+;`));
            assert.ok(!e.message.includes("steal") && !e.message.includes(API_KEY));
            return true;
          },
        );
        await assert.rejects(ar.users.all(), RedirectError);
        assert.equal(api.hits.length, 2, "one request each, no retry");
        assert.equal(elsewhere.hits.length, 0, "no request, no key, no body reached it");
        assert.deepEqual(events.map((e) => [e.status, e.requestId]), [
          [status, "req_redirect"],
          [status, "req_redirect"],
        ]);
      } finally {
        await api.close();
        await elsewhere.close();
      }
    });
  }

  it("fetch is told redirect: manual; a browser's opaque redirect (status 0) is refused too", async () => {
    const inits: RequestInit[] = [];
    const opaque = Object.defineProperty(new Response(null, { status: 200 }), "type", {
      value: "opaqueredirect",
    });
    Object.defineProperty(opaque, "status", { value: 0 });
    const ar = client((_i, init) => {
      inits.push(init!);
      return Promise.resolve(opaque);
    });
    await assert.rejects(ar.users.find("usr_1"), (e) => {
      assert.ok(e instanceof RedirectError);
      assert.equal(e.location, undefined);
      assert.match(e.message, /an unnamed location/);
      return true;
    });
    assert.equal(inits.length, 1);
    assert.equal(inits[0].redirect, "manual");
  });
});

describe("redirects", () => {
  it("a redirect's body is cancelled, not read: a body that never ends does not hold the call", async () => {
    let cancelled = false;
    const ar = client((_i, init) => {
      const body = new ReadableStream({
        start(c) {
          c.enqueue(new TextEncoder().encode("moved"));
          init!.signal!.addEventListener("abort", () => c.error(new Error("aborted")));
        },
        cancel() {
          cancelled = true;
        },
      });
      return Promise.resolve(new Response(body, { status: 302, headers: { location: "/x" } }));
    }, { timeout: 200, maxRetries: 0 });
    await assert.rejects(ar.users.find("usr_1"), RedirectError);
    assert.ok(cancelled);
  });
});
