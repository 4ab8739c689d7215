// The standalone emulator server as a user runs it: a spawned process on port 0, its env lines
// parsed and given to a client, the README's curl line, its request log, its flags, SIGTERM.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import process from "node:process";
import { AccessDenied, AuthRocket } from "../../mod.ts";
import { runCli, type Running, startCli } from "../emulator_process.ts";
import { SALLY } from "../helpers.ts";

const ENV_KEYS = [
  "AUTHROCKET_URL",
  "AUTHROCKET_API_KEY",
  "AUTHROCKET_REALM",
  "AUTHROCKET_JWT_SECRET",
  "AUTHROCKET_LOGIN_URL",
];

async function withCli(
  args: string[],
  f: (cli: Running) => Promise<void> | void,
): Promise<Running> {
  const cli = await startCli(args);
  try {
    await f(cli);
  } finally {
    if (cli.proc.exitCode === null) await cli.stop();
  }
  return cli;
}

/**
 * The clock a token was minted on (its `iat`): the server runs on the real clock, this test
 * process may not (npm test moves it), and a token is checked on the clock that minted it.
 */
const mintedAt = (token: string) =>
  JSON.parse(atob(token.split(".")[1].replace(/-/g, "+").replace(/_/g, "/"))).iat * 1000;

const tmp = () => mkdtempSync(join(tmpdir(), "ar-cli-"));

