// Request input the transport cannot send: a body or query with a cycle, or nested deeper than
// 64 levels, is an ArgumentError before anything is sent, never a TypeError or a RangeError
// (a 200,000-deep query overflowed the stack in buildQuery).
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { ArgumentError } from "../mod.ts";
import { client, recorder } from "./helpers.ts";

let deep: unknown = "x";
for (let i = 0; i < 200_000; i++) deep = [deep];
const cyclic: Record<string, unknown> = { a: 1 };
cyclic.self = cyclic;

describe("request input that cannot be sent", () => {
  for (
    const [name, call] of [
      ["a cyclic body", (ar) => ar.users.create({ username: "x", custom: cyclic })],
      ["a cyclic query", (ar) => ar.transport.request("GET", "users", { query: { q: cyclic } })],
      [
        "a query 200,000 levels deep",
        (ar) => ar.transport.request("GET", "users", { query: { q: deep } }),
      ],
    ] as [string, (ar: ReturnType<typeof client>) => Promise<unknown>][]
  ) {
    it(`${name}: ArgumentError, nothing sent`, async () => {
      const r = recorder();
      await assert.rejects(call(client(r.fetch)), (e: unknown) => {
        assert.ok(e instanceof ArgumentError, String(e));
        assert.match(e.message, /cannot be sent as JSON|nests deeper than 64 levels/);
        return true;
      });
      assert.equal(r.seen.length, 0);
    });
  }

  it("64 levels of query are sent", async () => {
    let v: unknown = "x";
    for (let i = 0; i < 63; i++) v = { a: v };
    const r = recorder();
    await client(r.fetch).transport.request("GET", "users", { query: { q: v } });
    assert.equal(r.last().url.search.split("%5Ba%5D").length - 1, 63);
  });
});
