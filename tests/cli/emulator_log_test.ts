// The emulator server's log (stderr), spawned as a user runs it: the start-up lines say where
// logins go; each request is one line, inert whatever the request holds; a refused request's
// line says why, with no secret in it.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { UNSAFE_CHARS } from "../../src/log.ts";
import { type Running, startCli } from "../emulator_process.ts";
import { SALLY } from "../helpers.ts";

async function logOf(args: string[], f: (cli: Running) => Promise<void>): Promise<string> {
  const cli = await startCli(args);
  try {
    await f(cli);
  } finally {
    await cli.stop();
  }
  return cli.stderr();
}

/** Send a request and drop its body. */
async function send(url: string, init?: RequestInit): Promise<number> {
  const res = await fetch(url, init);
  await res.body?.cancel();
  return res.status;
}

const json = (env: Record<string, string>, realm = true) => ({
  "x-authrocket-api-key": env.AUTHROCKET_API_KEY,
  ...(realm ? { "x-authrocket-realm": env.AUTHROCKET_REALM } : {}),
  "content-type": "application/json",
});

describe("emulator log", () => {
  it("a query name cannot forge a line or reach the terminal: every field is inert", async () => {
    const hostile = [
      "%0D%0AGET%20%2Fv1%2Fforged%20200%200.1ms", // CR LF: a second, forged line
      "%1B%5B2J%1B%5B31mred", // ESC: clear the screen, colour
      "%1B%5D0%3Btitle%07", // OSC: the window title
      "%C2%9B2J", // the one-character CSI (C1)
      "x%E2%80%A8y%E2%80%A9z", // line and paragraph separators
      "user%E2%80%AEgnp.exe", // right-to-left override
      "%7F%00",
    ];
    const log = await logOf(["--port", "0"], async (c) => {
      for (const name of hostile) await send(`${c.env.AUTHROCKET_URL}/users?${name}=1&ok=2`);
    });
    const lines = log.split("\n").filter(Boolean);
    const requests = lines.filter((l) => l.startsWith("GET /v1/users?"));
    assert.equal(requests.length, hostile.length, log);
    assert.equal(lines.some((l) => l.startsWith("GET /v1/forged")), false, "no forged line");
    const raw = lines.flatMap((l) => l.match(new RegExp(UNSAFE_CHARS.source, "g")) ?? []);
    assert.deepEqual(raw, [], "no control character reaches the terminal");
    assert.ok(requests[0].includes("?\\r\\nGET /v1/forged 200 0.1ms=…&ok=…"), requests[0]);
    assert.ok(requests[1].includes("\\x1b[2J\\x1b[31mred=…"), requests[1]);
    assert.ok(requests[5].includes("user\\u202egnp.exe=…"), requests[5]);
  });

  it("a refused request's line says why: API key, realm, validation, body, login; no secret", async () => {
    const wrongKey = "ko_NotTheEmulatorsKey1234";
    let env: Record<string, string> = {};
    const log = await logOf(["--port", "0"], async (c) => {
      env = c.env;
      const users = `${c.env.AUTHROCKET_URL}/users`;
      assert.equal(await send(users), 403);
      assert.equal(await send(users, { headers: { "x-authrocket-api-key": wrongKey } }), 403);
      assert.equal(await send(users, { headers: json(c.env, false) }), 422);
      const post = (body: string) => send(users, { method: "POST", headers: json(c.env), body });
      assert.equal(
        await post(JSON.stringify({ user: { username: "x", user_type: "human" } })),
        422,
      );
      assert.equal(await post('{"user":'), 400);
      assert.equal(await post(JSON.stringify({ user: SALLY })), 201);
      const auth = `${users}/sally/authenticate`;
      const wrong = JSON.stringify({ password: "not sallys password" });
      assert.equal(await send(auth, { method: "POST", headers: json(c.env), body: wrong }), 401);
      assert.equal(
        await send(`${c.env.AUTHROCKET_URL}/nothing_here`, { headers: json(c.env) }),
        404,
      );
    });
    const line = (start: string) => log.split("\n").find((l) => l.startsWith(start)) ?? "";
    const reason = (l: string) => l.split(" — ")[1] ?? "";
    const [noKey, badKey] = log.split("\n").filter((l) => l.startsWith("GET /v1/users 403"));
    assert.match(reason(noKey), /^no API key: send the X-Authrocket-Api-Key header/);
    assert.match(reason(badKey), /^wrong API key: X-Authrocket-Api-Key is not this emulator's/);
    assert.match(reason(line("GET /v1/users 422")), /Realm can't be blank \(name the realm/);
    assert.match(reason(line("POST /v1/users 422")), /can't be blank/);
    assert.equal(reason(line("POST /v1/users 400")), "Malformed JSON");
    assert.match(
      line("POST /v1/users 201"),
      /^POST \/v1\/users 201 [\d.]+ms$/,
      "no reason on success",
    );
    assert.match(reason(line("POST /v1/users/sally/authenticate 401")), /^authentication failed/);
    assert.equal(reason(line("GET /v1/nothing_here 404")), "Not found");
    for (
      const secret of [env.AUTHROCKET_API_KEY, wrongKey, SALLY.password, "not sallys password"]
    ) {
      assert.equal(log.includes(secret), false, "no secret in the log");
    }
  });

  it("start-up: without --login-handler it says logins end on its own page, and how to change it", async () => {
    const log = await logOf(["--port", "0"], () => Promise.resolve());
    assert.match(
      log,
      /^no --login-handler: logins end on the emulator's own page; pass --login-handler http:\/\/localhost:3000\/login$/m,
    );
  });

  it("start-up: with --login-handler, or one kept in --data, it names where logins go", async () => {
    const dir = mkdtempSync(join(tmpdir(), "ar-cli-log-"));
    try {
      const data = join(dir, "data");
      const first = await logOf(
        ["--port", "0", "--data", data, "--login-handler", "http://localhost:4000/after-login"],
        () => Promise.resolve(),
      );
      assert.match(
        first,
        /^logins go to http:\/\/localhost:4000\/after-login\?token=… \(--login-handler\)$/m,
      );
      const again = await logOf(["--port", "0", "--data", data], () => Promise.resolve());
      assert.ok(
        again.includes(
          `logins go to http://localhost:4000/after-login?token=… (kept in ${data}; --login-handler changes it)`,
        ),
        again,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