describe("emulator CLI", () => {
  it("prints the env lines on stdout, serves a client built from them, logs and stops on SIGTERM", async () => {
    let cli!: Running;
    let token = "";
    await withCli(["emulator", "--port", "0"], async (c) => {
      cli = c;
      assert.deepEqual(c.stdout().trimEnd().split("\n").map((l) => l.split("=")[0]), ENV_KEYS);
      assert.match(c.env.AUTHROCKET_URL, /^http:\/\/127\.0\.0\.1:\d+\/v1$/);
      assert.match(c.env.AUTHROCKET_API_KEY, /^ko_/);
      assert.match(c.env.AUTHROCKET_REALM, /^rl_/);
      assert.match(c.env.AUTHROCKET_JWT_SECRET, /^jsk_/);
      assert.equal(c.env.AUTHROCKET_LOGIN_URL, c.env.AUTHROCKET_URL.replace(/v1$/, "lr/"));

      const ar = AuthRocket.fromEnv(c.env);
      const realm = await ar.realms.find(c.env.AUTHROCKET_REALM);
      assert.equal(realm.name, "Default");
      const user = await ar.users.createOrThrow(SALLY);
      assert.equal(user.realm_id, c.env.AUTHROCKET_REALM);
      const login = await ar.users.authenticate("sally", SALLY.password);
      token = login.token!;
      const session = await ar.sessions.fromToken(token, { now: mintedAt(token) });
      assert.equal(session?.user_id, user.id, "the token verifies with AUTHROCKET_JWT_SECRET");
      const page = await fetch(new URL("login", c.env.AUTHROCKET_LOGIN_URL));
      assert.equal(page.status, 200);
      assert.match(await page.text(), /<form/);
      await assert.rejects(
        AuthRocket.fromEnv({ ...c.env, AUTHROCKET_API_KEY: "ko_wrong" }).users.all(),
        AccessDenied,
      );
    });
    const ended = await cli.ended;
    assert.deepEqual(ended, { code: 0, signal: null }, "SIGTERM exits 0");
    const log = cli.stderr();
    assert.match(log, /^POST \/v1\/users 201 [\d.]+ms$/m);
    assert.match(log, /^POST \/v1\/users\/sally\/authenticate 200 /m);
    assert.match(log, /^GET \/v1\/users 403 /m);
    assert.match(log, /^GET \/lr\/login 200 /m);
    assert.match(log, /stopped \(SIGTERM\)/);
    for (const secret of [cli.env.AUTHROCKET_API_KEY, SALLY.password, token, "ko_wrong"]) {
      assert.ok(!log.includes(secret), "no secret in the log");
    }
  });

  it("SIGINT (Ctrl-C) exits 0 too; --quiet logs no request", async () => {
    const cli = await withCli(["--port=0", "--quiet"], async (c) => {
      await AuthRocket.fromEnv(c.env).users.all();
    });
    assert.equal(cli.stderr().includes("GET /v1/users"), false);
    const c2 = await startCli(["--port", "0"]);
    assert.deepEqual(await c2.stop("SIGINT"), { code: 0, signal: null });
  });

  it("the emulator guide's curl lines work against the env lines it printed", async () => {
    // The repository's docs/emulator.md (from the source's tests/ or the build's npm/esm/tests/).
    const built = import.meta.url.endsWith(".js");
    const guide = readFileSync(
      new URL(built ? "../../../../docs/emulator.md" : "../../docs/emulator.md", import.meta.url),
      "utf8",
    );
    const section = guide.split("## The emulator as a server")[1]?.split("\n## ")[0] ?? "";
    const curls = section.split("\n").filter((l) => l.startsWith("curl "));
    assert.ok(curls.length >= 2, "the emulator guide shows curl lines");
    await withCli(["--port", "0"], (c) => {
      for (const line of curls) {
        const out = execFileSync("sh", ["-c", line], {
          env: { PATH: process.env.PATH, ...c.env },
          encoding: "utf8",
        });
        const body = JSON.parse(out);
        assert.ok(body.object === "user" || Array.isArray(body.collection), out);
      }
    });
  });

  it("--seed creates realms, users, orgs and memberships; the first realm is the default", async () => {
    const dir = tmp();
    try {
      const seed = join(dir, "seed.json");
      writeFileSync(
        seed,
        JSON.stringify({
          realms: [
            {
              name: "Acme",
              users: [SALLY, {
                username: "bob",
                email: "bob@example.com",
                password: "long enough",
              }],
              orgs: [{ name: "Acme Inc" }],
              memberships: [{ user: "sally", org: "Acme Inc", permissions: ["admin"] }],
            },
            { name: "Other" },
          ],
        }),
      );
      await withCli(["--port", "0", "--seed", seed, "--api-key", "ko_seeded"], async (c) => {
        assert.equal(c.env.AUTHROCKET_API_KEY, "ko_seeded");
        const ar = AuthRocket.fromEnv(c.env);
        const realms = await ar.realms.all();
        assert.deepEqual(realms.map((r) => r.name).sort(), ["Acme", "Other"]);
        assert.equal((await ar.realms.find(c.env.AUTHROCKET_REALM)).name, "Acme");
        const sally = await ar.users.authenticate("sally", SALLY.password);
        const [m] = await ar.memberships.all({ user_id: sally.id });
        assert.deepEqual(m.permissions, ["admin"]);
        assert.equal((await m.org())?.name, "Acme Inc");
        assert.equal((await ar.users.all()).length, 2);
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("--login-handler: the hosted login page sends the user there with ?token=", async () => {
    const dir = tmp();
    try {
      const seed = join(dir, "seed.json");
      writeFileSync(seed, JSON.stringify({ realms: [{ name: "App", users: [SALLY] }] }));
      const args = ["--port", "0", "--seed", seed, "--login-handler", "https://app.test/login"];
      await withCli(args, async (c) => {
        const res = await fetch(new URL("login", c.env.AUTHROCKET_LOGIN_URL), {
          method: "POST",
          headers: { "content-type": "application/x-www-form-urlencoded" },
          body: new URLSearchParams({ username: "sally", password: SALLY.password }),
          redirect: "manual",
        });
        assert.equal(res.status, 302);
        const to = new URL(res.headers.get("location")!);
        assert.equal(`${to.origin}${to.pathname}`, "https://app.test/login");
        const token = to.searchParams.get("token")!;
        const session = await AuthRocket.fromEnv(c.env).sessions.fromToken(token, {
          now: mintedAt(token),
        });
        assert.ok(session, "the token is the realm's");
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("bad flags and seed files: a clear message and exit code 2", async () => {
    const dir = tmp();
    try {
      const badSeed = join(dir, "bad.json");
      writeFileSync(
        badSeed,
        JSON.stringify({ realms: [{ name: "A", users: [{ username: "x" }] }] }),
      );
      const cases: [string[], RegExp][] = [
        [["--nope"], /unknown option --nope/],
        [["serve"], /unexpected argument \(the first one\): emulator takes options only/],
        [["--port", "abc"], /--port must be a number from 0 to 65535/],
        [["--port", "70000"], /--port must be a number/],
        [["--port"], /--port needs a value/],
        [["--data", "--quiet"], /--data needs a value/],
        [["--login-handler", "app/login"], /--login-handler must be an absolute http\(s\) URL/],
        [["--api-key", "has space"], /--api-key must be printable ASCII/],
        [["--seed", join(dir, "missing.json")], /--seed .*missing\.json: cannot read it/],
        [["--seed", badSeed, "--port", "0"], /realms\[0\]\.users\[0\]: .*can't be blank/],
      ];
      const results = await Promise.all(cases.map(([args]) => runCli(args)));
      results.forEach((r, i) => {
        assert.equal(r.code, 2, `${cases[i][0].join(" ")}: ${r.stderr}`);
        assert.match(r.stderr, cases[i][1]);
        assert.match(r.stderr, /--help/);
        assert.equal(r.stdout, "", "no env lines");
      });
      const help = await runCli(["emulator", "--help"]);
      assert.equal(help.code, 0);
      assert.match(help.stdout, /--data FILE/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("a port in use: a clear message and exit code 1", async () => {
    const blocker = createServer();
    await new Promise<void>((ok) => blocker.listen(0, "127.0.0.1", ok));
    const port = (blocker.address() as { port: number }).port;
    try {
      const r = await runCli(["--port", String(port)]);
      assert.equal(r.code, 1);
      assert.match(r.stderr, new RegExp(`cannot listen on 127\\.0\\.0\\.1:${port}`));
    } finally {
      blocker.close();
    }
  });
});
