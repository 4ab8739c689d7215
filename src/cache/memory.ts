/**
 * The default {@link SessionCache}: a bounded in-memory LRU, one per isolate/process.
 * @module
 */
import { lru } from "../lru.ts";
import type { SessionCache } from "./types.ts";

/**
 * Options of {@link memoryCache}.
 *
 * @example
 * ```ts
 * import { memoryCache, type MemoryCacheOptions } from "@authrocket-edge/sdk/cache";
 * const options: MemoryCacheOptions = { max: 50_000 };
 * const cache = memoryCache(options);
 * ```
 */
export interface MemoryCacheOptions {
  /**
   * Most entries kept (default 10,000, ~1 MB); the ⌈max/2⌉ most recently used always are,
   * the least recently used go first.
   */
  max?: number;
  /** The clock entries expire by, in ms since the epoch (default `Date.now`). */
  now?: () => number;
}

/**
 * An in-memory LRU cache: synchronous, bounded, per isolate. The default cache of
 * revalidation; on Workers each isolate has its own, so the Cache API or KV adapters share
 * answers more widely.
 *
 * @example
 * ```ts
 * import { memoryCache } from "@authrocket-edge/sdk/cache";
 * const cache = memoryCache({ max: 1_000 });
 * cache.set("authrocket:kss:kss_123", "a:1767225600000", 300);
 * console.log(cache.get("authrocket:kss:kss_123")); // "a:1767225600000"
 * ```
 */
export function memoryCache(options: MemoryCacheOptions = {}): SessionCache {
  const now = options.now ?? Date.now;
  // A hit is one Map.get, at any fill (src/lru.ts): no delete + re-insert per hit.
  const m = lru<string, { v: string; exp: number }>(options.max ?? 10_000, "memoryCache: `max`");
  return {
    get(key) {
      const e = m.get(key);
      if (!e) return undefined;
      if (now() < e.exp) return e.v;
      m.delete(key);
    },
    set(key, value, ttlSeconds) {
      m.set(key, { v: value, exp: now() + Math.max(1, ttlSeconds) * 1000 });
    },
    delete(key) {
      m.delete(key);
    },
  };
}
