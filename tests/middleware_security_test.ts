// The login integration's security rules and its build-time checks: each
// test here failed on the integration before them. One fixed clock for minting and checking.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { AuthRocket, ConfigError } from "../mod.ts";
import { getSession, withAuthRocket } from "../middleware.ts";
import { claims, hs256, NOW, SECRET } from "./tokens.ts";
import { json, recorder } from "./helpers.ts";

const LR = "https://app.e1.loginrocket.com/";
const clock = () => NOW;
const C = "__Host-ar_token";
const sally = () => hs256(claims());
const mallory = () => hs256(claims({ uid: "usr_mallory", n: "Mallory", tk: "kss_mallory" }));

function app(extra: Record<string, unknown> = {}) {
  const api = recorder([], json(200, {}));
  const ar = new AuthRocket({
    jwtSecret: SECRET,
    loginUrl: LR,
    url: "https://api/v1",
    apiKey: "ko_k",
    fetch: api.fetch,
  });
  const handler = withAuthRocket(
    async (_req, { session }) => new Response(session ? (await session.user()).name : "anon"),
    { client: ar, now: clock, protect: (u) => u.pathname.startsWith("/app"), ...extra },
  );
  return { handler, api };
}

const get = (url: string, headers: Record<string, string> = {}, method = "GET") =>
  new Request(url, { method, headers });

describe("logout cannot be forced cross-site", () => {
  const refused: [string, string, Record<string, string>][] = [
    ["an <img> or link on another site", "GET", { "sec-fetch-site": "cross-site" }],
    ["a cross-site form POST", "POST", {
      "sec-fetch-site": "cross-site",
      origin: "https://evil.example",
    }],
    ["a POST naming another origin (no Sec-Fetch-Site)", "POST", {
      origin: "https://evil.example",
    }],
    ["a sibling subdomain's POST", "POST", {
      "sec-fetch-site": "same-site",
      origin: "https://x.my.app",
    }],
    ["an opaque origin", "POST", { origin: "null" }],
    ["a link on a sibling subdomain (same-site)", "GET", { "sec-fetch-site": "same-site" }],
    ["another scheme of this host", "POST", { origin: "http://my.app" }],
  ];
  for (const [what, method, headers] of refused) {
    it(`${what}: 403, the cookie kept, the managed session not deleted`, async () => {
      const { handler, api } = app();
      const r = await handler(
        get("https://my.app/logout", { cookie: `${C}=${await sally()}`, ...headers }, method),
      );
      assert.equal(r.status, 403);
      assert.equal(r.headers.get("set-cookie"), null);
      assert.equal(api.seen.length, 0);
    });
  }

  const allowed: [string, string, Record<string, string>][] = [
    ["a link on the app's own pages", "GET", { "sec-fetch-site": "same-origin" }],
    ["a typed URL or bookmark", "GET", { "sec-fetch-site": "none" }],
    ["a browser that sends no fetch metadata", "GET", {}],
    ["the app's own form POST", "POST", {
      "sec-fetch-site": "same-origin",
      origin: "https://my.app",
    }],
  ];
  for (const [what, method, headers] of allowed) {
    it(`${what}: logged out`, async () => {
      const { handler, api } = app();
      const r = await handler(
        get("https://my.app/logout", { cookie: `${C}=${await sally()}`, ...headers }, method),
      );
      assert.equal(r.status, 302);
      assert.match(r.headers.get("set-cookie")!, /^__Host-ar_token=; .*Max-Age=0/);
      assert.equal(api.last().method, "DELETE");
      assert.equal(api.last().path, "sessions/kss_0v1zUpWdE4IiFc2w5ynSbb");
    });
  }
});

describe("a bad Authorization: Bearer never clears the session cookie", () => {
  for (const auth of ["Bearer forged.token.here", "Bearer ", "bearer", "Bearer x.y"]) {
    it(JSON.stringify(auth), async () => {
      const { handler } = app();
      const cookie = `${C}=${await sally()}`;
      for (const method of ["GET", "POST"]) {
        const r = await handler(get("https://my.app/app", { cookie, authorization: auth }, method));
        assert.equal(r.status, method === "GET" ? 302 : 401, "the Bearer token decides");
        assert.equal(r.headers.get("set-cookie"), null, "and the cookie is left alone");
      }
      const after = await handler(get("https://my.app/app", { cookie }));
      assert.equal(await after.text(), "Sally Sue", "the cookie still works");
    });
  }
  it("a valid Bearer token wins over the cookie", async () => {
    const { handler } = app();
    const r = await handler(get("https://my.app/app", {
      cookie: `${C}=${await sally()}`,
      authorization: `Bearer ${await mallory()}`,
    }));
    assert.equal(await r.text(), "Mallory");
  });
});

