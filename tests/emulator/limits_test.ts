// Request bodies are limited while they stream: a 300 MB upload is answered 413 after the
// emulator has read at most its limit (256 KB), on /v1 and on the hosted pages, in-process
// and over real HTTP on 127.0.0.1, without the process's memory growing by its size.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { connect } from "node:net";
import { memoryUsage } from "node:process";
import { createEmulator } from "../../testing.ts";

const emu = createEmulator({ passwordIterations: 1000 });
const TOTAL = 300 * 1024 * 1024;
const CHUNK = 64 * 1024;
const MB = 1024 * 1024;

/** A lazily generated body of `total` bytes, and how many bytes were pulled from it. */
function hugeBody(total: number) {
  const chunk = new Uint8Array(CHUNK).fill(97);
  const counter = { pulled: 0 };
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (counter.pulled >= total) return controller.close();
      counter.pulled += CHUNK;
      controller.enqueue(chunk);
    },
  });
  return { stream, counter };
}

/**
 * POST `total` bytes, chunked, on a raw socket; stop when the answer's status line arrives.
 * Returns the status (0 if the connection closed first) and how many bytes were sent.
 */
function rawUpload(port: number, path: string, headers: string, total: number) {
  return new Promise<{ status: number; sent: number }>((resolve) => {
    const sock = connect(port, "127.0.0.1");
    let sent = 0;
    let text = "";
    let done = false;
    const end = (status: number) => {
      if (done) return;
      done = true;
      sock.destroy();
      resolve({ status, sent });
    };
    sock.on("data", (d) => {
      text += d.toString("latin1");
      const m = /^HTTP\/1\.1 (\d{3})/.exec(text);
      if (m) end(Number(m[1]));
    });
    sock.on("error", () => end(0));
    sock.on("close", () => end(0));
    sock.on("connect", async () => {
      sock.write(
        `POST ${path} HTTP/1.1\r\nhost: 127.0.0.1\r\n${headers}transfer-encoding: chunked\r\n\r\n`,
      );
      const frame = new Uint8Array(CHUNK + 11);
      const head = new TextEncoder().encode(`${CHUNK.toString(16)}\r\n`);
      frame.set(head);
      frame.fill(97, head.length, head.length + CHUNK);
      frame.set([13, 10], head.length + CHUNK);
      const data = frame.subarray(0, head.length + CHUNK + 2);
      while (!done && sent < total) {
        sent += CHUNK;
        if (!sock.write(data)) {
          await new Promise<void>((r) => {
            const go = () => r();
            sock.once("drain", go);
            sock.once("close", go);
          });
        }
      }
      if (!done) sock.write("0\r\n\r\n");
    });
  });
}

const rss = () => memoryUsage().rss;
const api = { "x-authrocket-api-key": emu.apiKey, "content-type": "application/json" };

describe("request bodies are limited while they stream", () => {
  for (const path of ["/v1/realms", "/lr/login"]) {
    it(`in-process: ${path} answers 413 to a 300 MB streamed body after reading at most the limit`, async () => {
      const { stream, counter } = hugeBody(TOTAL);
      const before = rss();
      const res = await emu.fetch(`${emu.origin}${path}`, {
        method: "POST",
        headers: path.startsWith("/v1")
          ? api
          : { "content-type": "application/x-www-form-urlencoded" },
        body: stream,
        duplex: "half",
      } as RequestInit);
      assert.equal(res.status, 413);
      await res.body?.cancel();
      assert.ok(counter.pulled <= 256 * 1024 + 2 * CHUNK, `read ${counter.pulled} bytes`);
      assert.ok(rss() - before < 16 * MB, `memory grew ${(rss() - before) / MB} MB`);
    });

    it(`in-process: ${path} answers 413 at once to a declared Content-Length of 300 MB`, async () => {
      const { stream, counter } = hugeBody(TOTAL);
      const res = await emu.handle(
        new Request(`${emu.origin}${path}`, {
          method: "POST",
          headers: { ...api, "content-length": String(TOTAL) },
          body: stream,
          duplex: "half",
        } as RequestInit),
      );
      assert.equal(res.status, 413);
      assert.ok(counter.pulled <= 2 * CHUNK, `read ${counter.pulled} bytes`);
    });

    it(`over HTTP: ${path} answers 413 to a 300 MB chunked upload; the server stops reading`, async () => {
      const server = await emu.listen();
      try {
        const port = Number(new URL(server.url).port);
        const before = rss();
        const headers = path.startsWith("/v1")
          ? `x-authrocket-api-key: ${emu.apiKey}\r\ncontent-type: application/json\r\n`
          : "content-type: application/x-www-form-urlencoded\r\n";
        const { status, sent } = await rawUpload(port, path, headers, TOTAL);
        assert.equal(status, 413);
        assert.ok(sent < 32 * MB, `the client could send ${sent / MB} MB before the answer`);
        assert.ok(rss() - before < 48 * MB, `memory grew ${(rss() - before) / MB} MB`);
      } finally {
        await server.close();
      }
    });
  }
});
