// Newcomer mistakes (issue 12): each everyday mistake, made as a new user would, gets a typed
// error whose message says what to do, with no secret in it. One case per mistake; other
// helpers add theirs (middleware options, resource calls) below.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  AuthRocket,
  ConfigError,
  ConnectionError,
  EndpointNotFound,
  RecordNotFound,
  ValidationError,
} from "../mod.ts";
import { withAuthRocket } from "../middleware.ts";
import { authRocket } from "../hono.ts";
import { unchecked } from "../mod.ts";
import type { AuthRocketEnv } from "../mod.ts";
import { createEmulator } from "../testing.ts";

const KEY = "ko_NewcomerSecretKey0123";

/** No secret (or a piece of it) in the message, the stack or the JSON. */
function noSecret(e: unknown, secret = KEY) {
  const err = e as Error;
  for (const text of [err.message, String(err.stack), JSON.stringify(err)]) {
    assert.ok(!text.includes(secret.slice(3, 15)), `secret in: ${text}`);
  }
}

describe("newcomer mistakes", () => {
  it('apiKey pasted with the docs\' "…" placeholder: ConfigError at construction, naming the setting', () => {
    for (
      const [setting, env] of [["apiKey", "AUTHROCKET_API_KEY"], ["realm", "AUTHROCKET_REALM"], [
        "account",
        "AUTHROCKET_ACCOUNT",
      ], ["userAgent", ""]]
    ) {
      assert.throws(() => new AuthRocket({ [setting]: `${KEY}…` }), (e) => {
        assert.ok(e instanceof ConfigError, String(e));
        assert.match(e.message, new RegExp(`^Invalid AuthRocket setting \`${setting}\``));
        if (env) assert.match(e.message, new RegExp(`\\(env ${env}\\)`));
        assert.match(
          e.message,
          /only Latin-1 characters; found U\+2026 \("…": a placeholder copied from an example\?\)/,
        );
        noSecret(e);
        return true;
      });
    }
    assert.throws(
      () => new AuthRocket({ apiKey: `${KEY}\u0000` }),
      /`apiKey`.*CR, LF or NUL \(found U\+0000\)/,
    );
    assert.doesNotThrow(
      () => new AuthRocket({ apiKey: "ko_é-is-latin-1" }),
      "Latin-1 itself is fine",
    );
  });

  it("connection refused: host and port, 'connection refused', retried N times, ECONNREFUSED in cause", async () => {
    const probe = createServer();
    await new Promise<void>((ok) => probe.listen(0, "127.0.0.1", ok));
    const port = (probe.address() as AddressInfo).port;
    await new Promise<void>((ok) => probe.close(() => ok()));
    const ar = new AuthRocket({
      url: `http://127.0.0.1:${port}/v1`,
      apiKey: KEY,
      maxRetryDelay: 1,
    });
    await assert.rejects(ar.users.all(), (e) => {
      assert.ok(e instanceof ConnectionError, String(e));
      assert.match(e.message, new RegExp(`127\\.0\\.0\\.1:${port}: connection refused`));
      assert.match(e.message, /retried 2 times/);
      assert.match(
        e.message,
        /check `url` \(env AUTHROCKET_URL\)$/,
        "no AuthRocket status page for a local host",
      );
      let chain = "";
      for (let c: unknown = e.cause; c instanceof Error; c = c.cause) {
        chain += ` ${c.message} ${(c as { code?: string }).code ?? ""}`;
        for (const x of (c as { errors?: Error[] }).errors ?? []) {
          chain += ` ${(x as { code?: string }).code}`;
        }
      }
      assert.match(chain, /ECONNREFUSED|connection refused|ConnectionRefused/i);
      noSecret(e);
      return true;
    });
  });

  it("DNS failure of AuthRocket's host: says the name does not resolve, points to status.authrocket.com", async () => {
    const dns = Object.assign(new Error("getaddrinfo ENOTFOUND api-e1.authrocket.com"), {
      code: "ENOTFOUND",
    });
    const ar = new AuthRocket({
      url: "https://api-e1.authrocket.com/v1",
      apiKey: KEY,
      maxRetries: 0,
      fetch: () => Promise.reject(new TypeError("fetch failed", { cause: dns })),
    });
    await assert.rejects(ar.users.all(), (e) => {
      assert.ok(e instanceof ConnectionError);
      assert.match(
        e.message,
        /api-e1\.authrocket\.com:443: the host name does not resolve \(DNS\)/,
      );
      assert.match(e.message, /not retried: `maxRetries` is 0/);
      assert.match(e.message, /see https:\/\/status\.authrocket\.com\/$/);
      assert.equal(((e.cause as Error).cause as { code: string }).code, "ENOTFOUND");
      return true;
    });
  });

  it("a url without /v1: EndpointNotFound says so, and retrieve() does not answer null", async () => {
    const emu = createEmulator({ passwordIterations: 1000 });
    const ar = new AuthRocket({ url: emu.origin, apiKey: emu.apiKey, fetch: emu.fetch });
    await assert.rejects(ar.users.retrieve("sally"), (e) => {
      assert.ok(e instanceof EndpointNotFound, String(e));
      assert.ok(!(e instanceof RecordNotFound));
      assert.match(
        e.message,
        /the `url` setting probably lacks `\/v1` \(e\.g\. https:\/\/api-e1\.authrocket\.com\/v1\)/,
      );
      noSecret(e, emu.apiKey);
      return true;
    });
    assert.equal(
      await emu.client().users.retrieve("nobody"),
      null,
      "with /v1: no such record → null",
    );
  });

  it("fromEnv takes a Worker's Env interface, Deno's and Node's env objects (type test, then run)", () => {
    interface WorkerEnv {
      AUTHROCKET_URL: string;
      AUTHROCKET_API_KEY: string;
      SESSIONS: { get(key: string): Promise<string | null> };
    }
    // Deno.env.toObject()'s type, Deno.env's shape, and Node's process.env type.
    type DenoEnvObject = { [index: string]: string };
    interface DenoEnv {
      get(key: string): string | undefined;
      toObject(): DenoEnvObject;
    }
    type NodeEnv = { [key: string]: string | undefined; TZ?: string };
    const worker: WorkerEnv = {
      AUTHROCKET_URL: "https://api-e1.authrocket.com/v1",
      AUTHROCKET_API_KEY: KEY,
      SESSIONS: { get: () => Promise.resolve(null) },
    };
    const denoObject: DenoEnvObject = { AUTHROCKET_URL: "https://a.example/v1" };
    const denoEnv: DenoEnv = { get: (k) => denoObject[k], toObject: () => denoObject };
    const nodeEnv: NodeEnv = { AUTHROCKET_URL: "https://n.example/v1", OTHER: undefined };
    const asSettings: AuthRocketEnv = worker;
    assert.equal(AuthRocket.fromEnv(asSettings).config.apiKey, KEY);
    assert.equal(AuthRocket.fromEnv(worker).config.url, "https://api-e1.authrocket.com/v1");
    assert.equal(AuthRocket.fromEnv(denoObject).config.url, "https://a.example/v1");
    assert.equal(AuthRocket.fromEnv(denoEnv).config.url, "https://a.example/v1");
    assert.equal(AuthRocket.fromEnv(nodeEnv).config.url, "https://n.example/v1");
    assert.ok(AuthRocket.fromEnv(process.env) instanceof AuthRocket, "Node's own process.env type");
    const realDeno = (globalThis as { Deno?: { env: DenoEnv } }).Deno;
    if (realDeno) {
      assert.ok(AuthRocket.fromEnv(realDeno.env) instanceof AuthRocket, "Deno.env itself");
    }
    // A binding of another kind under a setting's name is not a setting.
    assert.equal(
      AuthRocket.fromEnv({ AUTHROCKET_REALM: 3 } as unknown as AuthRocketEnv).config.realm,
      undefined,
    );
  });

  it('a ValidationError reads "Validation failed: Sort is not included in the list", with its status', async () => {
    const ar = createEmulator({ passwordIterations: 1000 }).client();
    await assert.rejects(
      ar.users.all(unchecked({ sort: "shoe_size" })), /* a compile error without unchecked() */
      (e) => {
        assert.ok(e instanceof ValidationError);
        assert.equal(e.message, "Validation failed: Sort is not included in the list");
        assert.equal(e.status, 422);
        assert.equal(e.code, "validation_failed");
        assert.ok(!String(e).startsWith("ValidationError: Error:"));
        return true;
      },
    );
  });

  it("mod.ts imports by path from a folder without the repo's import map", () => {
    const here = new URL(".", import.meta.url);
    const ts = import.meta.url.endsWith(".ts");
    const mod = new URL(ts ? "../mod.ts" : "../mod.js", here).href;
    const dir = mkdtempSync(join(tmpdir(), "ar-bypath-"));
    try {
      const main = join(dir, "main.mjs");
      writeFileSync(
        main,
        `import { AuthRocket, ConfigError } from ${JSON.stringify(mod)};\n` +
          `const ar = new AuthRocket({ url: "https://api-e1.authrocket.com/v1", apiKey: "ko_x" });\n` +
          `let refused = false;\n` +
          `try { new AuthRocket({ apiKey: "ko_…" }); } catch (e) { refused = e instanceof ConfigError; }\n` +
          `console.log(JSON.stringify({ realm: ar.config.realm ?? null, refused }));\n`,
      );
      const deno = "Deno" in globalThis;
      const args = deno ? ["run", "--no-config", "--no-lock", "--allow-read", main] : [main];
      const r = spawnSync(process.execPath, args, { cwd: dir, encoding: "utf8" });
      assert.equal(r.status, 0, r.stderr);
      assert.deepEqual(JSON.parse(r.stdout.trim().split("\n").pop()!), {
        realm: null,
        refused: true,
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("newcomer mistakes: the login integration (middleware helper)", () => {
  const usage = () =>
    new AuthRocket({
      url: "https://api-e1.authrocket.com/v1",
      apiKey: "ko_newcomerSecretKey123",
      realm: "rl_0v1zUpWdE4IiFc2w5ynSaa",
      jwtSecret: "jsk_newcomerJwtSecret0123456789",
    });
  const hello = (_r: Request, { session }: { session: { user_id: string } | null }) =>
    new Response(session ? `Hello ${session.user_id}` : "Hello, guest");

  it("withAuthRocket with the Usage client (no loginUrl): ConfigError when built, naming the fix", () => {
    for (
      const build of [
        () => withAuthRocket(hello, { client: usage(), protect: () => true }),
        () => authRocket({ client: usage() }),
      ]
    ) {
      assert.throws(build, (e: unknown) => {
        assert.ok(e instanceof ConfigError);
        assert.match(e.message, /loginUrl.*AUTHROCKET_LOGIN_URL.*loginrocket\.com/);
        const all = `${e.message} ${e.stack} ${JSON.stringify(e)}`;
        assert.ok(!all.includes("ko_newcomerSecretKey123") && !all.includes("jsk_newcomer"));
        return true;
      });
    }
  });

  it("withAuthRocket(handler) with no options: ConfigError naming { client }", () => {
    const bare = withAuthRocket as unknown as (h: unknown) => unknown;
    assert.throws(() => bare(hello), /withAuthRocket\(…, \{ client: ar \}\)/);
  });

  it("the README's hosted-login story: protected GET → LoginRocket, unprotected path → the page (never a 500)", async () => {
    const ar = usage().with({ loginUrl: "https://my-app.e1.loginrocket.com/" });
    const app = withAuthRocket(hello, {
      client: ar,
      protect: (url) => url.pathname.startsWith("/app"),
    });
    for (const path of ["/app/", "/app/page?x=1"]) {
      const r = await app(new Request(`https://example.com${path}`));
      assert.equal(r.status, 302);
      assert.equal(
        r.headers.get("location"),
        `https://my-app.e1.loginrocket.com/login?redir=${encodeURIComponent(path)}`,
      );
    }
    for (const path of ["/", "/about", "/login", "/logout"]) {
      const r = await app(new Request(`https://example.com${path}`));
      assert.ok(r.status < 500, `${path}: ${r.status}`);
    }
    assert.equal(await (await app(new Request("https://example.com/"))).text(), "Hello, guest");
  });
});
