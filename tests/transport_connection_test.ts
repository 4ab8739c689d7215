// Connection failures (src/transport.ts): a refused connection, a DNS failure, a reset or a
// timeout is a ConnectionError that says what failed, where (host and port) and how often it
// was tried, keeps the runtime's error as its cause, and holds no API key or token.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { serve } from "./loopback.ts";
import { API_KEY, client, instrumented, recorder } from "./helpers.ts";
import { AuthRocket, ConnectionError, ResponseError, type ResponseInfo } from "../mod.ts";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { assertClean, assertNoSecret, TOKEN } from "./leaks.ts";

const KEY = "ko_NewcomerSecretKey0123";

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

  it("connection refused: host and port, 'connection refused', retried N times, ECONNREFUSED in cause", async () => {
    const probe = createServer();
    await new Promise<void>((ok) => probe.listen(0, "127.0.0.1", ok));
    const port = (probe.address() as AddressInfo).port;
    await new Promise<void>((ok) => probe.close(() => ok()));
    const ar = new AuthRocket({
      url: `http://127.0.0.1:${port}/v1`,
      apiKey: KEY,
      maxRetryDelay: 1,
    });
    await assert.rejects(ar.users.all(), (e) => {
      assert.ok(e instanceof ConnectionError, String(e));
      assert.match(e.message, new RegExp(`127\\.0\\.0\\.1:${port}: connection refused`));
      assert.match(e.message, /retried 2 times/);
      assert.match(
        e.message,
        /check `url` \(env AUTHROCKET_URL\)$/,
        "no AuthRocket status page for a local host",
      );
      let chain = "";
      for (let c: unknown = e.cause; c instanceof Error; c = c.cause) {
        chain += ` ${c.message} ${(c as { code?: string }).code ?? ""}`;
        for (const x of (c as { errors?: Error[] }).errors ?? []) {
          chain += ` ${(x as { code?: string }).code}`;
        }
      }
      assert.match(chain, /ECONNREFUSED|connection refused|ConnectionRefused/i);
      assertNoSecret(e, KEY);
      return true;
    });
  });

  it("DNS failure of AuthRocket's host: says the name does not resolve, points to status.authrocket.com", async () => {
    const dns = Object.assign(new Error("getaddrinfo ENOTFOUND api-e1.authrocket.com"), {
      code: "ENOTFOUND",
    });
    const ar = new AuthRocket({
      url: "https://api-e1.authrocket.com/v1",
      apiKey: KEY,
      maxRetries: 0,
      fetch: () => Promise.reject(new TypeError("fetch failed", { cause: dns })),
    });
    await assert.rejects(ar.users.all(), (e) => {
      assert.ok(e instanceof ConnectionError);
      assert.match(
        e.message,
        /api-e1\.authrocket\.com:443: the host name does not resolve \(DNS\)/,
      );
      assert.match(e.message, /not retried: `maxRetries` is 0/);
      assert.match(e.message, /see https:\/\/status\.authrocket\.com\/$/);
      assert.equal(((e.cause as Error).cause as { code: string }).code, "ENOTFOUND");
      return true;
    });
  });
});

describe("connection failures", () => {
  it("refused on 127.0.0.1: host and port, 'retried 1 time', the cause, no AuthRocket status page", async () => {
    const probe = await serve(() => {});
    const host = probe.host;
    await probe.close();
    const ar = new AuthRocket({
      url: `http://${host}/v1`,
      apiKey: API_KEY,
      maxRetries: 1,
      maxRetryDelay: 1,
    });
    await assert.rejects(ar.users.all(), (e) => {
      assert.ok(e instanceof ConnectionError, String(e));
      assert.equal(e.code, "connection_error");
      assert.match(e.message, new RegExp(`at ${host.replace(".", "\\.")}: connection refused`));
      assert.match(e.message, /\(retried 1 time\)/);
      assert.ok(!e.message.includes("status.authrocket.com"));
      let chain = "";
      for (let c: unknown = e.cause; c instanceof Error; c = c.cause) {
        chain += `${c.message} ${(c as { code?: string }).code ?? ""} `;
      }
      assert.match(chain, /ECONNREFUSED|connection refused|ConnectionRefused/i);
      return true;
    });
  });
});

