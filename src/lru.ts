/**
 * The one bounded cache of the library (verified tokens, token headers, imported keys,
 * `memoryCache`): two generations of `Map`s, as hashlru and quick-lru do. A hit in the current
 * generation is one `Map.get`; a hit in the old one copies the entry into the current one; when
 * the current generation is full it becomes the old one and the old one is dropped whole. So a
 * hit never deletes and re-inserts (the pattern under which V8's and JSC's hash tables degrade
 * once full), and every operation costs the same at any fill. Imports only the error classes.
 * @module
 */
import { ConfigError } from "./errors.ts";

/** A bounded map: see {@link lru}. Values are never `undefined`. */
export interface Lru<K, V> {
  /** The value, marking it recently used. */
  get(key: K): V | undefined;
  /** Store (or replace) a value, marking it recently used. */
  set(key: K, value: V): void;
  /** Forget a key. */
  delete(key: K): void;
}

/**
 * A cache of at most `max` entries (a whole number ≥ 1, else a `ConfigError` naming the
 * setting) that always keeps the ⌈max/2⌉ most recently used or deleted keys (a generation holds
 * ⌈max/2⌉ keys; an entry used in neither of the last two generations is dropped; a delete gives
 * no room back to what a switch already dropped). A key read from the
 * old generation is copied into the current one and left behind in the old (dropped with it):
 * the old generation is never written, and still counts within the bound.
 */
export function lru<K, V>(max: number, name = "max"): Lru<K, V> {
  if (!(Number.isSafeInteger(max) && max >= 1)) {
    throw new ConfigError(`${name} must be a whole number ≥ 1 (got ${max})`);
  }
  const half = Math.ceil(max / 2);
  let cur = new Map<K, V>();
  let old = new Map<K, V>();
  const set = (key: K, value: V) => {
    cur.set(key, value);
    if (cur.size >= half) {
      old = cur;
      cur = new Map();
    }
  };
  return {
    get(key) {
      let v = cur.get(key);
      if (v === undefined && (v = old.get(key)) !== undefined) set(key, v);
      return v;
    },
    set,
    delete(key) {
      cur.delete(key);
      old.delete(key);
    },
  };
}