describe("a cookie planted by a sibling subdomain neither shadows nor erases the session", () => {
  it("on https the cookie is __Host-ar_token: Path=/, Secure, no Domain", async () => {
    const { handler } = app();
    const r = await handler(get(`https://my.app/login?token=${await sally()}`));
    const c = r.headers.get("set-cookie")!;
    assert.match(
      c,
      /^__Host-ar_token=[^;]+; Path=\/; HttpOnly; SameSite=Lax; Max-Age=\d+; Secure$/,
    );
    assert.ok(!/domain=/i.test(c));
  });

  it("an ar_token planted beside it (first in the header) is ignored, and nothing is cleared", async () => {
    const { handler } = app();
    for (const planted of ["junk", await mallory(), ""]) {
      const cookie = `ar_token=${planted}; ${C}=${await sally()}`;
      const r = await handler(get("https://my.app/app", { cookie }));
      assert.equal(await r.text(), "Sally Sue");
      assert.equal(r.headers.get("set-cookie"), null);
    }
  });

  it("a planted, validly signed ar_token alone is not a session on https (no fixation)", async () => {
    const { handler } = app();
    const r = await handler(get("https://my.app/app", { cookie: `ar_token=${await mallory()}` }));
    assert.equal(r.status, 302);
    assert.equal(r.headers.get("set-cookie"), null, "not ours to clear");
    assert.equal(
      await getSession(get("https://my.app/", { cookie: `ar_token=${await mallory()}` }), {
        jwtSecret: SECRET,
      }, { now: clock }),
      null,
    );
  });

  it("on http (no prefix possible) a planted duplicate does not shadow the real cookie", async () => {
    const { handler } = app();
    const cookie = `ar_token=junk; ar_token=${await sally()}`;
    const r = await handler(get("http://localhost/app", { cookie }));
    assert.equal(await r.text(), "Sally Sue");
    assert.equal(r.headers.get("set-cookie"), null);
  });

  it("the name is configurable; __Host-/__Secure- rules and bad names are ConfigErrors", async () => {
    const { handler } = app({ cookie: { name: "sid" } });
    const login = await handler(get(`https://my.app/login?token=${await sally()}`));
    assert.match(login.headers.get("set-cookie")!, /^sid=.*; Secure$/);
    const page = await handler(get("https://my.app/app", { cookie: `sid=${await sally()}` }));
    assert.equal(await page.text(), "Sally Sue");
    const { handler: dom } = app({ cookie: { domain: "my.app" } });
    const wide = await dom(get(`https://my.app/login?token=${await sally()}`));
    assert.match(wide.headers.get("set-cookie")!, /^ar_token=.*; Domain=my\.app; Secure$/);
    const { handler: host } = app({ cookie: { name: "__Host-s" } });
    const h = await host(get(`http://localhost/login?token=${await sally()}`));
    assert.match(h.headers.get("set-cookie")!, /^__Host-s=.*; Secure$/, "the prefix needs Secure");
    for (
      const cookie of [
        { name: "a;b" },
        { name: "" },
        { name: "__Host-s", domain: "my.app" },
        { name: "__Host-s", path: "/app" },
        { name: "__Host-s", secure: false },
        { name: "__Secure-s", secure: false },
      ]
    ) {
      assert.throws(() => app({ cookie }), ConfigError, JSON.stringify(cookie));
    }
    assert.throws(
      () => app({ cookie: { name: "a;b" } }),
      /^ConfigError: cookie\.name "a;b" is not a valid cookie name$/,
    );
    assert.throws(() => app({ cookie: { name: "__Host-s", path: "/a" } }), {
      name: "ConfigError",
      message: "A __Host- cookie needs Path=/, Secure and no domain",
    });
    assert.throws(() => app({ cookie: { name: "__Secure-s", secure: false } }), {
      name: "ConfigError",
      message: "A __Secure- cookie needs Secure",
    });
  });
});

