// The library's webhook receiver: only the event id is taken from the body; the event is read
// back through the API (the emulator here), and a request that is no webhook gets a 4xx. Then
// the emulator's own deliveries, in-process and from the standalone server over HTTP.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { AccessDenied, AuthRocket, ConnectionError, Event } from "../mod.ts";
import { receiveEvent, webhookHandler } from "../middleware.ts";
import { createEmulator } from "../testing.ts";
import { serve } from "../src/emulator/serve.ts";
import { startCli } from "./emulator_process.ts";
import { SALLY } from "./helpers.ts";
import { emulatorRealm, realmOf } from "./realm.ts";

const { emu, base, ar } = await emulatorRealm({ name: "Hooks" });
const sally = await ar.users.createOrThrow(SALLY);
const [created] = await ar.events.all({ user_id: sally.id, event_type: "user.created" });

const post = (body: unknown, headers: Record<string, string> = {}) =>
  new Request("https://app.test/hooks/authrocket", {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });

describe("webhooks", () => {
  it("receiveEvent re-reads the event by id and ignores everything else in the body", async () => {
    const forged = {
      id: created.id,
      event_type: "user.deleted",
      user_id: "usr_forged",
      realm_id: "rl_x",
    };
    const event = await receiveEvent(post(forged), ar);
    assert.ok(event instanceof Event);
    assert.equal(event.id, created.id);
    assert.equal(event.event_type, "user.created", "the API's type, not the body's");
    assert.equal(event.user_id, sally.id, "the API's user, not the body's");
    assert.equal((await event.user())?.username, "sally");
  });

  it("receiveEvent: null for no webhook (method, type, size, id) or an unknown event", async () => {
    const cases: Request[] = [
      new Request("https://app.test/h", { method: "GET" }),
      post({ id: created.id }, { "content-type": "text/plain" }),
      post("{not json"),
      post({ event_type: "user.created" }),
      post({ id: 42 }),
      post({ id: "ev_../../users" }),
      post({ id: "usr_123" }),
      post({ id: "ev_doesnotexist0000" }),
      post({ id: created.id, pad: "x".repeat(70 * 1024) }),
    ];
    for (const req of cases) assert.equal(await receiveEvent(req, ar), null, req.method);
  });

  it("receiveEvent: an event of another realm is not found through a realm-scoped client", async () => {
    const other = await base.realms.createOrThrow({ name: "Other" });
    const [theirs] = await base.events.all({ realm_id: other.id, event_type: "realm.created" });
    assert.equal(await receiveEvent(post({ id: theirs.id }), ar), null);
    assert.equal((await receiveEvent(post({ id: theirs.id }), base))?.id, theirs.id, "unscoped");
  });

  it("receiveEvent: an API failure throws (so the sender retries), it is not a null", async () => {
    const down = new AuthRocket({
      url: "http://127.0.0.1:9/v1",
      apiKey: "ko_x",
      maxRetries: 0,
      fetch: () => Promise.reject(new TypeError("connection refused")),
    });
    await assert.rejects(receiveEvent(post({ id: created.id }), down), ConnectionError);
    const wrongKey = emu.client({ apiKey: "ko_wrong" });
    await assert.rejects(receiveEvent(post({ id: created.id }), wrongKey), AccessDenied);
  });

  it("webhookHandler: the typed event to the listener, 204 by default, 4xx for no webhook, 503 when the API fails", async () => {
    const seen: Event[] = [];
    const handler = webhookHandler(ar, (event) => {
      seen.push(event);
    });
    const ok = await handler(post({ id: created.id, event_type: "forged" }));
    assert.equal(ok.status, 204);
    assert.deepEqual(seen.map((e) => e.event_type), ["user.created"]);

    const custom = webhookHandler(ar, (e) => Response.json({ got: e.id }, { status: 202 }));
    const r = await custom(post({ id: created.id }));
    assert.equal(r.status, 202);
    assert.deepEqual(await r.json(), { got: created.id });

    const statuses = await Promise.all([
      handler(new Request("https://app.test/h", { method: "PUT", body: "{}" })),
      handler(post({ id: created.id }, { "content-type": "application/x-www-form-urlencoded" })),
      handler(post({ id: created.id, pad: "x".repeat(70 * 1024) })),
      handler(post("[1, 2")),
      handler(post({ nothing: true })),
      handler(post({ id: "ev_unknown123" })),
    ]);
    assert.deepEqual(statuses.map((s) => s.status), [405, 415, 413, 400, 400, 404]);
    assert.equal(statuses[0].headers.get("allow"), "POST");
    assert.equal(seen.length, 1, "the listener saw only the real event");

    const down = webhookHandler(emu.client({ apiKey: "ko_wrong" }), () => {
      throw new Error("not reached");
    });
    const failed = await down(post({ id: created.id }));
    assert.equal(failed.status, 503);
    assert.ok(!(await failed.text()).includes("ko_wrong"), "no secret in the answer");
  });

  it("a body larger than its Content-Length claims is still cut at the limit", async () => {
    const big = new ReadableStream<Uint8Array>({
      start(c) {
        c.enqueue(new TextEncoder().encode(`{"id":"${created.id}","pad":"`));
        for (let i = 0; i < 100; i++) c.enqueue(new Uint8Array(1024).fill(120));
        c.enqueue(new TextEncoder().encode('"}'));
        c.close();
      },
    });
    const req = new Request("https://app.test/h", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: big,
      duplex: "half",
    } as RequestInit);
    assert.equal((await webhookHandler(ar, () => {})(req)).status, 413);
  });
});

