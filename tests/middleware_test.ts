// The login integration: every branch, the open-redirect list, forged and expired cookies.
// One clock for everything: tokens are minted around NOW and the middleware is given `now`.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { AuthRocket, ConfigError } from "../mod.ts";
import { getSession, loginUrl, sanitizeRedir, signupUrl, withAuthRocket } from "../middleware.ts";
import { claims, hs256, NOW, NOW_S, SECRET } from "./tokens.ts";
import { json, recorder } from "./helpers.ts";
import { authRocket } from "../hono.ts";

const LR = "https://app.e1.loginrocket.com/";
/** The session cookie's name on https (on plain http it is `ar_token`). */
const C = "__Host-ar_token";
const now = NOW_S;
const clock = () => NOW;
const fresh = (extra = {}) => hs256(claims({ iat: now - 10, exp: now + 3600, ...extra }));

function app(extra: Partial<Parameters<typeof withAuthRocket>[1]> = {}, fetch = recorder().fetch) {
  const ar = new AuthRocket({
    jwtSecret: SECRET,
    loginUrl: LR,
    url: "https://api/v1",
    apiKey: "ko_k",
    fetch,
  });
  const seen: unknown[][] = [];
  const handler = withAuthRocket(async (_req: Request, ctx, ...rest: unknown[]) => {
    seen.push(rest);
    const user = ctx.session ? await ctx.session.user() : null;
    return new Response(user ? `Hello ${user.name}` : "anonymous");
  }, { client: ar, now: clock, ...extra });
  return { handler, seen };
}

describe("withAuthRocket", () => {
  it("a protected GET without a session → LoginRocket login with redir", async () => {
    const { handler } = app();
    const r = await handler(new Request("https://my.app/app/page?x=1"));
    assert.equal(r.status, 302);
    assert.equal(r.headers.get("location"), `${LR}login?redir=%2Fapp%2Fpage%3Fx%3D1`);
  });

  it("a protected POST without a session → 401", async () => {
    const { handler } = app();
    assert.equal(
      (await handler(new Request("https://my.app/app", { method: "POST" }))).status,
      401,
    );
  });

  it("GET /login?token= verifies, sets the cookie (HttpOnly, Lax, Secure on https, Max-Age) and redirects", async () => {
    const { handler } = app();
    const token = await fresh();
    const r = await handler(new Request(`https://my.app/login?token=${token}&redir=/app/x?y=2`));
    assert.equal(r.status, 302);
    assert.equal(r.headers.get("location"), "/app/x?y=2");
    const c = r.headers.get("set-cookie")!;
    assert.match(
      c,
      new RegExp(
        `^${C}=${
          token.replace(/\./g, "\\.")
        }; Path=/; HttpOnly; SameSite=Lax; Max-Age=(\\d+); Secure$`,
      ),
    );
    const maxAge = Number(/Max-Age=(\d+)/.exec(c)![1]);
    assert.ok(maxAge > 3500 && maxAge <= 3600, String(maxAge));
    const plain = await handler(new Request(`http://localhost/login?token=${token}`));
    assert.equal(plain.headers.get("location"), "/");
    assert.match(plain.headers.get("set-cookie")!, /^ar_token=/, "no __Host- prefix on http");
    assert.ok(!plain.headers.get("set-cookie")!.includes("Secure"));
  });

  it("GET /login with a bad token goes back to LoginRocket", async () => {
    const { handler } = app();
    const r = await handler(new Request("https://my.app/login?token=forged.token.here&redir=/app"));
    assert.equal(r.headers.get("location"), `${LR}login?redir=%2Fapp`);
    // No session cookie: only the loop guard's counter (tests/login/refused_test.ts).
    assert.deepEqual(r.headers.getSetCookie().map((c) => c.split("=")[0]), [
      "__Host-ar_token_refused",
    ]);
  });

  it("the cookie or a Bearer token gives ctx.session; extra arguments pass through", async () => {
    const { handler, seen } = app();
    const token = await fresh();
    const env = { A: 1 }, ctx = { waitUntil() {} };
    const r = await handler(
      new Request("https://my.app/app", { headers: { cookie: `other=1; ${C}=${token}` } }),
      env,
      ctx,
    );
    assert.equal(await r.text(), "Hello Sally Sue");
    assert.equal(seen[0][0], env);
    assert.equal(seen[0][1], ctx);
    const b = await handler(
      new Request("https://my.app/app", { headers: { authorization: `Bearer ${token}` } }),
    );
    assert.equal(await b.text(), "Hello Sally Sue");
  });

  it("a forged or expired cookie is cleared, then redirected to log in", async () => {
    const { handler } = app();
    for (
      const token of [
        await hs256(claims(), "jsk_forged"),
        await hs256(claims({ iat: NOW_S - 9999, exp: NOW_S - 100 })),
      ]
    ) {
      const r = await handler(
        new Request("https://my.app/app", { headers: { cookie: `${C}=${token}` } }),
      );
      assert.equal(r.status, 302);
      assert.match(r.headers.get("location")!, /^https:\/\/app\.e1\.loginrocket\.com\/login/);
      assert.match(r.headers.get("set-cookie")!, /^__Host-ar_token=; .*Max-Age=0/);
    }
  });

  it("unprotected paths run without a session", async () => {
    const { handler } = app({ protect: (u) => u.pathname.startsWith("/app") });
    assert.equal(await (await handler(new Request("https://my.app/public"))).text(), "anonymous");
  });

  it("/logout clears the cookie and deletes a managed (kss_) session through the API", async () => {
    const r = recorder([json(200, {})]);
    const { handler } = app({}, r.fetch);
    const token = await fresh();
    const res = await handler(
      new Request("https://my.app/logout", { headers: { cookie: `${C}=${token}` } }),
    );
    assert.equal(res.status, 302);
    assert.equal(res.headers.get("location"), "/");
    assert.match(res.headers.get("set-cookie")!, /Max-Age=0/);
    assert.equal(r.last().method, "DELETE");
    assert.equal(r.last().path, "sessions/kss_0v1zUpWdE4IiFc2w5ynSbb");
    const unmanaged = recorder();
    const { handler: h2 } = app({}, unmanaged.fetch);
    await h2(
      new Request("https://my.app/logout", {
        headers: { cookie: `${C}=${await fresh({ tk: "tk_plain" })}` },
      }),
    );
    assert.equal(unmanaged.seen.length, 0, "unmanaged tokens are simply forgotten");
  });
});

