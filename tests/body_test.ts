// The one size-limited body reader (src/body.ts) and both of its callers: a webhook receiver
// (64 KiB) and the emulator (256 KiB) refuse a body over their limit with 413, cancel its
// stream whether the size was declared or found while streaming, and answer 413 even when the
// stream's cancel fails; a body within the limit is read as Request.text() reads it.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { AuthRocket } from "../mod.ts";
import { webhookHandler } from "../middleware.ts";
import { createEmulator } from "../testing.ts";
import { readLimited } from "../src/body.ts";

/** A body of `total` bytes made as it is read; `cancelled` tells whether it was given up. */
function body(total: number, { failingCancel = false } = {}) {
  const seen = { pulled: 0, cancelled: false };
  const stream = new ReadableStream<Uint8Array>({
    pull(c) {
      if (seen.pulled >= total) return c.close();
      const n = Math.min(16 * 1024, total - seen.pulled);
      seen.pulled += n;
      c.enqueue(new Uint8Array(n).fill(0x61));
    },
    cancel() {
      seen.cancelled = true;
      if (failingCancel) throw new Error("the source cannot cancel");
    },
  });
  return { stream, seen };
}

const request = (
  stream: ReadableStream<Uint8Array>,
  headers: Record<string, string> = {},
) =>
  new Request("http://127.0.0.1/v1/realms", {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: stream,
    duplex: "half",
  } as RequestInit);

/** Wait for a cancel that was started and not awaited to reach the source. */
const settle = () => new Promise((ok) => setTimeout(ok, 10));

const noApi = new AuthRocket({
  url: "http://127.0.0.1:9/v1",
  apiKey: "ko_unused",
  fetch: () => Promise.reject(new Error("a refused body reaches no API")),
});
const hook = webhookHandler(noApi, () => {
  throw new Error("a refused body reaches no listener");
});
const emu = createEmulator({ passwordIterations: 1 });
const emulator = (r: Request) => {
  r.headers.set("x-authrocket-api-key", emu.apiKey);
  return emu.handle(r);
};

const callers: [string, (r: Request) => Promise<Response>, number][] = [
  ["webhookHandler", hook, 65_536],
  ["the emulator's API", emulator, 256 * 1024],
];

describe("size-limited bodies, for both callers", () => {
  for (const [name, handle, limit] of callers) {
    it(`${name}: a declared Content-Length over ${limit} is 413 and the body is cancelled unread`, async () => {
      const { stream, seen } = body(10 * limit);
      const res = await handle(request(stream, { "content-length": String(10 * limit) }));
      assert.equal(res.status, 413);
      await settle();
      assert.equal(seen.cancelled, true, "the upload is cancelled, not left open");
      assert.ok(seen.pulled <= 2 * 16 * 1024, `read ${seen.pulled} bytes`);
    });

    it(`${name}: a streamed body over ${limit} is 413, cancelled at the limit`, async () => {
      const { stream, seen } = body(10 * limit);
      const res = await handle(request(stream));
      assert.equal(res.status, 413);
      await settle();
      assert.equal(seen.cancelled, true);
      assert.ok(seen.pulled <= limit + 3 * 16 * 1024, `read ${seen.pulled} bytes`);
    });

    for (const declared of [true, false]) {
      it(`${name}: a body whose cancel fails is still 413 (${declared ? "declared" : "streamed"})`, async () => {
        const { stream } = body(10 * limit, { failingCancel: true });
        const headers: Record<string, string> = declared
          ? { "content-length": String(10 * limit) }
          : {};
        const res = await handle(request(stream, headers));
        assert.equal(res.status, 413);
        await settle();
      });
    }
  }

  it("readLimited: within the limit, the text as Request.text() decodes it; over it, null", async () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, 0x68, 0xc3, 0xa9, 0xff, 0x21]); // BOM hé\xff!
    const make = () => new Request("http://x/", { method: "POST", body: bytes });
    assert.equal(await readLimited(make(), 8), await make().text());
    assert.equal(await readLimited(make(), 7), null);
    assert.equal(await readLimited(new Request("http://x/"), 0), "");
  });
});
