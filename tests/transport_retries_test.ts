// Retries (src/transport.ts): which methods and statuses are tried again, how long the back-off
// waits (Retry-After within maxRetryDelay), what maxRetries changes, and that a POST is never
// replayed.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { API_KEY, client, instrumented, json, recorder, userJson } from "./helpers.ts";
import { RateLimited, type ResponseInfo, ServerError } from "../mod.ts";
import { assertClean } from "./leaks.ts";

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

const html = (status: number) =>
  new Response(`<html><body>Bad gateway ${API_KEY}</body></html>`, {
    status,
    headers: { "content-type": "text/html" },
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
