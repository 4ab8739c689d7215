// The verifier and its caches at scale (issue 18, items 1–3): each cost measured at the points of
// production's range, the points of a curve interleaved call by call in one process
// (harness.ts `interleave`), each as a ratio to its smallest point.
//   - verify vs realms: re-verifying a working set of known tokens, one per realm, from 1, 10, 100
//     and 1,000 realms, default options and a new options object per call (HS256 secrets; RS256
//     PEM keys). The working sets are nested (the first R realms of one pool), so the process's
//     working set is the largest point's, as in production. Target: within 2× of 1 realm.
//   - hot hit vs fill: one hot token / key / entry while the cache holds 1 entry, half, full, or
//     was asked for 10× more than it holds (token cache at 2,048, key cache at 2,048,
//     memoryCache at 10,000 and 100,000). Each point has a cache of its own: memoryCache
//     instances; for the verifier's caches, bounds one apart (2,049–2,052), since calls with the
//     same bound share one cache.
//   - per-request adapters: API calls for N concurrent cold requests, each building its client
//     and kvCache(namespace) (target: 1), and the heap retained after N such verifies.
// Memory per imported key (HMAC and RSA) is measured and printed under the realms curves.
// Needs --expose-gc for the memory figures (`deno task bench` gives it); without it, says so.
import { exportSPKI, generateKeyPair, SignJWT } from "jose";
import { AuthRocket, verifySession } from "../mod.ts";
import { kvCache, type KvNamespaceLike, memoryCache } from "../cache.ts";
import type { Curve, CurvePoint } from "./curve.ts";
import { type Case, interleave, type Interleaved, runtime } from "./harness.ts";
import { heap } from "./heap.ts";

const NOW = Date.UTC(2026, 10, 28, 12);
const NOW_S = NOW / 1000;
const enc = new TextEncoder();
const label = (n: number) => n.toLocaleString("en");

/** The options of a run: full size, or tiny for the smoke test. */
interface Sizes {
  quick: boolean;
  realms: number[];
  fill: number; // the verifier's cache bounds (token and key caches)
  memory: number[]; // memoryCache bounds
  concurrent: number[];
  verifies: number[];
}
const FULL: Sizes = {
  quick: false,
  realms: [1, 10, 100, 1000],
  fill: 2048,
  memory: [10_000, 100_000],
  concurrent: [1, 10, 100, 200],
  verifies: [1000, 10_000, 50_000],
};
const QUICK: Sizes = {
  quick: true,
  realms: [1, 3],
  fill: 4,
  memory: [8],
  concurrent: [1, 4],
  verifies: [10, 40],
};

const claims = (i: number) => ({
  uid: `usr_scale${i}`,
  aud: `rl_scale${i}`,
  tk: `kss_scale${i}`,
  iat: NOW_S - 60,
  exp: NOW_S + 86_400,
});

/** An interleaved run's points: µs per call, and the ratio to the first case. */
function pointsOf(r: Interleaved, xs: number[], labels: string[]): CurvePoint[] {
  return r.cases.map((c, i) => ({
    x: xs[i],
    label: labels[i],
    us: c.us.median,
    ratio: c.ratio.median,
    q1: c.ratio.q1,
    q3: c.ratio.q3,
  }));
}

const rounds = (s: Sizes) => s.quick ? { minRounds: 1, maxRounds: 2, sliceMs: 2, turnUs: 200 } : {};

/** `n` HS256 realms: a secret each and a token it signed. */
async function hsRealms(n: number) {
  return await Promise.all(Array.from({ length: n }, async (_, i) => {
    const secret = `jsk_scale_${i}_${"x".repeat(24)}`;
    const token = await new SignJWT(claims(i)).setProtectedHeader({ alg: "HS256" })
      .sign(enc.encode(secret));
    return { secret, token };
  }));
}

/**
 * `n` RS256 realms. A thousand RSA key pairs would take minutes to generate: eight pairs, each
 * PEM spelled with its own line width (pemToDer drops the whitespace), so every realm is a secret
 * of its own to the cache, imported on its own, with a token of its own (its `aud`).
 */
async function rsRealms(n: number, keys: number) {
  const pairs = await Promise.all(
    Array.from({ length: keys }, () => generateKeyPair("RS256", { extractable: true })),
  );
  const bodies = await Promise.all(
    pairs.map(async (p) => (await exportSPKI(p.publicKey)).replace(/-----[^-]+-----|\s/g, "")),
  );
  return await Promise.all(Array.from({ length: n }, async (_, i) => {
    const k = i % pairs.length;
    const width = 40 + Math.floor(i / pairs.length); // distinct per realm of one pair
    const lines = bodies[k].match(new RegExp(`.{1,${width}}`, "g"))!.join("\n");
    const secret = `-----BEGIN PUBLIC KEY-----\n${lines}\n-----END PUBLIC KEY-----\n`;
    const token = await new SignJWT(claims(i)).setProtectedHeader({ alg: "RS256" })
      .sign(pairs[k].privateKey);
    return { secret, token };
  }));
}

