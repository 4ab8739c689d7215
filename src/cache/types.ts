/**
 * The cache a managed-session revalidation answer is kept in. One small interface, so the
 * platform's own cache does the work: an in-memory LRU (the default), the Workers Cache API,
 * Workers KV or Deno KV (adapters in `@authrocket-edge/sdk/cache`).
 *
 * Keys are derived from a session id, never from a token or a secret; values are short strings
 * the revalidation code writes and reads back (it keeps its own timestamps in them, so a
 * store's coarse TTL — Workers KV's minimum is 60 s — only bounds how long an entry may live).
 * @module
 */

/**
 * A key-value store with a time to live. Each method may answer synchronously or with a promise.
 *
 * @example
 * ```ts
 * import type { SessionCache } from "@authrocket-edge/sdk";
 * const m = new Map<string, string>();
 * const cache: SessionCache = {
 *   get: (k) => m.get(k),
 *   set: (k, v, _ttlSeconds) => void m.set(k, v),
 *   delete: (k) => void m.delete(k),
 * };
 * ```
 */
export interface SessionCache {
  /** The value stored under `key`, or `undefined` when absent or expired. */
  get(key: string): Promise<string | undefined> | string | undefined;
  /**
   * Store `value` under `key` for `ttlSeconds` (a whole number ≥ 1). A store may keep it longer
   * (Workers KV's minimum is 60 s) or drop it sooner (an LRU evicting): freshness is judged from
   * the timestamps inside the value, so neither makes an answer count as fresh for longer.
   */
  set(key: string, value: string, ttlSeconds: number): Promise<void> | void;
  /** Forget `key` (logout calls this). */
  delete(key: string): Promise<void> | void;
}
