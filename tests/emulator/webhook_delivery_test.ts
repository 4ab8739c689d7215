// Webhook delivery's timers and redirects: a delay past setTimeout's range (24.8 days) is
// waited out in steps no timer overflows (never a 1 ms re-arm loop), a delay past
// MAX_DELAY_S (30 days) or below 0 is refused with 422, and a destination answering a
// redirect is not followed: the 3xx is a failed attempt, the event goes nowhere else.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import { createEmulator } from "../../testing.ts";
import { MAX_DELAY_S } from "../../src/emulator/webhook_delivery.ts";
import { RecordInvalid } from "../../mod.ts";
import { emulatorRealm, realmOf } from "../realm.ts";

const DAY_MS = 86_400_000;
const MAX_TIMER_MS = 2 ** 31 - 1;

/** Timers that never fire by themselves: each armed one is kept to be fired by the test. */
function fakeTimers() {
  const real = { set: globalThis.setTimeout, clear: globalThis.clearTimeout };
  const armed: { fn: () => void; ms: number; cleared: boolean }[] = [];
  const g = globalThis as unknown as Record<string, unknown>;
  g.setTimeout = (fn: () => void, ms: number) => {
    const t = { fn, ms, cleared: false, unref() {} };
    armed.push(t);
    return t;
  };
  g.clearTimeout = (t: { cleared: boolean } | undefined) => {
    if (t && typeof t === "object") t.cleared = true;
  };
  return {
    armed,
    /** The timers armed and not cleared. */
    live: () => armed.filter((t) => !t.cleared),
    restore: () => {
      g.setTimeout = real.set;
      g.clearTimeout = real.clear;
    },
  };
}

/** Let the emulator's promise chains (a delivery, a commit) run to their end. */
async function drain() {
  for (let i = 0; i < 20; i++) await Promise.resolve();
}

describe("emulator webhooks: timers and redirects", () => {
  it("a 25-day delay arms timers within setTimeout's range and delivers when it is due", async () => {
    let clock = Date.UTC(2026, 11, 6);
    const posted: string[] = [];
    const emu = createEmulator({
      passwordIterations: 1,
      now: () => clock,
      webhooks: {
        fetch: (url) => {
          posted.push(String(url));
          return Promise.resolve(new Response("ok"));
        },
      },
    });
    const base = emu.client();
    const { ar } = await realmOf(base, { name: "Later" });
    await ar.appHooks.createOrThrow({
      event_type: ["user.created"],
      destination: "http://127.0.0.1:9/later",
      delay: 25 * 86_400,
    });
    const timers = fakeTimers();
    try {
      await ar.users.createOrThrow({ user_type: "api", username: "later" });
      const [first] = timers.live();
      assert.ok(first, "a timer is armed for the delivery");
      assert.ok(first.ms <= MAX_TIMER_MS, `armed for ${first.ms} ms: past setTimeout's range`);
      // The first wake-up, 24.8 days in: nothing is due yet, the rest is armed, nothing sent.
      clock += first.ms;
      first.fn();
      await drain();
      assert.deepEqual(posted, []);
      const rest = timers.live().filter((t) => t !== first);
      assert.equal(rest.length, 1, "one timer for the rest of the wait");
      assert.ok(rest[0].ms > 0 && rest[0].ms <= 25 * DAY_MS - first.ms + 1000, `${rest[0].ms}`);
      clock += rest[0].ms;
      rest[0].fn();
      await drain();
      assert.deepEqual(posted, ["http://127.0.0.1:9/later"]);
      assert.ok(timers.armed.length <= 4, `${timers.armed.length} timers: no re-arm loop`);
    } finally {
      timers.restore();
    }
  });

  it(`a delay over ${MAX_DELAY_S} s (30 days) or below 0 is refused with 422`, async () => {
    const { ar } = await emulatorRealm({ name: "Delays" }, {
      passwordIterations: 1,
      webhooks: { timers: false },
    });
    const hook = (delay: number) => ({
      event_type: [],
      destination: "http://127.0.0.1:9/d",
      delay,
    });
    for (const delay of [MAX_DELAY_S + 1, 1e300, -1]) {
      await assert.rejects(
        ar.appHooks.createOrThrow(hook(delay)),
        (e) => e instanceof RecordInvalid && /Delay must be between 0 and 2592000/.test(e.message),
        `delay ${delay}`,
      );
    }
    const kept = await ar.appHooks.createOrThrow(hook(MAX_DELAY_S));
    assert.equal(kept.delay, MAX_DELAY_S);
    assert.equal(await kept.update({ delay: MAX_DELAY_S + 1 }), false);
  });

  it("a redirect is not followed: the 3xx is a failed attempt, the other origin gets nothing", async () => {
    const hits: string[] = [];
    const listen = (handler: Parameters<typeof createServer>[1]) =>
      new Promise<Server>((ok) => {
        const s = createServer(handler);
        s.listen(0, "127.0.0.1", () => ok(s));
      });
    const elsewhere = await listen((req, res) => {
      hits.push(`${req.method} ${req.url}`);
      req.resume();
      res.writeHead(200).end("ok");
    });
    const other = `http://127.0.0.1:${(elsewhere.address() as { port: number }).port}/stolen`;
    const redirecting = await listen((req, res) => {
      req.resume();
      res.writeHead(307, { location: other }).end();
    });
    const close = (s: Server) =>
      new Promise<void>((ok) => {
        s.closeAllConnections?.();
        s.close(() => ok());
      });
    try {
      const port = (redirecting.address() as { port: number }).port;
      const { emu, ar } = await emulatorRealm({ name: "Redirects" }, {
        passwordIterations: 1,
        webhooks: { timers: false },
      });
      await ar.appHooks.createOrThrow({
        event_type: ["user.created"],
        destination: `http://127.0.0.1:${port}/hook`,
      });
      const user = await ar.users.createOrThrow({ user_type: "api", username: "moved" });
      assert.equal(await emu.deliverWebhooks(), 1);
      assert.deepEqual(hits, [], "the event was not re-POSTed to the redirect's target");
      const [event] = await ar.events.all({ user_id: user.id, event_type: "user.created" });
      const full = await ar.events.find(event.id);
      const [n] = (full.toJSON() as { notifications: Record<string, unknown>[] }).notifications;
      assert.equal(n.last_result, "HTTP 307");
      assert.equal(n.attempts, 1);
      assert.equal(n.state, "in_progress", "retried later, as any failed attempt");
    } finally {
      await close(redirecting);
      await close(elsewhere);
    }
  });
});
