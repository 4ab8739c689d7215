/**
 * The revalidators of verifications with a client (`ar.sessions.fromToken`, `verifySession`
 * with `client`, the login integration): one per client settings and revalidation settings, so
 * that clients built per request (`AuthRocket.fromEnv(env)` inside `fetch`) share one in-memory
 * cache and one lookup per session, as one client would. Keyed by values; a caller's object (a
 * cache) is compared, never kept as a key, so nothing here grows with objects made per request
 * (even a `WeakMap` keeps its table after its keys die). Apart from src/verify.ts so that the
 * verify-only bundle does not carry it.
 * @module
 */
import type { SessionCache } from "./cache/types.ts";
import { ConfigError } from "./errors.ts";
import { lru } from "./lru.ts";
import type { createRevalidator, Revalidator } from "./revalidate.ts";
import type { SessionCheck } from "./verify.ts";
import type { VerifyingClient, VerifyOptions } from "./verify_options.ts";

/** The revalidator factory: the client hands it over, so the verify-only bundle does not carry
 * it. */
export type RevalidatorFactory = typeof createRevalidator;

/** The revalidators of clients that ask the same API about the same sessions. */
interface Group {
  /** The client a lookup goes through: the latest to ask (the group's clients differ only in
   * settings no answer depends on: fetch, timeouts, retries, hooks). */
  client: VerifyingClient;
  /** Whose sessions: the realm, else the account, else a digest of the API key. */
  scope: string | Promise<string>;
  /**
   * By revalidate/maxStale (32 at most, the oldest made dropped first): the revalidators of the
   * last 8 caches used with them (`undefined`: the in-memory default), most recent last.
   */
  revalidators: Map<string, { cache: SessionCache | undefined; r: Revalidator }[]>;
}

/** Client settings → their revalidators (a process verifying for 256 APIs, keys or realms). */
const groups = /* @__PURE__ */ lru<string, Group>(256);

/** What a session lookup's answer depends on: the API, the key, the realm or account. */
function groupKey(client: VerifyingClient): string {
  const { url, apiKey, realm, account } = client.config;
  return JSON.stringify([url, apiKey, realm, account]);
}

/**
 * Whose sessions a client's answers are about, as part of every cache key: its realm, else its
 * account, else a digest of its API key (what the API answers depends on; two apps with other
 * keys sharing a store then never answer for each other's sessions). SHA-256, computed once per
 * group; the key itself never becomes part of a cache key.
 */
async function scopeOf(apiKey: string): Promise<string> {
  const data = new TextEncoder().encode(`authrocket-edge revalidation scope\n${apiKey}`);
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", data));
  let hex = "";
  for (const b of digest.subarray(0, 16)) hex += b.toString(16).padStart(2, "0");
  return `key-${hex}`;
}

/**
 * A verification's options as the `debug` lines give them (src/decisions.ts): told whether
 * revalidation answered from the cache or by asking the API. @internal
 */
export interface Debugged extends VerifyOptions {
  revalidated?: (by: "cache" | "API") => void;
}

/** The checks that want to know whether the API was asked, by session id, while they run. */
const asking = /* @__PURE__ */ new Map<string, Set<{ api?: boolean }>>();

/**
 * The check a verification with `revalidate` makes: a managed session (`tk` = `kss_…`) the API
 * no longer has is `revoked`; one it could not be asked about (past `maxStale`) `unchecked`.
 * `told` hears whether the answer came from the cache or the API (a check that joined another's
 * lookup was answered by the API too).
 */
const checkWith =
  (r: Revalidator, told?: Debugged["revalidated"]): SessionCheck => async (tk, now) => {
    if (typeof tk !== "string" || !tk.startsWith("kss_")) return undefined;
    const me: { api?: boolean } = {};
    if (told) asking.set(tk, (asking.get(tk) ?? new Set()).add(me));
    try {
      return (await r.check(tk, now === undefined ? undefined : +now)) === "alive"
        ? undefined
        : "revoked";
    } catch {
      return "unchecked";
    } finally {
      if (told) {
        const mine = asking.get(tk)!;
        mine.delete(me);
        if (!mine.size) asking.delete(tk);
        told(me.api ? "API" : "cache");
      }
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
  const told = (options as Debugged).revalidated;
  return r instanceof Promise ? r.then((r) => checkWith(r, told)) : checkWith(r, told);
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
    groups.set(
      key,
      g = { client, scope: realm || account || scopeOf(apiKey), revalidators: new Map() },
    );
  }
  g.client = client;
  const group = g;
  const { revalidate, cache, maxStale } = options;
  const id = `${revalidate}/${maxStale}`;
  const find = () => group.revalidators.get(id)?.find((x) => x.cache === cache)?.r;
  const found = find();
  if (found) return found;
  const make = (scope: string) => {
    group.scope = scope;
    // Made once per settings and cache, even by calls that awaited the scope together.
    let r = find();
    if (!r) {
      r = create(async (sid) => {
        try {
          return (await group.client.sessions.retrieve(sid)) ? "alive" : "gone";
        } finally {
          for (const check of asking.get(sid) ?? []) check.api = true;
        }
      }, {
        revalidate: revalidate!,
        cache,
        maxStale,
        scope,
      });
      const mine = group.revalidators.get(id) ?? [];
      if (!mine.length) group.revalidators.set(id, mine);
      mine.push({ cache, r });
      if (mine.length > 8) mine.shift();
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
  for (const mine of g?.revalidators.values() ?? []) {
    for (const { r } of mine) await r.forget(sessionId);
  }
}
