/**
 * The revalidators of verifications with a client (`ar.sessions.fromToken`, `verifySession`
 * with `client`, the login integration): one per client settings and revalidation settings, so
 * that clients built per request (`AuthRocket.fromEnv(env)` inside `fetch`) share one in-memory
 * cache and one lookup per session, as one client would. Bounded, keyed by values, never by a
 * caller's object (those get a number through a `WeakMap`). Apart from src/verify.ts so that the
 * verify-only bundle does not carry it.
 * @module
 */
import { ConfigError } from "./errors.ts";
import { lru } from "./lru.ts";
import type { createRevalidator, Revalidator } from "./revalidate.ts";
import type { SessionCheck } from "./verify.ts";
import type { VerifyingClient, VerifyOptions } from "./verify_options.ts";

/** The revalidator factory: the client hands it over, so the verify-only bundle does not carry
 * it. */
export type RevalidatorFactory = typeof createRevalidator;

/** The revalidators of clients that ask the same API the same way. */
interface Group {
  /** The client a lookup goes through: the latest to ask (the group's clients differ only in
   * settings no answer depends on: timeouts, retries, hooks). */
  client: VerifyingClient;
  /** Whose sessions: the realm, else the account, else a digest of the API key. */
  scope: string | Promise<string>;
  /** By revalidate/maxStale/cache; 32 at most, the oldest made dropped first. */
  revalidators: Map<string, Revalidator>;
}

/** Client settings → their revalidators (a process verifying for 256 APIs, keys or realms). */
const groups = /* @__PURE__ */ lru<string, Group>(256);
const ids = new WeakMap<object, number>();
let count = 0;
/** A number per caller's object (a cache, a fetch): weak, so it dies with the object. */
function idOf(o: object | undefined): number {
  if (!o) return 0;
  let id = ids.get(o);
  if (!id) ids.set(o, id = ++count);
  return id;
}

/** What a session lookup's answer depends on: the API, the key, the realm or account, the fetch. */
function groupKey(client: VerifyingClient): string {
  const { url, apiKey, realm, account, fetch } = client.config;
  return JSON.stringify([url, apiKey, realm, account, idOf(fetch)]);
}

/**
 * Whose sessions a client's answers are about, as part of every cache key: its realm, else its
 * account, else a digest of its API key (what the API answers depends on; two apps with other
 * keys sharing a store then never answer for each other's sessions). SHA-256, computed once per
 * group; the key itself never becomes part of a cache key.
 */
async function scopeOf(client: VerifyingClient): Promise<string> {
  const { realm, account, apiKey } = client.config;
  if (realm || account) return (realm || account)!;
  const data = new TextEncoder().encode(`authrocket-edge revalidation scope\n${apiKey}`);
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", data));
  let hex = "";
  for (const b of digest.subarray(0, 16)) hex += b.toString(16).padStart(2, "0");
  return `key-${hex}`;
}

/**
 * The check a verification with `revalidate` makes: a managed session (`tk` = `kss_…`) the API
 * no longer has is `revoked`; one it could not be asked about (past `maxStale`) `unchecked`.
 */
const checkWith = (r: Revalidator): SessionCheck => async (tk, now) => {
  if (typeof tk !== "string" || !tk.startsWith("kss_")) return undefined;
  try {
    return (await r.check(tk, now === undefined ? undefined : +now)) === "alive"
      ? undefined
      : "revoked";
  } catch {
    return "unchecked";
  }
};

/**
 * The session check for these options and this client, through their revalidator (made on
 * first use; a promise only while a realm-less client's scope is first digested). @internal
 */
export function sessionCheckOf(
  options: VerifyOptions,
  client: VerifyingClient,
  create: RevalidatorFactory,
): SessionCheck | Promise<SessionCheck> {
  const r = revalidatorOf(options, client, create);
  return r instanceof Promise ? r.then(checkWith) : checkWith(r);
}

/** The revalidator for these options and this client (made on first use). */
function revalidatorOf(
  options: VerifyOptions,
  client: VerifyingClient,
  create: RevalidatorFactory,
): Revalidator | Promise<Revalidator> {
  const { realm, account, apiKey } = client.config;
  if (!apiKey) {
    throw new ConfigError("revalidate needs a client with an apiKey (AUTHROCKET_API_KEY)");
  }
  const key = groupKey(client);
  let g = groups.get(key);
  if (!g) {
    const scope = realm || account;
    groups.set(key, g = { client, scope: scope || scopeOf(client), revalidators: new Map() });
  }
  g.client = client;
  const { revalidate, cache, maxStale } = options;
  const id = `${revalidate}/${maxStale}/${idOf(cache)}`;
  const found = g.revalidators.get(id);
  if (found) return found;
  const group = g;
  const make = (scope: string) => {
    group.scope = scope;
    // Made once per settings, even by calls that awaited the scope together.
    let r = group.revalidators.get(id);
    if (!r) {
      r = create(async (sid) => (await group.client.sessions.retrieve(sid)) ? "alive" : "gone", {
        revalidate: revalidate!,
        cache,
        maxStale,
        scope,
      });
      group.revalidators.set(id, r);
      if (group.revalidators.size > 32) {
        group.revalidators.delete(group.revalidators.keys().next().value!);
      }
    }
    return r;
  };
  return typeof g.scope === "string" ? make(g.scope) : g.scope.then(make);
}

/**
 * Forget the revalidation answers kept for a session, under every setting used by clients with
 * this client's settings (logout calls it along with deleting the session). @internal
 */
export async function forgetRevalidation(
  client: VerifyingClient,
  sessionId: string,
): Promise<void> {
  const g = groups.get(groupKey(client));
  for (const r of g?.revalidators.values() ?? []) await r.forget(sessionId);
}
