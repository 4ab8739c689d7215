// Test helpers: a recording fetch with scripted answers. No test reaches the network. Web APIs
// only: tests/browser.ts, which imports this file, is bundled into workerd and Chromium.
import { AuthRocket } from "../mod.ts";
import type { AuthRocketConfig, RequestInfo, ResponseInfo } from "../mod.ts";

export interface Seen {
  method: string;
  url: URL;
  path: string;
  headers: Headers;
  body: unknown;
}

export type Reply = Response | Error | ((req: Seen) => Response | Error | Promise<Response>);

export const API_KEY = "ko_SECRETAPIKEY123456";

/** The human user the emulator scenarios sign up: Sally Sue, password "correct horse". */
export const SALLY = {
  user_type: "human",
  username: "sally",
  email: "sally@example.com",
  first_name: "Sally",
  last_name: "Sue",
  password: "correct horse",
} as const;

/** A fetch that records every request and answers from a queue (or a fallback). */
export function recorder(replies: Reply[] = [], fallback?: Reply) {
  const seen: Seen[] = [];
  const queue = [...replies];
  const fetch = async (input: Request | string | URL, init?: RequestInit): Promise<Response> => {
    const url = new URL(String(input));
    const raw = init?.body;
    const req: Seen = {
      method: init?.method ?? "GET",
      url,
      path: url.pathname.replace(/^\/v1\//, ""),
      headers: new Headers(init?.headers),
      body: typeof raw === "string" ? JSON.parse(raw) : undefined,
    };
    seen.push(req);
    let r = queue.length ? queue.shift()! : fallback ?? json(200, {});
    if (typeof r === "function") r = await r(req);
    if (r instanceof Error) throw r;
    return r.clone();
  };
  return { seen, fetch, last: () => seen[seen.length - 1] };
}

export function json(status: number, body: unknown, headers: Record<string, string> = {}) {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json", ...headers },
  });
}

/** A plain-text answer (any body, no content type unless given). */
export const text = (status: number, body: string, headers: Record<string, string> = {}) =>
  new Response(body, { status, headers });

/** One answer through `ar.transport.request` (no retries). */
export function once(reply: Response | Error, extra: AuthRocketConfig = {}) {
  const r = recorder([reply]);
  return client(r.fetch, { maxRetries: 0, ...extra }).transport;
}

export function client(fetch: AuthRocketConfig["fetch"], extra: AuthRocketConfig = {}) {
  return new AuthRocket({
    url: "https://api-e1.authrocket.com/v1",
    apiKey: API_KEY,
    realm: "rl_default",
    fetch,
    maxRetryDelay: 5,
    ...extra,
  });
}

export const userJson = (id = "usr_1", extra: Record<string, unknown> = {}) => ({
  id,
  object: "user",
  realm_id: "rl_default",
  user_type: "human",
  username: "sally",
  email: "sally@example.com",
  name: "Sally Sue",
  first_name: "Sally",
  last_name: "Sue",
  state: "active",
  created_at: 1396582483.874,
  last_login_at: null,
  ...extra,
});

/** A small deterministic PRNG (mulberry32): a random history that fails replays from its seed. */
export function prng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * How many times `Map.prototype.set` and `.delete` ran while `fn` ran (a cache hit that moves
 * its entry with delete + set shows up here).
 */
export function mapWrites(fn: () => void): number {
  const proto = Map.prototype as unknown as Record<string, (...a: unknown[]) => unknown>;
  const { set, delete: del } = proto;
  let n = 0;
  proto.set = function (this: unknown, ...a: unknown[]) {
    n++;
    return set.apply(this, a);
  };
  proto.delete = function (this: unknown, ...a: unknown[]) {
    n++;
    return del.apply(this, a);
  };
  try {
    fn();
  } finally {
    proto.set = set;
    proto.delete = del;
  }
  return n;
}

/** A scripted client whose onRequest and onResponse hooks record what they were given. */
export function instrumented(fetch: Parameters<typeof client>[0], extra = {}) {
  const events: (RequestInfo | ResponseInfo)[] = [];
  const ar = client(fetch, {
    onRequest: (i) => events.push({ ...i }),
    onResponse: (i) => events.push({ ...i }),
    ...extra,
  });
  return { ar, events };
}
