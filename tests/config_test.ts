// The client's settings (src/config.ts): what each setting takes, where it comes from (the
// constructor, fromEnv), and the ConfigError of each bad one, naming the setting and never its
// value; settings printed as names only.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { AuthRocket, type AuthRocketEnv, ConfigError } from "../mod.ts";
import { client, json, recorder } from "./helpers.ts";
import { VERSION } from "../src/version.ts";
import { inspect } from "node:util";
import { SECRET } from "./tokens.ts";
import { assertNoSecret } from "./leaks.ts";

const KEY = "ko_NewcomerSecretKey0123";

describe("configuration", () => {
  it("fromEnv reads the separate variables", () => {
    const env = {
      AUTHROCKET_URL: "https://api-e1.authrocket.com/v1",
      AUTHROCKET_API_KEY: "ko_a",
      AUTHROCKET_REALM: "rl_b",
      AUTHROCKET_ACCOUNT: "org_c",
      AUTHROCKET_JWT_SECRET: "jsk_d",
      AUTHROCKET_LOGIN_URL: "https://x.e1.loginrocket.com/",
      UNRELATED: "x",
    };
    const ar = AuthRocket.fromEnv(env);
    assert.deepEqual({ ...ar.config }, {
      url: "https://api-e1.authrocket.com/v1",
      apiKey: "ko_a",
      realm: "rl_b",
      account: "org_c",
      jwtSecret: "jsk_d",
      loginUrl: "https://x.e1.loginrocket.com/",
    });
  });

  it("AUTHROCKET_URI is read first and classified by prefix; the others fill the gaps", () => {
    const ar = AuthRocket.fromEnv({
      AUTHROCKET_URI: "https://rl_xyz:ko_abc@api-e1.authrocket.com/v1",
      AUTHROCKET_API_KEY: "ko_other",
      AUTHROCKET_JWT_SECRET: "jsk_s",
    });
    assert.equal(ar.config.apiKey, "ko_abc");
    assert.equal(ar.config.realm, "rl_xyz");
    assert.equal(ar.config.url, "https://api-e1.authrocket.com/v1");
    assert.equal(ar.config.jwtSecret, "jsk_s");
    const b = AuthRocket.fromEnv({ AUTHROCKET_URI: "https://jsk_1:org_2@h.example/v1" });
    assert.equal(b.config.jwtSecret, "jsk_1");
    assert.equal(b.config.account, "org_2");
  });

  it("an unparseable URI is a ConfigError that does not echo it", () => {
    assert.throws(() => AuthRocket.fromEnv({ AUTHROCKET_URI: "ko_secret not a url" }), (e) => {
      assert.ok(e instanceof ConfigError);
      assert.ok(!String(e.message).includes("ko_secret"));
      return true;
    });
  });

  it("validates settings once, naming the bad one; CR/LF in headers is refused", () => {
    assert.throws(
      () => new AuthRocket({ apiKey: "ko_x\r\nX-Evil: 1" }),
      /^ConfigError: .*`apiKey`.*AUTHROCKET_API_KEY.*CR/s,
    );
    assert.throws(() => new AuthRocket({ url: "ftp://x" }), /^ConfigError: .*`url`/s);
    assert.throws(() => new AuthRocket({ timeout: -1 }), /^ConfigError: .*`timeout`/s);
    assert.throws(() => new AuthRocket({ maxRetries: 1.5 }), /^ConfigError: .*`maxRetries`/s);
    assert.throws(() => new AuthRocket({ fetch: 3 as never }), /^ConfigError: .*`fetch`/s);
  });

  it("a missing url or key fails at the first call, naming setting and env var", async () => {
    const r = recorder();
    await assert.rejects(
      new AuthRocket({ apiKey: "ko_x", fetch: r.fetch }).users.all(),
      (e) => e instanceof ConfigError && /AUTHROCKET_URL/.test(e.message),
    );
    await assert.rejects(
      new AuthRocket({ url: "https://h/v1", fetch: r.fetch }).users.all(),
      (e) => e instanceof ConfigError && /AUTHROCKET_API_KEY/.test(e.message),
    );
    assert.equal(r.seen.length, 0);
  });

  it("withRealm and with derive new immutable clients", async () => {
    const r = recorder([], json(200, { collection: [], more_results: false }));
    const a = client(r.fetch);
    const b = a.withRealm("rl_other");
    const c = a.with({ account: "org_acct", userAgent: "myapp/1" });
    assert.notEqual(a, b);
    assert.equal(a.config.realm, "rl_default");
    assert.equal(b.config.realm, "rl_other");
    assert.ok(Object.isFrozen(a.config));
    await b.users.all();
    assert.equal(r.last().headers.get("x-authrocket-realm"), "rl_other");
    await c.users.all();
    assert.equal(r.last().headers.get("x-authrocket-account"), "org_acct");
    assert.match(
      r.last().headers.get("user-agent")!,
      new RegExp(`^authrocket-edge/${VERSION} \\S+ myapp/1$`),
    );
  });

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
        assertNoSecret(e, KEY);
        return true;
      });
    }
    assert.throws(
      () => new AuthRocket({ apiKey: `${KEY}\u0000` }),
      /^ConfigError: .*`apiKey`.*CR, LF or NUL \(found U\+0000\)/s,
    );
    assert.doesNotThrow(
      () => new AuthRocket({ apiKey: "ko_é-is-latin-1" }),
      "Latin-1 itself is fine",
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
});

describe("secrets in the client's settings", () => {
  it("a secret under a misspelt setting (api_key, jwt_secret, apikey) is masked in JSON and inspect", () => {
    const secret = "PlainSecretXyz123";
    for (const name of ["api_key", "jwt_secret", "apikey", "secret", "credentials"]) {
      const ar = new AuthRocket(
        { url: "https://api-e1.authrocket.com/v1", [name]: secret } as never,
      );
      for (const shown of [JSON.stringify(ar), inspect(ar, { depth: 9 }), String(ar)]) {
        assert.ok(!shown.includes(secret), `${name}: ${shown}`);
      }
      assert.ok(JSON.stringify(ar).includes(name), "the setting's name is still shown");
    }
  });

  it("a url or loginUrl with a user:password is a ConfigError (else hooks, inspect and Basic auth carry the password)", () => {
    const password = "Hunter2Secret";
    for (
      const config of [
        { url: `http://bob:${password}@127.0.0.1:9/v1`, apiKey: "ko_x" },
        { url: `https://${password}@api-e1.authrocket.com/v1`, apiKey: "ko_x" },
        { loginUrl: `https://bob:${password}@app.e1.loginrocket.com/`, jwtSecret: SECRET },
      ]
    ) {
      const name = "url" in config ? "`url`" : "`loginUrl`";
      assert.throws(() => new AuthRocket(config), (e: unknown) => {
        assert.ok(e instanceof ConfigError);
        assert.ok(e.message.includes(name), e.message);
        assert.ok(e.message.includes("apiKey"), e.message);
        assert.ok(!e.message.includes(password) && !e.stack?.includes(password), e.message);
        return true;
      });
    }
  });
});
