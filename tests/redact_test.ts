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
import { excerpt, redact, scrubError, sensitiveValues } from "../src/redact.ts";
import { json } from "./helpers.ts";
import { API_KEY, JSK, JWT, JWT_SECRET, KLI, KO_KEY, KPW, PEM } from "./security/known_secrets.ts";
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

describe("redaction, unit by unit (exact output)", () => {
  it("each prefix keeps its prefix; a JWT keeps eyJ; the realm prefix stays readable", () => {
    assert.equal(
      redact(`a ${KO_KEY} b key_legacy1 c ${JSK} d ${KLI} e ${KPW} f ${JWT} g`),
      "a ko_[redacted] b key_[redacted] c jsk_[redacted] d kli_[redacted] e kpw_[redacted] f eyJ[redacted] g",
    );
    assert.equal(redact("acme_ko_abc-DEF_123."), "acme_ko_[redacted].");
    assert.equal(redact("two-part eyJabc.def only"), "two-part eyJ[redacted] only");
  });

  it("leaves words alone: hockey_team, monkey_x, heyJoe.txt, a bare ko_", () => {
    for (const s of ["hockey_team monkey_x heyJoe.txt", "ko_", "the key is", "eyJ no dot"]) {
      assert.equal(redact(s), s);
    }
  });

  it("configured secrets go first, whatever they look like, raw, URL- and JSON-escaped", () => {
    const odd = 'p@ss w/"q"+';
    assert.equal(redact(`x ${odd} y`, [odd]), "x [redacted] y");
    assert.equal(redact(`x ${encodeURIComponent(odd)} y`, [odd]), "x [redacted] y");
    assert.equal(redact(`x ${JSON.stringify(odd)} y`, [odd]), 'x "[redacted]" y');
    assert.equal(
      redact(`${JWT_SECRET}${JWT_SECRET}`, [undefined, "", JWT_SECRET]),
      "[redacted][redacted]",
    );
    assert.equal(redact("ab", ["ab"]), "[redacted]", "a short configured secret is still a secret");
  });

  it("fields and parameters named like secrets, and PEM private keys, even cut", () => {
    assert.equal(
      redact('{"password":"a b","user":{"api_key":"k\\"1"},"x":"y","password_reset_token":"t"}'),
      '{"password":"[redacted]","user":{"api_key":"[redacted]"},"x":"y","password_reset_token":"[redacted]"}',
    );
    assert.equal(
      redact("/x?token=abc&a=1&password=p%20q"),
      "/x?token=[redacted]&a=1&password=[redacted]",
    );
    assert.equal(redact("password=hunter2 next"), "password=[redacted] next");
    assert.equal(redact(`pem ${PEM} after`), "pem -----BEGIN PRIVATE KEY-----[redacted] after");
    assert.equal(redact(PEM.slice(0, 60)), "-----BEGIN PRIVATE KEY-----[redacted]");
  });

  it("names around the sensitive word, spaces, RSA PEM labels (each regex part pinned)", () => {
    assert.equal(
      redact('{"new_password" : "a","password_confirmation":"b","username":"c"}'),
      '{"new_password" : "[redacted]","password_confirmation":"[redacted]","username":"c"}',
    );
    assert.equal(
      redact("?new_password=a&password_confirmation=b&user=c"),
      "?new_password=[redacted]&password_confirmation=[redacted]&user=c",
    );
    assert.equal(redact("see password=hunter22 now"), "see password=[redacted] now");
    const rsa = "-----BEGIN RSA PRIVATE KEY-----\nMIIabc\n-----END RSA PRIVATE KEY----- after";
    assert.equal(redact(rsa), "-----BEGIN PRIVATE KEY-----[redacted] after");
  });

  it("excerpt: redacted before the cut, whitespace collapsed, 160 characters by default", () => {
    const text = "a".repeat(150) + JWT_SECRET;
    assert.equal(excerpt(text, [JWT_SECRET]), "a".repeat(150) + "[redacted]");
    assert.equal(excerpt("  a \n\t b  ", []), "a b");
    assert.equal(excerpt("x".repeat(200), []).length, 160);
    assert.equal(excerpt("abcdef", [], 3), "abc");
  });

  it("sensitiveValues: nested values under sensitive names, 8 characters or more", () => {
    assert.deepEqual(
      sensitiveValues({
        user: { password: "long enough", password_confirmation: "long enough", name: "sally" },
        token: "abcdefgh",
        password_token: "1234567",
        code: "123456",
        api_key: "abc",
        list: ["x"],
        secrets: ["s3cr3t-a", { private_key: "pk-value" }],
      }),
      ["long enough", "long enough", "abcdefgh", "s3cr3t-a", "pk-value"],
    );
    assert.deepEqual(sensitiveValues("password"), []);
    // Walked four objects deep, no deeper (a body is never that deep; a cycle must end).
    assert.deepEqual(sensitiveValues({ a: { b: { c: { password: "deep-enough" } } } }), [
      "deep-enough",
    ]);
    assert.deepEqual(sensitiveValues({ a: { b: { c: { d: { password: "too-deep-1" } } } } }), []);
    assert.deepEqual(sensitiveValues(undefined), []);
  });

  it("scrubError: name, redacted message and stack, network fields, cause and AggregateError kept", () => {
    const inner = Object.assign(new Error(`refused ${KO_KEY}`), {
      code: "ECONNREFUSED",
      errno: -111,
      syscall: "connect",
      address: "127.0.0.1",
      port: 9,
      hostname: `h-${API_KEY}`,
      secret: KO_KEY,
    });
    const top = new TypeError(`fetch failed ${API_KEY}`, {
      cause: Object.assign(new AggregateError([inner], "all"), { code: "ECONNREFUSED" }),
    });
    const s = scrubError(top, [API_KEY]);
    assert.equal(s.name, "TypeError");
    assert.equal(s.message, "fetch failed [redacted]");
    assert.ok(s.stack!.startsWith("TypeError: fetch failed [redacted]"));
    const agg = s.cause as Error & { code: string; errors: (Error & Record<string, unknown>)[] };
    assert.equal(agg.code, "ECONNREFUSED");
    const e = agg.errors[0];
    assert.equal(e.message, "refused ko_[redacted]");
    assert.deepEqual(
      [e.code, e.errno, e.syscall, e.address, e.port, e.hostname, e.secret],
      ["ECONNREFUSED", -111, "connect", "127.0.0.1", 9, "h-[redacted]", undefined],
    );
    assert.equal(scrubError(`plain ${KO_KEY}`, []).message, "plain ko_[redacted]");
    let deep: Error = new Error("0");
    for (let i = 1; i < 10; i++) deep = new Error(String(i), { cause: deep });
    let n = 0;
    for (let c: unknown = scrubError(deep, []); c instanceof Error; c = c.cause) n++;
    assert.equal(n, 5, "the chain is cut after 4 causes");
    assert.equal(scrubError(new Error("alone"), []).cause, undefined, "no cause invented");
    const bare = new Error("no stack");
    Object.defineProperty(bare, "stack", { value: undefined });
    assert.equal(scrubError(bare, []).stack, "Error: no stack");
    const odd = Object.assign(new Error("odd"), { port: { n: 1 }, errno: null, code: 7 });
    const o = scrubError(odd, []) as Error & Record<string, unknown>;
    assert.deepEqual([o.port, o.errno, o.code], [undefined, undefined, 7]);
    const many = new AggregateError([1, 2, 3, 4, 5, 6].map((i) => new Error(`e${i}`)), "many");
    assert.deepEqual(
      (scrubError(many, []) as unknown as { errors: Error[] }).errors.map((x) => x.message),
      ["e1", "e2", "e3", "e4"],
    );
    let nest: Error = new Error("leaf");
    for (let i = 0; i < 7; i++) nest = new AggregateError([nest], `level ${i}`);
    let levels = 0;
    for (
      let c: unknown = scrubError(nest, []);
      c instanceof Error;
      c = (c as { errors?: unknown[] }).errors?.[0]
    ) levels++;
    assert.equal(levels, 5, "nested AggregateErrors are cut after 4 levels");
  });
});
