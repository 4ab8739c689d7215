/**
 * A {@link SessionCache} over Deno KV (Deno Deploy's global store, or a local database),
 * typed structurally so that the library has no `Deno` reference.
 * @module
 */
import { ConfigError } from "../errors.ts";
import { hasMethods } from "./binding.ts";
import { type Lru, lru } from "../lru.ts";
import type { SessionCache } from "./types.ts";

/**
 * The part of a `Deno.Kv` (from `await Deno.openKv()`) used here.
 *
 * @example
 * ```ts
 * import { denoKvCache, type DenoKvLike } from "@authrocket-edge/sdk/cache";
 * declare function openKv(): Promise<DenoKvLike>; // Deno.openKv, with --unstable-kv locally
 * const cache = denoKvCache(await openKv());
 * ```
 */
export interface DenoKvLike {
  /** The entry under `key` (`value` is `null` when absent). */
  get(key: readonly string[]): Promise<{ value: unknown }>;
  /** Store `value`, deleted some time after `expireIn` ms. */
  set(key: readonly string[], value: string, options?: { expireIn?: number }): Promise<unknown>;
  /** Remove `key`. */
  delete(key: readonly string[]): Promise<void>;
}

/**
 * A cache over Deno KV. Entries live under `[prefix, key]` (prefix default `"authrocket"`) and
 * expire through `expireIn`; Deno KV deletes expired keys lazily, which is harmless: the
 * revalidation code judges freshness by its own timestamps. Built per request over the same
 * database and prefix, it is the same adapter.
 *
 * @example
 * ```ts
 * import { denoKvCache, type DenoKvLike } from "@authrocket-edge/sdk/cache";
 * declare const kv: DenoKvLike; // const kv = await Deno.openKv();
 * const cache = denoKvCache(kv);
 * await cache.set("authrocket:kss:kss_123", "a:1767225600000", 300);
 * ```
 */
export function denoKvCache(kv: DenoKvLike, options: { prefix?: string } = {}): SessionCache {
  if (!hasMethods(kv, ["get", "set", "delete"])) {
    throw new ConfigError("denoKvCache: pass a Deno KV database (what `openKv()` resolves to)");
  }
  const prefix = options.prefix ?? "authrocket";
  let mine = prefixes.get(kv);
  if (!mine) prefixes.set(kv, mine = lru(16));
  let adapter = mine.get(prefix);
  if (!adapter) mine.set(prefix, adapter = denoKvAdapter(kv, prefix));
  return adapter;
}

/** One adapter per database and prefix (built per request, still one: see ./binding.ts). */
const prefixes = new WeakMap<DenoKvLike, Lru<string, SessionCache>>();

function denoKvAdapter(kv: DenoKvLike, prefix: string): SessionCache {
  return {
    async get(key) {
      const { value } = await kv.get([prefix, key]);
      return typeof value === "string" ? value : undefined;
    },
    async set(key, value, ttlSeconds) {
      await kv.set([prefix, key], value, { expireIn: Math.max(1, ttlSeconds) * 1000 });
    },
    async delete(key) {
      await kv.delete([prefix, key]);
    },
  };
}
