// The in-process fetch reads a string body as it was given (no stream): it must answer exactly
// what the streamed path (emu.handle with a Request) answers, at the size limit and for the
// texts a UTF-8 round trip changes (a leading BOM, lone surrogates).
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { createEmulator } from "../../testing.ts";

const LIMIT = 256 * 1024;

describe("emulator: string bodies of the in-process fetch", () => {
  const emu = createEmulator({ passwordIterations: 1 });
  const headers = { "x-authrocket-api-key": emu.apiKey, "content-type": "application/json" };
  const post = (path: string, body: string, hs: Record<string, string> = headers) => ({
    fetched: emu.fetch(`${emu.origin}${path}`, { method: "POST", headers: hs, body }),
    streamed: emu.handle(
      new Request(`${emu.origin}${path}`, { method: "POST", headers: hs, body }),
    ),
  });
  /** A realm body padded to exactly `bytes` bytes of UTF-8 with `pad` (1 or 2 bytes each). */
  const sized = (bytes: number, pad: string, name = "Padded") => {
    const head = JSON.stringify({ realm: { name }, pad: "" }).slice(0, -2);
    const room = bytes - new TextEncoder().encode(head).length - 2;
    const unit = new TextEncoder().encode(pad).length;
    const body = `${head}${pad.repeat(Math.floor(room / unit))}${"x".repeat(room % unit)}"}`;
    assert.equal(new TextEncoder().encode(body).length, bytes);
    return body;
  };

  const cases: [string, string, number][] = [
    ["ASCII, exactly the limit", sized(LIMIT, "a"), 201],
    ["ASCII, one byte over", sized(LIMIT + 1, "a"), 413],
    ["two-byte characters, exactly the limit", sized(LIMIT, "é"), 201],
    ["two-byte characters, one byte over", sized(LIMIT + 1, "é"), 413],
    ["small", JSON.stringify({ realm: { name: "Small" } }), 201],
    [
      "a leading BOM (dropped by the decoder)",
      `\uFEFF${JSON.stringify({ realm: { name: "Bom" } })}`,
      201,
    ],
    ["not JSON", "{nope", 400],
  ];
  for (const [what, body, status] of cases) {
    it(`${what}: ${status} both ways`, async () => {
      const { fetched, streamed } = post("/v1/realms", body);
      const [a, b] = await Promise.all([fetched, streamed]);
      assert.equal(a.status, status);
      assert.equal(b.status, status);
      const [x, y] = [await a.json(), await b.json()];
      if (status === 201) assert.equal(x.name, y.name);
      else assert.deepEqual(x, y);
    });
  }

  it("a lone surrogate is stored as the decoder reads it (U+FFFD), both ways", async () => {
    const body = '{"realm":{"name":"Lone \uD800 half"}}'; // raw (JSON.stringify would escape it)
    const { fetched, streamed } = post("/v1/realms", body);
    const [a, b] = await Promise.all([fetched, streamed]);
    assert.equal((await a.json()).name, "Lone \uFFFD half");
    assert.equal((await b.json()).name, "Lone \uFFFD half");
  });

  it("a hosted page's form over the limit is 413, both ways", async () => {
    const form = { "content-type": "application/x-www-form-urlencoded" };
    const { fetched, streamed } = post("/lr/login", `a=${"x".repeat(LIMIT)}`, form);
    assert.equal((await fetched).status, 413);
    assert.equal((await streamed).status, 413);
  });
});
