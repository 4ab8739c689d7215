/**
 * Revalidation of managed sessions (`kss_`): ask the API whether a session still exists at most
 * once per `revalidate` seconds per cache, keep the answer (negative ones too), share one lookup
 * between concurrent checks, and ride out a short API outage before failing closed.
 * @module
 */
import { memoryCache } from "./cache/memory.ts";
import type { SessionCache } from "./cache/types.ts";
import { AuthRocketError, ConfigError } from "./errors.ts";
import { numberOption } from "./number_option.ts";

/**
 * What the API says about a session: it still exists, or it was deleted / has ended.
 *
 * @example
 * ```ts
 * import type { SessionState } from "@authrocket-edge/sdk/cache";
 * const refuse = (s: SessionState) => s !== "alive";
 * ```
 */
export type SessionState = "alive" | "gone";

/**
 * Ask the API about one session: `"alive"` or `"gone"` (404). It must throw when it cannot
 * tell (unreachable API, 429, 5xx, a refused API key): that is what `maxStale` covers.
 *
 * @example
 * ```ts
 * import { AuthRocket } from "@authrocket-edge/sdk";
 * import type { SessionLookup } from "@authrocket-edge/sdk/cache";
 * const ar = new AuthRocket({ url: "https://api-e1.authrocket.com/v1", apiKey: "ko_…", realm: "rl_…" });
 * // retrieve() is null on 404 and throws on 429/5xx/network errors: exactly the contract.
 * const lookup: SessionLookup = async (id) => (await ar.sessions.retrieve(id)) ? "alive" : "gone";
 * ```
 */
export type SessionLookup = (sessionId: string) => Promise<SessionState>;

/**
 * Options of {@link createRevalidator}.
 *
 * @example
 * ```ts
 * import { memoryCache, type RevalidateOptions } from "@authrocket-edge/sdk/cache";
 * // Ask the API at most every 5 minutes; ride out up to 2 minutes of outage, then refuse.
 * const options: RevalidateOptions = { revalidate: 300, maxStale: 120, cache: memoryCache() };
 * ```
 */
export interface RevalidateOptions {
  /** Ask the API about a session at most once per this many seconds (finite, > 0). */
  revalidate: number;
  /** Where answers are kept (default: a new in-memory LRU, `memoryCache()`). */
  cache?: SessionCache;
  /**
   * While the API cannot answer, keep serving a session's last `"alive"` for this many seconds
   * past its freshness, then refuse (default 300; 0 refuses at once).
   */
  maxStale?: number;
  /** The clock, in ms since the epoch (default `Date.now`). */
  now?: () => number;
  /**
   * Whose sessions these are — the verifying client's realm (or account) — as part of every
   * key. Apps that share one cache then cannot answer for each other's sessions: a realm's
   * owner can sign a token naming another realm's `kss_` id, and its "gone" must not log that
   * realm's user out. It comes from the app's configuration, never from a token.
   */
  scope?: string;
}

/**
 * A revalidator: see {@link createRevalidator}.
 *
 * @example
 * ```ts
 * import { createRevalidator, type Revalidator } from "@authrocket-edge/sdk/cache";
 * const r: Revalidator = createRevalidator(async () => "alive", { revalidate: 300 });
 * await r.check("kss_123"); // "alive" (asks the lookup once, then the cache for 300 s)
 * await r.forget("kss_123"); // on logout
 * ```
 */
export interface Revalidator {
  /**
   * `"alive"` or `"gone"`, from the cache while fresh, else from the API. Rejects with
   * {@link SessionCheckFailed} when the API cannot answer and no answer within `maxStale` is
   * kept: refuse the session then.
   */
  check(sessionId: string, nowMs?: number): Promise<SessionState>;
  /** Drop the cached answer (logout calls this along with deleting the session). */
  forget(sessionId: string): Promise<void>;
}

/**
 * A session could not be checked: the API was unreachable or answered 429/5xx (the `cause`)
 * and no answer recent enough was kept. Fail closed: treat the session as ended, but this is
 * "could not check", not "revoked". Code `"session_check_failed"`.
 *
 * @example
 * ```ts
 * import { createRevalidator, SessionCheckFailed } from "@authrocket-edge/sdk/cache";
 * const r = createRevalidator(() => Promise.reject(new Error("down")), { revalidate: 300 });
 * const state = await r.check("kss_123").catch((e) => {
 *   if (e instanceof SessionCheckFailed) return "unchecked"; // refuse, log "could not check"
 *   throw e;
 * });
 * ```
 */