describe("withAuthRocket's options are checked when the handler is built", () => {
  const ok = () => new Response("ok");
  const cases: [string, () => unknown, RegExp][] = [
    ["no options", () => withAuthRocket(ok, undefined as never), /withAuthRocket.*client/],
    ["null options", () => withAuthRocket(ok, null as never), /withAuthRocket.*client/],
    ["no client", () => withAuthRocket(ok, {} as never), /client/],
    [
      "a client without loginUrl (the Usage client)",
      () => withAuthRocket(ok, { client: new AuthRocket({ jwtSecret: SECRET }) }),
      /^Missing AuthRocket setting `loginUrl` \(env AUTHROCKET_LOGIN_URL\): LoginRocket's URL, e\.g\. https/,
    ],
    [
      "settings without loginUrl",
      () => withAuthRocket(ok, { client: { jwtSecret: SECRET } }),
      /loginUrl/,
    ],
    [
      "no jwtSecret",
      () => withAuthRocket(ok, { client: new AuthRocket({ loginUrl: LR }) }),
      /jwtSecret.*AUTHROCKET_JWT_SECRET/,
    ],
    [
      "an empty or null jwtSecret",
      () => withAuthRocket(ok, { client: { jwtSecret: "", loginUrl: LR } }),
      /^withAuthRocket: missing jwtSecret \(env AUTHROCKET_JWT_SECRET\)$/,
    ],
    [
      "a null jwtSecret",
      () => withAuthRocket(ok, { client: { jwtSecret: null as never, loginUrl: LR } }),
      /missing jwtSecret/,
    ],
    [
      "a loginUrl that is not a URL",
      () => withAuthRocket(ok, { client: { jwtSecret: SECRET, loginUrl: "app.e1" } }),
      /loginUrl is not a URL/,
    ],
  ];
  for (const [what, build, message] of cases) {
    it(what, () => {
      assert.throws(build, (e: unknown) => {
        assert.ok(e instanceof ConfigError);
        assert.match(e.message, message);
        assert.ok(!e.message.includes(SECRET));
        return true;
      });
    });
  }
});

describe("where the token is read from: exact header and cookie parsing", () => {
  const page = async (headers: Record<string, string>, url = "https://my.app/app") =>
    await app().handler(get(url, headers));
  it("only a header that is `Bearer <token>` is a Bearer token", async () => {
    const cookie = `${C}=${await sally()}`;
    for (const auth of [`xBearer ${await mallory()}`, "BearerX", "Basic Zm9vOmJhcg=="]) {
      const r = await page({ cookie, authorization: auth });
      assert.equal(await r.text(), "Sally Sue", `${auth}: the cookie decides`);
    }
    const spaced = await page({ authorization: `bearer   ${await mallory()}` });
    assert.equal(await spaced.text(), "Mallory");
  });

  it("cookie names match exactly; values are trimmed", async () => {
    const near = await page({ cookie: `${C}X=${await sally()}; x${C}=${await sally()}` });
    assert.equal(near.status, 302);
    assert.equal(near.headers.get("set-cookie"), null, "no cookie of ours was sent");
    const bare = await page({ cookie: `${C}X; ${C}; a=1` });
    assert.equal(bare.headers.get("set-cookie"), null, "a part without `=` names no cookie");
    const spaced = await page({ cookie: `a=1;   ${C}=${await sally()}  ; b=2` });
    assert.equal(await spaced.text(), "Sally Sue");
  });

  it("at most 3 same-named cookies are tried (each costs a verify)", async () => {
    const many = `ar_token=a; ar_token=b; ar_token=c; ar_token=${await sally()}`;
    const r = await page({ cookie: many }, "http://localhost/app");
    assert.equal(r.status, 302);
    assert.match(r.headers.get("set-cookie")!, /^ar_token=; /);
    const three = await page(
      { cookie: `ar_token=a; ar_token=b; ar_token=${await sally()}` },
      "http://localhost/app",
    );
    assert.equal(await three.text(), "Sally Sue");
  });

  it("a `__Host-`/`__Secure-` prefix forces Secure; a lookalike name or a path gives it up", async () => {
    const token = await sally();
    const login = async (cookie: Record<string, unknown>, url: string) =>
      (await app({ cookie }).handler(get(`${url}/login?token=${token}`))).headers.get(
        "set-cookie",
      )!;
    assert.match(
      await login({ name: "__Secure-s" }, "http://localhost"),
      /^__Secure-s=.*; Secure$/,
    );
    assert.match(await login({ name: "x__Host-s" }, "http://localhost"), /Max-Age=3600$/);
    assert.match(await login({ name: "sid", secure: false }, "https://my.app"), /Max-Age=3600$/);
    assert.match(await login({ path: "/app" }, "https://my.app"), /^ar_token=.*; Path=\/app; /);
  });
});

