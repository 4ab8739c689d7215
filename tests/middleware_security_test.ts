// The login integration's security rules (issue 10) and its build-time checks (issue 12): each
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
    ["a link from a sibling subdomain (same-site)", "GET", { "sec-fetch-site": "same-site" }],
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
  });
});

describe("withAuthRocket's options are checked when the handler is built (issue 12)", () => {
  const ok = () => new Response("ok");
  const cases: [string, () => unknown, RegExp][] = [
    ["no options", () => withAuthRocket(ok, undefined as never), /withAuthRocket.*client/],
    ["no client", () => withAuthRocket(ok, {} as never), /client/],
    [
      "a client without loginUrl (the Usage client)",
      () => withAuthRocket(ok, { client: new AuthRocket({ jwtSecret: SECRET }) }),
      /loginUrl.*AUTHROCKET_LOGIN_URL/,
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
