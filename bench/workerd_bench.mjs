// The Worker example's verify path in workerd: 1,000 requests through miniflare's
// dispatchFetch to /api/me with a Bearer token (verifySession on every request), against a
// worker that returns a fixed response (the baseline: dispatch and workerd's own cost).
// Node script (miniflare runs under Node); `deno task bench` calls it.
import { Miniflare } from "miniflare";
import { SignJWT } from "jose";
import { bundle } from "../scripts/bundle.mjs";

const N = 1000;
const SECRET = "jsk_WorkerdBenchSecret0123456789abcdefghij";
const now = Math.floor(Date.now() / 1000);
const token = await new SignJWT({
  uid: "usr_bench",
  aud: "rl_bench",
  un: "bench",
  n: "Bench",
  tk: "kss_bench",
})
  .setProtectedHeader({ alg: "HS256" }).setIssuedAt(now).setExpirationTime(now + 3600)
  .sign(new TextEncoder().encode(SECRET));

const fixed =
  `export default { fetch() { return Response.json({ id: "usr_bench", username: "bench", name: "Bench" }); } };`;
const example = await bundle(`export { default } from "./examples/cloudflare_worker.ts";`);
const opts = { modules: true, compatibilityDate: "2025-01-01" };
const workers = [
  ["baseline: fixed-response worker", new Miniflare({ ...opts, script: fixed })],
  [
    "examples/cloudflare_worker.ts /api/me (verifySession)",
    new Miniflare({
      ...opts,
      script: example,
      bindings: {
        AUTHROCKET_JWT_SECRET: SECRET,
        AUTHROCKET_LOGIN_URL: "https://x.e1.loginrocket.com/",
      },
    }),
  ],
];
const init = { headers: { authorization: `Bearer ${token}` } };
const best = new Map();
for (let round = 0; round < 3; round++) {
  for (const [name, mf] of workers) {
    for (let i = 0; i < 50; i++) {
      await (await mf.dispatchFetch("https://app.example/api/me", init)).text();
    }
    const t = performance.now();
    for (let i = 0; i < N; i++) {
      const res = await mf.dispatchFetch("https://app.example/api/me", init);
      if (res.status !== 200) throw new Error(`${name}: ${res.status}`);
      await res.text();
    }
    const us = ((performance.now() - t) * 1000) / N;
    best.set(name, Math.min(best.get(name) ?? Infinity, us));
  }
}
for (const [, mf] of workers) await mf.dispose();
const base = best.get(workers[0][0]);
console.log(
  `\nworkerd: ${N} requests through dispatchFetch (best of 3) — miniflare, Node ${process.versions.node}`,
);
console.log(`${"case".padEnd(58)} ${"µs/req".padStart(10)} ${"× baseline".padStart(11)}`);
for (const [name, us] of best) {
  console.log(
    `${name.padEnd(58)} ${us.toFixed(1).padStart(10)} ${(us / base).toFixed(3).padStart(11)}`,
  );
}
