// Differential fuzz: for random, mutated, forged HS256 and RS256 tokens our verdict (accept or
// null, and the claims read) equals jose's jwtVerify with the same key, pinned algorithm,
// clock and tolerance — plus the stricter rules we document: RFC 7515 base64url only (no
// padding, no whitespace), no `crit` header, at most 16 KiB, and no `iat` in the future beyond
// the leeway. fast-check with a fixed seed, 10,000 cases, each with the token cache off and on,
// through key and token caches small enough to evict on almost every case.
import { it } from "node:test";
import process from "node:process";
import assert from "node:assert/strict";
import fc from "fast-check";
import { jwtVerify } from "jose";
import { verifySession } from "../../mod.ts";
import { hs256, keyImportCount, NOW, NOW_S, rs256, rsaKeys, SECRET, signRaw } from "../tokens.ts";

const LEEWAY = 5;
// FUZZ_RUNS shortens the run where the suite runs hundreds of times (mutation testing).
const RUNS = Number(process.env.FUZZ_RUNS ?? 10_000);
const STRICT = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

function decodePart(part: string): Record<string, unknown> | null {
  try {
    const v = JSON.parse(atob(part.replace(/-/g, "+").replace(/_/g, "/")));
    return v && typeof v === "object" && !Array.isArray(v) ? v : null;
  } catch {
    return null;
  }
}

const timeClaim = fc.oneof(
  { arbitrary: fc.constant(undefined), weight: 4 },
  { arbitrary: fc.integer({ min: -20, max: 20 }).map((d) => NOW_S + d), weight: 3 },
  { arbitrary: fc.integer({ min: -100000, max: 100000 }).map((d) => NOW_S + d), weight: 1 },
  { arbitrary: fc.constantFrom("soon", null, true, 1.5e12, -1, NOW_S + 0.5), weight: 1 },
);

const payloadArb = fc.record({
  uid: fc.oneof(fc.constant("usr_fuzz"), fc.string({ maxLength: 8 })),
  tk: fc.constantFrom("kss_1", "kss_2", undefined),
  aud: fc.constantFrom("rl_1", undefined),
  iat: timeClaim,
  exp: timeClaim,
  nbf: fc.oneof(fc.constant(undefined), fc.constant(undefined), timeClaim),
}).map((p) => Object.fromEntries(Object.entries(p).filter(([, v]) => v !== undefined)));

const B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
const mutation = fc.oneof(
  { arbitrary: fc.record({ kind: fc.constant("none" as const) }), weight: 8 },
  fc.record({
    kind: fc.constant("replace" as const),
    at: fc.nat(),
    ch: fc.constantFrom(...(B64 + ".=+/ *").split("")),
  }),
  fc.record({ kind: fc.constant("delete" as const), at: fc.nat() }),
  fc.record({
    kind: fc.constant("insert" as const),
    at: fc.nat(),
    ch: fc.constantFrom(...(B64 + ".=").split("")),
  }),
  fc.record({ kind: fc.constant("truncate" as const), at: fc.nat() }),
  fc.record({ kind: fc.constant("swap" as const) }),
);

function mutate(t: string, m: { kind: string; at?: number; ch?: string }): string {
  const at = (m.at ?? 0) % (t.length + 1);
  switch (m.kind) {
    case "replace":
      return t.slice(0, at) + m.ch + t.slice(at + 1);
    case "delete":
      return t.slice(0, at) + t.slice(at + 1);
    case "insert":
      return t.slice(0, at) + m.ch + t.slice(at);
    case "truncate":
      return t.slice(0, at);
    case "swap": {
      const [h, p, s] = t.split(".");
      return [p, h, s].join(".");
    }
    default:
      return t;
  }
}

