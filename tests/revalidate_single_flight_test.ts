// Revalidation's single flight (src/revalidate.ts) with several lookups open at once: each
// session's checks join its own lookup while others are in flight and after others end; a check
// after `forget` never joins the lookup that started before it (its answer predates the
// logout); and that forgotten lookup, ending later, leaves the newer one joinable. Lookups are
// held open and released by hand; the clock is injected.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { createRevalidator } from "../src/revalidate.ts";
import type { SessionState } from "../src/revalidate.ts";

const T0 = Date.UTC(2026, 0, 1);

/** A lookup whose calls stay open until released (the oldest of a session, or the newest). */
function heldLookup() {
  const open: { id: string; release: (s: SessionState) => void }[] = [];
  const calls: string[] = [];
  const lookup = (id: string) =>
    new Promise<SessionState>((release) => {
      calls.push(id);
      open.push({ id, release });
    });
  /** Release the oldest open lookup of `id` (or its newest). */
  const release = (id: string, state: SessionState = "alive", newest = false) => {
    const mine = open.flatMap((o, i) => o.id === id ? [i] : []);
    const i = newest ? mine[mine.length - 1] : mine[0];
    assert.ok(i !== undefined, `no open lookup of ${id}`);
    open.splice(i, 1)[0].release(state);
  };
  const count = (id: string) => calls.filter((c) => c === id).length;
  return { lookup, release, count };
}

/** Let pending promise callbacks run (the checks reach their lookups). */
const settle = () => new Promise((res) => setTimeout(res, 0));

describe("revalidation: single flight with several sessions", () => {
  it("each session's checks join its own lookup while another is in flight, and after it ends", async () => {
    const api = heldLookup();
    const r = createRevalidator(api.lookup, { revalidate: 300, now: () => T0 });
    const a1 = r.check("kss_a");
    const b1 = r.check("kss_b");
    await settle();
    const a2 = r.check("kss_a"); // kss_b's flight began after kss_a's: kss_a's is still joined
    await settle();
    assert.deepEqual([api.count("kss_a"), api.count("kss_b")], [1, 1]);
    api.release("kss_a");
    assert.deepEqual(await Promise.all([a1, a2]), ["alive", "alive"]);
    const b2 = r.check("kss_b"); // kss_a's ended: kss_b's flight is still joined
    await settle();
    assert.equal(api.count("kss_b"), 1);
    api.release("kss_b", "gone");
    assert.deepEqual(await Promise.all([b1, b2]), ["gone", "gone"]);
  });

  it("a check after forget does not join the lookup that began before it", async () => {
    const api = heldLookup();
    const r = createRevalidator(api.lookup, { revalidate: 300, now: () => T0 });
    const before = r.check("kss_a");
    await settle();
    await r.forget("kss_a");
    const after = r.check("kss_a");
    await settle();
    assert.equal(api.count("kss_a"), 2, "a lookup of its own");
    api.release("kss_a", "alive"); // the answer from before the logout
    api.release("kss_a", "gone");
    assert.equal(await before, "alive");
    assert.equal(await after, "gone");
  });

  it("a forgotten lookup ending late leaves the newer lookup joinable", async () => {
    const api = heldLookup();
    const r = createRevalidator(api.lookup, { revalidate: 300, now: () => T0 });
    const first = r.check("kss_a");
    await settle();
    await r.forget("kss_a");
    const second = r.check("kss_a");
    await settle();
    api.release("kss_a"); // the first (forgotten) ends while the second is in flight
    await first;
    const joined = r.check("kss_a");
    await settle();
    assert.equal(api.count("kss_a"), 2, "joined the second lookup");
    api.release("kss_a", "gone");
    assert.deepEqual(await Promise.all([second, joined]), ["gone", "gone"]);
  });

  it("a forgotten lookup ending after its session's next lookup came and went", async () => {
    const api = heldLookup();
    const r = createRevalidator(api.lookup, { revalidate: 300, now: () => T0 });
    const first = r.check("kss_a");
    await settle();
    await r.forget("kss_a");
    const second = r.check("kss_a");
    await settle();
    api.release("kss_a", "alive", true); // the second ends first
    assert.equal(await second, "alive");
    await r.forget("kss_a");
    const third = r.check("kss_a");
    await settle();
    api.release("kss_a"); // now the first, forgotten one, while the third is open
    await first;
    const joined = r.check("kss_a");
    await settle();
    assert.equal(api.count("kss_a"), 3, "joined the third lookup");
    api.release("kss_a", "gone");
    assert.deepEqual(await Promise.all([third, joined]), ["gone", "gone"]);
  });
});
