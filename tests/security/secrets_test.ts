// The secrets battery: every path that turns an answer, a failure or a setting into something a
// user may print is driven with known secrets — shaped like AuthRocket's (ko_, acme_ko_, jsk_,
// kli_, kpw_, JWTs, a PEM private key) and not (an API key and a JWT secret without prefix, a
// password, an email token) — and each result is rendered every way a program shows it:
// message, stack, the cause chain, JSON.stringify, String, node:util inspect, Deno.inspect
// (Deno), Bun.inspect (Bun), console.log / console.error output captured, and every hook
// argument. No secret, and no 8-character piece of one, may appear in any of them.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { Console } from "node:console";
import { Writable } from "node:stream";
import { inspect } from "node:util";
import {
  AuthRocket,
  type AuthRocketConfig,
  ConfigError,
  type RequestInfo,
  type ResponseInfo,
  ServerError,
} from "../../mod.ts";
import { createEmulator } from "../../testing.ts";
import { redact } from "../../src/redact.ts";
import { json, recorder, userJson } from "../helpers.ts";
import {
  API_KEY,
  EMAIL_TOKEN,
  JSK,
  JWT,
  JWT_SECRET,
  KLI,
  KO_KEY,
  KPW,
  PASSWORD,
  PEM,
} from "./known_secrets.ts";

let EMULATOR_KEY = "acme_ko_filledInBelow000"; // minted by the emulator with a realm prefix

const SECRETS = () => [
  API_KEY,
  KO_KEY,
  JWT_SECRET,
  JSK,
  KLI,
  KPW,
  JWT,
  PASSWORD,
  EMAIL_TOKEN,
  PEM.split("\n")[1],
  EMULATOR_KEY,
];

/** The secret and every 8-character piece of it past its prefix (a half-cut secret leaks too). */
function needles(): string[] {
  const out = new Set<string>();
  for (const s of SECRETS()) {
    out.add(s);
    const body = s.replace(/^(acme_)?(ko|key|jsk|kli|kpw)_/, "");
    for (let i = 0; i + 8 <= body.length; i += 3) out.add(body.slice(i, i + 8));
  }
  return [...out];
}

type Platform = {
  Deno?: { inspect(v: unknown, o?: unknown): string };
  Bun?: { inspect(v: unknown): string };
};

/** Everything a program may print of `x`. */
function renderings(x: unknown): string[] {
  const out: string[] = [];
  const safe = (f: () => unknown) => {
    try {
      out.push(String(f()));
    } catch (e) {
      out.push(`(threw ${(e as Error)?.name})`);
    }
  };
  safe(() => String(x));
  safe(() => JSON.stringify(x));
  safe(() => inspect(x, { depth: Infinity }));
  const g = globalThis as unknown as Platform;
  if (g.Deno) safe(() => g.Deno!.inspect(x, { depth: Infinity }));
  if (g.Bun) safe(() => g.Bun!.inspect(x));
  let printed = "";
  const sink = new Writable({
    write(c, _e, cb) {
      printed += String(c);
      cb();
    },
  });
  const con = new Console({ stdout: sink, stderr: sink });
  con.log(x);
  con.error("%o", x);
  con.log({ wrapped: x });
  out.push(printed);
  for (let c: unknown = x, i = 0; c instanceof Error && i < 8; c = c.cause, i++) {
    out.push(c.message, String(c.stack), JSON.stringify(c), String(c));
    for (const e of (c as { errors?: unknown[] }).errors ?? []) out.push(...renderings(e));
  }
  return out;
}

function assertClean(label: string, x: unknown) {
  const all = renderings(x).join("\n");
  for (const n of needles()) {
    assert.ok(!all.includes(n), `${label}: "${n}" leaked in:\n${all.slice(0, 3000)}`);
  }
}

/** A client whose every hook argument is kept, with the configured secrets set. */
function harness(fetch: AuthRocketConfig["fetch"], extra: AuthRocketConfig = {}) {
  const hooks: (RequestInfo | ResponseInfo)[] = [];
  const ar = new AuthRocket({
    url: "https://api-e1.authrocket.com/v1",
    apiKey: API_KEY,
    jwtSecret: JWT_SECRET,
    realm: "rl_battery",
    fetch,
    maxRetries: 1,
    maxRetryDelay: 1,
    timeout: 50,
    onRequest: (i) => hooks.push(i),
    onResponse: (i) => hooks.push(i),
    ...extra,
  });
  return { ar, hooks };
}

/** Run `call`, expecting a failure; check the error and every hook argument. */
async function failing(
  label: string,
  fetch: AuthRocketConfig["fetch"],
  call: (ar: AuthRocket) => Promise<unknown>,
) {
  const { ar, hooks } = harness(fetch);
  let caught: unknown;
  await call(ar).then(
    (v) => assert.fail(`${label}: expected a failure, got ${inspect(v)}`),
    (e) => (caught = e),
  );
  assert.ok(caught instanceof Error, label);
  assertClean(label, caught);
  for (const h of hooks) assertClean(`${label} (hook)`, h);
  return caught as Error;
}

