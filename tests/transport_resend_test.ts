// Re-sends the client cannot see: some runtimes' fetch sends a request a second time, by
// itself, on a new connection, when a reused keep-alive connection drops after the request
// went out (Deno 2.9 for every method, POST included; Bun 1.4 for all but POST; Node's undici
// never). The first test measures the runtime running it against a local server and checks
// the transport's table (`fetchResends`), so that the docs cannot drift from the runtimes;
// the others check that a ConnectionError never claims fewer sends than the server saw
// ("retried 0 times" while Deno had sent the POST twice), and what a timeout says.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { createServer, type Socket } from "node:net";
import type { AddressInfo } from "node:net";
import { AuthRocket, ConnectionError } from "../mod.ts";
import { fetchResends } from "../src/transport.ts";
import { client } from "./helpers.ts";

/**
 * A raw HTTP/1.1 server on 127.0.0.1 that answers the first request of the first connection
 * (keep-alive) and drops every other request once it has read it whole.
 */
async function flaky() {
  const seen: string[] = [];
  const sockets = new Set<Socket>();
  let conns = 0;
  const server = createServer((sock) => {
    const conn = ++conns;
    sockets.add(sock);
    let buf = "";
    sock.on("data", (d: Uint8Array) => {
      for (const b of d) buf += String.fromCharCode(b);
      for (;;) {
        const end = buf.indexOf("\r\n\r\n");
        if (end < 0) return;
        const head = buf.slice(0, end);
        const length = Number(/content-length: *(\d+)/i.exec(head)?.[1] ?? 0);
        if (buf.length < end + 4 + length) return;
        buf = buf.slice(end + 4 + length);
        seen.push(`${conn}:${head.split(" ")[0]}`);
        if (conn > 1 || seen.length > 1) return void sock.destroy();
        sock.write(
          "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 2\r\n\r\n{}",
        );
      }
    });
    sock.on("error", () => {});
    sock.on("close", () => sockets.delete(sock));
  });
  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    /** The requests it received, in order: `connection:method`, connections counted from 1. */
    seen,
    close: () =>
      new Promise<void>((ok) => {
        for (const s of sockets) s.destroy();
        server.close(() => ok());
      }),
  };
}

/** Let the runtime put the first connection back in its pool before the next request. */
const settle = () => new Promise((ok) => setTimeout(ok, 20));

describe("the runtime's fetch: re-sends on a dropped reused connection, as the transport's table says", () => {
  for (const method of ["POST", "PUT", "GET", "HEAD", "DELETE"]) {
    it(`${method}: sent ${fetchResends(method) ? "twice" : "once"} by the runtime's fetch`, async () => {
      // Only a request sent on the kept-alive first connection tells: if the runtime opened
      // another one (its pool not ready yet), the experiment is made again, waiting longer.
      for (let wait = 20; wait <= 640; wait *= 2) {
        const s = await flaky();
        try {
          await (await fetch(`${s.url}/warm`)).text();
          await new Promise((ok) => setTimeout(ok, wait));
          const body = method === "POST" || method === "PUT" ? "{}" : undefined;
          await fetch(`${s.url}/x`, { method, body }).then((r) => r.text()).catch(() => {});
          if (s.seen[1] !== `1:${method}`) continue;
          const copies = s.seen.length - 1;
          return assert.equal(copies, fetchResends(method) ? 2 : 1, s.seen.join(" "));
        } finally {
          await s.close();
        }
      }
      assert.fail("the runtime never reused the kept-alive connection");
    });
  }
});

describe("a ConnectionError never claims fewer sends than the server saw", () => {
  it("a POST on a dropped reused connection: 'sent once, not retried', plus the runtime's own re-send where it makes one", async () => {
    const s = await flaky();
    try {
      const ar = new AuthRocket({ url: `${s.url}/v1`, apiKey: "ko_k", maxRetryDelay: 1 });
      await ar.users.first(); // the first connection, kept alive
      await settle();
      await assert.rejects(ar.users.create({ username: "dave" }), (e: unknown) => {
        assert.ok(e instanceof ConnectionError, String(e));
        const posts = s.seen.filter((m) => m.endsWith(":POST")).length;
        assert.doesNotMatch(e.message, /retried 0 times/);
        assert.match(e.message, /sent once, not retried: a POST may have reached the server/);
        if (posts > 1) assert.match(e.message, /fetch may also have re-sent it by itself/);
        if (!fetchResends("POST")) assert.doesNotMatch(e.message, /re-sent/);
        return true;
      });
    } finally {
      await s.close();
    }
  });

  it("a GET with maxRetries 0: 'not retried', plus the runtime's own re-send where it makes one", async () => {
    const s = await flaky();
    try {
      const ar = new AuthRocket({ url: `${s.url}/v1`, apiKey: "ko_k", maxRetries: 0 });
      await ar.users.first();
      await settle();
      await assert.rejects(ar.users.find("usr_1"), (e: unknown) => {
        assert.ok(e instanceof ConnectionError, String(e));
        const gets = s.seen.length - 1;
        assert.match(e.message, /not retried: `maxRetries` is 0/);
        if (gets > 1) assert.match(e.message, /fetch may also have re-sent it by itself/);
        if (!fetchResends("GET")) assert.doesNotMatch(e.message, /re-sent/);
        return true;
      });
    } finally {
      await s.close();
    }
  });

  it("an injected fetch is the caller's: no word on re-sends", async () => {
    const ar = client(() => Promise.reject(new TypeError("socket hang up")), { maxRetries: 0 });
    await assert.rejects(ar.users.create({ username: "dave" }), (e: unknown) => {
      assert.ok(e instanceof ConnectionError);
      assert.match(e.message, /socket hang up \(sent once, not retried: a POST may have reached/);
      assert.doesNotMatch(e.message, /re-sent/);
      return true;
    });
  });
});

describe("a timeout names the attempts, the total time and the settings", () => {
  it("after every attempt: 'timed out after N ms per attempt, K attempts in T s (settings timeout, maxRetries)'", async () => {
    const hang = (_i: unknown, init?: RequestInit) =>
      new Promise<Response>((_ok, fail) =>
        init!.signal!.addEventListener(
          "abort",
          () => fail(new DOMException("aborted", "AbortError")),
        )
      );
    const seen: string[] = [];
    const ar = client(hang, {
      timeout: 20,
      maxRetries: 2,
      onResponse: (i) => seen.push(i.error!.message),
    });
    await assert.rejects(ar.users.all(), (e: unknown) => {
      assert.ok(e instanceof ConnectionError);
      assert.equal(e.timeout, true);
      assert.match(
        e.message,
        /: timed out after 20 ms per attempt, 3 attempts in \d+\.\d s \(settings `timeout`: 20, `maxRetries`: 2\); check `url`/,
      );
      return true;
    });
    assert.match(seen[0], /timed out after 20 ms \(attempt 1, retrying\)/);
    const one = client(hang, { timeout: 20, maxRetries: 0 });
    await assert.rejects(
      one.users.all(),
      (e: unknown) => e instanceof ConnectionError && / 1 attempt in \d/.test(e.message),
    );
  });
});