describe("redir never makes an open redirect", () => {
  // Each hostile form is refused outright, not merely kept on the site by the last check.
  const hostile = [
    "//evil.example/x",
    "\\\\evil.example",
    "/\\evil.example",
    "\\/evil.example",
    "%2F%2Fevil.example",
    "%2f%2fevil.example",
    "/%2F/evil.example",
    "%5C%5Cevil.example",
    "/%5Cevil.example",
    "%252F%252Fevil.example",
    "%25252F%25252Fevil.example", // encoded three times
    "%2525252F%2525252Fevil.example", // four times: refused for being still encoded
    "/\t/evil.example",
    "/app\r\nSet-Cookie: x=1",
    "/app%0d%0aSet-Cookie: x=1",
    "\u0000/x",
    " //evil.example",
    " %2F%2Fevil.example",
    "/.//evil.example", // normalises to //evil.example
    "/./%2F/evil.example",
    "/a/..//evil.example",
    "/a%zz", // malformed encoding
    "http://[::1",
  ];
  for (const h of hostile) {
    it(JSON.stringify(h), () => assert.equal(sanitizeRedir(h), undefined));
  }
  it("an absolute or scheme-relative-looking URL keeps only its path, on this site", () => {
    assert.equal(sanitizeRedir("https://evil.example/x?y=1"), "/x?y=1");
    assert.equal(sanitizeRedir("http:evil.example"), "/evil.example");
    assert.equal(sanitizeRedir("javascript:alert(1)"), undefined);
  });
  it("keeps a plain path and query, inner double slashes and one level of encoding", () => {
    assert.equal(sanitizeRedir("/app/x?y=1#frag"), "/app/x?y=1");
    assert.equal(sanitizeRedir("/a//b"), "/a//b");
    assert.equal(sanitizeRedir("/a%20b?q=%2F"), "/a%20b?q=%2F");
    assert.equal(sanitizeRedir("/a%252Fb"), "/a%252Fb");
    assert.equal(sanitizeRedir("/a%2525252Fb"), undefined, "still encoded after three decodes");
    assert.equal(sanitizeRedir(""), undefined);
    assert.equal(sanitizeRedir(null), undefined);
  });
});

describe("lower-level pieces", () => {
  it("loginUrl, signupUrl and getSession", async () => {
    const ar = new AuthRocket({ jwtSecret: SECRET, loginUrl: "https://lr.example" });
    assert.equal(loginUrl(ar, { redir: "/a b" }), "https://lr.example/login?redir=%2Fa+b");
    assert.equal(signupUrl(ar), "https://lr.example/signup");
    assert.equal(await getSession(new Request("https://x/"), ar, { now: clock }), null);
    const s = await getSession(
      new Request("https://x/", { headers: { authorization: `Bearer ${await fresh()}` } }),
      ar,
      { now: clock },
    );
    assert.equal(s?.user_id, "usr_0v1zUpWdE4IiFc2w5ynShf");
    assert.throws(() => loginUrl(new AuthRocket({})), /^ConfigError: .*AUTHROCKET_LOGIN_URL/s);
  });
});

