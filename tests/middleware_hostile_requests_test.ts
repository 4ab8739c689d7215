// withAuthRocket behind each runtime's own HTTP server (Deno.serve, Bun.serve, and on Node
// @hono/node-server) against the hostile-request corpus: every request gets a deliberate answer
// or a closed connection, never a 500, and a signed-in request is served after each batch.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { AuthRocket } from "../mod.ts";
import { withAuthRocket } from "../middleware.ts";
import { MALFORMED_REQUESTS } from "./fixtures/malformed_requests.ts";
import { sendCorpus } from "./raw_http.ts";
import { claims, hs256, NOW, NOW_S, SECRET } from "./tokens.ts";
import { json, recorder } from "./helpers.ts";

type Fetch = (request: Request) => Promise<Response>;

/** Serve `fetch` on 127.0.0.1 with the server of the runtime running the test. */
async function listen(fetch: Fetch): Promise<{ port: number; close(): Promise<void> }> {
  const g = globalThis as Record<string, unknown>;
  if (g.Deno) {
    const deno = g.Deno as {
      serve(o: unknown, h: Fetch): { addr: { port: number }; shutdown(): Promise<void> };
    };
    const s = deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, fetch);
    return { port: s.addr.port, close: () => s.shutdown() };
  }
  if (g.Bun) {
    const bun = g.Bun as { serve(o: unknown): { port: number; stop(force: boolean): void } };
    const s = bun.serve({ hostname: "127.0.0.1", port: 0, fetch });
    return { port: s.port, close: () => Promise.resolve(s.stop(true)) };
  }
  const { serve } = await import("@hono/node-server");
  return await new Promise((ok) => {
    const s = serve({ fetch, hostname: "127.0.0.1", port: 0 }, (info) =>
      ok({
        port: info.port,
        close: () => new Promise((done) => s.close(() => done())),
      }));
  });
}

describe("withAuthRocket behind the runtime's server: hostile requests", () => {
  it(`all ${MALFORMED_REQUESTS.length} requests of the corpus answered deliberately; signed-in requests still served`, async () => {
    const api = recorder([], json(200, {}));
    const ar = new AuthRocket({
      jwtSecret: SECRET,
      loginUrl: "https://app.e1.loginrocket.com/",
      url: "https://api.invalid/v1",
      apiKey: "ko_k",
      fetch: api.fetch,
    });
    const handler = withAuthRocket(async (_req, ctx) => {
      return new Response(`Hello ${(await ctx.session.user()).name}`);
    }, { client: ar, now: () => NOW });
    const server = await listen(handler);
    const token = await hs256(claims({ iat: NOW_S - 10, exp: NOW_S + 3600 }));
    const healthy = async () => {
      const r = await fetch(`http://127.0.0.1:${server.port}/app`, {
        headers: { authorization: `Bearer ${token}` },
      });
      return (await r.text()) === "Hello Sally Sue";
    };
    try {
      const r = await sendCorpus(server.port, MALFORMED_REQUESTS, { healthy });
      assert.deepEqual(r.failures, [], `statuses: ${JSON.stringify(r.statuses)}`);
      assert.ok(r.answered >= MALFORMED_REQUESTS.length * 0.8, JSON.stringify(r.statuses));
    } finally {
      await server.close();
    }
  });
});
