// The LoginRocket client (`authrocket-edge/loginrocket`) against the emulator, in-process and
// over real HTTP on 127.0.0.1 (this file runs under Deno, Bun and Node): each call and each
// error it throws; then what the emulator cannot produce (5xx, non-JSON, timeouts), from a
// scripted fetch; and the settings it refuses.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { type AddressInfo, createServer } from "node:net";
import { inspect } from "node:util";
import {
  ArgumentError,
  AuthenticationFailed,
  ClientError,
  ConfigError,
  ConnectionError,
  EndpointNotFound,
  LoginRocket,
  RateLimited,
  RecordInvalid,
  ResponseError,
  ServerError,
  ValidationError,
} from "../../loginrocket.ts";
import { MAX_LOGIN_FAILURES } from "../../src/emulator/loginrocket.ts";
import { APP, inWorld, type LrWorld, MODES } from "./world.ts";
import { SALLY } from "../helpers.ts";

const client = (w: LrWorld) => new LoginRocket({ url: w.lrUrl, fetch: w.fetch });
const SALLY_LOGIN = { username: "sally", password: SALLY.password };

for (const mode of MODES) {
  describe(`LoginRocket client (${mode})`, () => {
    it("login → logged_in: the token and the login handler's URL with it", async () => {
      await inWorld(mode, async (w) => {
        const lr = client(w);
        const r = await lr.login({ ...SALLY_LOGIN, redir: "/inbox" });
        assert.equal(r.status, "logged_in");
        if (r.status !== "logged_in") return;
        assert.equal(r.url, `${APP}/login?token=${r.token}&redir=%2Finbox`);
        assert.equal((await w.session(r.token))?.user_id, w.sally.id);
        const byEmail = await lr.login({ email: SALLY.email, password: SALLY.password });
        assert.equal(byEmail.status, "logged_in");
      });
    });

    it("login with 2FA → code_required, then login({ token, code }) → logged_in", async () => {
      await inWorld(mode, async (w) => {
        const secret = await w.enrolTotp();
        const lr = client(w);
        const first = await lr.login(SALLY_LOGIN);
        assert.equal(first.status, "code_required");
        assert.deepEqual(Object.keys(first), ["status", "token"]);
        const wrong = await lr.login({ token: first.token, code: "000000" }).catch((e) => e);
        assert.ok(wrong instanceof AuthenticationFailed);
        assert.deepEqual(wrong.fieldErrors, { code: ["Verification failed"] });
        const done = await lr.login({ token: first.token, code: await w.emu.totp(secret) });
        assert.equal(done.status, "logged_in");
        assert.equal((await w.session(done.token))?.user_id, w.sally.id);
        await assert.rejects(
          lr.login({ token: first.token, code: await w.emu.totp(secret) }),
          (e) =>
            e instanceof AuthenticationFailed &&
            e.fieldErrors.token?.[0] === "Token is invalid or expired",
        );
      });
    });

    it("a failed login → AuthenticationFailed with the errors by field; no secret in it", async () => {
      await inWorld(mode, async (w) => {
        const password = "my secret wrong password";
        const e = await client(w).login({ username: "sally", password }).catch((e) => e);
        assert.ok(e instanceof AuthenticationFailed);
        assert.equal(e.name, "AuthenticationFailed");
        assert.equal(e.code, "authentication_failed");
        assert.equal(e.status, 401);
        assert.equal(e.message, "Login failed: Invalid username or password");
        assert.deepEqual(e.fieldErrors, { base: ["Invalid username or password"] });
        assert.deepEqual(e.errors, ["Invalid username or password"]);
        assert.match(e.requestId ?? "", /^\w{22}$/, "LoginRocket's X-Request-ID");
        const shown = `${inspect(e, { depth: 5 })} ${JSON.stringify(e)} ${e.stack}`;
        assert.ok(!shown.includes(password), "the password appears nowhere");
      });
    });

    it("too many failed logins → RateLimited with retryAfter", async () => {
      await inWorld(mode, async (w) => {
        const lr = client(w);
        for (let i = 0; i < MAX_LOGIN_FAILURES; i++) {
          await assert.rejects(
            lr.login({ username: "sally", password: "no" }),
            AuthenticationFailed,
          );
        }
        const e = await lr.login(SALLY_LOGIN).catch((e) => e);
        assert.ok(e instanceof RateLimited, String(e));
        assert.equal(e.retryAfter, 600);
        assert.equal(e.status, 429);
      });
    });

    it("signup → logged_in with signup=true; refusals → RecordInvalid with fieldErrors", async () => {
      await inWorld(mode, async (w) => {
        const lr = client(w);
        const tom = { email: "tom@example.com", password: "long enough", first_name: "Tom" };
        const off = await lr.signup(tom).catch((e) => e);
        assert.ok(off instanceof RecordInvalid);
        assert.deepEqual(off.fieldErrors, { base: ["Signups are not enabled for this realm"] });
        await w.openSignups();
        const bad = await lr.signup({ username: "sally", password: "short" }).catch((e) => e);
        assert.ok(bad instanceof RecordInvalid);
        assert.equal(bad.code, "record_invalid");
        assert.deepEqual(bad.fieldErrors.username, ["Username has already been taken"]);
        assert.deepEqual(bad.fieldErrors.password, [
          "Password is too short (minimum is 8 characters)",
        ]);
        assert.ok(bad.errors.includes("Email can't be blank"), bad.errors.join());
        assert.match(bad.message, /^Signup Invalid: /);
        const r = await lr.signup({ ...tom, redir: "/welcome" });
        assert.equal(r.status, "logged_in");
        assert.equal(new URL(r.url).searchParams.get("signup"), "true");
        assert.equal((await (await w.session(r.token))!.user()).first_name, "Tom");
      });
    });

    it("signup in user_org mode makes the org; in user_token mode → signup_token", async () => {
      await inWorld(mode, async (w) => {
        const lr = client(w);
        await w.openSignups("user_org");
        const org = await lr.signup({
          email: "tom@example.com",
          password: "long enough",
          org_name: "Thumb Inc",
        });
        const [m] = await w.ar.memberships.all({ user_id: (await w.session(org.token))!.user_id });
        assert.equal((await m.org())?.name, "Thumb Inc");
        await w.openSignups("user_token");
        const t = await lr.signup({
          username: "una",
          email: "una@example.com",
          password: "long enough",
        });
        assert.equal(t.status, "signup_token");
        assert.match(t.token, /^utk_/);
        assert.equal(t.url, `${APP}/login?token=${t.token}`);
      });
    });

    it("logout → logged_out: the managed session ends; a missing token is an ArgumentError", async () => {
      await inWorld(mode, async (w) => {
        const lr = client(w);
        const r = await lr.login(SALLY_LOGIN);
        const session = (await w.session(r.token))!;
        const out = await lr.logout(r.token, { redir: "https://x.test/again" });
        assert.deepEqual(out, { status: "logged_out", url: `${w.lrUrl}login?redir=%2Fagain` });
        assert.equal(await w.ar.sessions.retrieve(session.id), null);
        await assert.rejects(lr.logout(""), ArgumentError);
      });
    });

    it("a URL that is not LoginRocket's → EndpointNotFound", async () => {
      await inWorld(mode, async (w) => {
        const wrong = new LoginRocket({
          url: new URL("/elsewhere/", w.lrUrl).href,
          fetch: w.fetch,
        });
        const e = await wrong.login(SALLY_LOGIN).catch((e) => e);
        assert.ok(e instanceof EndpointNotFound, String(e));
        assert.match(e.message, /check AUTHROCKET_LOGIN_URL/);
      });
    });
  });
}

