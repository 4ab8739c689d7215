// Bounded answers: a body over `maxResponseBytes` (default 16 MiB) fails with a ResponseError
// coded "response_too_large" while it streams, with memory bounded (a 1 GB body is generated,
// never allocated, and adds less than 64 MB of RSS), in-process and over real HTTP on
// 127.0.0.1; and an answer nested deeper than 64 levels is a ResponseError where it is parsed,
// never a RangeError from a later walk (errors, records, toJSON, inspect).
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { memoryUsage } from "node:process";
import { inspect } from "node:util";
import { AuthRocket, ConfigError, ResponseError, ValidationError } from "../mod.ts";
import { client, json, recorder, userJson } from "./helpers.ts";

const MiB = 1024 * 1024;
const GB = 1024 * MiB;
const CHUNK = new Uint8Array(64 * 1024).fill(0x20); // spaces: valid JSON padding, all of it

/** A body of `total` bytes made as it is read; how much was pulled, and the highest RSS seen. */
function generated(total: number) {
  const seen = { pulled: 0, cancelled: false, maxRss: memoryUsage().rss };
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (seen.pulled >= total) return controller.close();
      seen.pulled += CHUNK.byteLength;
      if (seen.pulled % (4 * MiB) === 0) seen.maxRss = Math.max(seen.maxRss, memoryUsage().rss);
      controller.enqueue(CHUNK);
    },
    cancel() {
      seen.cancelled = true;
    },
  }, { highWaterMark: 0 }); // nothing is made before it is read
  return { stream, seen };
}

/** Assert `p` rejects with the too-large ResponseError. */
async function tooLarge(p: Promise<unknown>, limit = 16 * MiB) {
  await assert.rejects(p, (e: unknown) => {
    assert.ok(e instanceof ResponseError, String(e));
    assert.equal(e.code, "response_too_large");
    assert.equal(e.status, 200);
    assert.match(e.message, new RegExp(`maxResponseBytes\` \\(${limit} bytes\\)`));
    return true;
  });
}

describe("maxResponseBytes: a body is read while it streams, never past the limit", () => {
  it("a 1 GB body (generated) fails at 16 MiB by default, +64 MB of RSS at most, not retried", async () => {
    const { stream, seen } = generated(GB);
    const before = memoryUsage().rss;
    let calls = 0;
    const ar = client(() => {
      calls++;
      return Promise.resolve(
        new Response(stream, { headers: { "content-type": "application/json" } }),
      );
    });
    await tooLarge(ar.users.find("sally"));
    assert.equal(calls, 1, "a GET that was too large is not sent again");
    assert.ok(seen.pulled <= 16 * MiB + 2 * CHUNK.byteLength, `pulled ${seen.pulled} bytes`);
    assert.ok(seen.cancelled, "the rest of the body is cancelled");
    const grown = Math.max(seen.maxRss, memoryUsage().rss) - before;
    assert.ok(grown < 64 * MiB, `RSS grew by ${(grown / MiB).toFixed(1)} MB`);
  });

  it("over real HTTP (127.0.0.1): a 1 GB chunked answer stops at the limit, memory bounded", async () => {
    let written = 0;
    let closed!: () => void;
    const gone = new Promise<void>((ok) => (closed = ok));
    const server = createServer((_req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      const pump = () => {
        while (written < GB) {
          written += CHUNK.byteLength;
          if (!res.write(CHUNK)) return void res.once("drain", pump);
        }
        res.end();
      };
      res.on("close", () => closed());
      pump();
    });
    await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
    try {
      const port = (server.address() as AddressInfo).port;
      const ar = new AuthRocket({
        url: `http://127.0.0.1:${port}/v1`,
        apiKey: "ko_k",
        maxResponseBytes: 4 * MiB,
      });
      const before = memoryUsage().rss;
      await tooLarge(ar.users.find("sally"), 4 * MiB);
      const grown = memoryUsage().rss - before;
      await gone; // the client went away: the server stops writing
      assert.ok(written < 256 * MiB, `the server wrote ${written / MiB} MiB`);
      assert.ok(grown < 64 * MiB, `RSS grew by ${(grown / MiB).toFixed(1)} MB`);
    } finally {
      server.closeAllConnections();
      await new Promise((ok) => server.close(ok));
    }
  });

  it("a Content-Length over the limit fails before any of the body is read", async () => {
    const { stream, seen } = generated(GB);
    const ar = client(() =>
      Promise.resolve(new Response(stream, { headers: { "content-length": String(GB) } }))
    );
    await tooLarge(ar.users.find("sally"));
    assert.equal(seen.pulled, 0);
  });

  it("counts bytes, not characters: exactly the limit passes, one byte more fails", async () => {
    const body = JSON.stringify(userJson("usr_1", { name: "é".repeat(100) }));
    const size = new TextEncoder().encode(body).length;
    const at = client(recorder([], json(200, JSON.parse(body))).fetch, { maxResponseBytes: size });
    assert.equal((await at.users.find("usr_1")).get("name"), "é".repeat(100));
    const under = client(recorder([], json(200, JSON.parse(body))).fetch, {
      maxResponseBytes: size - 1,
    });
    await tooLarge(under.users.find("usr_1"), size - 1);
  });

  it("the hook sees the failure; the error names the setting", async () => {
    const errors: (Error | undefined)[] = [];
    const ar = client(recorder([], json(200, userJson())).fetch, {
      maxResponseBytes: 10,
      onResponse: (i) => errors.push(i.error),
    });
    await tooLarge(ar.users.find("usr_1"), 10);
    assert.equal(errors.length, 1);
    assert.ok(errors[0] instanceof ResponseError);
  });

  it("a setting that would switch the bound off, or is no whole number of bytes, is refused", () => {
    for (const v of [0, -1, 1.5, Infinity, NaN, "16MB", null]) {
      assert.throws(
        () => new AuthRocket({ maxResponseBytes: v as number }),
        (e: unknown) => e instanceof ConfigError && /maxResponseBytes/.test(e.message),
        String(v),
      );
    }
  });
});