it(`our verdict equals jose's for ${RUNS} random, mutated and forged tokens`, async () => {
  const rsa = await rsaKeys();
  const rsaOther = await rsaKeys();
  // RSA signing is slow: a pool of RS256 tokens with random claims, signed once.
  const rsPool = await Promise.all(
    fc.sample(payloadArb, { numRuns: 60, seed: 7 }).map((p, i) =>
      rs256(p, i % 10 === 9 ? rsaOther.privateKey : rsa.privateKey)
    ),
  );
  const hsKey = new TextEncoder().encode(SECRET);
  const stats = { accepted: 0, rejected: 0, hs: 0, rs: 0 };
  let imports = 0;

  const caseArb = fc.record({
    rs: fc.boolean(),
    payload: payloadArb,
    pool: fc.nat({ max: rsPool.length - 1 }),
    forge: fc.constantFrom(
      "sign",
      "sign",
      "sign",
      "wrongKey",
      "none",
      "confusion",
      "crit",
      "random",
    ),
    mutation,
    junk: fc.string({ maxLength: 40 }),
  });

  await fc.assert(
    fc.asyncProperty(caseArb, async (c) => {
      let token: string;
      if (c.forge === "random") token = c.junk;
      else if (c.forge === "none") {
        token = `${btoa('{"alg":"none"}').replace(/=+$/, "")}.${
          btoa(JSON.stringify(c.payload)).replace(/=+$/, "")
        }.`;
      } else if (c.forge === "crit") {
        token = await signRaw({ alg: "HS256", crit: ["x"] }, c.payload);
      } else if (c.forge === "confusion") token = await hs256(c.payload, rsa.pem);
      else if (c.forge === "wrongKey") token = await hs256(c.payload, "jsk_wrong");
      else token = c.rs ? rsPool[c.pool] : await hs256(c.payload);
      token = mutate(token, c.mutation);
      const alg = c.rs ? "RS256" as const : "HS256" as const;
      c.rs ? stats.rs++ : stats.hs++;

      const options = {
        jwtSecret: c.rs ? rsa.pem : SECRET,
        algorithms: [alg],
        now: NOW,
        leeway: LEEWAY,
        // Caches small enough to evict constantly: one key of the two in use, two tokens.
        keyCacheSize: 2,
        tokenCacheSize: 4,
      };
      // The token cache off, then on twice (the second call, and tokens the pool repeats, hit).
      const before = keyImportCount();
      const ours = await verifySession(token, { ...options, tokenCache: false });
      const cached = [await verifySession(token, options), await verifySession(token, options)];
      imports += keyImportCount() - before;
      for (const s of cached) assert.equal(s?.user_id, ours?.user_id, `cache on ≠ off: ${token}`);
      for (const s of cached) assert.equal(s?.expires_at?.getTime(), ours?.expires_at?.getTime());
      let jose: Record<string, unknown> | null = null;
      try {
        const r = await jwtVerify(token, c.rs ? rsa.publicKey : hsKey, {
          algorithms: [alg],
          currentDate: new Date(NOW),
          clockTolerance: LEEWAY,
        });
        jose = r.payload as Record<string, unknown>;
      } catch {
        jose = null;
      }
      // Our documented, stricter rules on top of jose.
      if (jose) {
        const header = decodePart(token.split(".")[0]);
        const iat = jose.iat as number | undefined;
        if (
          !STRICT.test(token) || token.length > 16384 || header?.crit !== undefined ||
          (iat !== undefined && iat > Math.floor(NOW / 1000) + LEEWAY)
        ) jose = null;
      }
      if (jose === null) {
        assert.equal(ours, null, `we accepted what jose refuses: ${token}`);
        stats.rejected++;
        return;
      }
      assert.ok(ours, `we refused what jose accepts: ${token}`);
      assert.equal(ours.user_id, typeof jose.uid === "string" ? jose.uid : null);
      assert.equal(ours.id, typeof jose.tk === "string" ? jose.tk : null);
      assert.equal(
        ours.created_at?.getTime() ?? null,
        typeof jose.iat === "number" ? jose.iat * 1000 : null,
      );
      assert.equal(
        ours.expires_at?.getTime() ?? null,
        typeof jose.exp === "number" ? jose.exp * 1000 : null,
      );
      stats.accepted++;
    }),
    { seed: 20261128, numRuns: RUNS },
  );
  assert.equal(stats.accepted + stats.rejected, RUNS);
  // Not vacuous: both verdicts, both algorithms, in real numbers.
  assert.ok(stats.accepted > RUNS / (RUNS >= 10_000 ? 10 : 20), JSON.stringify(stats));
  assert.ok(stats.rejected > RUNS / 10, JSON.stringify(stats));
  assert.ok(stats.hs > RUNS * 0.3 && stats.rs > RUNS * 0.3, JSON.stringify(stats));
  // The caches evicted all along: keys were imported again hundreds of times.
  assert.ok(imports > RUNS / 10, `${imports} imports`);
});
