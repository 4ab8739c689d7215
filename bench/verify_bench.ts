// verifySession with a warm key cache against (a) the floor: crypto.subtle.verify with a
// pre-imported key + base64url decoding + JSON.parse of the payload, (b) jose's jwtVerify with
// a pre-imported CryptoKey, and on Node (c) fast-jwt. HS256 and RS256; then 100 in flight.
// Targets: ≤ 1.15× the floor, and faster than jose.
import { exportSPKI, generateKeyPair, importSPKI, jwtVerify, SignJWT } from "jose";
import { verifySession } from "../mod.ts";
import { compare, runtime, table } from "./harness.ts";
import type { Case } from "./harness.ts";

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

function floorOf(key: CryptoKey, algo: AlgorithmIdentifier, overlap = false) {
  const enc = new TextEncoder();
  const claimsOf = (token: string, d1: number, d2: number) =>
    JSON.parse(new TextDecoder().decode(b64(token.slice(d1 + 1, d2))));
  return async (token: string) => {
    const d1 = token.indexOf(".");
    const d2 = token.indexOf(".", d1 + 1);
    const ok = crypto.subtle.verify(
      algo,
      key,
      b64(token.slice(d2 + 1)),
      enc.encode(token.slice(0, d2)),
    );
    // (a′) decodes the payload while the signature is checked, as ours does; (a) after it.
    const early = overlap ? claimsOf(token, d1, d2) : undefined;
    if (!(await ok)) throw new Error("floor failed");
    return overlap ? early : claimsOf(token, d1, d2);
  };
}

export async function run(): Promise<string> {
  const out: string[] = [];
  const summary: Record<string, Record<string, number>> = {};
  const isNode = !("Deno" in globalThis) && !("Bun" in globalThis);
  let fastJwt: { createVerifier(o: unknown): (t: string) => unknown } | undefined;
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

  for (
    const [alg, token, secret, key, floorAlgo] of [
      ["HS256", hsToken, SECRET, hsKey, "HMAC"],
      ["RS256", rsToken, pem, rsKey, { name: "RSASSA-PKCS1-v1_5" }],
    ] as const
  ) {
    const floor = floorOf(key, floorAlgo);
    const floorOverlap = floorOf(key, floorAlgo, true);
    const opts = { jwtSecret: secret };
    if (!(await verifySession(token, opts))) throw new Error("verifySession failed");
    const cases: Case[] = [
      { name: `(a) floor: subtle.verify + decode + JSON.parse`, fn: () => floor(token) },
      { name: `(a') floor, payload decoded during the verify`, fn: () => floorOverlap(token) },
      { name: `verifySession (warm cache)`, fn: () => verifySession(token, opts) },
      {
        name: `(b) jose jwtVerify (pre-imported CryptoKey)`,
        fn: () => jwtVerify(token, key, { algorithms: [alg] }),
      },
    ];
    if (fastJwt) {
      const v = fastJwt.createVerifier({
        key: alg === "HS256" ? SECRET : pem,
        algorithms: [alg],
        cache: false,
      });
      cases.push({ name: `(c) fast-jwt (sync, no token cache)`, fn: () => v(token) });
    }
    const res = await compare(cases, 8, 200);
    out.push(table(`verify ${alg}`, res[0], res.slice(1)));
    const inflight = await compare(
      [
        {
          name: "(a) floor ×100 in flight (Promise.all)",
          fn: () => Promise.all(Array.from({ length: 100 }, () => floor(token))),
        },
        {
          name: "verifySession ×100 in flight",
          fn: () => Promise.all(Array.from({ length: 100 }, () => verifySession(token, opts))),
        },
        {
          name: "(b) jose ×100 in flight",
          fn: () =>
            Promise.all(
              Array.from({ length: 100 }, () => jwtVerify(token, key, { algorithms: [alg] })),
            ),
        },
      ],
      4,
      200,
    );
    out.push(table(`verify ${alg}, 100 concurrent`, inflight[0], inflight.slice(1)));
    const r = (x: { perOpUs: number }, base: { perOpUs: number }) => x.perOpUs / base.perOpUs;
    summary[alg] = {
      verifySession: r(res[2], res[0]),
      jose: r(res[3], res[0]),
      verifySession100: r(inflight[1], inflight[0]),
      jose100: r(inflight[2], inflight[0]),
    };
  }
  return out.join("\n") + `\n(targets: verifySession ≤ 1.15× the floor and < jose; ${runtime()})` +
    `\nSUMMARY ${JSON.stringify({ runtime: runtime(), ...summary })}`;
}

if ((import.meta as { main?: boolean }).main ?? true) console.log(await run());
