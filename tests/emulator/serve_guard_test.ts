// The emulator server's answers without a socket (src/emulator/serve.ts): `guard` driven with
// Requests (and request-like objects no Request constructor makes: a CONNECT, a GET with a
// body) says 405, 400 or 500 exactly as documented and passes everything else through intact;
// `serve` picks Deno, then Bun, then Node from the runtime it is given (stand-ins here, so no
// port is opened), names the URLs for each host, and says what it needs when none is there.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { guard, serve } from "../../src/emulator/serve.ts";

type Handler = (req: Request) => Promise<Response>;

const BAD_URL = "Bad request: its target and Host header make no URL";
const BAD_BODY = "Bad request: its body was cut short or badly framed";

/** `res` is the emulator's refusal: its status, JSON `{ error }`, and a connection not reused. */
async function assertRefusal(res: Response, status: number, error: string) {
  assert.equal(res.status, status);
  assert.equal(res.headers.get("content-type"), "application/json");
  assert.equal(res.headers.get("connection"), "close");
  assert.deepEqual(await res.json(), { error });
}

/** A body stream of `chunks`, then an error (an upload cut short) when `fail` is set. */
function body(chunks: string[], fail = false) {
  const state = { cancelled: false };
  let i = 0;
  const stream = new ReadableStream<Uint8Array>({
    pull(c) {
      if (i < chunks.length) c.enqueue(new TextEncoder().encode(chunks[i++]));
      else if (fail) c.error(new TypeError("connection reset"));
      else c.close();
    },
    cancel() {
      state.cancelled = true;
    },
  });
  return { stream, state };
}

const post = (stream: ReadableStream<Uint8Array>, url = "http://127.0.0.1:9/v1/realms") =>
  new Request(url, {
    method: "POST",
    headers: { "content-type": "application/json", "x-test": "1" },
    body: stream,
    duplex: "half",
  } as RequestInit);

describe("guard: what a handler sees", () => {
  it("a request without a body reaches the handler as it came, and its answer goes back as is", async () => {
    const req = new Request("http://127.0.0.1:9/v1/realms?x=1", { headers: { "x-test": "1" } });
    const res = new Response("ok", { status: 201 });
    let seen: Request | undefined;
    assert.equal(await guard((r) => (seen = r, Promise.resolve(res)))(req), res);
    assert.equal(seen, req);
  });

  it("a body reaches the handler whole, with the method, URL and headers", async () => {
    const { stream } = body(['{"a":', '"é"', "}"]);
    let seen: Request | undefined;
    let text = "";
    const res = await guard(async (r) => {
      seen = r;
      text = await r.text();
      return new Response("ok");
    })(post(stream));
    assert.equal(res.status, 200);
    assert.equal(text, '{"a":"é"}');
    assert.equal(seen!.method, "POST");
    assert.equal(seen!.url, "http://127.0.0.1:9/v1/realms");
    assert.equal(seen!.headers.get("x-test"), "1");
  });

  it("a handler that stops reading cancels the upload", async () => {
    const { stream, state } = body(["x", "y"]);
    await guard(async (r) => {
      await r.body!.cancel();
      return new Response("too large", { status: 413 });
    })(post(stream));
    assert.equal(state.cancelled, true);
  });
});

describe("guard: deliberate refusals", () => {
  it("CONNECT, TRACE and TRACK (any case): 405 with Allow, the handler not called", async () => {
    for (const method of ["CONNECT", "TRACE", "TRACK", "trace", "Connect"]) {
      let called = false;
      const { stream } = body(["x"]);
      const req = { method, url: "http://127.0.0.1:9/", headers: new Headers(), body: stream };
      const res = await guard(() => (called = true, Promise.resolve(new Response())))(
        req as unknown as Request,
      );
      await assertRefusal(res, 405, "Method not allowed");
      assert.equal(res.headers.get("allow"), "GET, HEAD, POST, PUT, DELETE");
      assert.equal(called, false, method);
    }
  });

  it("a body cut short: 400, whether the handler throws on it or answers anyway", async () => {
    const throws: Handler = async (r) => new Response(await r.text());
    await assertRefusal(await guard(throws)(post(body(["{"], true).stream)), 400, BAD_BODY);
    let answered: ReturnType<typeof body>["state"] | undefined;
    const answers: Handler = async (r) => {
      await r.text().catch(() => {});
      const out = body(["a page"]);
      answered = out.state;
      return new Response(out.stream, { status: 200 });
    };
    await assertRefusal(await guard(answers)(post(body(["{"], true).stream)), 400, BAD_BODY);
    assert.equal(answered!.cancelled, true, "the handler's unsent answer is cancelled");
    const empty: Handler = async (r) => {
      await r.text().catch(() => {});
      return new Response(null, { status: 204 });
    };
    await assertRefusal(await guard(empty)(post(body(["{"], true).stream)), 400, BAD_BODY);
  });

  it("a handler that throws on a sound request: 500", async () => {
    const res = await guard(() => Promise.reject(new Error("bug")))(
      new Request("http://127.0.0.1:9/v1/realms"),
    );
    await assertRefusal(res, 500, "Emulator error");
    const withBody = await guard(() => Promise.reject(new Error("bug")))(post(body(["{}"]).stream));
    await assertRefusal(withBody, 500, "Emulator error");
  });

  it("a URL a handler cannot parse (Deno.serve hands over Host `a b` as is): 400", async () => {
    const parsing: Handler = (r) => Promise.resolve(new Response(new URL(r.url).pathname));
    for (const url of ["http://a b/v1/realms", "http://127.0.0.1:99999/v1/realms"]) {
      const req = { method: "GET", url, headers: new Headers(), body: null };
      await assertRefusal(await guard(parsing)(req as unknown as Request), 400, BAD_URL);
    }
  });

  it("a request that cannot be rebuilt with its body: 400, naming the URL when it is the cause", async () => {
    const handler: Handler = () => Promise.resolve(new Response("not reached"));
    // Headers no Request takes (what a runtime could hand over that cannot be rebuilt).
    const broken = { method: "POST", url: "http://127.0.0.1:9/", headers: [["bad name", "v"]] };
    const res = await guard(handler)({ ...broken, body: body(["x"]).stream } as unknown as Request);
    await assertRefusal(res, 400, BAD_BODY);
    const badUrl = { ...broken, url: "http://a b/", body: body(["x"]).stream };
    await assertRefusal(await guard(handler)(badUrl as unknown as Request), 400, BAD_URL);
  });
});

