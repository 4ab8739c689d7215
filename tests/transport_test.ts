// The transport's requests (src/transport.ts): how a path segment and a query are built, and
// that no timer or abort listener outlives a call (aborts during the retry wait included).
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { InvalidId, RecordNotFound, RedirectError, type ResponseInfo } from "../mod.ts";
import { buildQuery, segment } from "../src/transport.ts";
import { client, json, recorder, userJson } from "./helpers.ts";

/** Count live timers and abort listeners while `body` runs. */
async function leakCheck(body: (ctrl: AbortController) => Promise<unknown>) {
  const live = new Set<unknown>();
  const g = globalThis as unknown as Record<string, (...a: unknown[]) => unknown>;
  const [set, clear] = [g.setTimeout, g.clearTimeout];
  g.setTimeout = (fn: unknown, ms: unknown, ...rest: unknown[]) => {
    const id = set(
      (...a: unknown[]) => {
        live.delete(id);
        (fn as (...a: unknown[]) => void)(...a);
      },
      ms,
      ...rest,
    );
    live.add(id);
    return id;
  };
  g.clearTimeout = (id: unknown) => {
    live.delete(id);
    return clear(id);
  };
  // Abort listeners by identity; a `once` listener is gone after the abort fires it.
  const ctrl = new AbortController();
  const listeners = new Map<unknown, boolean>();
  const { signal } = ctrl;
  const add = signal.addEventListener.bind(signal);
  const remove = signal.removeEventListener.bind(signal);
  signal.addEventListener = (type: string, fn: unknown, opts?: unknown) => {
    listeners.set(fn, typeof opts === "object" && !!(opts as { once?: boolean })?.once);
    add(type, fn as EventListener, opts as AddEventListenerOptions);
  };
  signal.removeEventListener = (type: string, fn: unknown, opts?: unknown) => {
    if (type === "abort") listeners.delete(fn);
    remove(type, fn as EventListener, opts as EventListenerOptions);
  };
  signal.addEventListener("abort", () => {
    for (const [fn, once] of listeners) if (once) listeners.delete(fn);
  });
  listeners.clear();
  try {
    await body(ctrl);
  } finally {
    g.setTimeout = set;
    g.clearTimeout = clear;
  }
  return { timers: live.size, listeners: listeners.size };
}

describe("nothing outlives a call", () => {
  it("success, 5xx retries, a network fault and a timeout leave no timer and no listener", async () => {
    const hang = (_i: unknown, init?: RequestInit) =>
      new Promise<Response>((_r, rej) =>
        init!.signal!.addEventListener("abort", () => rej(new Error("aborted")))
      );
    const cases: [string, Parameters<typeof client>[0]][] = [
      ["200", recorder([], json(200, userJson())).fetch],
      ["500×3", recorder([], json(500, {})).fetch],
      ["refused", recorder([], new TypeError("fetch failed")).fetch],
      ["timeout", hang],
    ];
    for (const [name, fetch] of cases) {
      const ar = client(fetch, { maxRetries: 2, timeout: 5 });
      const left = await leakCheck((ctrl) =>
        ar.users.find("usr_1", {}, { signal: ctrl.signal }).catch((e) => e)
      );
      assert.deepEqual(left, { timers: 0, listeners: 0 }, name);
    }
  });

  it("an abort during the retry wait ends the wait at once with the caller's reason", async () => {
    // 429 with Retry-After: 30 makes the transport wait 30 s before its retry.
    const r = recorder([], json(429, {}, { "retry-after": "30" }));
    const ar = client(r.fetch, { maxRetries: 3, maxRetryDelay: 60_000 });
    const reason = new Error("user went away");
    const left = await leakCheck(async (ctrl) => {
      const t0 = Date.now();
      const p = ar.users.find("usr_1", {}, { signal: ctrl.signal });
      while (r.seen.length === 0) await new Promise((ok) => setTimeout(ok, 1));
      await new Promise((ok) => setTimeout(ok, 10));
      ctrl.abort(reason);
      await assert.rejects(p, (e) => e === reason);
      assert.ok(Date.now() - t0 < 5_000, "the 30 s wait was cut short");
    });
    assert.equal(r.seen.length, 1, "no retry after the abort");
    assert.deepEqual(left, { timers: 0, listeners: 0 });
  });

  it("an abort that lands between attempts (in the hook) skips the wait", async () => {
    const r = recorder([], json(429, {}, { "retry-after": "30" }));
    const ctrl = new AbortController();
    const reason = new Error("stop");
    const ar = client(r.fetch, {
      maxRetries: 3,
      maxRetryDelay: 60_000,
      onResponse: () => ctrl.abort(reason),
    });
    const t0 = Date.now();
    await assert.rejects(ar.users.find("usr_1", {}, { signal: ctrl.signal }), (e) => e === reason);
    assert.ok(Date.now() - t0 < 5_000, "did not wait the 30 s back-off");
    assert.equal(r.seen.length, 1);
  });

  it("a signal aborted before the call: no request at all", async () => {
    const r = recorder([], json(200, userJson()));
    const reason = new Error("already gone");
    await assert.rejects(
      client(r.fetch).users.find("usr_1", {}, { signal: AbortSignal.abort(reason) }),
      (e) => e === reason,
    );
    assert.equal(r.seen.length, 0);
  });
});