/** Re-verifying the working sets of 1 … R realms (nested), a new options object per call. */
async function realmsCurve(
  alg: "HS256" | "RS256",
  s: Sizes,
  realms: { secret: string; token: string }[],
): Promise<Curve> {
  const cases: Case[] = s.realms.map((r) => {
    let i = 0;
    return {
      name: `${label(r)} realms`,
      fn: async () => {
        const k = i++ % r;
        if (!(await verifySession(realms[k].token, { jwtSecret: realms[k].secret, now: NOW }))) {
          throw new Error(`${alg}: realm ${k} refused`);
        }
      },
    };
  });
  const r = await interleave(cases, rounds(s));
  return {
    id: `verify-realms-${alg.toLowerCase()}`,
    title: `verify ${alg}: one token per realm, default options`,
    xAxis: "realms",
    runtime: runtime(),
    target: 2,
    points: pointsOf(r, s.realms, s.realms.map((n) => `${label(n)} realms`)),
    notes: [`${r.rounds} interleaved rounds${r.converged ? "" : " (IQR not within ±5%)"}`],
  };
}

/** Heap per imported key, over `n` keys imported into a cache of their own. */
async function bytesPerKey(
  realms: { secret: string }[],
  bound: number,
): Promise<number | undefined> {
  const before = heap();
  if (before === undefined) return undefined;
  for (const { secret } of realms) {
    await verifySession("a.b.c", { jwtSecret: secret, keyCacheSize: bound, tokenCache: false });
  }
  return (heap()! - before) / realms.length;
}

/** The fills of a cache of bound `max`: 1 entry, half, full, 10× over. */
const fills = (max: number) => [1, Math.ceil(max / 2), max, max * 10];
const fillLabels = (max: number) => ["1 entry", "half", `full (${label(max)})`, "10× over"];

/** The hot token of each fill, verified through a token cache of its own. */
async function tokenHitCurve(s: Sizes): Promise<Curve> {
  const secret = "jsk_scale_token_cache_0123456789";
  const xs = fills(s.fill);
  const cases: Case[] = [];
  for (const [p, n] of xs.entries()) {
    const options = { jwtSecret: secret, now: NOW, tokenCacheSize: s.fill + 1 + p };
    for (let i = 0; i < n; i++) {
      const t = await new SignJWT({ ...claims(i), jti: `${p}-${i}` }).setProtectedHeader({
        alg: "HS256",
      }).sign(enc.encode(secret));
      await verifySession(t, options);
      if (i === n - 1) {
        cases.push({
          name: fillLabels(s.fill)[p],
          fn: () => verifySession(t, options),
        });
      }
    }
  }
  const r = await interleave(cases, { turnUs: 5000, sliceMs: 60, ...rounds(s) });
  return hitCurve("hit-token-cache", `token cache (${label(s.fill)}): a hot token`, r, xs);
}

/** A hot key of each fill (its token cached), through a key cache of its own. */
async function keyHitCurve(s: Sizes): Promise<Curve> {
  const xs = fills(s.fill);
  const cases: Case[] = [];
  for (const [p, n] of xs.entries()) {
    const keyCacheSize = s.fill + 1 + p;
    for (let i = 0; i < n; i++) {
      const secret = `jsk_scale_fill_${p}_${i}`;
      await verifySession("a.b.c", { jwtSecret: secret, keyCacheSize, tokenCache: false });
    }
    const secret = `jsk_scale_fill_${p}_${n - 1}`; // the last imported: hot
    const t = await new SignJWT(claims(p)).setProtectedHeader({ alg: "HS256" })
      .sign(enc.encode(secret));
    await verifySession(t, { jwtSecret: secret, keyCacheSize, now: NOW });
    cases.push({
      name: fillLabels(s.fill)[p],
      fn: () => verifySession(t, { jwtSecret: secret, keyCacheSize, now: NOW }),
    });
  }
  const r = await interleave(cases, { turnUs: 5000, sliceMs: 60, ...rounds(s) });
  return hitCurve(
    "hit-key-cache",
    `key cache (${label(s.fill)}): a hot key and token`,
    r,
    xs,
  );
}

/** A hot `get` of memoryCache({ max }) at each fill. */
async function memoryHitCurve(max: number, s: Sizes): Promise<Curve> {
  const xs = fills(max);
  const cases: Case[] = xs.map((n, p) => {
    const c = memoryCache({ max, now: () => NOW });
    for (let i = 0; i < n; i++) c.set(`authrocket:kss:rl_scale:kss_${i}`, `a:${NOW}`, 300);
    const hot = `authrocket:kss:rl_scale:kss_${n - 1}`;
    return { name: fillLabels(max)[p], fn: () => c.get(hot) };
  });
  const r = await interleave(cases, { turnUs: 5000, sliceMs: 60, ...rounds(s) });
  return hitCurve(`hit-memory-${max}`, `memoryCache({ max: ${label(max)} }): a hot get`, r, xs);
}

