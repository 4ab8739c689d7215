// The logout route: only this origin may end a session (a sibling subdomain is another party to
// a `__Host-` cookie), and every session the request carries ends, the Bearer's and the
// cookie's. One fixed clock for minting and checking; the API is a recording fetch.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { Hono } from "hono";
import { AuthRocket } from "../../mod.ts";
import { withAuthRocket } from "../../middleware.ts";
import { authRocket } from "../../hono.ts";
import { claims, hs256, NOW, SECRET } from "../tokens.ts";
import { json, recorder } from "../helpers.ts";

const C = "__Host-ar_token";
const SALLY_SESSION = "sessions/kss_0v1zUpWdE4IiFc2w5ynSbb";
const sally = () => hs256(claims());
const mallory = () => hs256(claims({ uid: "usr_mallory", n: "Mallory", tk: "kss_mallory" }));

/** withAuthRocket and the Hono middleware, each over its own recording API. */
function apps() {
  const make = () => {
    const api = recorder([], json(200, {}));
    const ar = new AuthRocket({
      jwtSecret: SECRET,
      loginUrl: "https://app.e1.loginrocket.com/",
      url: "https://api/v1",
      apiKey: "ko_k",
      fetch: api.fetch,
    });
    return { api, options: { client: ar, now: () => NOW } };
  };
  const plain = make();
  const fetchHandler = withAuthRocket(() => new Response("in"), plain.options);
  const hono = make();
  const auth = authRocket(hono.options);
  const app = new Hono().on(["GET", "POST"], "/logout", auth.logout);
  return [
    { name: "withAuthRocket", api: plain.api, send: fetchHandler },
    { name: "Hono", api: hono.api, send: async (r: Request) => await app.fetch(r) },
  ];
}

const logout = (headers: Record<string, string>, method = "GET", url = "https://my.app/logout") =>
  new Request(url, { method, headers });

describe("logout requires this origin", () => {
  const refused: [string, Record<string, string>, string?][] = [
    ["a link on a sibling subdomain (Sec-Fetch-Site: same-site, no Origin)", {
      "sec-fetch-site": "same-site",
    }],
    ["a sibling subdomain's form POST", {
      "sec-fetch-site": "same-site",
      origin: "https://x.my.app",
    }, "POST"],
    ["same-site naming this origin (Sec-Fetch-Site decides)", {
      "sec-fetch-site": "same-site",
      origin: "https://my.app",
    }, "POST"],
    ["cross-site", { "sec-fetch-site": "cross-site" }],
    ["a Sec-Fetch-Site value no browser sends", { "sec-fetch-site": "bogus" }],
    ["no Sec-Fetch-Site, a sibling's Origin", { origin: "https://x.my.app" }, "POST"],
    ["no Sec-Fetch-Site, an opaque Origin", { origin: "null" }, "POST"],
  ];
  for (const [what, headers, method] of refused) {
    it(`${what}: 403, the cookie kept, no session ended`, async () => {
      for (const { name, api, send } of apps()) {
        const r = await send(logout({ cookie: `${C}=${await sally()}`, ...headers }, method));
        assert.equal(r.status, 403, name);
        assert.equal(await r.text(), "Logout from another origin refused", name);
        assert.equal(r.headers.get("set-cookie"), null, name);
        assert.equal(api.seen.length, 0, name);
      }
    });
  }

  const allowed: [string, Record<string, string>, string?][] = [
    ["a link on the app's own pages", { "sec-fetch-site": "same-origin" }],
    ["a typed URL or a bookmark", { "sec-fetch-site": "none" }],
    ["the app's own form POST", {
      "sec-fetch-site": "same-origin",
      origin: "https://my.app",
    }, "POST"],
    // A form on a page with `Referrer-Policy: no-referrer` sends `Origin: null`.
    ["the app's own form POST under no-referrer", {
      "sec-fetch-site": "same-origin",
      origin: "null",
    }, "POST"],
    ["no Sec-Fetch-Site, this Origin (an older browser's POST)", {
      origin: "https://my.app",
    }, "POST"],
    ["neither header (a non-browser client, an old browser's link)", {}],
  ];
  for (const [what, headers, method] of allowed) {
    it(`${what}: logged out`, async () => {
      for (const { name, api, send } of apps()) {
        const r = await send(logout({ cookie: `${C}=${await sally()}`, ...headers }, method));
        assert.equal(r.status, 302, name);
        assert.match(r.headers.get("set-cookie")!, /^__Host-ar_token=; .*Max-Age=0/, name);
        assert.deepEqual(api.seen.map((s) => `${s.method} ${s.path}`), [
          `DELETE ${SALLY_SESSION}`,
        ], name);
      }
    });
  }
});

