// `authrocket-edge token decode|verify`, spawned as a user runs it: what it prints, its exit
// codes (0 ok, 1 refused, 2 bad usage), keys from --secret, --key-file and the environment,
// the verifier's options, and neither the key nor the token ever printed.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { UNSAFE_CHARS } from "../../src/log.ts";
import { claims, hs256, NOW_S, rs256, rsaKeys, SECRET, signRaw } from "../tokens.ts";
import { plainEnv, type Ran, runMain } from "./process.ts";

const PLAIN = "plainsecret";
const AT = "2026-11-28T12:00:00Z"; // tests/tokens.ts's NOW: the clock every token is checked on
const dir = mkdtempSync(join(tmpdir(), "ar-cli-token-"));
const file = (name: string, text: string) => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};

let token = "";
let rsa: Awaited<ReturnType<typeof rsaKeys>>;
let rsToken = "";
before(async () => {
  token = await hs256(claims());
  rsa = await rsaKeys();
  rsToken = await rs256(claims(), rsa.privateKey);
});
after(() => rmSync(dir, { recursive: true, force: true }));

/** Neither the key nor the token appears in what a run printed. */
function noSecrets(r: Ran, ...secrets: string[]) {
  for (const s of [SECRET, token, ...secrets]) {
    assert.equal(r.stdout.includes(s) || r.stderr.includes(s), false, "a secret was printed");
  }
}

const verify = (args: string[], options?: Parameters<typeof runMain>[1]) =>
  runMain(["token", "verify", ...args], options);

describe("token decode", () => {
  it("prints the header, the claims, their times in ISO 8601, and that nothing was verified", async () => {
    const r = await runMain(["token", "decode", token, "--now", AT]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^header: \{"alg":"HS256"\}$/m);
    assert.match(r.stdout, /^ {2}"uid": "usr_0v1zUpWdE4IiFc2w5ynShf",$/m);
    assert.match(r.stdout, /^iat: 2026-11-28T11:59:00Z \(1m ago\)$/m);
    assert.match(r.stdout, /^exp: 2026-11-28T13:00:00Z \(in 1h\)$/m);
    assert.match(r.stdout, /^NOT VERIFIED: .*signature and times were not checked/m);
    noSecrets(r);
  });

  it("reads the token from stdin with -; --json prints one JSON object", async () => {
    const r = await runMain(["token", "decode", "-", "--json"], { stdin: `${token}\n` });
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.equal(out.verified, false);
    assert.equal(out.claims.un, "sally");
    assert.equal(out.times.exp, "2026-11-28T13:00:00Z");
  });

  it("shows what a hostile token holds inert: no terminal escape, no bidi override", async () => {
    const evil = await hs256(claims({ n: "\x1b[2J\x9b31m\u202eevil\u2028x", "\x1b]0;t\x07": 1 }));
    for (const args of [[], ["--json"]]) {
      const r = await runMain(["token", "decode", evil, ...args]);
      assert.equal(r.code, 0, r.stderr);
      assert.deepEqual(r.stdout.replace(/\n/g, "").match(UNSAFE_CHARS) ?? [], []);
      assert.ok(r.stdout.includes(String.raw`\u001b[2J\u009b31m\u202eevil\u2028x`), r.stdout);
    }
    const json = await runMain(["token", "decode", evil, "--json"]);
    assert.equal(JSON.parse(json.stdout).claims.n, "\x1b[2J\x9b31m\u202eevil\u2028x", "still JSON");
  });

  it("not a token: exit 1 and why; no token: exit 2", async () => {
    const [bad, none, empty] = await Promise.all([
      runMain(["token", "decode", "not.a.token"]),
      runMain(["token", "decode"]),
      runMain(["token", "decode", "-"], { stdin: " \n" }),
    ]);
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /not a login token: a JWT is three base64url parts/);
    assert.equal(none.code, 2);
    assert.match(none.stderr, /give the token: .* - to read it from stdin/);
    assert.equal(empty.code, 2);
    assert.match(empty.stderr, /stdin held no token/);
  });
});

