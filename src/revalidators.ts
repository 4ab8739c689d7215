/**
 * The revalidators of `ar.sessions.fromToken` (and so of `verifySession` with a client and of
 * the login integration): one per client and settings, so that their in-memory cache and single
 * flight are shared. Apart from src/verify.ts so that the verify-only bundle does not carry it.
 * @module
 */
import type { AuthRocket } from "./client.ts";
import { ConfigError } from "./errors.ts";
import type { createRevalidator, Revalidator } from "./revalidate.ts";
import type { VerifyOptions } from "./verify.ts";

/** The revalidator factory: `ar.sessions.fromToken` hands it over, so the verify-only bundle
 * does not carry it. */
export type RevalidatorFactory = typeof createRevalidator;

/** One revalidator per client and settings: their in-memory cache and single flight are shared. */
const revalidators = new WeakMap<object, Map<string, Revalidator>>();
const cacheIds = new WeakMap<object, number>();
let cacheCount = 0;

/** The revalidator for these options and this client (made on first use). @internal */
export function revalidatorOf(
  options: VerifyOptions,
  ar: AuthRocket,
  create: RevalidatorFactory,
): Revalidator {
  let mine = revalidators.get(ar);
  if (!mine) revalidators.set(ar, mine = new Map());
  const { revalidate, cache, maxStale } = options;
  let id = 0;
  if (cache) {
    id = cacheIds.get(cache) ?? ++cacheCount;
    cacheIds.set(cache, id);
  }
  const key = `${revalidate}/${maxStale}/${id}`;
  let r = mine.get(key);
  if (!r) {
    if (!ar.config.apiKey) {
      throw new ConfigError("revalidate needs a client with an apiKey (AUTHROCKET_API_KEY)");
    }
    r = create(async (sid) => (await ar.sessions.retrieve(sid)) ? "alive" : "gone", {
      revalidate: revalidate!,
      cache,
      maxStale,
      // The client's own realm or account, never the token's `aud`: a token cannot choose it.
      scope: ar.config.realm ?? ar.config.account,
    });
    mine.set(key, r);
  }
  return r;
}

/**
 * Forget the revalidation answers kept for a session, under every setting used with this client
 * (logout calls it along with deleting the session). @internal
 */
export async function forgetRevalidation(client: object, sessionId: string): Promise<void> {
  for (const r of revalidators.get(client)?.values() ?? []) await r.forget(sessionId);
}
