// The transport's own decisions, call by call: which headers go out, what the hooks see, which
// methods are retried, how long the back-off waits, what a redirect's body costs, and the
// settings it refuses to call without.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { AuthRocket, ConfigError, RateLimited, RedirectError, ServerError } from "../mod.ts";
import type { RequestInfo, ResponseInfo } from "../mod.ts";
import { Transport } from "../internal.ts";
import { VERSION } from "../src/version.ts";
import { API_KEY, client, json, recorder, userJson } from "./helpers.ts";

const TIMEOUT = 12_345;

/**
 * Run `body` with Math.random pinned and every wait other than the per-attempt timeout recorded
 * and skipped; returns the waits asked for.
 */
async function pinnedWaits(rand: number, body: () => Promise<unknown>): Promise<number[]> {
  const g = globalThis as unknown as Record<string, unknown>;
  const [set, random] = [g.setTimeout as typeof setTimeout, Math.random];
  const waits: number[] = [];
  g.setTimeout = ((fn: () => void, ms: number) => {
    if (ms !== TIMEOUT) waits.push(ms);
    return set(fn, ms === TIMEOUT ? ms : 0);
  }) as typeof setTimeout;
  Math.random = () => rand;
  try {
    await body();
  } finally {
    g.setTimeout = set;
    Math.random = random;
  }
  return waits;
}

describe("what goes out", () => {
  it("realm and account headers only when configured", async () => {
    const r = recorder([], json(200, userJson()));
    await client(r.fetch, { realm: undefined }).users.find("usr_1");
    assert.equal(r.last().headers.get("x-authrocket-realm"), null);
    assert.equal(r.last().headers.get("x-authrocket-account"), null);
    assert.equal(r.last().headers.get("x-authrocket-api-key"), API_KEY);
    await client(r.fetch, { realm: "rl_2", account: "org_9" }).users.find("usr_1");
    assert.equal(r.last().headers.get("x-authrocket-realm"), "rl_2");
    assert.equal(r.last().headers.get("x-authrocket-account"), "org_9");
  });

  it("User-Agent: library, version and runtime, then the configured suffix if any", async () => {
    const r = recorder([], json(200, userJson()));
    await client(r.fetch).users.find("usr_1");
    const plain = r.last().headers.get("user-agent")!;
    assert.match(plain, new RegExp(`^authrocket-edge/${VERSION.replaceAll(".", "\\.")} \\S+$`));
    await client(r.fetch, { userAgent: "myapp/2 (+https://x)" }).users.find("usr_1");
    assert.equal(r.last().headers.get("user-agent"), `${plain} myapp/2 (+https://x)`);
  });

  it("a transport without url or apiKey, or with a url that does not parse: ConfigError, no request", async () => {
    const r = recorder([], json(200, {}));
    const cases: [Record<string, unknown>, string][] = [
      [
        { apiKey: API_KEY },
        "Missing AuthRocket setting `url` (env AUTHROCKET_URL): set the API base URL, e.g. https://api-e1.authrocket.com/v1",
      ],
      [
        { url: "https://h.example/v1" },
        "Missing AuthRocket setting `apiKey` (env AUTHROCKET_API_KEY): API calls need an API key",
      ],
      [
        { url: "not a url", apiKey: API_KEY },
        "Invalid AuthRocket setting `url` (env AUTHROCKET_URL)",
      ],
    ];
    for (const [config, message] of cases) {
      const t = new Transport({ ...config, fetch: r.fetch });
      await assert.rejects(t.request("GET", "users"), (e) => {
        assert.ok(e instanceof ConfigError, String(e));
        assert.equal(e.message, message);
        return true;
      });
    }
    assert.equal(r.seen.length, 0);
  });
});

