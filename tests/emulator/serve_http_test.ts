// The emulator server over real HTTP on 127.0.0.1 (src/emulator/serve.ts), with two servers in
// each runtime: the runtime's own (Deno.serve, Bun.serve; node:http on Node) and node:http (as
// Deno and Bun provide it): a request reaches the handler as sent, the handler's answer comes
// back with every header (two Set-Cookie stay two), refusals are the documented ones, a port in
// use rejects, and close() ends idle connections at once. Raw bytes, each exchange bounded.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { connect } from "node:net";
import process from "node:process";
import { serve } from "../../src/emulator/serve.ts";

type Handler = (req: Request) => Promise<Response>;

const BAD_URL = "Bad request: its target and Host header make no URL";
const BAD_BODY = "Bad request: its body was cut short or badly framed";

/** A raw HTTP/1.x answer: status, headers (names lower-cased, every value), body, and whether
 * the server closed the connection after it. */
interface Answer {
  status?: number;
  headers: Record<string, string[]>;
  body: string;
  closed: boolean;
  /** Everything read, as latin1 (a second answer on the connection included). */
  raw: string;
}

function parse(text: string, closed: boolean): Answer {
  const end = text.indexOf("\r\n\r\n");
  if (end < 0) return { headers: {}, body: "", closed, raw: text };
  const [line, ...fields] = text.slice(0, end).split("\r\n");
  const headers: Record<string, string[]> = {};
  for (const f of fields) {
    const i = f.indexOf(":");
    (headers[f.slice(0, i).toLowerCase()] ??= []).push(f.slice(i + 1).trim());
  }
  let body = text.slice(end + 4);
  if (headers["transfer-encoding"]?.[0] === "chunked") {
    let out = "";
    for (let i = 0;;) {
      const eol = body.indexOf("\r\n", i);
      const size = parseInt(body.slice(i, eol), 16);
      if (!(size > 0)) break;
      out += body.slice(eol + 2, eol + 2 + size);
      i = eol + 2 + size + 2;
    }
    body = out;
  }
  const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(line)?.[1]);
  return { status, headers, body, closed, raw: text };
}

/**
 * Send `raw` (latin1) on a new connection to `port` and read until the server closes it or
 * `ms` pass; `halfClose` ends the write side after it.
 */
function exchange(port: number, raw: string, { halfClose = false, ms = 3_000 } = {}) {
  return new Promise<Answer>((resolve) => {
    const sock = connect({ port, host: "127.0.0.1", allowHalfOpen: true });
    let text = "";
    const done = (closed: boolean) => {
      clearTimeout(timer);
      sock.destroy();
      resolve(parse(text, closed));
    };
    const timer = setTimeout(() => done(false), ms);
    sock.on("data", (d: Uint8Array) => {
      for (const b of d) text += String.fromCharCode(b);
    });
    sock.on("end", () => done(true));
    sock.on("close", () => done(true));
    sock.on("error", () => done(true));
    sock.write(Uint8Array.from(raw, (c) => c.charCodeAt(0)), () => {
      if (halfClose) sock.end();
    });
  });
}

/** What the handler saw, as JSON; `/throw` throws, `/stop` stops reading (413), `/broken`
 * answers a body that fails, `/cookies` sets two cookies. */
const handler: Handler = async (req) => {
  const path = new URL(req.url).pathname; // throws on a URL that does not parse
  if (path === "/throw") throw new Error("a bug");
  if (path === "/stop") {
    await req.body?.cancel();
    return new Response("too large", { status: 413 });
  }
  if (path === "/broken") {
    const body = new ReadableStream({ pull: (c) => c.error(new Error("a bug mid-answer")) });
    return new Response(body);
  }
  if (path === "/cookies") {
    const headers = new Headers({ "x-out": "1" });
    headers.append("set-cookie", "a=1; Path=/");
    headers.append("set-cookie", "b=2; Path=/");
    return new Response("two", { headers });
  }
  const body = await req.text();
  return Response.json(
    { method: req.method, url: req.url, test: req.headers.get("x-test"), body },
    {
      status: 201,
      headers: { "x-out": "2" },
    },
  );
};

const request = (method: string, target: string, port: number, head = "", body = "") =>
  `${method} ${target} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n${head}` +
  `${body ? `Content-Length: ${body.length}\r\n` : ""}Connection: close\r\n\r\n${body}`;

const SERVERS: [string, object][] = [
  ["the runtime's own server", globalThis],
  ["node:http", { process }],
];