/** A stand-in Deno or Bun whose serve records its options and never opens a port. */
function fakeRuntimes() {
  const seen: Record<string, unknown>[] = [];
  const deno = {
    serve(o: { signal: AbortSignal }, handler: Handler) {
      seen.push({ runtime: "deno", ...o, handler });
      let done!: () => void;
      const finished = new Promise<void>((ok) => (done = ok));
      // Ends a moment after the abort, as a server finishing its last answers does.
      o.signal.addEventListener("abort", () =>
        setTimeout(() => {
          seen.push({ finished: true });
          done();
        }, 5));
      return { addr: { port: 4100 }, finished };
    },
  };
  const bun = {
    serve(o: { fetch: Handler }) {
      seen.push({ runtime: "bun", ...o });
      return { port: 4200, stop: (force?: boolean) => void seen.push({ stopped: force }) };
    },
  };
  return { seen, deno, bun };
}

describe("serve: the runtime's server", () => {
  const handler: Handler = (r) => Promise.resolve(new Response(`saw ${new URL(r.url).pathname}`));

  it("Deno first: Deno.serve on the host and port; close aborts it and waits until it ends", async () => {
    const { seen, deno, bun } = fakeRuntimes();
    const server = await serve(handler, 0, "127.0.0.1", { Deno: deno, Bun: bun });
    assert.equal(server.url, "http://127.0.0.1:4100/v1");
    assert.equal(server.loginUrl, "http://127.0.0.1:4100/lr/");
    const o = seen[0] as { runtime: string; hostname: string; port: number; signal: AbortSignal };
    assert.deepEqual([o.runtime, o.hostname, o.port], ["deno", "127.0.0.1", 0]);
    assert.equal(o.signal.aborted, false);
    const served = await (seen[0].handler as Handler)(new Request("http://x/v1/a"));
    assert.equal(await served.text(), "saw /v1/a");
    await server.close();
    assert.equal(o.signal.aborted, true);
    assert.deepEqual(seen[1], { finished: true }, "close waited for the server to finish");
  });

  it("then Bun: Bun.serve with the guarded handler; close stops it at once", async () => {
    const { seen, bun } = fakeRuntimes();
    const server = await serve(handler, 8123, "127.0.0.1", { Bun: bun, process: {} });
    assert.equal(server.url, "http://127.0.0.1:4200/v1");
    const o = seen[0] as { runtime: string; hostname: string; port: number; fetch: Handler };
    assert.deepEqual([o.runtime, o.hostname, o.port], ["bun", "127.0.0.1", 8123]);
    const refused = await o.fetch({ method: "TRACE", url: "http://x/", body: null } as never);
    assert.equal(refused.status, 405, "guarded");
    assert.equal(await (await o.fetch(new Request("http://x/v1/b"))).text(), "saw /v1/b");
    await server.close();
    assert.deepEqual(seen[1], { stopped: true });
  });

  it("the URLs name the host as given; a wildcard address is reached through loopback", async () => {
    const cases = [
      ["127.0.0.1", "127.0.0.1"],
      ["0.0.0.0", "127.0.0.1"],
      ["::", "[::1]"],
      ["::1", "[::1]"],
      ["localhost", "localhost"],
      ["emu.test", "emu.test"],
    ];
    for (const [hostname, shown] of cases) {
      const { seen, bun } = fakeRuntimes();
      const server = await serve(handler, 0, hostname, { Bun: bun });
      assert.equal((seen[0] as { hostname: string }).hostname, hostname, "bound as given");
      assert.equal(server.url, `http://${shown}:4200/v1`);
      assert.equal(server.loginUrl, `http://${shown}:4200/lr/`);
    }
    const { seen, bun } = fakeRuntimes();
    await serve(handler, 0, undefined, { Bun: bun });
    assert.equal((seen[0] as { hostname: string }).hostname, "127.0.0.1", "the default host");
  });

  it("no Deno, no Bun, and no Node ≥ 20.16: an Error saying what it needs", async () => {
    // (A global named Bun that is not Bun's object is not taken for it.)
    for (const runtime of [{}, { process: {} }, { Bun: null, Deno: {} }, { Bun: "Bun" }]) {
      await assert.rejects(serve(handler, 0, "127.0.0.1", runtime), (e: unknown) => {
        assert.ok(e instanceof Error);
        assert.equal(
          e.message,
          "emu.listen() needs Deno, Bun or Node ≥ 20.16 (use emu.fetch elsewhere)",
        );
        return true;
      });
    }
  });
});