describe("network faults", () => {
  it("a rejected fetch → ConnectionError naming the host, never the key", async () => {
    const r = recorder([], new TypeError(`fetch failed: ECONNREFUSED (key ${API_KEY})`));
    const { ar, events } = instrumented(r.fetch, { maxRetries: 1 });
    await assert.rejects(ar.users.all(), (e) => {
      assert.ok(e instanceof ConnectionError);
      assert.match(e.message, /api-e1\.authrocket\.com/);
      assert.equal(e.timeout, false);
      assertClean(e.message);
      return true;
    });
    assert.equal(r.seen.length, 2);
    assertClean(events);
  });

  it("a timeout aborts the attempt → ConnectionError with timeout: true", async () => {
    const hang = (_i: unknown, init?: RequestInit) =>
      new Promise<Response>((_res, rej) => {
        init!.signal!.addEventListener(
          "abort",
          () => rej(new DOMException("aborted", "AbortError")),
        );
      });
    const ar = client(hang, { timeout: 20, maxRetries: 1 });
    const t0 = Date.now();
    await assert.rejects(ar.users.all(), (e) => {
      assert.ok(e instanceof ConnectionError);
      assert.equal(e.timeout, true);
      assert.match(e.message, /timed out after 20 ms/);
      return true;
    });
    assert.ok(Date.now() - t0 < 2000);
  });

  it("a caller's signal aborts without retry and rethrows its reason", async () => {
    let calls = 0;
    const hang = (_i: unknown, init?: RequestInit) => {
      calls++;
      return new Promise<Response>((_res, rej) => {
        init!.signal!.addEventListener("abort", () => rej(init!.signal!.reason));
      });
    };
    const ctrl = new AbortController();
    const reason = new Error("user went away");
    setTimeout(() => ctrl.abort(reason), 10);
    await assert.rejects(client(hang).users.all({}, { signal: ctrl.signal }), (e) => e === reason);
    assert.equal(calls, 1);
  });

  it("on a caller's abort the hook gets the caller's reason, not fetch's error (which may hold the URL)", async () => {
    const leaky = (input: Request | string | URL, init?: RequestInit) =>
      new Promise<Response>((_res, rej) => {
        init!.signal!.addEventListener(
          "abort",
          () => rej(new TypeError(`aborted fetching ${input}`)),
        );
      });
    const { ar, events } = instrumented(leaky);
    const ctrl = new AbortController();
    const reason = new Error("user went away");
    setTimeout(() => ctrl.abort(reason), 10);
    await assert.rejects(
      ar.sessions.retrieve(TOKEN, {}, { signal: ctrl.signal }),
      (e) => e === reason,
    );
    assert.equal((events[1] as ResponseInfo).error, reason);
    assertClean(events);
  });

  it("over real sockets on 127.0.0.1: connection refused, and a reset mid-body", async () => {
    // A port that was just free: nothing listens there.
    const probe = createServer();
    await new Promise<void>((ok) => probe.listen(0, "127.0.0.1", ok));
    const dead = (probe.address() as AddressInfo).port;
    await new Promise<void>((ok) => probe.close(() => ok()));
    /** A client of a local port, retrying once without waiting. */
    const local = (port: number) =>
      new AuthRocket({
        url: `http://127.0.0.1:${port}/v1`,
        apiKey: API_KEY,
        maxRetries: 1,
        maxRetryDelay: 1,
      });
    const refused = local(dead);
    await assert.rejects(refused.users.all(), (e) => {
      assert.ok(e instanceof ConnectionError, String(e));
      assert.match(e.message, new RegExp(`127\\.0\\.0\\.1:${dead}`));
      assertClean(e.message);
      return true;
    });

    let hits = 0;
    const server = createServer((_req, res) => {
      hits++;
      res.writeHead(200, { "content-type": "application/json", "content-length": "500" });
      res.write('{"collection":[{"id":"usr_1"');
      setTimeout(() => res.socket?.destroy(), 5);
    });
    await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
    const port = (server.address() as AddressInfo).port;
    try {
      const ar = local(port);
      await assert.rejects(ar.users.all(), (e) => {
        assert.ok(e instanceof ConnectionError || e instanceof ResponseError, String(e));
        assertClean((e as Error).message);
        return true;
      });
      assert.equal(hits, 2, "a GET is retried once");
    } finally {
      server.closeAllConnections?.();
      await new Promise<void>((ok) => server.close(() => ok()));
    }
  });
});
