// App hooks deliver: webhooks POSTed to a receiver on 127.0.0.1 with the event's JSON (as
// GET events/:id shows it), after the hook's delay, retried with backoff on non-2xx, every
// attempt recorded as a Notification readable through the API; a ping can be sent. The clock
// is injected and deliveries are driven with emu.deliverWebhooks(): no test sleeps.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { AuthRocket } from "../../mod.ts";
import { createEmulator } from "../../testing.ts";
import { SALLY } from "../helpers.ts";
import { emulatorRealm, realmOf } from "../realm.ts";

/** A receiver on 127.0.0.1 answering from a script of statuses (then 200). */
async function receiver(statuses: number[]) {
  const got: {
    path: string;
    type: string | undefined;
    auth: string | undefined;
    body: Record<string, unknown>;
  }[] = [];
  let arrived = () => {};
  const server = createServer((req, res) => {
    let text = "";
    req.on("data", (c) => (text += c));
    req.on("end", () => {
      got.push({
        path: req.url ?? "",
        type: req.headers["content-type"],
        auth: req.headers.authorization,
        body: JSON.parse(text),
      });
      res.writeHead(statuses.shift() ?? 200).end("ok");
      arrived();
    });
  });
  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
  const port = (server.address() as { port: number }).port;
  return {
    got,
    url: `http://127.0.0.1:${port}/hooks/secret-path`,
    /** Resolves when the next webhook has arrived. */
    next: () => new Promise<void>((ok) => (arrived = ok)),
    close: () =>
      new Promise<void>((ok) => {
        server.closeAllConnections?.();
        server.close(() => ok());
      }),
  };
}

for (const mode of ["injected fetch", "real HTTP on 127.0.0.1"] as const) {
  describe(`emulator webhooks (${mode})`, () => {
    it("delay, POST of the event's JSON, retry with backoff after a 500, notifications through the API, ping", async () => {
      let t = Date.UTC(2026, 0, 1);
      const emu = createEmulator({
        passwordIterations: 1000,
        now: () => t,
        webhooks: { timers: false },
      });
      const rx = await receiver([500]);
      const server = mode === "injected fetch" ? undefined : await emu.listen();
      try {
        const base = server
          ? new AuthRocket({ url: server.url, apiKey: emu.apiKey })
          : emu.client();
        const { ar } = await realmOf(base, { name: "Hooks" });
        const hook = await ar.appHooks.createOrThrow({
          destination: rx.url,
          event_type: ["user.created"],
          delay: 30,
        });
        const other = await base.realms.createOrThrow({ name: "Elsewhere" });
        await base.withRealm(other.id).users.createOrThrow({ user_type: "api", username: "x" });
        const u = await ar.users.createOrThrow(SALLY);
        await ar.orgs.createOrThrow({ name: "Not wanted" });

        assert.equal(await emu.deliverWebhooks(), 0, "nothing before the delay");
        t += 30_000;
        assert.equal(await emu.deliverWebhooks(), 1, "one event matched: type and realm");
        assert.equal(rx.got.length, 1);
        const sent = rx.got[0];
        assert.equal(sent.path, "/hooks/secret-path");
        assert.equal(sent.type, "application/json");
        assert.equal(sent.body.object, "event");
        assert.equal(sent.body.event_type, "user.created");
        assert.equal(sent.body.user_id, u.id);
        const [ev] = await ar.events.all({ event_type: "user.created", user_id: u.id });
        const shown = await ar.events.find(ev.id);
        const raw = await (await emu.fetch(`${emu.origin}/v1/events/${ev.id}`, {
          headers: { "x-authrocket-api-key": emu.apiKey },
        })).json();
        // The body is the event as GET events/:id shows it (its notification as it was
        // before this attempt was recorded).
        assert.deepEqual({ ...sent.body, notifications: [] }, { ...raw, notifications: [] });
        assert.equal((sent.body.notifications as unknown[]).length, 1);
        let [n] = await shown.notifications();
        assert.equal(n.app_hook_id, hook.id);
        assert.equal(n.attempts, 1);
        assert.equal(n.state, "in_progress");
        assert.equal(n.last_result, "HTTP 500");
        assert.equal(n.last_destination, rx.url);

        assert.equal(await emu.deliverWebhooks(), 0, "the retry waits for its backoff");
        t += 15_000;
        assert.equal(await emu.deliverWebhooks(), 1);
        assert.equal(rx.got.length, 2);
        [n] = await (await ar.events.find(ev.id)).notifications();
        assert.equal(n.attempts, 2);
        assert.equal(n.state, "completed");
        assert.equal(n.last_result, "HTTP 200");
        t += 86_400_000;
        assert.equal(await emu.deliverWebhooks(), 0, "a completed delivery is not repeated");

        const ping = await emu.ping(hook.id);
        assert.equal(ping.event_type, "ping");
        assert.equal(await emu.deliverWebhooks(), 1);
        assert.equal(rx.got[2].body.event_type, "ping");
        assert.equal(rx.got[2].body.app_hook_id, hook.id);
        assert.equal(rx.got.length, 3, "nothing else was sent");
      } finally {
        await server?.close();
        await rx.close();
      }
    });
  });
}

