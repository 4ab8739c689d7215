// The login integration says why it refused a token: the login route writes one line per
// refusal (redacted, inert) naming the reason and the likely fix, at most once per reason per
// minute, to console.warn or the `log` setting; with `debug` (or AUTHROCKET_DEBUG=1) every
// decision of withAuthRocket and of the Hono middleware writes one line. No token, key, API key
// or password ever reaches a line. The once-a-minute memory is per isolate, so each test runs on
// a clock of its own (minutes apart from every other's).
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { Hono } from "hono";
import { AuthRocket } from "../../mod.ts";
import { type AuthRocketMiddlewareOptions, getSession, withAuthRocket } from "../../middleware.ts";
import { authRocket } from "../../hono.ts";
import { claims, hs256, NOW, rs256, rsaKeys, SECRET } from "../tokens.ts";
import { API_KEY, json, recorder } from "../helpers.ts";

const LR = "https://app.e1.loginrocket.com/";
const OTHER = "jsk_AnotherRealmsKeyThatSignedThisToken1";
const REALM = "rl_0v1zUpWdE4IiFc2w5ynSaa";

let minutes = 0;
/** A clock of this test's own, ten minutes after the previous test's. */
function ownClock() {
  let t = NOW + 3_600_000 + (minutes += 10) * 60_000;
  return { now: () => t, advance: (s: number) => void (t += s * 1000) };
}

/** A sink that keeps the lines. */
function sink() {
  const lines: string[] = [];
  return { lines, log: (line: string) => void lines.push(line) };
}

/** Every secret these tests use, and the shapes of tokens: none may reach a line. */
function assertClean(lines: string[], ...tokens: string[]) {
  for (const line of lines) {
    assert.match(line, /^authrocket-edge: /, line);
    for (const s of [SECRET, OTHER, API_KEY, "correct horse", ...tokens]) {
      assert.ok(!line.includes(s), `a secret in: ${line}`);
    }
    assert.ok(!/eyJ[A-Za-z0-9_-]{8}/.test(line), `a token in: ${line}`);
  }
}

const settings = { jwtSecret: SECRET, loginUrl: LR };
const login = (token: string) => new Request(`https://my.app/login?token=${token}&redir=/app`);

/** Replace console.warn and console.error while `run` runs; what each was given. */
async function consoleDuring(run: () => Promise<void>) {
  const warned: unknown[][] = [];
  const errored: unknown[][] = [];
  const { warn, error } = console;
  console.warn = (...a: unknown[]) => void warned.push(a);
  console.error = (...a: unknown[]) => void errored.push(a);
  try {
    await run();
  } finally {
    Object.assign(console, { warn, error });
  }
  return { warned, errored };
}

