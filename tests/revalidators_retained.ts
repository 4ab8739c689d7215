// Run by tests/revalidators_test.ts in a child process with a collectable heap (Deno:
// --v8-flags=--expose-gc, Node: --expose-gc, Bun: Bun.gc): 50,000 verifies of a managed session,
// each with what a Worker builds per request, and the heap retained after a full GC, per case.
// Prints one JSON line: { case: bytes retained }.
import process from "node:process";
import { AuthRocket } from "../mod.ts";
import type { SessionCache } from "../src/cache/types.ts";
import { kvCache, type KvNamespaceLike } from "../src/cache/workers.ts";
import { claims, hs256, NOW, NOW_S, SECRET } from "./tokens.ts";

const g = globalThis as { gc?: () => void; Bun?: { gc(force: boolean): void } };
const collect = () => {
  for (let i = 0; i < 3; i++) g.gc ? g.gc() : g.Bun!.gc(true);
};
const heap = () => (collect(), process.memoryUsage().heapUsed);

const N = Number(process.argv[2] ?? 50_000);
const tk = "kss_retained0001";
const token = await hs256(claims({ tk, exp: NOW_S + 86_400 }));
const fetch = () => Promise.resolve(Response.json({ id: tk, object: "session", user_id: "usr_1" }));
const m = new Map<string, string>();
const ns: KvNamespaceLike = {
  get: (k) => Promise.resolve(m.get(k) ?? null),
  put: (k, v) => Promise.resolve(void m.set(k, v)),
  delete: (k) => Promise.resolve(void m.delete(k)),
};
const settings = {
  url: "https://api.example/v1",
  apiKey: "ko_RETAINED",
  realm: "rl_r",
  jwtSecret: SECRET,
  fetch,
};
const shared = new AuthRocket(settings);
const cases: Record<string, () => Promise<unknown>> = {
  // One client (module scope), kvCache(env.SESSIONS) built per request.
  "kvCache per request": () =>
    shared.sessions.fromToken(token, { now: NOW, revalidate: 300, cache: kvCache(ns) }),
  // AuthRocket.fromEnv(env) and kvCache(env.SESSIONS) both per request.
  "client and kvCache per request": () =>
    new AuthRocket(settings).sessions.fromToken(token, {
      now: NOW,
      revalidate: 300,
      cache: kvCache(ns),
    }),
  // A cache object of the app's own, new per request (not one of ours: nothing to share).
  "own cache object per request": () =>
    shared.sessions.fromToken(token, {
      now: NOW,
      revalidate: 300,
      cache: {
        get: (k) => m.get(k),
        set: (k, v) => void m.set(k, v),
        delete: (k) => void m.delete(k),
      } satisfies SessionCache,
    }),
};
const out: Record<string, number> = {};
for (const [name, run] of Object.entries(cases)) {
  for (let i = 0; i < 1000; i++) await run(); // warm: JIT, caches, the first answer
  const before = heap();
  for (let i = 0; i < N; i++) {
    if (!(await run())) throw new Error(`${name}: refused`);
  }
  out[name] = heap() - before;
}
console.log(JSON.stringify(out));