describe("LoginRocket client: what the emulator does not answer", () => {
  /** A client whose fetch answers `reply` (and counts calls). */
  const scripted = (reply: () => Response | Promise<Response>) => {
    const calls: RequestInit[] = [];
    const lr = new LoginRocket({
      url: "https://my-app.e1.loginrocket.com",
      timeout: 50,
      fetch: (_url, init) => {
        calls.push(init);
        return Promise.resolve(reply());
      },
    });
    return { lr, calls };
  };

  it("5xx → ServerError; non-JSON → ResponseError (redacted excerpt); other 4xx → ClientError", async () => {
    const token = "eyJhbGciOiJIUzI1NiJ9.eyJ1aWQiOiJ1c3JfMSJ9.c2lnbmF0dXJlc2lnbmF0dXJl";
    const server = scripted(() => new Response("oops", { status: 503 }));
    await assert.rejects(
      server.lr.login(SALLY_LOGIN),
      (e) => e instanceof ServerError && e.status === 503,
    );
    const html = scripted(() => new Response(`<html>${token} correct horse</html>`));
    const e = await html.lr.login(SALLY_LOGIN).catch((e) => e);
    assert.ok(e instanceof ResponseError);
    assert.ok(!e.excerpt.includes(token) && !e.excerpt.includes("correct horse"), e.excerpt);
    const refused = scripted(() => new Response("{}", { status: 403 }));
    await assert.rejects(
      refused.lr.logout(token),
      (e) => e instanceof ClientError && e.status === 403,
    );
    const half = scripted(() => Response.json({ token: "eyJ.x.y" }));
    await assert.rejects(half.lr.login(SALLY_LOGIN), ResponseError, "a token without its url");
  });

  it("a server that echoes the password: redacted by value from the error", async () => {
    const password = "correct horse battery";
    const echo = scripted(() =>
      Response.json({ errors: { password: [`Password ${password} is wrong`] } })
    );
    const e = await echo.lr.login({ username: "sally", password }).catch((e) => e);
    assert.ok(e instanceof AuthenticationFailed);
    assert.ok(!`${e.message} ${JSON.stringify(e.fieldErrors)}`.includes(password), e.message);
  });

  it("logout refused → ValidationError; 429 with an HTTP date → RateLimited in seconds", async () => {
    const v = scripted(() => Response.json({ errors: { token: ["Token can't be blank"] } }));
    await assert.rejects(
      v.lr.logout("eyJ.a.b"),
      (e) => e instanceof ValidationError && e.errors[0] === "Token can't be blank",
    );
    const at = new Date(Date.now() + 120_000).toUTCString();
    const limited = scripted(() =>
      new Response("", { status: 429, headers: { "retry-after": at } })
    );
    const e = await limited.lr.login(SALLY_LOGIN).catch((e) => e);
    assert.ok(e instanceof RateLimited);
    assert.ok(e.retryAfter! >= 119 && e.retryAfter! <= 121, String(e.retryAfter));
  });

  it("nothing listening on 127.0.0.1 → ConnectionError naming host and port", async () => {
    const port = await new Promise<number>((ok) => {
      const srv = createServer().listen(0, "127.0.0.1", () => {
        const { port } = srv.address() as AddressInfo;
        srv.close(() => ok(port));
      });
    });
    const lr = new LoginRocket({ url: `http://127.0.0.1:${port}/lr/` });
    const e = await lr.login(SALLY_LOGIN).catch((e) => e);
    assert.ok(e instanceof ConnectionError, String(e));
    assert.equal(e.timeout, false);
    assert.ok(e.message.startsWith(`LoginRocket at 127.0.0.1:${port}: `), e.message);
    assert.ok(!e.message.includes(SALLY.password));
  });

  it("a fetch that fails or never answers → ConnectionError (timeout: true), naming the host", async () => {
    const down = new LoginRocket({
      url: "https://my-app.e1.loginrocket.com/",
      fetch: () => Promise.reject(new TypeError("fetch failed")),
    });
    const e = await down.login(SALLY_LOGIN).catch((e) => e);
    assert.ok(e instanceof ConnectionError);
    assert.equal(e.timeout, false);
    assert.match(e.message, /my-app\.e1\.loginrocket\.com: fetch failed/);
    const hang = new LoginRocket({
      url: "https://my-app.e1.loginrocket.com/",
      timeout: 20,
      fetch: (_u, init) =>
        new Promise((_ok, fail) =>
          init.signal!.addEventListener("abort", () => fail(init.signal!.reason))
        ),
    });
    const t = await hang.login(SALLY_LOGIN).catch((e) => e);
    assert.ok(t instanceof ConnectionError);
    assert.equal(t.timeout, true);
    assert.match(t.message, /timed out after 20 ms/);
  });

  it("requests: POST, form-encoded (no CORS preflight), to <url>v1/<call>; bad params never sent", async () => {
    const seen: [string, RequestInit][] = [];
    const lr = new LoginRocket({
      url: "http://127.0.0.1:9/lr",
      fetch: (url, init) => {
        seen.push([url, init]);
        return Promise.resolve(Response.json({ token: "kli_x" }));
      },
    });
    assert.equal(lr.url, "http://127.0.0.1:9/lr/");
    await lr.login({ username: "sally", password: "pw", redir: "/x" });
    const [url, init] = seen[0];
    assert.equal(url, "http://127.0.0.1:9/lr/v1/login");
    assert.equal(init.method, "POST");
    assert.ok(init.body instanceof URLSearchParams);
    assert.equal(String(init.body), "username=sally&password=pw&redir=%2Fx");
    assert.deepEqual(init.headers, { accept: "application/json" });
    for (
      const bad of [{}, { username: "sally" }, { token: "kli_x" }]
    ) {
      await assert.rejects(lr.login(bad as never), ArgumentError, JSON.stringify(bad));
    }
    await assert.rejects(lr.signup({} as never), ArgumentError);
    assert.equal(seen.length, 1, "nothing sent for the bad calls");
  });

  it("settings: fromEnv reads AUTHROCKET_LOGIN_URL only; a bad url, an apiKey or a bad timeout is a ConfigError", () => {
    const lr = LoginRocket.fromEnv({
      AUTHROCKET_LOGIN_URL: "https://my-app.e1.loginrocket.com",
      AUTHROCKET_API_KEY: "ko_never_used",
    });
    assert.equal(lr.url, "https://my-app.e1.loginrocket.com/");
    assert.ok(!inspect(lr).includes("ko_never_used"));
    assert.throws(
      () => LoginRocket.fromEnv({}),
      (e) => e instanceof ConfigError && /AUTHROCKET_LOGIN_URL/.test(e.message),
    );
    for (const url of ["", "not a url", "ftp://x.test/", "https://bob:pw12345678@x.test/"]) {
      assert.throws(
        () => new LoginRocket({ url }),
        (e) => e instanceof ConfigError && !e.message.includes("pw12345678"),
        url,
      );
    }
    assert.throws(
      () => new LoginRocket({ url: "https://x.test/", apiKey: "ko_x" } as never),
      (e) => e instanceof ConfigError && /no apiKey|no API key/.test(e.message),
    );
    for (const timeout of [0, -1, Infinity, NaN, 2 ** 31]) {
      assert.throws(() => new LoginRocket({ url: "https://x.test/", timeout }), ConfigError);
    }
  });
});