describe("answers: their headers and bodies", () => {
  it("redirects and refusals are never cached; 401 and 403 say what happened", async () => {
    const { handler } = app();
    const stale = `${C}=${await hs256(claims(), "jsk_forged_secret_0123456789abcdef")}`;
    const r302 = await handler(get("https://my.app/app"));
    assert.equal(r302.headers.get("cache-control"), "no-store");
    const r401 = await handler(get("https://my.app/app", { cookie: stale }, "POST"));
    assert.equal(r401.status, 401);
    assert.equal(await r401.text(), "Unauthorized");
    assert.equal(r401.headers.get("content-type"), "text/plain");
    assert.equal(r401.headers.get("cache-control"), "no-store");
    assert.match(r401.headers.get("set-cookie")!, /^__Host-ar_token=; .*Max-Age=0/);
    const r403 = await handler(get("https://my.app/logout", { "sec-fetch-site": "cross-site" }));
    assert.equal(await r403.text(), "Logout from another origin refused");
    assert.equal(r403.headers.get("cache-control"), "no-store");
  });

  it("HEAD is treated as GET (redirect); POST /login is not the login route (401)", async () => {
    const { handler } = app({ protect: undefined });
    assert.equal((await handler(get("https://my.app/app", {}, "HEAD"))).status, 302);
    const post = await handler(get(`https://my.app/login?token=${await sally()}`, {}, "POST"));
    assert.equal(post.status, 401);
    assert.equal(post.headers.get("set-cookie"), null);
  });

  it("LoginRocket URLs keep the loginUrl's path, with or without its trailing slash", async () => {
    for (const base of ["https://lr.example/app", "https://lr.example/app/"]) {
      const h = withAuthRocket(() => new Response(""), {
        client: { jwtSecret: SECRET, loginUrl: base },
      });
      const r = await h(get("https://my.app/x"));
      assert.equal(r.headers.get("location"), "https://lr.example/app/login?redir=%2Fx");
    }
  });
});

describe("forged and planted tokens, cross-site logouts", () => {
  const app = withAuthRocket(() => new Response("in"), {
    client: { jwtSecret: SECRET, loginUrl: "https://app.e1.loginrocket.com/" },
    now: () => NOW,
    protect: (url) => url.pathname.startsWith("/app"),
  });

  it("a bad Bearer neither logs in nor clears the session cookie", async () => {
    const good = await hs256(claims({ un: "bearer" }));
    const res = await app(
      new Request("https://my.app/app", {
        headers: { authorization: "Bearer eyJ.forged.x", cookie: `__Host-ar_token=${good}` },
      }),
    );
    assert.equal(res.status, 302);
    assert.equal(res.headers.get("set-cookie"), null);
  });

  it("a cross-site logout (Sec-Fetch-Site or a foreign Origin) is refused and keeps the cookie", async () => {
    const good = await hs256(claims({ un: "logout" }));
    for (
      const h of [
        { "sec-fetch-site": "cross-site" } as Record<string, string>,
        { origin: "https://evil.example" },
        { origin: "null" },
      ]
    ) {
      const res = await app(
        new Request("https://my.app/logout", {
          method: "POST",
          headers: { ...h, cookie: `__Host-ar_token=${good}` },
        }),
      );
      assert.equal(res.status, 403, JSON.stringify(h));
      assert.equal(res.headers.get("set-cookie"), null);
    }
  });

  it("a planted ar_token (no __Host- prefix) is not read on https", async () => {
    const attacker = await hs256(claims({ un: "attacker" }));
    const res = await app(
      new Request("https://my.app/app", { headers: { cookie: `ar_token=${attacker}` } }),
    );
    assert.equal(res.status, 302, "not logged in as the attacker");
  });
});