describe("withAuthRocket with settings instead of a client (a Worker without the REST client)", () => {
  it("redirects, logs in with a cookie, greets, and logs out by clearing the cookie only", async () => {
    const settings = { jwtSecret: SECRET, loginUrl: LR, verify: { within: 3600 } };
    const handler = withAuthRocket(async (_r, { session }) => {
      return new Response(session ? `Hello ${(await session.user()).name}` : "anonymous");
    }, { client: settings, now: clock });
    const token = await fresh();
    const out = await handler(new Request("https://my.app/app"));
    assert.equal(out.headers.get("location"), `${LR}login?redir=%2Fapp`);
    const login = await handler(new Request(`https://my.app/login?token=${token}&redir=/app`));
    assert.equal(login.headers.get("location"), "/app");
    const cookie = login.headers.get("set-cookie")!.split(";")[0];
    const page = await handler(new Request("https://my.app/app", { headers: { cookie } }));
    assert.equal(await page.text(), "Hello Sally Sue");
    const bye = await handler(new Request("https://my.app/logout", { headers: { cookie } }));
    assert.match(bye.headers.get("set-cookie")!, /^__Host-ar_token=; .*Max-Age=0/);
    assert.ok(
      await getSession(new Request("https://x/", { headers: { cookie } }), settings, {
        now: clock,
      }),
    );
    assert.equal(loginUrl(settings, { redir: "/a" }), `${LR}login?redir=%2Fa`);
    assert.equal(signupUrl(settings), `${LR}signup`);
  });

  it("verify options apply (within), and a replaced jwtSecret on the same object is used", async () => {
    const old = await hs256(claims({ iat: now - 600, exp: now + 3600 }));
    const settings: { jwtSecret: string; verify?: { within: number } } = {
      jwtSecret: SECRET,
      verify: { within: 60 },
    };
    const req = (t: string) =>
      new Request("https://x/", { headers: { authorization: `Bearer ${t}` } });
    const at = { now: clock };
    assert.equal(await getSession(req(old), settings, at), null, "older than `within`");
    assert.ok(await getSession(req(await fresh()), settings, at));
    settings.jwtSecret = "jsk_another_secret_entirely_0123456789";
    assert.equal(
      await getSession(req(await fresh()), settings, at),
      null,
      "the new secret is used",
    );
  });

  it("the injected clock is the one every check reads (no wall clock)", async () => {
    const token = await fresh();
    const later = () => NOW + 2 * 3600_000; // the token expired an hour before this
    const settings = { jwtSecret: SECRET, loginUrl: LR };
    const cookie = `${C}=${token}`;
    const req = () => new Request("https://my.app/app", { headers: { cookie } });
    for (const client of [settings, new AuthRocket({ jwtSecret: SECRET, loginUrl: LR })]) {
      assert.ok(await getSession(req(), client, { now: clock }));
      assert.equal(await getSession(req(), client, { now: later }), null);
      const h = withAuthRocket(() => new Response("in"), { client, now: later });
      assert.equal((await h(req())).status, 302, "expired by the injected clock");
      const ok = withAuthRocket(() => new Response("in"), { client, now: clock });
      assert.equal(await (await ok(req())).text(), "in");
      const login = await ok(new Request(`https://my.app/login?token=${token}`));
      const maxAge = Number(/Max-Age=(\d+)/.exec(login.headers.get("set-cookie")!)![1]);
      assert.equal(maxAge, 3600, "Max-Age counted from the injected clock");
    }
  });
});

describe("the handler's own response", () => {
  const stale = () => hs256(claims(), "jsk_forged_secret_0123456789abcdef");
  const open = (respond: () => Response) =>
    withAuthRocket(() => respond(), {
      client: { jwtSecret: SECRET, loginUrl: LR },
      now: clock,
      protect: () => false,
    });

  it("is passed on as it is when there is nothing to add", async () => {
    const mine = new Response("mine");
    assert.equal(await open(() => mine)(new Request("https://my.app/")), mine);
    const sealed = Response.redirect("https://my.app/elsewhere", 302);
    assert.equal(await open(() => sealed)(new Request("https://my.app/")), sealed);
  });

  it("gets the stale cookie cleared, even when its headers are immutable", async () => {
    const cookie = `${C}=${await stale()}`;
    const mine = new Response("mine");
    const same = await open(() => mine)(new Request("https://my.app/", { headers: { cookie } }));
    assert.equal(same, mine, "a mutable response gets the header in place");
    assert.match(same.headers.get("set-cookie")!, /^__Host-ar_token=; /);
    for (const respond of [() => new Response("x"), () => Response.redirect("https://my.app/y")]) {
      const r = await open(respond)(new Request("https://my.app/", { headers: { cookie } }));
      assert.match(r.headers.get("set-cookie")!, /^__Host-ar_token=; .*Max-Age=0/);
      assert.ok(r.status === 200 || r.headers.get("location") === "https://my.app/y");
    }
  });

  it("without `now`, the default clock is the one the token was minted on", async () => {
    const t = Math.floor(Date.now() / 1000);
    const token = await hs256(claims({ iat: t - 5, exp: t + 600 }));
    const req = new Request("https://x/", { headers: { authorization: `Bearer ${token}` } });
    for (const source of [{ jwtSecret: SECRET }, new AuthRocket({ jwtSecret: SECRET })]) {
      assert.ok(await getSession(req, source));
    }
  });
});

describe("mistakes in setting up the login integration", () => {
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
    assert.throws(() => bare(hello), /^ConfigError: .*withAuthRocket\(…, \{ client: ar \}\)/s);
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