export class SessionCheckFailed extends AuthRocketError {
  /** As {@link AuthRocketError.name}. */ override name = "SessionCheckFailed";
  /** One of {@link AuthRocketErrorCode}. */
  override readonly code: "session_check_failed" = "session_check_failed";
}

/** How long a `"gone"` is kept at least: a deleted session does not come back. */
const GONE_TTL = 86_400;
/** While serving stale answers, ask the API again at most this often (429s must calm down). */
const RETRY_EVERY = 10;
/** A managed session id; anything else (a JWT, a secret) must never become a cache key. */
const SESSION_ID = /^kss_[0-9A-Za-z]{1,64}$/;

/**
 * The cache key of a session: derived from its id alone, never from a token or a secret.
 *
 * @example
 * ```ts
 * import { sessionKey } from "@authrocket-edge/sdk/cache";
 * console.log(sessionKey("kss_123")); // "authrocket:kss:kss_123"
 * console.log(sessionKey("kss_123", "rl_abc")); // "authrocket:kss:rl_abc:kss_123"
 * ```
 */
export const sessionKey = (sessionId: string, scope?: string): string =>
  scope
    ? `authrocket:kss:${encodeURIComponent(scope)}:${sessionId}`
    : `authrocket:kss:${sessionId}`;

interface Entry {
  state: SessionState;
  /** When the API gave this answer (ms). */
  at: number;
  /** When the API last failed to answer since then (ms). */
  failedAt?: number;
}

// Stored as "a:<at>" / "g:<at>" (+ ":<failedAt>"): the store's TTL only bounds how long the
// entry lives; freshness is computed here, with the injected clock.
const encode = (e: Entry) =>
  `${e.state === "alive" ? "a" : "g"}:${e.at}${e.failedAt === undefined ? "" : `:${e.failedAt}`}`;
function decode(v: unknown): Entry | undefined {
  const m = typeof v === "string" ? /^([ag]):(\d{1,16})(?::(\d{1,16}))?$/.exec(v) : null;
  if (!m) return undefined;
  return { state: m[1] === "a" ? "alive" : "gone", at: +m[2], failedAt: m[3] ? +m[3] : undefined };
}

interface Flight {
  promise: Promise<SessionState>;
  forgotten: boolean;
}
// One in-flight lookup per session per cache, whichever revalidator asks: revalidators created
// per request over one cache still share lookups.
const flights = new WeakMap<SessionCache, Map<string, Flight>>();

/**
 * Create a revalidator: `check(sessionId)` answers `"alive"` or `"gone"`, asking `lookup` at
 * most once per `revalidate` seconds per session and cache. Create it once (module scope) and
 * reuse it: its default in-memory cache lives as long as it does.
 *
 * Policy when the API cannot answer (`lookup` throws: unreachable, 429, 5xx): the last
 * `"alive"` is served for up to `maxStale` seconds (default 300) past its freshness, asking again
 * at most every 10 s; after that, or with nothing cached, `check` rejects with
 * {@link SessionCheckFailed}, and the session must be refused (fail closed). A `"gone"` is
 * final and kept for at least a day. A cache that throws counts as empty.
 *
 * @example
 * ```ts
 * import { AuthRocket } from "@authrocket-edge/sdk";
 * import { createRevalidator, memoryCache } from "@authrocket-edge/sdk/cache";
 * const ar = new AuthRocket({ url: "https://api-e1.authrocket.com/v1", apiKey: "ko_…", realm: "rl_…" });
 * const sessions = createRevalidator(
 *   async (id) => (await ar.sessions.retrieve(id)) ? "alive" : "gone",
 *   { revalidate: 300, cache: memoryCache(), maxStale: 300 },
 * );
 * if (await sessions.check("kss_123") === "gone") console.log("logged out");
 * ```
 */