describe("the login route says why it refused a token", () => {
  it("another realm's key: one line on console.warn naming the realm and jwtSecret", async () => {
    const c = ownClock();
    const token = await hs256(claims(), OTHER);
    const app = withAuthRocket(() => new Response("in"), { client: settings, now: c.now });
    let status = 0;
    const { warned, errored } = await consoleDuring(async () => {
      status = (await app(login(token))).status;
    });
    assert.equal(status, 302);
    assert.equal(errored.length, 0);
    assert.equal(warned.length, 1);
    assert.equal(warned[0].length, 1, "one string");
    const line = String(warned[0][0]);
    assert.match(line, /^authrocket-edge: withAuthRocket GET \/login: refused \(signature\): /);
    assert.match(line, /the signature does not match jwtSecret/);
    assert.match(
      line,
      /to fix: set jwtSecret \(env AUTHROCKET_JWT_SECRET\) to the key of the realm/,
    );
    assert.ok(line.includes(REALM), line);
    assert.match(line, /back to LoginRocket \(1 of 3 before the refusal page\)$/);
    assertClean([line], token);
  });

  it("each reason in words: the clock's skew in seconds, the setting to change", async () => {
    const c = ownClock();
    const s = sink();
    const at = Math.floor(c.now() / 1000);
    const rsa = await rsaKeys();
    const app = withAuthRocket(() => new Response("in"), {
      client: { ...settings, verify: { within: 30 } },
      now: c.now,
      log: s.log,
    });
    const cases: [string, RegExp][] = [
      [
        await hs256(claims({ iat: at - 90, exp: at - 60 })),
        /refused \(expired\): it expired at \S+ \(60 s ago\), leeway 5 s; to fix: log in again/,
      ],
      [
        await hs256(claims({ iat: at - 10, nbf: at + 120, exp: at + 3600 })),
        /refused \(not_yet_valid\): it is not valid before \S+ \(in 120 s\)/,
      ],
      [
        await hs256(claims({ iat: at + 100, exp: at + 3600 })),
        /refused \(issued_in_future\): it was issued at \S+ \(in 100 s\), in the future beyond the leeway of 5 s; .*the `leeway` option/,
      ],
      [
        await hs256(claims({ iat: at - 45, exp: at + 3600 })),
        /refused \(too_old\): it was issued at \S+ \(45 s ago\), more than `within` 30 s before/,
      ],
      [
        await rs256(claims({ iat: at, exp: at + 60 }), rsa.privateKey),
        /refused \(algorithm\): the token is signed with RS256, jwtSecret verifies HS256 only/,
      ],
      ["not.a-token", /refused \(malformed\): not a login token: a JWT is three base64url parts/],
    ];
    for (const [token, line] of cases) {
      const before = s.lines.length;
      assert.equal((await app(login(token))).status, 302);
      assert.equal(s.lines.length, before + 1, String(line));
      assert.match(s.lines.at(-1)!, line);
    }
    assertClean(s.lines, ...cases.map(([t]) => t));
  });

  it("once per reason per minute; another reason is told at once", async () => {
    const c = ownClock();
    const s = sink();
    const app = withAuthRocket(() => new Response("in"), {
      client: settings,
      now: c.now,
      log: s.log,
    });
    const forged = await hs256(claims(), OTHER);
    await app(login(forged));
    c.advance(30);
    await app(login(forged));
    assert.equal(s.lines.length, 1, "the same reason within the minute: silent");
    await app(login("not.a-token"));
    assert.equal(s.lines.length, 2, "another reason: told");
    c.advance(31);
    await app(login(forged));
    assert.equal(s.lines.length, 3, "a minute after the first: told again");
    assert.match(s.lines[2], /refused \(signature\)/);
  });

  it("log: false silences; a log that throws does not break the request", async () => {
    const c = ownClock();
    const forged = await hs256(claims(), OTHER);
    const quiet = withAuthRocket(() => new Response("in"), {
      client: settings,
      now: c.now,
      log: false,
    });
    const { warned } = await consoleDuring(async () => {
      assert.equal((await quiet(login(forged))).status, 302);
    });
    assert.equal(warned.length, 0);
    const throwing = withAuthRocket(() => new Response("in"), {
      client: settings,
      now: ownClock().now,
      log: () => {
        throw new Error("the log is down");
      },
      debug: true,
    });
    assert.equal((await throwing(login(forged))).status, 302);
    assert.equal((await throwing(login(await hs256(claims())))).status, 302);
  });
});