describe("logout ends every session the request carries", () => {
  const ended = (api: ReturnType<typeof recorder>) =>
    api.seen.filter((s) => s.method === "DELETE").map((s) => s.path).sort();

  it("a Bearer token and a cookie of another session: both end, and the cookie is cleared", async () => {
    for (const { name, api, send } of apps()) {
      const r = await send(logout({
        authorization: `Bearer ${await mallory()}`,
        cookie: `${C}=${await sally()}`,
        "sec-fetch-site": "same-origin",
      }));
      assert.equal(r.status, 302, name);
      assert.match(r.headers.get("set-cookie")!, /^__Host-ar_token=; .*Max-Age=0/, name);
      assert.deepEqual(ended(api), [SALLY_SESSION, "sessions/kss_mallory"], name);
    }
  });

  it("a bad Bearer token does not keep the cookie's session alive", async () => {
    for (const { name, api, send } of apps()) {
      await send(
        logout({ authorization: "Bearer forged.token.x", cookie: `${C}=${await sally()}` }),
      );
      assert.deepEqual(ended(api), [SALLY_SESSION], name);
    }
  });

  it("the same session in both is ended once; a Bearer alone ends its own", async () => {
    for (const { name, api, send } of apps()) {
      const t = await sally();
      await send(logout({ authorization: `Bearer ${t}`, cookie: `${C}=${t}` }));
      assert.deepEqual(ended(api), [SALLY_SESSION], name);
      await send(logout({ authorization: `Bearer ${await mallory()}` }));
      assert.deepEqual(ended(api), [SALLY_SESSION, "sessions/kss_mallory"], name);
    }
  });

  it("a cookie that does not verify ends nothing and is cleared", async () => {
    for (const { name, api, send } of apps()) {
      const forged = await hs256(claims(), "jsk_forged_secret_0123456789abcdef");
      const r = await send(logout({ cookie: `${C}=${forged}` }));
      assert.match(r.headers.get("set-cookie")!, /^__Host-ar_token=; .*Max-Age=0/, name);
      assert.equal(api.seen.length, 0, name);
    }
  });
});

describe("behind a proxy that ends TLS (the app sees http://, the browser https://)", () => {
  it("cookie: { name: '__Host-ar_token' } keeps the cookie Secure; Sec-Fetch-Site lets the logout through", async () => {
    const api = recorder([], json(200, {}));
    const ar = new AuthRocket({
      jwtSecret: SECRET,
      loginUrl: "https://app.e1.loginrocket.com/",
      url: "https://api/v1",
      apiKey: "ko_k",
      fetch: api.fetch,
    });
    const app = withAuthRocket(() => new Response("in"), {
      client: ar,
      now: () => NOW,
      cookie: { name: C },
    });
    const token = await sally();
    const login = await app(new Request(`http://my.app/login?token=${token}`));
    assert.match(login.headers.get("set-cookie")!, /^__Host-ar_token=[^;]+; Path=\/; .*; Secure$/);
    const page = await app(new Request("http://my.app/", { headers: { cookie: `${C}=${token}` } }));
    assert.equal(await page.text(), "in");
    const browser = { cookie: `${C}=${token}`, origin: "https://my.app" };
    const old = await app(logout(browser, "POST", "http://my.app/logout"));
    assert.equal(old.status, 403, "an Origin alone must match the URL the app sees");
    const r = await app(
      logout({ ...browser, "sec-fetch-site": "same-origin" }, "POST", "http://my.app/logout"),
    );
    assert.equal(r.status, 302);
    assert.match(r.headers.get("set-cookie")!, /^__Host-ar_token=; .*Max-Age=0; Secure$/);
    assert.deepEqual(api.seen.map((s) => `${s.method} ${s.path}`), [`DELETE ${SALLY_SESSION}`]);
  });
});