describe("what the hooks see", () => {
  it("onResponse alone gets the redacted URL; onRequest alone too; durationMs is a duration", async () => {
    const seen: (RequestInfo | ResponseInfo)[] = [];
    const r = recorder([], json(200, userJson()));
    await client(r.fetch, { onResponse: (i) => seen.push(i) }).users.find(API_KEY);
    await client(r.fetch, { onRequest: (i) => seen.push(i) }).users.find("usr_1");
    assert.equal(seen[0].url, "https://api-e1.authrocket.com/v1/users/[redacted]");
    assert.equal(seen[1].url, "https://api-e1.authrocket.com/v1/users/usr_1");
    const d = (seen[0] as ResponseInfo).durationMs;
    assert.ok(d >= 0 && d < 60_000, String(d));
  });

  it("a caller's abort with a reason that is not an Error: the call rejects with it, the hook gets an Error", async () => {
    const ctrl = new AbortController();
    const events: ResponseInfo[] = [];
    const ar = client((_i, init) =>
      new Promise((_ok, no) => {
        init!.signal!.addEventListener("abort", () => no(new Error("fetch aborted")));
        ctrl.abort("user left");
      }), { onResponse: (i) => events.push(i) });
    await assert.rejects(
      ar.users.find("usr_1", {}, { signal: ctrl.signal }),
      (e) => e === "user left",
    );
    assert.equal(events.length, 1);
    assert.ok(events[0].error instanceof Error);
    assert.equal(events[0].error.message, "aborted");
  });
});

describe("retries and back-off", () => {
  it("HEAD is retried on 5xx like GET; POST is not", async () => {
    const r = recorder([json(500, {}), json(503, {}), json(200, {})]);
    const ar = client(r.fetch, { maxRetries: 2 });
    assert.equal((await ar.transport.request("HEAD", "users")).status, 200);
    assert.equal(r.seen.length, 3);
    const p = recorder([json(500, {}), json(200, {})]);
    await assert.rejects(
      client(p.fetch, { maxRetries: 2 }).transport.request("POST", "users"),
      ServerError,
    );
    assert.equal(p.seen.length, 1);
  });

  it("the wait doubles from 250 ms, randomised between half and all of it, capped by maxRetryDelay", async () => {
    for (
      const [rand, cap, want] of [
        [1, 60_000, [250, 500, 1000]],
        [0, 60_000, [125, 250, 500]],
        [0.5, 600, [188, 375, 450]],
      ] as const
    ) {
      const waits = await pinnedWaits(rand, async () => {
        const r = recorder([], json(500, {}));
        const ar = client(r.fetch, { maxRetries: 3, maxRetryDelay: cap, timeout: TIMEOUT });
        await assert.rejects(ar.users.find("usr_1"), ServerError);
      });
      assert.deepEqual(waits, want, `random ${rand}, cap ${cap}`);
    }
  });

  it("a 429 waits Retry-After seconds up to maxRetryDelay inclusive, else its own back-off", async () => {
    const run = (h: Record<string, string>) =>
      pinnedWaits(1, async () => {
        const r = recorder([json(429, {}, h), json(200, userJson())]);
        const ar = client(r.fetch, { maxRetries: 1, maxRetryDelay: 2_000, timeout: TIMEOUT });
        assert.equal((await ar.users.find("usr_1")).id, "usr_1");
        assert.equal(r.seen.length, 2);
      });
    assert.deepEqual(await run({ "retry-after": "2" }), [2_000]);
    assert.deepEqual(await run({}), [250]);
    let err: unknown;
    const waits = await pinnedWaits(1, async () => {
      const r = recorder([json(429, {}, { "retry-after": "3" }), json(200, userJson())]);
      const ar = client(r.fetch, { maxRetries: 1, maxRetryDelay: 2_000, timeout: TIMEOUT });
      err = await ar.users.find("usr_1").catch((e) => e);
    });
    assert.deepEqual(waits, [], "3 s is beyond maxRetryDelay: no wait, no retry");
    assert.ok(err instanceof RateLimited && err.retryAfter === 3);
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

describe("secrets the transport knows by value", () => {
  it("a JWK jwtSecret's k and a string jwtSecret are redacted from what the server echoes", async () => {
    const k = "Zm9vYmFyYmF6cXV4cXV1eGNvcmdlZ3JhdWx0";
    const plain = "my-own-hmac-secret-value-1234";
    for (const jwtSecret of [{ kty: "oct", k }, plain]) {
      const r = recorder([], new Response(`echo ${k} ${plain}`, { status: 500 }));
      const ar = new AuthRocket({
        url: "https://h.example/v1",
        apiKey: API_KEY,
        jwtSecret,
        fetch: r.fetch,
        maxRetries: 0,
      });
      await assert.rejects(ar.users.find("usr_1"), (e) => {
        assert.ok(e instanceof ServerError);
        const secret = typeof jwtSecret === "string" ? jwtSecret : k;
        assert.ok(!e.message.includes(secret), e.message);
        assert.match(e.message, /^Server error: 500\n {2}echo /);
        return true;
      });
    }
  });
});