function hitCurve(id: string, title: string, r: Interleaved, xs: number[]): Curve {
  const worst = Math.max(...r.cases.map((c) => c.us.median));
  return {
    id,
    title,
    xAxis: "entries asked for",
    runtime: runtime(),
    target: 2,
    points: pointsOf(r, xs, xs.map((n) => label(n))),
    notes: [
      `slowest point ${worst.toFixed(3)} µs a hit (target ≤ 2 µs); ${r.rounds} rounds` +
      (r.converged ? "" : " (IQR not within ±5%)"),
    ],
  };
}

/** A KV namespace in memory whose reads and writes take a little time, as Workers KV's do. */
function namespace(): KvNamespaceLike {
  const m = new Map<string, string>();
  const later = <T>(v: T) => new Promise<T>((f) => setTimeout(() => f(v), 1));
  return {
    get: (k) => later(m.get(k) ?? null),
    put: (k, v) => later(void m.set(k, v)),
    delete: (k) => later(void m.delete(k)),
  };
}

/** What a Worker builds per request: the client (fromEnv) and kvCache(env.SESSIONS). */
function perRequest(ns: KvNamespaceLike, api: { calls: number }) {
  const fetch = async () => {
    api.calls++;
    await new Promise((f) => setTimeout(f, 5));
    return Response.json({ id: "kss_x", object: "session", user_id: "usr_1" });
  };
  const settings = {
    url: "https://api.example/v1",
    apiKey: "ko_SCALEBENCH",
    realm: "rl_scale",
    jwtSecret: "jsk_scale_adapters_0123456789",
    fetch,
  };
  return (token: string) =>
    new AuthRocket(settings).sessions.fromToken(token, {
      now: NOW,
      revalidate: 300,
      cache: kvCache(ns),
    });
}

const managed = (tk: string) =>
  new SignJWT({ ...claims(0), tk }).setProtectedHeader({ alg: "HS256" })
    .sign(enc.encode("jsk_scale_adapters_0123456789"));

/** API calls made by N concurrent cold requests for one managed session (target: 1). */
async function callsCurve(s: Sizes): Promise<Curve> {
  const points: CurvePoint[] = [];
  for (const n of s.concurrent) {
    const api = { calls: 0 };
    const request = perRequest(namespace(), api);
    const token = await managed(`kss_cold${n}`);
    const sessions = await Promise.all(Array.from({ length: n }, () => request(token)));
    if (!sessions.every(Boolean)) throw new Error("a request was refused");
    points.push({ x: n, label: label(n), us: api.calls, ratio: 0, q1: 0, q3: 0 });
  }
  for (const p of points) p.ratio = p.q1 = p.q3 = p.us / points[0].us;
  return {
    id: "adapters-api-calls",
    title: "N concurrent cold requests, a client and kvCache() each",
    xAxis: "concurrent requests",
    runtime: runtime(),
    target: 1,
    unit: "API calls",
    points,
  };
}

/** Heap retained after N verifies, each with its own client and kvCache() (target: ~0). */
async function retainedCurve(s: Sizes): Promise<Curve | undefined> {
  if (heap() === undefined) return undefined;
  const points: CurvePoint[] = [];
  for (const n of s.verifies) {
    const request = perRequest(namespace(), { calls: 0 });
    const token = await managed(`kss_retained${n}`);
    for (let i = 0; i < 100; i++) await request(token); // the first answer, JIT
    const before = heap()!;
    for (let i = 0; i < n; i++) await request(token);
    const kb = (heap()! - before) / 1024;
    points.push({ x: n, label: label(n), us: kb, ratio: 1, q1: 1, q3: 1 });
  }
  return {
    id: "adapters-retained",
    title: "N verifies, a client and kvCache() each",
    xAxis: "verifies",
    runtime: runtime(),
    target: 1024,
    unit: "KB retained",
    points,
    notes: ["target: under 1 MB (1,024 KB) at 50,000"],
  };
}

/** Every curve of the verifier at scale; `quick`: tiny sizes, for a smoke test. */
export async function verifyCurves(options: { quick?: boolean } = {}): Promise<Curve[]> {
  const s = options.quick ? QUICK : FULL;
  const max = s.realms.at(-1)!;
  const hs = await hsRealms(max);
  const rs = await rsRealms(max, s.quick ? 1 : 8);
  const curves: Curve[] = [];
  const hsCurve = await realmsCurve("HS256", s, hs);
  const rsCurve = await realmsCurve("RS256", s, rs);
  // Memory per key: the pools imported again into caches of their own (bound: the pool's size).
  const perHs = await bytesPerKey(hs, max + 1);
  const perRs = await bytesPerKey(rs, max + 2);
  const per = (b: number | undefined) =>
    b === undefined ? "needs --expose-gc" : `${(b / 1024).toFixed(2)} KB`;
  hsCurve.notes!.push(`memory per imported HMAC key: ${per(perHs)} (over ${label(max)} keys)`);
  rsCurve.notes!.push(`memory per imported RSA 2048 key: ${per(perRs)} (over ${label(max)} keys)`);
  curves.push(hsCurve, rsCurve);
  curves.push(await tokenHitCurve(s), await keyHitCurve(s));
  for (const m of s.memory) curves.push(await memoryHitCurve(m, s));
  curves.push(await callsCurve(s));
  const retained = await retainedCurve(s);
  if (retained) curves.push(retained);
  return curves;
}
