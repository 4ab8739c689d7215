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
import { AuthRocket, ConfigError } from "../../mod.ts";
import type { AuthRocketConfig, RequestInfo, ResponseInfo } from "../../mod.ts";
import { createEmulator } from "../../testing.ts";
import { excerpt, redact, scrubError, sensitiveValues } from "../../src/redact.ts";
import { json, recorder, userJson } from "../helpers.ts";

const API_KEY = "PlainApiKey-NoPrefix-4f9a2c"; // configured, shaped like nothing
const KO_KEY = "ko_BatteryKey7Hq2LmZx9";
const JWT_SECRET = "hs-secret-without-prefix-Zq81xV"; // configured, not jsk_
const JSK = "jsk_RealmSecret3kP9wQ";
const KLI = "kli_TwoFactor8sTq4Lw";
const KPW = "kpw_ResetTok5nV2xQ";
const JWT = "eyJhbGciOiJIUzI1NiJ9.eyJ1aWQiOiJ1c3JfOTkifQ.SigNaTuRe_Xy12";
const PASSWORD = "Tr0ub4dor&3-horse";
const EMAIL_TOKEN = "EmailVerif9Tok3nQx7Pz";
const PEM = [
  "-----BEGIN PRIVATE KEY-----",
  "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7VJTUt9Us8cKj",
  "MzEfYyjiWA4R4/M2bS1GB4t7NXp98C3SC6dVMvDuictGeurT8jNbvJZHtCSuYEvu",
  "-----END PRIVATE KEY-----",
].join("\n");
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
      assert.ok(!(e as Error).message.includes(k), (e as Error).message);
      assert.match((e as Error).message, /<html>\[redacted\]<\/html>/);
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