export function createRevalidator(lookup: SessionLookup, options: RevalidateOptions): Revalidator {
  if (typeof lookup !== "function") {
    throw new ConfigError("createRevalidator: `lookup` must be a function (sessionId) → state");
  }
  const freshMs = 1000 *
    numberOption("revalidation: `revalidate`", options?.revalidate, {
      unit: "seconds",
      above: true,
    });
  const staleMs = 1000 *
    numberOption("revalidation: `maxStale`", options.maxStale ?? 300, { unit: "seconds" });
  const clock = options.now ?? Date.now;
  const cache = options.cache ?? memoryCache({ now: clock });
  if (["get", "set", "delete"].some((f) => typeof (cache as never)[f] !== "function")) {
    throw new ConfigError("revalidation: `cache` must have get, set and delete (a SessionCache)");
  }
  // Made with a cache's first flight and dropped with its last: a cache only ever read (a new
  // object per request, all hits) leaves nothing here.
  const running = (key: string) => flights.get(cache)?.get(key);
  const goneMs = Math.max(freshMs, GONE_TTL * 1000);
  const retryMs = Math.min(freshMs, RETRY_EVERY * 1000);
  const ttl = (ms: number) => Math.max(1, Math.ceil(ms / 1000));

  // An unavailable cache is an empty one: the API answers instead.
  const read = (key: string): Entry | undefined | Promise<Entry | undefined> => {
    try {
      const v = cache.get(key);
      return typeof (v as PromiseLike<unknown>)?.then === "function"
        ? Promise.resolve(v).then(decode, () => undefined)
        : decode(v);
    } catch {
      return undefined;
    }
  };
  /** The cached answer while it may be served, else `undefined`: ask the API. */
  const kept = (e: Entry | undefined, now: number): SessionState | undefined => {
    if (!e) return undefined;
    const age = now - e.at;
    if (e.state === "gone" ? age < goneMs : age < freshMs) return e.state;
    // Stale "alive" after a recent failure: serve it rather than hammer a failing API.
    if (e.failedAt !== undefined && now - e.failedAt < retryMs && age < freshMs + staleMs) {
      return "alive";
    }
  };
  const write = async (key: string, e: Entry, ms: number, flight: Flight) => {
    if (flight.forgotten) return; // logged out meanwhile: do not bring the answer back
    try {
      await cache.set(key, encode(e), ttl(ms));
    } catch {
      // Not kept: the next check asks the API again.
    }
  };

  async function refresh(id: string, key: string, old: Entry | undefined, now: number, f: Flight) {
    let state: SessionState;
    try {
      state = await lookup(id);
      if (state !== "alive" && state !== "gone") {
        throw new TypeError(`lookup answered ${JSON.stringify(state)}, not "alive" or "gone"`);
      }
    } catch (cause) {
      if (old) {
        if (old.state === "gone") return "gone";
        const until = old.at + freshMs + staleMs;
        if (now < until) {
          await write(key, { ...old, failedAt: now }, until - now, f);
          return "alive";
        }
      }
      throw new SessionCheckFailed(
        `could not check the session with the API${old ? " (the last answer is too old)" : ""}; ` +
          "refuse it, or raise `maxStale`",
        { cause },
      );
    }
    await write(key, { state, at: now }, state === "gone" ? goneMs : freshMs + staleMs, f);
    return state;
  }

  function validId(sessionId: unknown): string {
    if (typeof sessionId !== "string" || !SESSION_ID.test(sessionId)) {
      // The value is not echoed: a token passed here by mistake must not reach a log.
      throw new AuthRocketError("revalidation: expected a managed session id (kss_…)");
    }
    return sessionId;
  }

  return {
    // async without an await: a bad id rejects (not throws) and a synchronous hit is a promise.
    // deno-lint-ignore require-await
    async check(sessionId, nowMs) {
      const key = sessionKey(validId(sessionId), options.scope);
      const now = nowMs ?? clock();
      // A check joins the one in flight for its session, from its cache read on: checks that
      // all read before the first answer was written still make one lookup.
      const joined = running(key);
      if (joined) return joined.promise;
      const e = read(key);
      let answer: Promise<SessionState>;
      const flight: Flight = { promise: undefined!, forgotten: false };
      if (e instanceof Promise) {
        answer = e.then((e) => kept(e, now) ?? refresh(sessionId, key, e, now, flight));
      } else {
        const state = kept(e, now);
        if (state) return state; // a synchronous hit (memoryCache): no flight
        answer = refresh(sessionId, key, e, now, flight);
      }
      let mine = flights.get(cache);
      if (!mine) flights.set(cache, mine = new Map());
      const inFlight = mine;
      flight.promise = answer.finally(() => {
        if (inFlight.get(key) === flight) inFlight.delete(key);
        if (!inFlight.size && flights.get(cache) === inFlight) flights.delete(cache);
      });
      inFlight.set(key, flight);
      return flight.promise;
    },
    async forget(sessionId) {
      const key = sessionKey(validId(sessionId), options.scope);
      const flight = running(key);
      if (flight) {
        flight.forgotten = true;
        flights.get(cache)!.delete(key);
      }
      await cache.delete(key);
    },
  };
}