for (const [name, runtime] of SERVERS) {
  describe(`emulator server over HTTP: ${name}`, () => {
    const listen = () => serve(handler, 0, "127.0.0.1", runtime);
    const portOf = (s: { url: string }) => Number(new URL(s.url).port);

    it("a request reaches the handler as sent; its answer comes back with every header", async () => {
      const server = await listen();
      try {
        const port = portOf(server);
        const raw = request("POST", "/v1/realms?x=1", port, "x-test: 7\r\n", '{"a":1}');
        const a = await exchange(port, raw);
        assert.equal(a.status, 201);
        assert.deepEqual(a.headers["x-out"], ["2"]);
        assert.equal(a.headers["set-cookie"], undefined);
        assert.deepEqual(JSON.parse(a.body), {
          method: "POST",
          url: `http://127.0.0.1:${port}/v1/realms?x=1`,
          test: "7",
          body: '{"a":1}',
        });
        const c = await exchange(port, request("GET", "/cookies", port));
        assert.deepEqual(c.headers["set-cookie"], ["a=1; Path=/", "b=2; Path=/"]);
        assert.deepEqual(c.headers["x-out"], ["1"]);
        assert.equal(c.body, "two");
        // A GET's body is not the handler's to read.
        const g = await exchange(port, request("GET", "/v1/x", port, "", "ignored"));
        assert.equal(g.status, 201);
        assert.equal(JSON.parse(g.body).body, "");
      } finally {
        await server.close();
      }
    });

    it("refusals: TRACE 405, a Host that makes no URL 400, a handler that throws 500", async () => {
      const server = await listen();
      try {
        const port = portOf(server);
        const json = (a: Answer) => [a.status, a.headers["content-type"]?.[0], JSON.parse(a.body)];
        const trace = await exchange(port, request("TRACE", "/", port));
        assert.deepEqual(json(trace), [405, "application/json", { error: "Method not allowed" }]);
        assert.deepEqual(trace.headers["allow"], ["GET, HEAD, POST, PUT, DELETE"]);
        for (const host of ["a b", "127.0.0.1:99999"]) {
          const raw = `GET /v1/realms HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`;
          const a = await exchange(port, raw);
          assert.deepEqual(json(a), [400, "application/json", { error: BAD_URL }], host);
          assert.equal(a.closed, true);
        }
        const thrown = await exchange(port, request("GET", "/throw", port));
        assert.deepEqual(json(thrown), [500, "application/json", { error: "Emulator error" }]);
        assert.ok(thrown.headers["connection"]?.includes("close"));
      } finally {
        await server.close();
      }
    });

    it("an upload cut short is refused (400) or its connection closed, never answered 2xx", async () => {
      const server = await listen();
      try {
        const port = portOf(server);
        const raw = `POST /v1/realms HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n` +
          `Content-Length: 100\r\n\r\n{"short":`;
        const a = await exchange(port, raw, { halfClose: true });
        if (a.status !== undefined) {
          assert.equal(a.status, 400);
          // Ours, or the HTTP parser's own (Bun's node:http answers before the handler).
          if (a.body) assert.deepEqual(JSON.parse(a.body), { error: BAD_BODY });
        }
        assert.equal(a.closed, true);
      } finally {
        await server.close();
      }
    });

    it("a connection is kept alive between sound answers (two requests on one, both answered)", async () => {
      const server = await listen();
      try {
        const port = portOf(server);
        const keepAlive = `GET /v1/one HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n\r\n`;
        const a = await exchange(port, keepAlive + request("GET", "/v1/two", port));
        assert.equal(a.status, 201);
        assert.ok(!a.headers["connection"]?.includes("close"), JSON.stringify(a.headers));
        assert.equal(a.raw.match(/HTTP\/1\.1 201 /g)?.length, 2, a.raw);
        assert.ok(a.raw.includes("/v1/two"), a.raw);
      } finally {
        await server.close();
      }
    });

    it("an answer whose body fails midway: the connection is closed, the server serves on", async () => {
      const server = await listen();
      try {
        const port = portOf(server);
        const a = await exchange(port, request("GET", "/broken", port));
        assert.equal(a.closed, true, "closed, not left hanging");
        assert.ok(a.status === undefined || a.status === 200, String(a.status));
        assert.equal((await exchange(port, request("GET", "/v1/x", port))).status, 201);
      } finally {
        await server.close();
      }
    });

    it("a port in use rejects; after close() the port refuses connections", async () => {
      const first = await listen();
      const port = portOf(first);
      try {
        await assert.rejects(serve(handler, port, "127.0.0.1", runtime), Error);
        assert.equal((await exchange(port, request("GET", "/v1/x", port))).status, 201);
      } finally {
        await first.close();
      }
      const after = await exchange(port, request("GET", "/v1/x", port));
      assert.deepEqual([after.status, after.closed], [undefined, true]);
    });
  });
}

describe("emulator server over HTTP: node:http only", () => {
  it("a handler that stops reading an upload: answered, then the connection closed", async () => {
    const server = await serve(handler, 0, "127.0.0.1", { process });
    try {
      const port = Number(new URL(server.url).port);
      const raw = `POST /stop HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 1000000\r\n\r\n` +
        "x".repeat(1000);
      const a = await exchange(port, raw);
      assert.equal(a.status, 413);
      assert.equal(a.body, "too large");
      assert.deepEqual(a.headers["connection"], ["close"]);
      assert.equal(a.closed, true, "not left waiting for the rest of the upload");
    } finally {
      await server.close();
    }
  });

  it("an absolute-form target names its URL; without Host, a path is read against 127.0.0.1", async () => {
    const server = await serve(handler, 0, "127.0.0.1", { process });
    try {
      const port = Number(new URL(server.url).port);
      const abs = await exchange(port, request("GET", "http://emu.test:8/v1/abs?q", port));
      assert.equal(JSON.parse(abs.body).url, "http://emu.test:8/v1/abs?q");
      const a = await exchange(port, "GET /v1/old HTTP/1.0\r\n\r\n");
      assert.equal(JSON.parse(a.body).url, "http://127.0.0.1/v1/old");
    } finally {
      await server.close();
    }
  });

  it("close() ends an idle keep-alive connection instead of waiting for it", async () => {
    const server = await serve(handler, 0, "127.0.0.1", { process });
    const port = Number(new URL(server.url).port);
    const sock = connect({ port, host: "127.0.0.1" });
    const ended = new Promise<void>((ok) => sock.on("close", () => ok()));
    sock.on("error", () => {});
    const answered = new Promise<void>((ok) => sock.once("data", () => ok()));
    sock.write(`GET /v1/x HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n\r\n`); // keep-alive
    await answered;
    const t0 = performance.now();
    await server.close();
    await ended;
    // node:http keeps an idle connection 5 s: closing it waits for none of that.
    assert.ok(performance.now() - t0 < 2_500, `${performance.now() - t0} ms`);
  });
});
