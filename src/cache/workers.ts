/**
 * {@link SessionCache} adapters for Cloudflare Workers: the Cache API (`caches.default`, per
 * location) and Workers KV (global, eventually consistent). Both typed structurally, so this
 * file needs no Workers types.
 * @module
 */
import { ConfigError } from "../errors.ts";
import { adapterOf, hasMethods } from "./binding.ts";
import type { SessionCache } from "./types.ts";

/**
 * The part of a Workers `Cache` (`caches.default`, `await caches.open(name)`) used here.
 *
 * @example
 * ```ts
 * import { workersCache, type WorkersCacheLike } from "@authrocket-edge/sdk/cache";
 * const named: WorkersCacheLike = await caches.open("authrocket");
 * const cache = workersCache(named);
 * ```
 */
export interface WorkersCacheLike {
  /** The response stored for `request`, if any. */
  match(request: Request): Promise<Response | undefined>;
  /** Store `response` for `request`. */
  put(request: Request, response: Response): Promise<void>;
  /** Remove `request`'s response. */
  delete(request: Request): Promise<boolean>;
}

/**
 * A cache over the Workers Cache API: each value a small `Response` under a synthetic URL
 * derived from the key (`https://authrocket-edge.cache/<key>`), kept `max-age` seconds. It is
 * per Cloudflare location and free; it does nothing on `*.workers.dev` and in the dashboard
 * preview (Cloudflare's rule), where every check then asks the API: use {@link kvCache} there.
 * Built per request over the same `Cache`, it is the same adapter (one per binding).
 *
 * @example
 * ```ts
 * import { workersCache, type WorkersCacheLike } from "@authrocket-edge/sdk/cache";
 * // In a Worker, `workersCache()` takes `caches.default`; or pass a named cache:
 * declare const named: WorkersCacheLike; // await caches.open("authrocket")
 * const cache = workersCache(named);
 * await cache.set("authrocket:kss:kss_123", "a:1767225600000", 300);
 * ```
 */
export function workersCache(cache?: WorkersCacheLike): SessionCache {
  const c = cache ?? (globalThis as { caches?: { default?: WorkersCacheLike } }).caches?.default;
  if (!hasMethods(c, ["match", "put", "delete"])) {
    throw new ConfigError(
      "workersCache: no Cache given and no `caches.default` (it exists in Cloudflare Workers); " +
        'pass one: workersCache(await caches.open("authrocket"))',
    );
  }
  return adapterOf(cacheAdapters, c, () => ({
    async get(key) {
      const r = await c.match(req(key));
      return r ? await r.text() : undefined;
    },
    async set(key, value, ttlSeconds) {
      const maxAge = Math.max(1, Math.ceil(ttlSeconds));
      await c.put(
        req(key),
        new Response(value, {
          headers: { "content-type": "text/plain", "cache-control": `max-age=${maxAge}` },
        }),
      );
    },
    async delete(key) {
      await c.delete(req(key));
    },
  }));
}
const cacheAdapters = new WeakMap<WorkersCacheLike, SessionCache>();
const req = (key: string) =>
  new Request(`https://authrocket-edge.cache/${encodeURIComponent(key)}`);

/**
 * The part of a Workers KV namespace binding used here.
 *
 * @example
 * ```ts
 * import { kvCache, type KvNamespaceLike } from "@authrocket-edge/sdk/cache";
 * export default {
 *   fetch(_req: Request, env: { SESSIONS: KvNamespaceLike }) {
 *     const cache = kvCache(env.SESSIONS);
 *     return new Response(cache ? "ok" : "");
 *   },
 * };
 * ```
 */
export interface KvNamespaceLike {
  /** The text stored under `key`, or `null`. */
  get(key: string): Promise<string | null>;
  /** Store `value`; Workers KV refuses an `expirationTtl` under 60. */
  put(key: string, value: string, options?: { expirationTtl?: number }): Promise<void>;
  /** Remove `key`. */
  delete(key: string): Promise<void>;
}

/** Workers KV's smallest `expirationTtl`, in seconds. */
const KV_MIN_TTL = 60;

/**
 * A cache over a Workers KV namespace: global, eventually consistent (a write may take up to
 * ~60 s to reach other locations). TTLs under KV's minimum of 60 s are raised to 60: the
 * revalidation code keeps its own timestamps, so that only lengthens how long an entry lives,
 * not how long an answer counts as fresh. Built per request over the same binding
 * (`kvCache(env.SESSIONS)` inside `fetch`), it is the same adapter (one per binding).
 *
 * @example
 * ```ts
 * import { kvCache, type KvNamespaceLike } from "@authrocket-edge/sdk/cache";
 * // In a Worker with `[[kv_namespaces]] binding = "SESSIONS"` in wrangler.toml:
 * declare const env: { SESSIONS: KvNamespaceLike };
 * const cache = kvCache(env.SESSIONS);
 * await cache.set("authrocket:kss:kss_123", "a:1767225600000", 300);
 * ```
 */
export function kvCache(namespace: KvNamespaceLike): SessionCache {
  if (!hasMethods(namespace, ["get", "put", "delete"])) {
    throw new ConfigError("kvCache: pass a KV namespace binding (env.<BINDING>)");
  }
  return adapterOf(kvAdapters, namespace, () => ({
    async get(key) {
      return (await namespace.get(key)) ?? undefined;
    },
    async set(key, value, ttlSeconds) {
      await namespace.put(key, value, {
        expirationTtl: Math.max(KV_MIN_TTL, Math.ceil(ttlSeconds)),
      });
    },
    async delete(key) {
      await namespace.delete(key);
    },
  }));
}
const kvAdapters = new WeakMap<KvNamespaceLike, SessionCache>();
