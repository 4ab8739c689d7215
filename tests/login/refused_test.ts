// The login route's loop guard: a browser whose tokens keep being refused (here: another
// realm's key) is sent back to LoginRocket twice, then answered 401 with a page that names the
// reason and what to check. The counter cookie is short-lived, host-only, counts to 3 at most,
// is cleared by a successful login, and never stands in the way of a valid token. Each case on
// withAuthRocket and on the Hono routes; one fixed clock for minting and checking.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { Hono } from "hono";
import { withAuthRocket } from "../../middleware.ts";
import { authRocket } from "../../hono.ts";
import { claims, hs256, NOW, SECRET } from "../tokens.ts";

const LR = "https://app.e1.loginrocket.com/";
const OTHER = "jsk_AnotherRealmsKeyThatSignedThisToken1";
const COUNTER = "__Host-ar_token_refused";
const REALM = "rl_0v1zUpWdE4IiFc2w5ynSaa";

/** The login route of withAuthRocket and of the Hono middleware, silent, on one clock. */
function apps(extra: { cookie?: { sameSite: "Strict" } } = {}) {
  const options = {
    client: { jwtSecret: SECRET, loginUrl: LR },
    now: () => NOW,
    log: false as const,
    ...extra,
  };
  const plain = withAuthRocket(() => new Response("in"), options);
  const app = new Hono().get("/login", authRocket(options).login);
  return [
    { name: "withAuthRocket", send: plain },
    { name: "Hono", send: async (r: Request) => await app.fetch(r) },
  ];
}

/** A browser's cookie jar, as far as this test needs one. */
function jar() {
  const cookies = new Map<string, string>();
  return {
    cookies,
    header: () => [...cookies].map(([k, v]) => `${k}=${v}`).join("; "),
    keep(r: Response) {
      for (const c of r.headers.getSetCookie()) {
        const [pair] = c.split(";");
        const [k, v] = pair.split("=");
        if (/Max-Age=0(;|$)/.test(c)) cookies.delete(k);
        else cookies.set(k, v);
      }
    },
  };
}

const login = (token: string, cookie: string, accept = "text/html,application/xhtml+xml") =>
  new Request(`https://my.app/login?token=${token}&redir=/app`, {
    headers: { cookie, accept },
  });

describe("the login route's loop guard", () => {
  for (const { name, send } of apps()) {
    it(`${name}: a wrong jwtSecret → LoginRocket twice, then 401 with the page`, async () => {
      const b = jar();
      const statuses: number[] = [];
      let last!: Response;
      for (let i = 0; i < 3; i++) {
        last = await send(login(await hs256(claims({ n: `try ${i}` }), OTHER), b.header()));
        statuses.push(last.status);
        b.keep(last);
        if (last.status === 302) {
          assert.equal(last.headers.get("location"), `${LR}login?redir=%2Fapp`);
        }
      }
      assert.deepEqual(statuses, [302, 302, 401]);
      assert.match(last.headers.get("content-type")!, /^text\/html/);
      assert.equal(last.headers.get("cache-control"), "no-store");
      const page = await last.text();
      assert.match(page, /refused the login 3 times in a row \(signature\)/);
      assert.match(page, /does not match jwtSecret/);
      assert.match(page, new RegExp(`set jwtSecret \\(env AUTHROCKET_JWT_SECRET\\) to the key`));
      assert.ok(page.includes(REALM), "names the realm that signed the token");
      assert.ok(page.includes(`href="${LR}login?redir=%2Fapp"`), "a link to try again");
      assert.ok(!page.includes(OTHER) && !page.includes(SECRET) && !page.includes("eyJ"));
      assert.equal(b.cookies.get(COUNTER), "3");
    });

    it(`${name}: JSON for a non-HTML Accept`, async () => {
      const token = await hs256(claims(), OTHER);
      const r = await send(login(token, `${COUNTER}=2`, "application/json"));
      assert.equal(r.status, 401);
      assert.equal(r.headers.get("content-type"), "application/json");
      const body = await r.json();
      assert.equal(body.error, "login_refused");
      assert.equal(body.reason, "signature");
      assert.match(body.message, /does not match jwtSecret/);
      assert.match(body.fix, new RegExp(REALM));
    });

    it(`${name}: the counter: host-only, HttpOnly, Lax, five minutes`, async () => {
      const r = await send(login(await hs256(claims(), OTHER), ""));
      assert.deepEqual(r.headers.getSetCookie(), [
        `${COUNTER}=1; Path=/; HttpOnly; SameSite=Lax; Max-Age=300; Secure`,
      ]);
      const http = await send(
        new Request(`http://localhost/login?token=${await hs256(claims(), OTHER)}`),
      );
      assert.deepEqual(http.headers.getSetCookie(), [
        "ar_token_refused=1; Path=/; HttpOnly; SameSite=Lax; Max-Age=300",
      ]);
    });

    it(`${name}: a valid token logs in whatever the counter says, and clears it`, async () => {
      const r = await send(login(await hs256(claims()), `${COUNTER}=3`));
      assert.equal(r.status, 302);
      assert.equal(r.headers.get("location"), "/app");
      const set = r.headers.getSetCookie();
      assert.match(set[0], /^__Host-ar_token=eyJ/);
      assert.equal(set[1], `${COUNTER}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0; Secure`);
      const fresh = await send(login(await hs256(claims()), ""));
      assert.equal(fresh.headers.getSetCookie().length, 1, "no counter: nothing to clear");
    });

    it(`${name}: a planted counter counts as 0 to 3 (1 to 9 read, capped; else 0)`, async () => {
      const token = await hs256(claims(), OTHER);
      for (
        const [planted, status, next] of [
          ["9", 401, "3"],
          ["99", 302, "1"],
          ["-5", 302, "1"],
          ["1e9", 302, "1"],
          ["abc", 302, "1"],
          ["", 302, "1"],
          ["1", 302, "2"],
        ] as const
      ) {
        const r = await send(login(token, `${COUNTER}=${planted}`));
        assert.equal(r.status, status, planted);
        assert.match(r.headers.getSetCookie()[0], new RegExp(`^${COUNTER}=${next};`), planted);
      }
    });

    it(`${name}: a page that reflects the token's claims escapes them`, async () => {
      const token = await hs256(claims({ aud: `<script>alert("x")</script>` }), OTHER);
      const page = await (await send(login(token, `${COUNTER}=2`))).text();
      assert.ok(!page.includes("<script>"), page);
      assert.ok(page.includes("&#60;script&#62;alert(&#34;x&#34;)&#60;/script&#62;"), page);
    });
  }

  it("the counter is SameSite=Lax even when the session cookie is Strict", async () => {
    for (const { send } of apps({ cookie: { sameSite: "Strict" } })) {
      const r = await send(login(await hs256(claims(), OTHER), ""));
      assert.match(r.headers.getSetCookie()[0], /; SameSite=Lax;/);
    }
  });
});
