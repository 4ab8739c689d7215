// memoryCache at any fill: a hit of a hot key writes nothing (no delete + re-insert, under which
// a full Map degrades: 13–29 µs a hit at 10,000 entries before), at 1 entry, half, full and
// far over capacity; and entries stay correct (values, expiry) while it evicts constantly.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { memoryCache } from "../../src/cache/memory.ts";
import { ConfigError } from "../../src/errors.ts";
import { mapWrites } from "../helpers.ts";

const T0 = Date.UTC(2026, 0, 1);

describe("memoryCache at capacity", () => {
  const curves: [number, number[]][] = [[10_000, [1, 5_000, 10_000, 100_000]], [100, [
    1,
    50,
    100,
    1000,
  ]]];
  for (const [max, fills] of curves) {
    it(`a hot hit writes nothing at any fill (max ${max}: ${fills.join(", ")} keys set)`, () => {
      for (const fill of fills) {
        const c = memoryCache({ max, now: () => T0 });
        for (let i = 0; i < fill; i++) c.set(`authrocket:kss:k${i}`, `a:${i}`, 60);
        const hot = `authrocket:kss:k${fill - 1}`;
        assert.equal(c.get(hot), `a:${fill - 1}`);
        const writes = mapWrites(() => {
          for (let i = 0; i < 100; i++) assert.equal(c.get(hot), `a:${fill - 1}`);
        });
        assert.equal(writes, 0, `fill ${fill}`);
      }
    });
  }

  it("evicting constantly, a value read is the last one set and unexpired", () => {
    let now = T0;
    const c = memoryCache({ max: 8, now: () => now });
    const latest = new Map<string, { v: string; exp: number }>();
    for (let step = 0; step < 3000; step++) {
      const k = `k${(step * 7919) % 37}`;
      if (step % 3 === 0) {
        const ttl = 1 + (step % 5);
        c.set(k, `v${step}`, ttl);
        latest.set(k, { v: `v${step}`, exp: now + ttl * 1000 });
      } else {
        const v = c.get(k);
        const want = latest.get(k);
        if (v !== undefined) assert.equal(v, want?.v);
        if (want && now >= want.exp) assert.equal(v, undefined, "expired");
      }
      now += 137;
    }
  });

  it("an expired entry, once read, takes no room from live ones", () => {
    let now = T0;
    const c = memoryCache({ max: 4, now: () => now }); // generations of 2
    c.set("a", "a", 1);
    c.set("b", "b", 60); // a and b now the old generation
    now += 1000;
    assert.equal(c.get("a"), undefined, "expired");
    c.set("c", "c", 60); // had the expired a been copied and kept, this would drop b
    assert.equal(c.get("b"), "b");
  });

  it("a bad max is a ConfigError naming memoryCache's setting", () => {
    assert.throws(() => memoryCache({ max: 0 }), (e: unknown) => {
      assert.ok(e instanceof ConfigError);
      assert.equal(e.message, "memoryCache: `max` must be a whole number ≥ 1 (got 0)");
      return true;
    });
  });
});

describe("memoryCache (the default)", () => {
  it("get/set/delete, expiring after the TTL by the injected clock", () => {
    let now = T0;
    const c = memoryCache({ now: () => now });
    assert.equal(c.get("k"), undefined);
    c.set("k", "v", 60);
    assert.equal(c.get("k"), "v");
    now += 59_999;
    assert.equal(c.get("k"), "v");
    now += 1;
    assert.equal(c.get("k"), undefined);
    c.set("k", "w", 60);
    c.delete("k");
    assert.equal(c.get("k"), undefined);
  });

  it("is bounded: never more than max; the ⌈max/2⌉ most recently used always kept", () => {
    const c = memoryCache({ max: 4, now: () => T0 });
    for (const k of ["a", "b", "c"]) c.set(k, k, 60);
    assert.equal(c.get("a"), "a"); // a is now the most recent
    for (const k of ["d", "e", "f", "g"]) c.set(k, k, 60);
    const held = ["a", "b", "c", "d", "e", "f", "g"].filter((k) => c.get(k) !== undefined);
    assert.ok(held.length <= 4, `held ${held}`);
    assert.ok(held.includes("f") && held.includes("g"), "the two most recent are kept");
    assert.ok(!held.includes("b"), "b, unused since it was set, is gone");
    c.set("g", "g2", 60); // overwriting keeps one entry
    assert.equal(c.get("g"), "g2");
  });

  it("refuses a max that is not a whole number ≥ 1", () => {
    for (const max of [0, -1, 1.5, NaN, Infinity]) {
      assert.throws(() => memoryCache({ max }), ConfigError);
    }
  });
});
