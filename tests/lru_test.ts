// The one bounded cache (src/lru.ts): never more than `max` entries, the ⌈max/2⌉ most recently
// used (or deleted) always kept, a value never stale, checked against an exact recency list over random
// operations; and a hit costs one lookup, with no delete + re-insert (the pattern under which
// hash tables degrade once full), whatever the fill.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { lru } from "../src/lru.ts";
import { ConfigError } from "../src/errors.ts";
import { mapWrites, prng } from "./helpers.ts";

type Op = ["set", number, string] | ["get", number] | ["delete", number];

/** A random sequence of operations on `keys` keys (sets, gets, a few deletes). */
function ops(seed: number, keys: number, n: number): Op[] {
  const rnd = prng(seed);
  return Array.from({ length: n }, (_, step): Op => {
    const k = Math.floor(rnd() * keys);
    const op = rnd();
    return op < 0.45 ? ["set", k, `${k}@${step}`] : op < 0.9 ? ["get", k] : ["delete", k];
  });
}

/** Replay `seq` on a new cache; then whether each probed key is held (one replay per probe:
 * a `get` counts as a use, so each probe gets a cache of its own). */
function held(max: number, seq: Op[], probe: number[]): number[] {
  return probe.filter((k) => {
    const c = lru<number, string>(max);
    for (const [op, key, v] of seq) op === "set" ? c.set(key, v!) : c[op](key);
    return c.get(k) !== undefined;
  });
}

describe("lru", () => {
  for (const max of [1, 2, 3, 8, 33]) {
    it(`max ${max}: bounded, the ⌈max/2⌉ most recent kept, values never stale (random ops)`, () => {
      const keys = max * 4;
      const seq = ops(max, keys, 3000);
      const c = lru<number, string>(max);
      const recency: number[] = []; // most recent last; a delete keeps its place
      const latest = new Map<number, string>();
      seq.forEach(([op, k, v], step) => {
        if (op === "set") {
          c.set(k, v);
          latest.set(k, v);
        } else if (op === "delete") {
          c.delete(k);
          latest.delete(k);
          assert.equal(c.get(k), undefined, "deleted");
          return; // (that get missed: not a use)
        } else {
          const got = c.get(k);
          if (got === undefined) return; // a miss is not a use
          assert.equal(got, latest.get(k), "never stale");
        }
        const i = recency.indexOf(k);
        if (i >= 0) recency.splice(i, 1);
        recency.push(k);
        if (step % 50 === 0) {
          // The recent window, probed least recent first: each hit keeps the order as it is.
          for (const j of recency.slice(-Math.ceil(max / 2))) {
            assert.equal(
              c.get(j),
              latest.get(j),
              `step ${step}: recent key ${j} kept (or deleted)`,
            );
          }
        }
      });
      const all = Array.from({ length: keys }, (_, k) => k);
      for (const n of [300, 1500, seq.length]) {
        const count = held(max, seq.slice(0, n), all).length;
        assert.ok(count <= max, `after ${n} ops: ${count} held, max ${max}`);
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
    assert.equal(mapWrites(() => c.get("a")), 1, "one set into the current generation");
    assert.equal(mapWrites(() => c.get("a")), 0);
  });

  it("a bound that is not a whole number ≥ 1 is a ConfigError naming the setting", () => {
    const cases: [() => unknown, string][] = [
      [() => lru(0), "max must be a whole number ≥ 1 (got 0)"],
      [() => lru(2.5, "keyCacheSize"), "keyCacheSize must be a whole number ≥ 1 (got 2.5)"],
    ];
    for (const [make, message] of cases) {
      assert.throws(make, (e: unknown) => {
        assert.ok(e instanceof ConfigError);
        assert.equal(e.message, message);
        return true;
      });
    }
  });
});