describe("requests, unit by unit", () => {
  it("segment: escapes one path segment; blank, '.', '..' and non-strings are InvalidId", () => {
    assert.equal(segment("a b/c?d"), "a%20b%2Fc%3Fd");
    for (const ok of ["...", "a.", ".a", "a..", " x "]) {
      assert.equal(segment(ok), encodeURIComponent(ok));
    }
    for (const bad of ["", "  ", "\t", ".", "..", undefined, null, 42, {}]) {
      assert.throws(
        () => segment(bad),
        (e) => e instanceof InvalidId && !(e instanceof RecordNotFound) && e.code === "invalid_id",
        JSON.stringify(bad),
      );
    }
    const says = (what: string, shown: string) =>
      `Cannot ${what}: ${shown} is not a record id (pass the id or username)`;
    assert.throws(() => segment(""), { name: "InvalidId", message: says("find", '""') });
    assert.throws(() => segment("..", "update"), {
      name: "InvalidId",
      message: says("update", '".."'),
    });
    assert.throws(() => segment(undefined, "delete"), {
      name: "InvalidId",
      message: says("delete", "undefined"),
    });
  });

  it("buildQuery: arrays, empty arrays, dates, nested objects, null, undefined", () => {
    assert.equal(buildQuery(undefined), "");
    assert.equal(buildQuery({}), "");
    assert.equal(buildQuery({ u: undefined }), "");
    assert.equal(
      buildQuery({
        a: [1, "x y"],
        e: [],
        d: new Date(1_500),
        o: { k: "v", n: null },
        z: null,
        b: false,
      }),
      "?a%5B%5D=1&a%5B%5D=x%20y&e%5B%5D=&d=1&o%5Bk%5D=v&o%5Bn%5D=&z=&b=false",
    );
  });

  it("a url with a trailing slash, a 300 and a 399, and the runtime in the User-Agent", async () => {
    const r = recorder([
      json(200, userJson()),
      new Response(null, { status: 300 }),
      new Response(null, { status: 399 }),
    ]);
    const events: ResponseInfo[] = [];
    const ar = client(r.fetch, { url: "https://h.example/v1/", onResponse: (i) => events.push(i) });
    await ar.users.find("usr_1");
    assert.equal(r.last().url.href, "https://h.example/v1/users/usr_1");
    assert.ok(!("requestId" in events[0]), "no request id, no key in the hook's argument");
    await assert.rejects(
      ar.users.find("usr_1"),
      (e) => e instanceof RedirectError && e.status === 300,
    );
    await assert.rejects(
      ar.users.find("usr_1"),
      (e) => e instanceof RedirectError && e.status === 399,
    );
    assert.match(
      r.seen[0].headers.get("user-agent")!,
      /^authrocket-edge\/\S+ (Deno|Bun|Node\.js)\b/,
    );
  });
});
