// redact() in time linear in its input, with the same output as before. The texts it scrubs
// are often an attacker's (a URL with hooks on, an error body, an emulator log line), and its
// earlier patterns backtracked: "-eyJ" × 20,000 took 2.1 s, ";" + "token" × 16,000 2.3 s.
// Timing is asserted as a ratio robust to load: CPU time(4n) / CPU time(n), each the least of
// several runs (CPU time, not wall time: the other processes of a busy machine do not count);
// a linear redact gives ~4, a quadratic one 16.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { cpuUsage } from "node:process";
import fc from "fast-check";
import { AuthRocket } from "../mod.ts";
import { excerpt, redact } from "../src/redact.ts";
import { json } from "./helpers.ts";
import { PIECES, WORST } from "./fixtures/redact_inputs.ts";

/** The patterns redact() had before they were made linear: the oracle for short inputs. */
const OLD = {
  SECRET:
    /(?<![A-Za-z0-9])(ko_|key_|jsk_|kli_|kpw_)[A-Za-z0-9_-]+|(?<![A-Za-z0-9])eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*(?:\.[A-Za-z0-9_-]*)?/g,
  PEM: /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(?:-----END [A-Z ]*PRIVATE KEY-----|$)/g,
  FIELD: /"(\w*(?:token|password|secret|api_?key|private_?key)\w*)"(\s*:\s*)"(?:[^"\\]|\\.)*"/gi,
  PARAM: /((?:^|[?&;\s])\w*(?:token|password|secret|api_?key)\w*=)[^&#\s"'<>]*/gi,
};
const M = "[redacted]";
const oldRedact = (text: string) =>
  text
    .replace(OLD.PEM, `-----BEGIN PRIVATE KEY-----${M}`)
    .replace(OLD.FIELD, (_m, name: string, colon: string) => `"${name}"${colon}"${M}"`)
    .replace(OLD.PARAM, (_m, name: string) => name + M)
    .replace(OLD.SECRET, (_m, prefix: string | undefined) => (prefix ?? "eyJ") + M);

const pieces = fc.array(fc.constantFrom(...PIECES), { maxLength: 40 }).map((a) => a.join(""));

describe("redact: the same output as the earlier patterns", () => {
  it("on 20,000 random texts made of the pieces the patterns turn on", () => {
    fc.assert(
      fc.property(pieces, (text) => redact(text) === oldRedact(text)),
      { seed: 20261206, numRuns: 20_000 },
    );
  });

  it("on the runs that used to backtrack, cut short", () => {
    for (
      const text of [
        "-eyJ".repeat(50),
        "-eyJ".repeat(50) + ".x",
        "eyJa-ko_b-eyJc",
        "eyJa-eyJb.c.d.e",
        ";" + "token".repeat(30),
        ";" + "token".repeat(30) + "=v",
        '"' + "token".repeat(30),
        '"' + "token".repeat(30) + '":"v"',
        '"a_token_b" : "x\\"y" "password":"z',
      ]
    ) assert.equal(redact(text), oldRedact(text), text);
  });
});

/** This process's CPU time, in ms. */
const cpu = () => {
  const u = cpuUsage();
  return (u.user + u.system) / 1000;
};

/**
 * CPU time(f(4n)) / CPU time(f(n)) with n = 64 KB: each the least of up to 9 runs, the two
 * sizes interleaved, repeated so that n takes ≥ 5 ms. Measured up to 3 times while it exceeds
 * `limit` (a garbage collection may inflate one run); a quadratic cost gives ~16 every time.
 * Bounded: no new run starts after 3 s of wall time (the old patterns took 10 s a call).
 */
async function growth(
  make: (n: number) => string,
  f: (s: string) => unknown,
  limit = 6,
): Promise<number> {
  const small = make(64 * 1024);
  const large = make(256 * 1024);
  let reps = 1;
  const run = async (s: string) => {
    const t0 = cpu();
    for (let i = 0; i < reps; i++) await f(s);
    return cpu() - t0;
  };
  while (await run(small) < 5 && reps < 4096) reps *= 2;
  const deadline = performance.now() + 3_000;
  let ratio = Infinity;
  for (let attempt = 0; attempt < 3 && ratio > limit; attempt++) {
    let s = Infinity, l = Infinity;
    for (let r = 0; r < 9 && (r === 0 || performance.now() < deadline); r++) {
      s = Math.min(s, await run(small));
      l = Math.min(l, await run(large));
    }
    ratio = Math.min(ratio, l / s);
    if (performance.now() > deadline) break;
  }
  return ratio;
}

describe("redact: linear time", () => {
  for (const [name, make] of Object.entries(WORST)) {
    it(`${name}: time(256 KB) / time(64 KB) ≤ 6`, async () => {
      const g = await growth(make, (s) => redact(s, ["configured-secret"]));
      assert.ok(g <= 6, `grew ${g.toFixed(1)}× for 4× the input`);
    });
  }

  it("excerpt of a long body grows linearly too", async () => {
    const g = await growth(WORST['"-eyJ" × n (JWT without a dot)'], (s) => excerpt(s, []));
    assert.ok(g <= 6, `grew ${g.toFixed(1)}×`);
  });

  it("a client with hooks: a long query value costs linear time before it is sent", async () => {
    // The hooks see the URL redacted; ar.users.all({ email: 100,000 characters }) took 3 s.
    const sent: number[] = [];
    const ar = new AuthRocket({
      url: "https://api-e1.authrocket.com/v1",
      apiKey: "ko_k",
      realm: "rl_r",
      fetch: () => Promise.resolve(json(200, { collection: [] })),
      onRequest: (i) => sent.push(i.url.length),
    });
    const g = await growth(
      WORST['"-eyJ" × n (JWT without a dot)'],
      (email) => ar.users.all({ email }),
    );
    assert.ok(g <= 6, `grew ${g.toFixed(1)}×`);
    assert.ok(sent.length > 0);
  });
});