describe("token verify", () => {
  it("valid: exit 0 and the claims, with the key from --secret, --key-file or the environment", async () => {
    const runs = await Promise.all([
      verify([token, "--secret", SECRET, "--now", AT]),
      verify([token, "--key-file", file("jsk", `${SECRET}\n`), "--now", AT]),
      verify([token, "--now", AT], { env: plainEnv({ AUTHROCKET_JWT_SECRET: SECRET }) }),
      verify(["-", "--now", AT], {
        stdin: token,
        env: plainEnv({ AUTHROCKET_JWT_SECRET: SECRET }),
      }),
      verify([rsToken, "--key-file", file("pem", rsa.pem), "--now", AT]),
      verify([rsToken, "--key-file", file("jwk", JSON.stringify(rsa.jwk)), "--now", AT]),
    ]);
    for (const r of runs) {
      assert.equal(r.code, 0, r.stderr);
      assert.match(
        r.stdout,
        /^valid: the (HS|RS)256 signature matches the key, and the times hold at 2026-11-28T12:00:00Z/,
      );
      assert.match(r.stdout, /"un": "sally"/);
      assert.match(r.stdout, /^exp: 2026-11-28T13:00:00Z/m);
      noSecrets(r);
    }
  });

  it("refused: exit 1, the verifier's reason, what it means and how to fix it", async () => {
    const key = ["--secret", SECRET];
    const cases: [Promise<Ran>, string, RegExp][] = [
      [
        verify([token, ...key, "--now", "2026-11-28T14:00:00Z"]),
        "expired",
        /expired at 2026-11-28T13:00:00Z \(1h ago\)/,
      ],
      [
        verify([token, "--secret", "jsk_AnotherRealmsKey", "--now", AT]),
        "signature",
        /does not match this key.*\n.*rl_0v1zUpWdE4IiFc2w5ynSaa/,
      ],
      [
        verify([token, ...key, "--within", "30", "--now", AT]),
        "too_old",
        /issued at 2026-11-28T11:59:00Z \(1m ago\), more than --within 30 s/,
      ],
      [
        verify([await hs256(claims({ nbf: NOW_S + 600 })), ...key, "--now", AT]),
        "not_yet_valid",
        /not valid before 2026-11-28T12:10:00Z/,
      ],
      [
        verify([await hs256(claims({ iat: NOW_S + 600 })), ...key, "--now", AT]),
        "issued_in_future",
        /--leeway N/,
      ],
      [
        verify([rsToken, ...key, "--now", AT]),
        "algorithm",
        /signed with RS256, this key verifies HS256 only/,
      ],
      [
        verify([await signRaw({ alg: "HS256" }, "not json"), ...key, "--now", AT]),
        "malformed",
        /copy the whole token/,
      ],
    ];
    for (const [run, reason, why] of cases) {
      const r = await run;
      assert.equal(r.code, 1, `${reason}: ${r.stdout}${r.stderr}`);
      assert.match(r.stderr, new RegExp(`^refused \\(${reason}\\): `));
      assert.match(r.stderr, why);
      assert.match(r.stderr, /^To fix: /m);
      assert.equal(r.stdout, "");
      noSecrets(r, "jsk_AnotherRealmsKey");
    }
  });

  it("--leeway: a token 3 s past exp is valid with the default 5 s, refused with --leeway 0", async () => {
    const at = String(NOW_S + 3603); // exp is NOW + 3600
    const [lenient, strict] = await Promise.all([
      verify([token, "--secret", SECRET, "--now", at]),
      verify([token, "--secret", SECRET, "--now", at, "--leeway", "0"]),
    ]);
    assert.equal(lenient.code, 0, lenient.stderr);
    assert.equal(strict.code, 1);
    assert.match(strict.stderr, /^refused \(expired\)/);
  });

  it("--alg pins the algorithm; --json says valid or refused as JSON", async () => {
    const [pinned, refused] = await Promise.all([
      verify([
        rsToken,
        "--key-file",
        file("pem2", rsa.pem),
        "--alg",
        "rs256",
        "--now",
        AT,
        "--json",
      ]),
      verify([token, "--secret", SECRET, "--now", "2030-01-01T00:00:00Z", "--json"]),
    ]);
    assert.equal(pinned.code, 0, pinned.stderr);
    const ok = JSON.parse(pinned.stdout);
    assert.equal(ok.valid, true);
    assert.equal(ok.claims.uid, "usr_0v1zUpWdE4IiFc2w5ynShf");
    assert.equal(refused.code, 1);
    const no = JSON.parse(refused.stdout);
    assert.deepEqual([no.valid, no.reason], [false, "expired"]);
    assert.match(no.fix, /log in again/);
  });

  it("bad usage: exit 2 with what to do, and the key never printed", async () => {
    const pemPrivate =
      "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----";
    const cases: [string[], RegExp][] = [
      [[token], /no key: pass --key-file F .*--secret S, or set AUTHROCKET_JWT_SECRET/],
      [
        [token, "--secret", SECRET, "--key-file", file("k", SECRET)],
        /--secret or --key-file, not both/,
      ],
      [[token, "--secret", SECRET, "--alg", "none"], /--alg must be HS256 or RS256/],
      [
        [token, "--secret", SECRET, "--alg", "RS256"],
        /cannot be used with this jwtSecret \(it is a HS256 key\)/,
      ],
      [[token, "--secret", SECRET, "--now", "yesterday"], /--now must be an ISO 8601 time/],
      [[token, "--secret", SECRET, "--within", "-1"], /--within must be a number of seconds/],
      [
        [token, "--key-file", join(dir, "missing")],
        /--key-file .*missing: cannot read it \(ENOENT\)/,
      ],
      [[token, "--key-file", file("private", pemPrivate)], /public key, not a private key/],
      [[token, "--secret", SECRET, "--scret", SECRET], /unknown option --scret/],
      [[token, SECRET, "--secret", SECRET], /unexpected argument/],
      // A realm secret need not look like one (jsk_…): these are hidden by value.
      [[token, PLAIN, "--secret", PLAIN], /unexpected argument \(the second one\)/],
      [[token, "--secret", PLAIN, "--key-file", file("k2", PLAIN)], /not both/],
      [[token, "--secret", PLAIN, "--alg", "RS256"], /cannot be used with this jwtSecret/],
    ];
    const runs = await Promise.all(cases.map(([args]) => verify(args)));
    runs.forEach((r, i) => {
      assert.equal(r.code, 2, `${cases[i][0].slice(1).join(" ")}: ${r.stderr}`);
      assert.match(r.stderr, cases[i][1]);
      assert.match(r.stderr, /Run authrocket-edge token --help/);
      assert.equal(r.stdout, "");
      noSecrets(r, "MIIEvQIBADANBgkqhkiG9w0BAQEFAASC", PLAIN);
    });
  });
});