const ALL_SECRETS_TEXT = () =>
  `key ${API_KEY} ${KO_KEY} ${EMULATOR_KEY} jwt ${JWT_SECRET} ${JSK} ${KLI} ${KPW} ${JWT} ` +
  `"password":"${PASSWORD}" "token":"${EMAIL_TOKEN}" ${PEM}`;

describe("secrets battery", () => {
  it("the emulator mints realm-prefixed API-user keys (acme_ko_…) that redaction catches", async () => {
    const emu = createEmulator({ passwordIterations: 1000 });
    const base = emu.client();
    const realm = await base.realms.createOrThrow({ name: "acme", api_key_prefix: "acme_" });
    const bot = await base.withRealm(realm.id).users.createOrThrow({ user_type: "api" });
    const key = String(bot.get("api_key"));
    assert.match(key, /^acme_ko_\w{20,}$/);
    EMULATOR_KEY = key;
    assert.equal(
      redact(`User Invalid: ${key} is not valid`),
      "User Invalid: acme_ko_[redacted] is not valid",
    );
  });

  it("409/422 messages: RecordInvalid, ValidationError and the record's errors", async () => {
    const body = { errors: { base: [`User Invalid: ${KO_KEY} is not valid`, ALL_SECRETS_TEXT()] } };
    for (const status of [409, 422]) {
      const e1 = await failing(
        `createOrThrow ${status}`,
        recorder([], json(status, body)).fetch,
        (ar) => ar.users.createOrThrow({ user_type: "api", api_key: KO_KEY, password: PASSWORD }),
      );
      assert.match(e1.message, /^User Invalid: User Invalid: \[redacted\] is not valid/);
      // The record is reachable (e.record) but not enumerable: no rendering of the error shows it.
      assert.ok(!Object.keys(e1).includes("record"));
      assert.ok((e1 as unknown as { record: unknown }).record);
      await failing(
        `all ${status}`,
        recorder([], json(status, body)).fetch,
        (ar) => ar.users.all(),
      );
      await failing(
        `delete ${status}`,
        recorder([], json(status, body)).fetch,
        (ar) => ar.users.delete("usr_1"),
      );
      const { ar } = harness(recorder([], json(status, body)).fetch);
      const rec = await ar.users.create({ username: "x", password: PASSWORD });
      assertClean(`record.errors ${status}`, rec.errors);
    }
  });

  it("an excerpt cut at 160 characters never keeps half of a configured secret", async () => {
    for (let pad = 130; pad < 165; pad++) {
      const text = "x".repeat(pad) + JWT_SECRET + " " + API_KEY;
      await failing(
        `truncated JSON, pad ${pad}`,
        recorder([], new Response(`{${text}`, { status: 200 })).fetch,
        (ar) => ar.users.find("usr_1"),
      );
    }
  });

  it("HTML error pages (5xx, 4xx, 404) echoing the key, the password and tokens", async () => {
    const page = (status: number) =>
      new Response(`<html><body>${ALL_SECRETS_TEXT()} password=${PASSWORD}</body></html>`, {
        status,
        headers: { "content-type": "text/html" },
      });
    for (const status of [500, 503, 400, 405, 404]) {
      await failing(
        `HTML ${status}`,
        recorder([], page(status)).fetch,
        (ar) => ar.users.authenticate("sally", PASSWORD),
      );
      await failing(
        `HTML ${status} on a token path`,
        recorder([], page(status)).fetch,
        (ar) => ar.sessions.find(JWT),
      );
    }
  });

  it("network failures whose error (and its cause) hold the URL, the key and tokens", async () => {
    const leaky = (input: Request | string | URL) => {
      const inner = Object.assign(
        new Error(`connect ECONNREFUSED for ${input} ${ALL_SECRETS_TEXT()}`),
        {
          code: "ECONNREFUSED",
          address: String(input),
        },
      );
      const agg = Object.assign(new AggregateError([inner], `all failed ${input}`), {
        code: "ECONNREFUSED",
      });
      return Promise.reject(new TypeError(`fetch failed: ${input} ${API_KEY}`, { cause: agg }));
    };
    const e = await failing("refused", leaky, (ar) => ar.sessions.find(JWT, { token: KLI }));
    let chain = "";
    for (let c: unknown = e; c instanceof Error; c = c.cause) {
      chain += (c as { code?: string }).code ?? "";
    }
    assert.match(chain, /ECONNREFUSED/, "the network code is kept");
    await failing("refused POST", leaky, (ar) => ar.users.authenticate("sally", PASSWORD));
    const hang = (_i: unknown, init?: RequestInit) =>
      new Promise<Response>((_r, rej) =>
        init!.signal!.addEventListener("abort", () => rej(new Error(`aborted ${KPW}`)))
      );
    await failing("timeout", hang, (ar) => ar.users.find(KPW));
  });

  it("redirects whose Location carries secrets in its path and query", async () => {
    const to = `https://evil.example/${KLI}?key=${API_KEY}&t=${JWT}`;
    const e = await failing(
      "302",
      recorder([], new Response(null, { status: 302, headers: { location: to } })).fetch,
      (ar) => ar.users.authenticate("sally", PASSWORD),
    );
    assert.equal((e as unknown as { location: string }).location, "evil.example");
  });

  it("not-found paths holding tokens: RecordNotFound and EndpointNotFound", async () => {
    await failing(
      "404 JSON",
      recorder([], json(404, { error: "Not found" })).fetch,
      (ar) => ar.users.find(KPW),
    );
    const { ar } = harness(recorder([], json(404, {})).fetch, {
      url: "https://api-e1.authrocket.com",
    });
    await ar.sessions.find(JWT).then(
      () => assert.fail("no error"),
      (e) => assertClean("no /v1", e),
    );
  });

  it("bad settings: the ConfigError names the setting, never its value", () => {
    const bad: AuthRocketConfig[] = [
      { apiKey: `${KO_KEY}…` },
      { apiKey: `${API_KEY}\r\nX-Evil: 1` },
      { realm: `rl_${JWT_SECRET}\u2028` },
      { userAgent: `app ${PASSWORD}\u0000` },
      { url: `not a url ${API_KEY}` },
    ];
    for (const config of bad) {
      assert.throws(() => new AuthRocket(config), (e) => {
        assert.ok(e instanceof ConfigError);
        assertClean(`config ${Object.keys(config)[0]}`, e);
        return true;
      });
    }
    assert.throws(
      () => AuthRocket.fromEnv({ AUTHROCKET_URI: `${API_KEY} ${JWT_SECRET} not a url` }),
      (e) => (assertClean("AUTHROCKET_URI", e), e instanceof ConfigError),
    );
  });

  it("the client itself: JSON, String, inspect, console — setting names shown, secrets masked", () => {
    const { ar } = harness(recorder().fetch, {
      url: `https://api-e1.authrocket.com/v1?k=${KO_KEY}`,
    });
    for (const x of [ar, ar.withRealm("rl_2"), ar.users, ar.transport, [ar], { client: ar }]) {
      assertClean("client", x);
    }
    const shown = JSON.parse(JSON.stringify(ar));
    assert.equal(shown.apiKey, "[redacted]");
    assert.equal(shown.jwtSecret, "[redacted]");
    assert.equal(shown.realm, "rl_battery");
    assert.equal(shown.onRequest, "[function]");
    assert.match(
      inspect(ar),
      /^AuthRocket \{[^]*apiKey: '\[redacted\]'[^]*jwtSecret: '\[redacted\]'/,
    );
    assert.deepEqual(Object.keys(ar), [], "no enumerable own property (config is private)");
    assert.equal(ar.config.apiKey, API_KEY, "yet the program can read its settings");
  });

  it("a JWK jwtSecret's k is a configured secret too", async () => {
    const k = "JwkOctSecretValue-9Qz2";
    const body = new Response(`<html>${k}</html>`, { status: 500 });
    const { ar } = harness(recorder([], body).fetch, {
      jwtSecret: { kty: "oct", k },
      maxRetries: 0,
    });
    await assert.rejects(ar.users.find("usr_1"), (e) => {
      assert.ok(e instanceof ServerError, String(e));
      assert.ok(!e.message.includes(k), e.message);
      assert.match(e.message, /<html>\[redacted\]<\/html>/);
      return true;
    });
  });

  it("a short refused password does not blank the API's words ('too short' stays)", async () => {
    const msg = "Password is too short (minimum is 8 characters)";
    const { ar } = harness(recorder([], json(422, { errors: [msg] })).fetch);
    const u = await ar.users.create({ username: "x", password: "short" });
    assert.deepEqual(u.errors, [msg]);
  });

  it("every hook argument of a successful call with secrets in path, query and body", async () => {
    const r = recorder([], json(200, userJson()));
    const { ar, hooks } = harness(r.fetch);
    await ar.users.find(KLI, { token: EMAIL_TOKEN, password_token: KPW });
    await ar.users.authenticate("sally", PASSWORD);
    assert.equal(hooks.length, 4);
    for (const h of hooks) assertClean("hook", h);
    assert.match((hooks[0] as RequestInfo).url, /users\/kli_\[redacted\]\?token=\[redacted\]/);
  });
});
