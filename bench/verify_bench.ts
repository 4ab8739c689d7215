// The verifier against (a) the floor — crypto.subtle.verify with a pre-imported key, plus the
// base64url decoding and JSON.parse of the payload — (b) jose's jwtVerify with a pre-imported
// CryptoKey and, on Node, (c) fast-jwt. HS256 and RS256: the first verify of a token (token
// cache off), 100 in flight, and the hot token (the same token again: our token cache, and
// fast-jwt's cache on Node, against one bare crypto.subtle.verify).
// Every table interleaves its contenders in short rounds, order rotated, and reports the
// median of the per-round ratios with its interquartile range (harness.ts `interleave`).
// Targets: first verify ≤ 1.15× the floor and faster than jose; hot ≤ 2 µs and ≤ 0.05× the
// floor (20× under it).
import { exportSPKI, generateKeyPair, importSPKI, jwtVerify, SignJWT } from "jose";
import { verifySession } from "../mod.ts";
import { type Case, interleave, type Interleaved, runtime, spreadTable } from "./harness.ts";

const SECRET = "jsk_BenchmarkSecret0123456789abcdefghij";
const now = Math.floor(Date.now() / 1000);
const claims = {
  uid: "usr_bench",
  aud: "rl_bench",
  un: "bench",
  n: "Bench User",
  tk: "kss_bench",
  iat: now,
  exp: now + 3600,
};

function b64(s: string): Uint8Array<ArrayBuffer> {
  const bin = atob(s.replace(/-/g, "+").replace(/_/g, "/"));
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

function floorOf(key: CryptoKey, algo: AlgorithmIdentifier) {
  const enc = new TextEncoder();
  const dec = new TextDecoder();
  return async (token: string) => {
    const d1 = token.indexOf(".");
    const d2 = token.indexOf(".", d1 + 1);
    const ok = crypto.subtle.verify(
      algo,
      key,
      b64(token.slice(d2 + 1)),
      enc.encode(token.slice(0, d2)),
    );
    const claims = JSON.parse(dec.decode(b64(token.slice(d1 + 1, d2))));
    if (!(await ok)) throw new Error("floor failed");
    return claims;
  };
}

type FastJwt = { createVerifier(o: unknown): (t: string) => unknown };
type Figures = Record<string, { median: number; q1: number; q3: number }>;

export async function run(): Promise<string> {
  const out: string[] = [];
  const summary: Record<string, Figures> = {};
  const isNode = !("Deno" in globalThis) && !("Bun" in globalThis);
  let fastJwt: FastJwt | undefined;
  if (isNode) fastJwt = await import("fast-jwt" as string).catch(() => undefined);

  const hsKey = await crypto.subtle.importKey(
    "raw",
    new TextEncoder().encode(SECRET),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["verify"],
  );
  const hsToken = await new SignJWT(claims).setProtectedHeader({ alg: "HS256" }).sign(
    new TextEncoder().encode(SECRET),
  );
  const { publicKey, privateKey } = await generateKeyPair("RS256", { extractable: true });
  const pem = await exportSPKI(publicKey);
  const rsKey = await importSPKI(pem, "RS256");
  const rsToken = await new SignJWT(claims).setProtectedHeader({ alg: "RS256" }).sign(privateKey);

  const figures = (r: Interleaved, names: Record<number, string>): Figures =>
    Object.fromEntries(Object.entries(names).map(([i, k]) => [k, r.cases[+i].ratio]));

  for (
    const [alg, token, secret, key, floorAlgo] of [
      ["HS256", hsToken, SECRET, hsKey, "HMAC"],
      ["RS256", rsToken, pem, rsKey, { name: "RSASSA-PKCS1-v1_5" }],
    ] as const
  ) {
    const floor = floorOf(key, floorAlgo);
    const cold = { jwtSecret: secret, tokenCache: false };
    const hot = { jwtSecret: secret };
    if (!(await verifySession(token, cold)) || !(await verifySession(token, hot))) {
      throw new Error("verifySession failed");
    }
    const sig = b64(token.slice(token.lastIndexOf(".") + 1));
    const data = new TextEncoder().encode(token.slice(0, token.lastIndexOf(".")));

    // First verify: the token cache off, so every call checks the signature.
    const first: Case[] = [
      { name: "(a) floor: subtle.verify + decode + JSON.parse", fn: () => floor(token) },
      { name: "verifySession (token cache off)", fn: () => verifySession(token, cold) },
      {
        name: "(b) jose jwtVerify (pre-imported key)",
        fn: () => jwtVerify(token, key, { algorithms: [alg] }),
      },
    ];
    if (fastJwt) {
      const v = fastJwt.createVerifier({
        key: alg === "HS256" ? SECRET : pem,
        algorithms: [alg],
        cache: false,
      });
      first.push({ name: "(c) fast-jwt (sync, no token cache)", fn: () => v(token) });
    }
    const r1 = await interleave(first);
    out.push(spreadTable(`verify ${alg}, first verify`, r1));

    const x100 = (f: () => unknown) => () => Promise.all(Array.from({ length: 100 }, f));
    const r2 = await interleave([
      { name: "(a) floor ×100 in flight", fn: x100(() => floor(token)) },
      { name: "verifySession ×100 (token cache off)", fn: x100(() => verifySession(token, cold)) },
      {
        name: "(b) jose ×100 in flight",
        fn: x100(() => jwtVerify(token, key, { algorithms: [alg] })),
      },
    ], { sliceMs: 100, minRounds: 10, maxRounds: 60 });
    out.push(spreadTable(`verify ${alg}, 100 concurrent`, r2));

    // Hot token: the same token again, against one bare subtle.verify with a pre-imported key.
    const hotCases: Case[] = [
      {
        name: "(a) floor: one crypto.subtle.verify",
        fn: () => crypto.subtle.verify(floorAlgo, key, sig, data),
      },
      { name: "verifySession, hot token (token cache)", fn: () => verifySession(token, hot) },
    ];
    if (fastJwt) {
      const v = fastJwt.createVerifier({
        key: alg === "HS256" ? SECRET : pem,
        algorithms: [alg],
        cache: true,
      });
      hotCases.push({ name: "(c) fast-jwt, hot token (its cache)", fn: () => v(token) });
    }
    // Turns of 5 ms: the floor's first call after thousands of cache hits may wait for a
    // sleeping worker thread, and a longer turn spreads that wait over a hundred calls.
    const r3 = await interleave(hotCases, { turnUs: 5000, sliceMs: 60 });
    out.push(spreadTable(`verify ${alg}, hot token`, r3));

    summary[alg] = {
      ...figures(r1, { 1: "verifySession", 2: "jose" }),
      ...figures(r2, { 1: "verifySession100", 2: "jose100" }),
      ...figures(r3, { 1: "hot" }),
      hotUs: r3.cases[1].us,
      ...(fastJwt ? figures(r3, { 2: "fastJwtHot" }) : {}),
    };
  }
  return out.join("\n") +
    `\n(targets: first verify ≤ 1.15× the floor and < jose; hot ≤ 2 µs and ≤ 0.05× the floor; ${runtime()})` +
    `\nSUMMARY ${JSON.stringify({ runtime: runtime(), ...summary })}`;
}

if ((import.meta as { main?: boolean }).main ?? true) console.log(await run());
