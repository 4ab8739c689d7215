/**
 * The one bounded cache of the library (verified tokens, token headers, imported keys,
 * `memoryCache`): two generations of `Map`s, as hashlru and quick-lru do. A hit in the current
 * generation is one `Map.get`; a hit in the old one copies the entry into the current one; when
 * the current generation is full it becomes the old one and the old one is dropped whole. So a
 * hit never deletes and re-inserts (the pattern under which V8's and JSC's hash tables degrade
 * once full), and every operation costs the same at any fill. Imports nothing.
 * @module
 */

/** A bounded map: see {@link lru}. Values are never `undefined`. */
export interface Lru<K, V> {
  /** The value, marking it recently used. */
  get(key: K): V | undefined;
  /** The value, without marking it used. */
  peek(key: K): V | undefined;
  /** Store (or replace) a value, marking it recently used. */
  set(key: K, value: V): void;
  /** Forget a key. */
  delete(key: K): void;
  /** Every value held. */
  values(): V[];
}

/**
 * A cache of at most `max` entries that always keeps the ⌈max/2⌉ most recently used or deleted
 * keys (a generation holds ⌈max/2⌉ keys; an entry used in neither of the last two generations is
 * dropped; a delete gives no room back to what a switch already dropped).
 */
export function lru<K, V>(max: number): Lru<K, V> {
  const half = Math.ceil(max / 2);
  let cur = new Map<K, V>();
  let old = new Map<K, V>();
  const put = (key: K, value: V) => {
    cur.set(key, value);
    if (cur.size >= half) {
      old = cur;
      cur = new Map();
    }
  };
  return {
    get(key) {
      const v = cur.get(key);
      if (v !== undefined) return v;
      const o = old.get(key);
      if (o !== undefined) {
        old.delete(key); // counted once: the bound holds
        put(key, o);
      }
      return o;
    },
    peek: (key) => cur.get(key) ?? old.get(key),
    set(key, value) {
      if (cur.has(key)) cur.set(key, value);
      else {
        old.delete(key);
        put(key, value);
      }
    },
    delete(key) {
      cur.delete(key);
      old.delete(key);
    },
    values: () => [...old.values(), ...cur.values()],
  };
}