/** `{"a":{"a":…1…}}` nested `n` levels. */
const nested = (n: number) => '{"a":'.repeat(n) + "1" + "}".repeat(n);

describe("answers nested too deep: a ResponseError where they are parsed, never a RangeError", () => {
  const answer = (status: number, text: string) => () =>
    Promise.resolve(
      new Response(text, { status, headers: { "content-type": "application/json" } }),
    );

  it("a 422 whose errors nest 200,000 deep (create, createOrThrow, a list)", async () => {
    const deep = `{"errors":${"[".repeat(200_000)}"x"${"]".repeat(200_000)}}`;
    const ar = client(answer(422, deep));
    for (
      const call of [
        () => ar.users.create({ username: "x" }),
        () => ar.users.createOrThrow({ username: "x" }),
        () => ar.users.all(),
      ]
    ) {
      await assert.rejects(call(), (e: unknown) => {
        assert.ok(e instanceof ResponseError, String(e));
        assert.equal(e.code, "response_invalid");
        assert.equal(e.status, 422);
        assert.match(e.message, /nested deeper than 64 levels/);
        return true;
      });
    }
  });

  it("a record or a list item with a field nested 200,000 deep", async () => {
    const user = JSON.stringify(userJson()).slice(0, -1) + `,"custom":${nested(200_000)}}`;
    for (const [text, call] of [[user, "find"], [`{"collection":[${user}]}`, "all"]] as const) {
      const ar = client(answer(200, text));
      const p = call === "find" ? ar.users.find("usr_1") : ar.users.all();
      await assert.rejects(p, (e: unknown) => e instanceof ResponseError && e.status === 200);
    }
  });

  it("64 levels are read, printed and serialized; 65 are refused", async () => {
    // The record is level 1, its `custom` object level 2, and 62 more inside make 64.
    const at = JSON.stringify(userJson()).slice(0, -1) + `,"custom":${nested(63)}}`;
    const rec = await client(answer(200, at)).users.find("usr_1");
    assert.equal(JSON.stringify(rec.toJSON()).split('{"a":').length - 1, 63);
    assert.match(inspect(rec, { depth: Infinity }), /^User \{/);
    const over = JSON.stringify(userJson()).slice(0, -1) + `,"custom":${nested(64)}}`;
    await assert.rejects(client(answer(200, over)).users.find("usr_1"), ResponseError);
    const errors = `{"errors":${"[".repeat(63)}"deep"${"]".repeat(63)}}`; // 64 levels
    await assert.rejects(
      client(answer(422, errors)).users.all(),
      (e: unknown) => e instanceof ValidationError && e.errors[0] === "deep",
    );
  });
});