describe("debug: one line per decision", () => {
  /** withAuthRocket and the Hono middleware (with its login and logout routes), debugging. */
  function apps(options: Partial<AuthRocketMiddlewareOptions>) {
    const o = { client: settings, protect: (u: URL) => u.pathname.startsWith("/app"), ...options };
    const plain = withAuthRocket((_r, { session }) => new Response(session?.user_id ?? "-"), o);
    const auth = authRocket(o);
    const app = new Hono().get("/login", auth.login).get("/logout", auth.logout);
    app.use(auth).all("*", (x) => x.text(x.get("session")?.user_id ?? "-"));
    return [
      { name: "withAuthRocket", send: plain },
      { name: "authRocket", send: async (r: Request) => await app.fetch(r) },
    ];
  }

  it("authenticated, refused and why, no token, logged in, logged out", async () => {
    for (const name of ["withAuthRocket", "authRocket"]) {
      const s = sink();
      const c = ownClock();
      const x = apps({ debug: true, now: c.now, log: s.log }).find((a) => a.name === name)!;
      const at = Math.floor(c.now() / 1000);
      const good = await hs256(claims({ iat: at - 60, exp: at + 3600 }));
      const old = await hs256(claims({ iat: at - 7200, exp: at - 3600 }));
      const cookie = (t: string) => ({ headers: { cookie: `__Host-ar_token=${t}` } });
      await x.send(new Request("https://my.app/app", cookie(good)));
      await x.send(new Request("https://my.app/app", cookie(old)));
      await x.send(new Request("https://my.app/app", { method: "POST" }));
      await x.send(new Request("https://my.app/"));
      await x.send(login(good));
      await x.send(new Request("https://my.app/logout", cookie(good)));
      const user = "usr_0v1zUpWdE4IiFc2w5ynShf";
      assert.deepEqual(s.lines.map((l) => l.replace(/: refused \(expired\): .*;/, ": EXPIRED;")), [
        `authrocket-edge: ${name} GET /app: authenticated ${user}; passed on`,
        `authrocket-edge: ${name} GET /app: EXPIRED; sent to LoginRocket`,
        `authrocket-edge: ${name} POST /app: no token; answered 401`,
        `authrocket-edge: ${name} GET /: no token; not protected: passed on`,
        `authrocket-edge: ${name} GET /login: authenticated ${user}; logged in, on to /app`,
        `authrocket-edge: ${name} GET /logout: logged out: cookie cleared, 0 managed session(s) ended`,
      ]);
      assert.match(s.lines[1], /refused \(expired\): it expired at \S+ \(3600 s ago\)/);
      assertClean(s.lines, good, old);
    }
  });

  it("revalidated: answered by the API, then from the cache", async () => {
    const c = ownClock();
    const s = sink();
    const api = recorder([], json(200, { id: "kss_0v1zUpWdE4IiFc2w5ynSbb", object: "session" }));
    const ar = new AuthRocket({
      ...settings,
      url: "https://api/v1",
      apiKey: API_KEY,
      realm: REALM,
      fetch: api.fetch,
      debug: true,
      log: s.log,
    });
    const at = Math.floor(c.now() / 1000);
    const token = await hs256(claims({ iat: at, exp: at + 3600 }));
    const app = withAuthRocket(() => new Response("in"), {
      client: ar,
      now: c.now,
      revalidate: 300,
    });
    const req = () =>
      new Request("https://my.app/", { headers: { authorization: `Bearer ${token}` } });
    await app(req());
    await app(req());
    assert.equal(api.seen.length, 1);
    assert.match(s.lines[0], /GET \/: authenticated usr_\w+, revalidated \(API\); passed on$/);
    assert.match(s.lines[1], /GET \/: authenticated usr_\w+, revalidated \(cache\); passed on$/);
    assertClean(s.lines, token);
  });

  it("getSession: one line for what its verification said", async () => {
    const s = sink();
    const c = ownClock();
    const at = Math.floor(c.now() / 1000);
    const good = await hs256(claims({ iat: at, exp: at + 60 }));
    const forged = await hs256(claims({ iat: at, exp: at + 60 }), OTHER);
    const o = { now: c.now, log: s.log, debug: true };
    const bearer = (t: string) =>
      new Request("https://my.app/api", { headers: { authorization: `Bearer ${t}` } });
    assert.equal(
      (await getSession(bearer(good), settings, o))?.user_id,
      "usr_0v1zUpWdE4IiFc2w5ynShf",
    );
    assert.equal(await getSession(bearer(forged), settings, o), null);
    assert.equal(await getSession(bearer(forged), settings, { ...o, debug: false }), null);
    assert.equal(s.lines.length, 2);
    assert.equal(
      s.lines[0],
      "authrocket-edge: getSession GET /api: authenticated usr_0v1zUpWdE4IiFc2w5ynShf",
    );
    assert.match(
      s.lines[1],
      /^authrocket-edge: getSession GET \/api: refused \(signature\): .*jwtSecret/,
    );
    assertClean(s.lines, good, forged);
  });

  it("AUTHROCKET_DEBUG=1 turns it on for a client from fromEnv; without it, no line", async () => {
    const env = { AUTHROCKET_JWT_SECRET: SECRET, AUTHROCKET_LOGIN_URL: LR };
    for (const [debug, count] of [["1", 1], [undefined, 0], ["0", 0], ["true", 1]] as const) {
      const s = sink();
      const ar = AuthRocket.fromEnv({ ...env, AUTHROCKET_DEBUG: debug });
      assert.equal(ar.config.debug, count === 1 ? true : undefined);
      const c = ownClock();
      const at = Math.floor(c.now() / 1000);
      const app = withAuthRocket(() => new Response("in"), { client: ar, now: c.now, log: s.log });
      const token = await hs256(claims({ iat: at, exp: at + 60 }));
      await app(
        new Request("https://my.app/", { headers: { cookie: `__Host-ar_token=${token}` } }),
      );
      assert.equal(s.lines.length, count, String(debug));
    }
  });

  it("what the request and the token carry is redacted and inert in a line", async () => {
    const s = sink();
    const c = ownClock();
    const token = await hs256(claims());
    const app = withAuthRocket(() => new Response("in"), {
      client: settings,
      now: c.now,
      log: s.log,
      debug: true,
    });
    await app(new Request(`https://my.app/app/${token}/${SECRET}/ko_abcdef123456`));
    const aud = "rl_x\r\nauthrocket-edge: FORGED \x1b[31m red \u202e dlrow";
    await app(login(await hs256(claims({ aud, iat: c.now() / 1000 }), OTHER)));
    assert.equal(s.lines.length, 2);
    assertClean(s.lines, token, "ko_abcdef123456");
    assert.match(s.lines[0], /GET \/app\/eyJ\[redacted\]\/\[redacted\]\/ko_\[redacted\]: no token/);
    for (const raw of ["\r", "\n", "\x1b", "\u202e"]) assert.ok(!s.lines[1].includes(raw));
    assert.ok(s.lines[1].includes("rl_x\\r\\nauthrocket-edge: FORGED \\x1b[31m red \\u202e dlrow"));
  });
});