describe("emulator webhooks: failures and off by default", () => {
  it("a dead destination is retried with doubling waits and fails after the last attempt", async () => {
    let t = Date.UTC(2026, 0, 1);
    const calls: number[] = [];
    const emu = createEmulator({
      now: () => t,
      webhooks: {
        timers: false,
        fetch: () => {
          calls.push(t);
          return Promise.reject(new TypeError("connection refused"));
        },
      },
    });
    const ar0 = emu.client();
    const { ar } = await realmOf(ar0, { name: "Dead" });
    await ar.appHooks.createOrThrow({
      destination: "http://hook:s3cret@127.0.0.1:9/",
      event_type: [],
    });
    await ar.orgs.createOrThrow({ name: "Acme" }); // an empty event_type list: every event
    for (let i = 0; i < 40; i++) {
      await emu.deliverWebhooks();
      t += 3_600_000 * 6;
    }
    // Two events: the hook's own app_hook.created and org.created, 14 attempts each.
    assert.equal(calls.length, 28, "14 attempts of each event");
    const gaps = calls.filter((_, i) => i % 2 === 0).slice(1).map((c, i) => c - calls[2 * i]);
    assert.ok(gaps.every((g, i) => i === 0 || g >= gaps[i - 1]), "waits never shrink");
    const [ev] = await ar.events.all({ event_type: "org.created" });
    const [n] = await (await ar.events.find(ev.id)).notifications();
    assert.equal(n.state, "failed");
    assert.equal(n.attempts, 14);
    assert.equal(n.last_result, "Error: TypeError", "the error's kind, never its text");
    assert.equal(
      n.last_destination,
      "http://hook:xxxxx@127.0.0.1:9/",
      "basic-auth password masked",
    );
  });

  it("with timers on (the default), a due webhook is sent without being asked", async () => {
    const rx = await receiver([]);
    const emu = createEmulator({ webhooks: {} });
    try {
      const ar0 = emu.client();
      const { ar } = await realmOf(ar0, { name: "Timers" });
      const withAuth = rx.url.replace("http://", "http://hook:s%40cret@");
      await ar.appHooks.createOrThrow({ destination: withAuth, event_type: ["org.created"] });
      const arrived = rx.next();
      await ar.orgs.createOrThrow({ name: "Acme" });
      await arrived;
      assert.equal(rx.got[0].body.event_type, "org.created");
      assert.equal(rx.got[0].auth, `Basic ${btoa("hook:s@cret")}`, "URL credentials as basic auth");
    } finally {
      await rx.close();
    }
  });

  it("a pending delivery survives snapshot → restore and is sent by the restored emulator", async () => {
    let t = Date.UTC(2026, 0, 1);
    const sent: string[] = [];
    const fake = (input: RequestInfo | URL, init?: RequestInit) => {
      sent.push(`${input} ${JSON.parse(String(init?.body)).event_type}`);
      return Promise.resolve(new Response(null, { status: 204 }));
    };
    const { emu: first, ar } = await emulatorRealm({ name: "Later" }, {
      now: () => t,
      webhooks: { timers: false, fetch: fake },
    });
    await ar.appHooks.createOrThrow({
      destination: "http://127.0.0.1:9/in",
      event_type: ["org.created"],
      delay: 60,
    });
    await ar.orgs.createOrThrow({ name: "Acme" });
    const state = JSON.parse(JSON.stringify(first.store.snapshot()));
    const second = createEmulator({ now: () => t, webhooks: { timers: false, fetch: fake } });
    second.store.restore(state);
    t += 60_000;
    assert.equal(await second.deliverWebhooks(), 1);
    assert.deepEqual(sent, ["http://127.0.0.1:9/in org.created"]);
  });

  it("without the webhooks option nothing is sent and no notification is queued", async () => {
    const { emu, ar } = await emulatorRealm({ name: "Quiet" });
    await ar.appHooks.createOrThrow({ destination: "https://hooks.example/", event_type: [] });
    await ar.orgs.createOrThrow({ name: "Acme" });
    assert.equal(await emu.deliverWebhooks(), 0);
    const [ev] = await ar.events.all({ event_type: "org.created" });
    assert.deepEqual(await (await ar.events.find(ev.id)).notifications(), []);
  });
});
