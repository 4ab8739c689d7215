/**
 * Revalidation of managed sessions and the caches it keeps answers in: an in-memory LRU (the
 * default), the Workers Cache API, Workers KV and Deno KV. Import only the adapter you use;
 * the others stay out of your bundle. (The interface they implement, `SessionCache`, is exported
 * by the main entry.)
 *
 * @example
 * ```ts
 * import { AuthRocket } from "@authrocket-edge/sdk";
 * import { createRevalidator, kvCache, type KvNamespaceLike } from "@authrocket-edge/sdk/cache";
 * declare const env: { SESSIONS: KvNamespaceLike };
 * const ar = new AuthRocket({ url: "https://api-e1.authrocket.com/v1", apiKey: "ko_…", realm: "rl_…" });
 * const sessions = createRevalidator(
 *   async (id) => (await ar.sessions.retrieve(id)) ? "alive" : "gone",
 *   { revalidate: 300, cache: kvCache(env.SESSIONS) },
 * );
 * console.log(await sessions.check("kss_123"));
 * ```
 * @module
 */
export { memoryCache } from "./src/cache/memory.ts";
export type { MemoryCacheOptions } from "./src/cache/memory.ts";
export { kvCache, workersCache } from "./src/cache/workers.ts";
export type { KvNamespaceLike, WorkersCacheLike } from "./src/cache/workers.ts";
export { denoKvCache } from "./src/cache/deno_kv.ts";
export type { DenoKvLike } from "./src/cache/deno_kv.ts";
export { createRevalidator, SessionCheckFailed, sessionKey } from "./src/revalidate.ts";
export type {
  RevalidateOptions,
  Revalidator,
  SessionLookup,
  SessionState,
} from "./src/revalidate.ts";
