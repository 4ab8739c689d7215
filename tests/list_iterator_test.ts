// iterate()'s hand-written iterator keeps an async generator's contract: lazy, one request at a
// time however next() is called, every record once and in order, and done for good after
// return(), throw(), `await using`, a `break` or an error.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { ClientError, ResponseError } from "../mod.ts";
import { client, json, recorder, type Seen, userJson } from "./helpers.ts";

/** Three pages of two users each (usr_1 … usr_6), served by `after`. */
function paged() {
  const ids = ["usr_1", "usr_2", "usr_3", "usr_4", "usr_5", "usr_6"];
  return recorder([], (req: Seen) => {
    const after = req.url.searchParams.get("after");
    const start = after ? ids.indexOf(after) + 1 : 0;
    const page = ids.slice(start, start + 2);
    return json(200, {
      more_results: start + 2 < ids.length,
      collection: page.map((id) => userJson(id)),
    });
  });
}

describe("iterate(): the iterator's contract", () => {
  it("is lazy: no request before the first next(), one per page after", async () => {
    const r = paged();
    const it = client(r.fetch).users.iterate({ max_results: 2 });
    assert.equal(r.seen.length, 0);
    assert.equal((await it.next()).value?.id, "usr_1");
    assert.equal(r.seen.length, 1);
    const rest: string[] = [];
    for await (const u of it) rest.push(u.id);
    assert.deepEqual(rest, ["usr_2", "usr_3", "usr_4", "usr_5", "usr_6"]);
    assert.deepEqual(r.seen.map((s) => s.url.searchParams.get("after")), [null, "usr_2", "usr_4"]);
    assert.deepEqual(await it.next(), { value: undefined, done: true });
    assert.equal(r.seen.length, 3, "nothing is asked once done");
  });

  it("next() called many times at once: one request at a time, each record once, in order", async () => {
    const r = paged();
    const it = client(r.fetch).users.iterate();
    const results = await Promise.all(Array.from({ length: 8 }, () => it.next()));
    assert.deepEqual(
      results.map((x) => x.done ? "done" : x.value.id),
      ["usr_1", "usr_2", "usr_3", "usr_4", "usr_5", "usr_6", "done", "done"],
    );
    assert.equal(r.seen.length, 3, "three pages, each asked once");
  });

  it("break calls return(): no further page is asked", async () => {
    const r = paged();
    const it = client(r.fetch).users.iterate();
    for await (const u of it) if (u.id === "usr_2") break;
    assert.equal(r.seen.length, 1);
    assert.deepEqual(await it.next(), { value: undefined, done: true });
    assert.equal(r.seen.length, 1);
  });

  it("throw(e) rejects with e and ends the walk", async () => {
    const r = paged();
    const it = client(r.fetch).users.iterate();
    await it.next();
    const e = new Error("stop");
    await assert.rejects(it.throw(e), (x) => x === e);
    assert.deepEqual(await it.next(), { value: undefined, done: true });
    assert.equal(r.seen.length, 1);
  });

  it("`await using` disposes of it: no further page is asked", async () => {
    const r = paged();
    const ar = client(r.fetch);
    {
      await using it = ar.users.iterate();
      assert.equal((await it.next()).value?.id, "usr_1");
      await it.next();
    }
    assert.equal(r.seen.length, 1);
  });

  it("an error of a page rejects next(), and the walk is over (no retry of the page)", async () => {
    const r = recorder([
      json(200, { more_results: true, collection: [userJson("usr_1")] }),
      json(400, { error: "bad" }),
    ], json(200, { more_results: false, collection: [userJson("usr_9")] }));
    const it = client(r.fetch).users.iterate();
    assert.equal((await it.next()).value?.id, "usr_1");
    await assert.rejects(it.next(), ClientError);
    assert.deepEqual(await it.next(), { value: undefined, done: true });
    assert.equal(r.seen.length, 2);
  });

  it("a page that does not advance: its records are read, then a ResponseError, then done", async () => {
    const page = json(200, { more_results: true, collection: [userJson("usr_1")] });
    const r = recorder([], () => page.clone());
    const it = client(r.fetch).users.iterate();
    assert.equal((await it.next()).value?.id, "usr_1");
    assert.equal((await it.next()).value?.id, "usr_1");
    await assert.rejects(it.next(), ResponseError);
    assert.deepEqual(await it.next(), { value: undefined, done: true });
    assert.equal(r.seen.length, 2);
  });
});