describe("webhooks delivered by the emulator", () => {
  it("in-process: the emulator's delivery reaches webhookHandler, which re-reads the event; the notification completes", async () => {
    const now = Date.UTC(2026, 0, 1);
    const seen: Event[] = [];
    let handler: (req: Request) => Promise<Response> = () => Promise.resolve(new Response());
    const emu = createEmulator({
      passwordIterations: 1000,
      now: () => now,
      webhooks: { timers: false, fetch: (input, init) => handler(new Request(input, init)) },
    });
    const ar = emu.client();
    handler = webhookHandler(ar, (event) => {
      seen.push(event);
    });
    const { ar: scoped } = await realmOf(ar, { name: "Delivered" });
    await scoped.appHooks.createOrThrow({
      destination: "https://app.test/hooks/authrocket",
      event_type: ["user.created"],
    });
    const user = await scoped.users.createOrThrow(SALLY);
    assert.equal(await emu.deliverWebhooks(), 1);
    assert.deepEqual(seen.map((e) => [e.event_type, e.user_id]), [["user.created", user.id]]);
    const event = await scoped.events.find(seen[0].id);
    const [n] = await event.notifications();
    assert.equal(n.state, "completed", "the handler's 204 counts as delivered");
    assert.equal(n.attempts, 1);
  });

  it("standalone server: app hooks deliver over HTTP to a webhookHandler on 127.0.0.1", async () => {
    const cli = await startCli(["--port", "0", "--quiet"]);
    const ar = AuthRocket.fromEnv(cli.env);
    let arrived: (e: Event) => void = () => {};
    const got = new Promise<Event>((ok) => (arrived = ok));
    const server = await serve(webhookHandler(ar, (e) => arrived(e)), 0);
    try {
      const destination = server.url.replace(/\/v1$/, "/hooks/authrocket");
      await ar.appHooks.createOrThrow({ destination, event_type: ["user.created"] });
      const user = await ar.users.createOrThrow(SALLY);
      let timer: ReturnType<typeof setTimeout> | undefined;
      const event = await Promise.race([
        got,
        new Promise<never>((_, fail) => {
          timer = setTimeout(() => fail(new Error("no webhook arrived in 20 s")), 20_000);
        }),
      ]).finally(() => clearTimeout(timer));
      assert.equal(event.event_type, "user.created");
      assert.equal(event.user_id, user.id);
    } finally {
      await server.close();
      await cli.stop();
    }
  });
});
