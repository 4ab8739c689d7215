// The one bounded cache (src/lru.ts): never more than `max` entries, the ⌈max/2⌉ most recently
// used (or deleted) always kept, a value never stale, checked against an exact recency list over random
// operations; and a hit costs one lookup, with no delete + re-insert (the pattern under which
// hash tables degrade once full), whatever the fill.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { lru } from "../src/lru.ts";
import { mapWrites } from "./helpers.ts";

/** A small deterministic PRNG (mulberry32). */
function random(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe("lru", () => {
  for (const max of [1, 2, 3, 8, 33]) {
    it(`max ${max}: bounded, the ⌈max/2⌉ most recent kept, values never stale (random ops)`, () => {
      const c = lru<number, string>(max);
      const rnd = random(max);
      const recency: number[] = []; // most recent last
      const latest = new Map<number, string>();
      const keys = max * 4;
      for (let step = 0; step < 5000; step++) {
        const k = Math.floor(rnd() * keys);
        const op = rnd();
        if (op < 0.45) {
          const v = `${k}@${step}`;
          c.set(k, v);
          latest.set(k, v);
        } else if (op < 0.9) {
          const v = c.get(k);
          if (v === undefined) continue; // a miss does not count as a use
          assert.equal(v, latest.get(k), "never stale");
        } else {
          // A deleted key keeps its place in the recency order (it gives no room back to
          // keys that an earlier generation switch dropped).
          c.delete(k);
          latest.delete(k);
          assert.equal(c.peek(k), undefined, "deleted");
        }
        const i = recency.indexOf(k);
        if (i >= 0) recency.splice(i, 1);
        recency.push(k);
        const held = Array.from({ length: keys }, (_, j) => j).filter((j) =>
          c.peek(j) !== undefined
        );
        assert.ok(held.length <= max, `step ${step}: ${held.length} held, max ${max}`);
        assert.equal(c.values().length, held.length);
        for (const j of recency.slice(-Math.ceil(max / 2))) {
          assert.equal(c.peek(j), latest.get(j), `step ${step}: recent key ${j} kept (or deleted)`);
        }
      }
    });
  }

  it("a hit writes nothing at any fill: no delete + re-insert per access", () => {
    for (const fill of [1, 500, 999, 1000, 10_000]) {
      const c = lru<string, number>(1000);
      for (let i = 0; i < fill; i++) c.set(`k${i}`, i);
      const hot = `k${fill - 1}`;
      c.get(hot); // moved into the current generation at most once
      const writes = mapWrites(() => {
        for (let i = 0; i < 1000; i++) assert.equal(c.get(hot), fill - 1);
      });
      assert.equal(writes, 0, `fill ${fill}`);
    }
  });

  it("a key read from the old generation moves once, then hits without writes", () => {
    const c = lru<string, number>(4); // generations of 2
    c.set("a", 1);
    c.set("b", 2); // a and b now the old generation
    assert.equal(mapWrites(() => c.get("a")), 2, "one delete from the old, one set");
    assert.equal(mapWrites(() => c.get("a")), 0);
  });
});
