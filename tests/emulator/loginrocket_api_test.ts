// The emulator's LoginRocket JSON API (`AUTHROCKET_LOGIN_URL` + `v1/login`, `v1/signup`,
// `v1/logout`), spoken to as an independent client would, in-process and over real HTTP: JSON
// and form bodies, the 2FA step, the same errors and attempt limits as the hosted form, the
// signup modes, logout ending the managed session, JSONP, CORS with preflight.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { APP, inWorld, type LrWorld, MODES } from "../loginrocket/world.ts";
import { MAX_CODE_TRIES } from "../../src/emulator/auth.ts";
import {
  BAD_LOGIN,
  LOGIN_FAILURE_WINDOW,
  MAX_LOGIN_FAILURES,
  SIGNUPS_OFF,
} from "../../src/emulator/loginrocket.ts";
import { SALLY } from "../helpers.ts";

/** POST a LoginRocket call as JSON (or `form`), from `origin` when given. */
async function post(
  w: LrWorld,
  call: string,
  params: Record<string, string>,
  o: { form?: boolean; origin?: string } = {},
) {
  const headers: Record<string, string> = { accept: "application/json" };
  if (o.origin) headers.origin = o.origin;
  headers["content-type"] = o.form ? "application/x-www-form-urlencoded" : "application/json";
  const res = await w.fetch(`${w.lrUrl}v1/${call}`, {
    method: "POST",
    headers,
    body: o.form ? new URLSearchParams(params).toString() : JSON.stringify(params),
  });
  const text = await res.text();
  return { res, status: res.status, body: text ? JSON.parse(text) : undefined };
}

const LOGIN = { username: "sally", password: SALLY.password };

for (const mode of MODES) {
  describe(`LoginRocket API (${mode})`, () => {
    it("login: JSON or form → token and the handler URL with it (redir reduced to its path)", async () => {
      await inWorld(mode, async (w) => {
        const r = await post(w, "login", { ...LOGIN, redir: "https://evil.example/inbox?x=1#f" });
        assert.equal(r.status, 200);
        assert.deepEqual(Object.keys(r.body).sort(), ["token", "url"]);
        const url = new URL(r.body.url);
        assert.equal(`${url.origin}${url.pathname}`, `${APP}/login`);
        assert.equal(url.searchParams.get("token"), r.body.token);
        assert.equal(url.searchParams.get("redir"), "/inbox?x=1");
        assert.equal(url.searchParams.has("signup"), false);
        assert.equal((await w.session(r.body.token))?.user_id, w.sally.id);
        assert.match(r.res.headers.get("x-request-id") ?? "", /^\w{22}$/);

        const form = await post(w, "login", LOGIN, { form: true });
        assert.equal((await w.session(form.body.token))?.user_id, w.sally.id);
        const byEmail = await post(w, "login", {
          email: "SALLY@example.com",
          password: "correct horse",
        });
        assert.equal((await w.session(byEmail.body.token))?.user_id, w.sally.id, "by email");
        const get = await w.fetch(`${w.lrUrl}v1/login?${new URLSearchParams(LOGIN)}`);
        assert.equal((await w.session((await get.json()).token))?.user_id, w.sally.id, "GET");
      });
    });

    it("login: a wrong password, an unknown user and an inactive one get the hosted form's error", async () => {
      await inWorld(mode, async (w) => {
        await w.ar.users.createOrThrow({ ...SALLY, username: "off", email: "off@example.com" })
          .then((u) => u.updateOrThrow({ state: "inactive" }));
        const attempts: Record<string, string>[] = [
          { username: "sally", password: "wrong password" },
          { username: "nobody", password: SALLY.password },
          { username: "off", password: SALLY.password },
          { email: "nobody@example.com", password: SALLY.password },
        ];
        for (const p of attempts) {
          const r = await post(w, "login", p);
          assert.equal(r.status, 200, "LoginRocket answers 200 with the errors");
          assert.deepEqual(r.body, { errors: { base: [BAD_LOGIN] } });
        }
        const blank = await post(w, "login", { password: "x" });
        assert.deepEqual(blank.body, {
          errors: { username: ["Username or email can't be blank"] },
        });
      });
    });

    it("login: one PBKDF2 derivation per failure, known user or not (no username oracle)", async () => {
      await inWorld(mode, async (w) => {
        await w.ar.users.createOrThrow({ ...SALLY, username: "off", email: "off@example.com" })
          .then((u) => u.updateOrThrow({ state: "inactive" }));
        await post(w, "login", { username: "warm", password: "up" }); // the dummy hash, made once
        const subtle = crypto.subtle;
        const original = subtle.deriveBits;
        let count = 0;
        subtle.deriveBits = function (...args: Parameters<SubtleCrypto["deriveBits"]>) {
          count++;
          return original.apply(subtle, args);
        } as SubtleCrypto["deriveBits"];
        try {
          for (const username of ["sally", "nobody", "off", "usr_doesnotexist"]) {
            count = 0;
            await post(w, "login", { username, password: "wrong password" });
            assert.equal(count, 1, username);
          }
        } finally {
          subtle.deriveBits = original;
        }
      });
    });

    it("login with 2FA: the password answers a kli_ token, then the code logs in; 5 wrong codes end it", async () => {
      await inWorld(mode, async (w) => {
        const secret = await w.enrolTotp();
        const first = await post(w, "login", LOGIN);
        assert.deepEqual(Object.keys(first.body), ["token"], "no url: nothing for the app yet");
        assert.match(first.body.token, /^kli_/);
        const wrong = await post(w, "login", { token: first.body.token, code: "000000" });
        assert.deepEqual(wrong.body, { errors: { code: ["Verification failed"] } });
        const done = await post(w, "login", {
          token: first.body.token,
          code: await w.emu.totp(secret),
          redir: "/after",
        });
        assert.equal((await w.session(done.body.token))?.user_id, w.sally.id);
        assert.equal(new URL(done.body.url).searchParams.get("redir"), "/after");
        const spent = await post(w, "login", {
          token: first.body.token,
          code: await w.emu.totp(secret),
        });
        assert.deepEqual(spent.body, { errors: { token: ["Token is invalid or expired"] } });

        const again = await post(w, "login", LOGIN);
        for (let i = 0; i < MAX_CODE_TRIES; i++) {
          await post(w, "login", { token: again.body.token, code: "000000" });
        }
        const dead = await post(w, "login", {
          token: again.body.token,
          code: await w.emu.totp(secret),
        });
        assert.deepEqual(dead.body, { errors: { token: ["Token is invalid or expired"] } });
      });
    });

    it("the attempt limit: after 10 failures a name gets 429 (the right password too) until the window closes", async () => {
      await inWorld(mode, async (w) => {
        for (let i = 0; i < MAX_LOGIN_FAILURES; i++) {
          assert.equal((await post(w, "login", { ...LOGIN, password: "wrong" })).status, 200);
        }
        const limited = await post(w, "login", LOGIN);
        assert.equal(limited.status, 429);
        assert.equal(limited.res.headers.get("retry-after"), String(LOGIN_FAILURE_WINDOW));
        assert.equal(limited.body.retry_after, LOGIN_FAILURE_WINDOW);
        assert.match(
          limited.body.errors.base[0],
          /^Too many failed logins; try again in 10 minute/,
        );
        const other = await post(w, "login", { username: "nobody", password: "x" });
        assert.deepEqual(other.body, { errors: { base: [BAD_LOGIN] } }, "other names are not");
        w.clock.ms += LOGIN_FAILURE_WINDOW * 1000;
        const later = await post(w, "login", LOGIN);
        assert.equal((await w.session(later.body.token))?.user_id, w.sally.id);
      });
    });

    it("signup: off → the hosted page's error; user mode → logged in with signup=true", async () => {
      await inWorld(mode, async (w) => {
        const tom = { email: "tom@example.com", password: "long enough", first_name: "Tom" };
        assert.deepEqual((await post(w, "signup", tom)).body, { errors: { base: [SIGNUPS_OFF] } });
        await w.openSignups();
        const r = await post(w, "signup", { ...tom, last_name: "Thumb", redir: "/welcome" });
        const url = new URL(r.body.url);
        assert.equal(url.searchParams.get("signup"), "true");
        assert.equal(url.searchParams.get("redir"), "/welcome");
        const user = await (await w.session(r.body.token))!.user();
        assert.equal(user.username, "tom@example.com", "the email when no username is given");
        assert.equal(user.name, "Tom Thumb");
        const next = await post(w, "login", {
          username: "tom@example.com",
          password: "long enough",
        });
        assert.equal(new URL(next.body.url).searchParams.has("signup"), false, "only the first");
      });
    });

    it("signup: confirmations and the realm's rules answer field errors; nothing is made", async () => {
      await inWorld(mode, async (w) => {
        await w.openSignups();
        const bad = await post(w, "signup", {
          username: "sally",
          email: "x@example.com",
          password: "short",
        });
        assert.deepEqual(bad.body, {
          errors: {
            username: ["Username has already been taken"],
            password: ["Password is too short (minimum is 8 characters)"],
          },
        });
        const mismatch = await post(w, "signup", {
          email: "x@example.com",
          password: "long enough",
          password_confirmation: "long enougH",
        });
        assert.deepEqual(mismatch.body.errors, {
          password_confirmation: ["Password confirmation doesn't match Password"],
        });
        const email = await post(w, "signup", {
          email: "x@example.com",
          email_confirmation: "y@example.com",
          password: "long enough",
        });
        assert.deepEqual(email.body.errors, {
          email_confirmation: ["Email confirmation doesn't match Email"],
        });
        assert.equal((await w.ar.users.all()).length, 1, "only Sally");
      });
    });

    it("signup in user_org mode: org_name required; the user gets an org and a membership", async () => {
      await inWorld(mode, async (w) => {
        await w.openSignups("user_org");
        const tom = { email: "tom@example.com", password: "long enough" };
        const none = await post(w, "signup", tom);
        assert.deepEqual(none.body, { errors: { org_name: ["Org name can't be blank"] } });
        const r = await post(w, "signup", { ...tom, org_name: "Thumb Inc" });
        const user = await (await w.session(r.body.token))!.user();
        const [m] = await w.ar.memberships.all({ user_id: user.id });
        assert.equal((await m.org())?.name, "Thumb Inc");
        assert.deepEqual(m.permissions, []);
      });
    });

    it("signup in user_token mode: a utk_ token for the signup handler; POST users turns it into the user", async () => {
      await inWorld(mode, async (w) => {
        await w.openSignups("user_token");
        const r = await post(w, "signup", {
          username: "tom",
          email: "tom@example.com",
          first_name: "Tom",
          password: "long enough",
        });
        assert.match(r.body.token, /^utk_/);
        assert.equal(r.body.url, `${APP}/signup?token=${r.body.token}`);
        assert.equal((await w.ar.users.all()).length, 1, "no user yet");
        const made = await w.fetch(new URL("/v1/users", w.lrUrl), {
          method: "POST",
          headers: {
            "content-type": "application/json",
            "x-authrocket-api-key": w.emu.apiKey,
            "x-authrocket-realm": w.realm.id,
          },
          body: JSON.stringify({ user: { token: r.body.token } }),
        });
        assert.equal(made.status, 201);
        const user = await made.json();
        assert.equal(user.username, "tom");
        assert.equal(user.email, "tom@example.com");
        assert.equal(user.first_name, "Tom");
        const login = await post(w, "login", { username: "tom", password: "long enough" });
        assert.ok(await w.session(login.body.token), "the signup's password logs in");
      }, { handlers: { signup_handler: `${APP}/signup` } });
    });

    it("logout: the managed session ends (the API no longer has it); any token gets the same answer", async () => {
      await inWorld(mode, async (w) => {
        const { body } = await post(w, "login", LOGIN);
        const session = (await w.session(body.token))!;
        assert.ok(await w.ar.sessions.retrieve(session.id));
        const out = await post(w, "logout", { token: body.token });
        assert.deepEqual(out.body, { token: null, url: `${w.lrUrl}login` });
        assert.equal(await w.ar.sessions.retrieve(session.id), null);
        assert.deepEqual((await post(w, "logout", { token: body.token })).body, out.body);
        assert.deepEqual((await post(w, "logout", { token: "nonsense" })).body, out.body);
        assert.deepEqual((await post(w, "logout", {})).body, {
          errors: { token: ["Token can't be blank"] },
        });
      });
    });

    it("JSONP: GET with callback answers a script, status 200 even for errors; a bad callback is refused", async () => {
      await inWorld(mode, async (w) => {
        const get = (q: Record<string, string>) =>
          w.fetch(`${w.lrUrl}v1/login?${new URLSearchParams(q)}`);
        const ok = await get({ ...LOGIN, callback: "app.done" });
        assert.equal(ok.status, 200);
        assert.equal(ok.headers.get("content-type"), "application/javascript; charset=utf-8");
        assert.equal(ok.headers.get("x-content-type-options"), "nosniff");
        const m = /^\/\*\*\/app\.done\((.*)\);$/.exec(await ok.text())!;
        assert.ok(await w.session(JSON.parse(m[1]).token));
        const bad = await get({ username: "sally", password: "no", callback: "cb" });
        assert.equal(
          await bad.text(),
          `/**/cb(${JSON.stringify({ errors: { base: [BAD_LOGIN] } })});`,
        );
        for (const callback of ["alert(1)//", "a b", "1x", "x".repeat(65)]) {
          const r = await get({ ...LOGIN, callback });
          assert.equal(r.status, 400, callback);
          assert.equal(r.headers.get("content-type"), "application/json");
          assert.deepEqual(await r.json(), {
            errors: { callback: ["Callback must be a JavaScript function name"] },
          });
        }
      });
    });

    it("CORS: the connected app's origins (preflight too); another origin is refused before anything runs", async () => {
      await inWorld(mode, async (w) => {
        const pre = (origin: string) =>
          w.fetch(`${w.lrUrl}v1/login`, {
            method: "OPTIONS",
            headers: {
              origin,
              "access-control-request-method": "POST",
              "access-control-request-headers": "content-type",
            },
          });
        for (const origin of [APP, "https://other.test"]) {
          const p = await pre(origin);
          assert.equal(p.status, 204);
          assert.equal(p.headers.get("access-control-allow-origin"), origin);
          assert.match(p.headers.get("access-control-allow-methods")!, /POST/);
          assert.match(p.headers.get("access-control-allow-headers")!, /content-type/);
          assert.equal(p.headers.get("vary"), "origin");
        }
        const evil = await pre("https://evil.test");
        assert.equal(evil.status, 403);
        assert.equal(evil.headers.get("access-control-allow-origin"), null);

        const ok = await post(w, "login", LOGIN, { origin: APP });
        assert.equal(ok.res.headers.get("access-control-allow-origin"), APP);
        assert.match(ok.res.headers.get("access-control-expose-headers")!, /retry-after/);
        const before = (await w.ar.sessions.all({ user_id: w.sally.id })).length;
        const refused = await post(w, "login", LOGIN, { origin: "https://evil.test", form: true });
        assert.equal(refused.status, 403);
        assert.equal(refused.res.headers.get("access-control-allow-origin"), null);
        assert.equal((await w.ar.sessions.all({ user_id: w.sally.id })).length, before);
      }, { handlers: { redirect_uris: ["https://other.test/back"] } });
    });

    it("CORS without a connected app: any origin; logins end on the emulator's own page", async () => {
      await inWorld(mode, async (w) => {
        const r = await post(w, "login", LOGIN, { origin: "https://anywhere.test" });
        assert.equal(r.res.headers.get("access-control-allow-origin"), "*");
        assert.equal(r.res.headers.get("vary"), null);
        assert.equal(r.body.url, `${w.lrUrl}logged-in?token=${r.body.token}`);
      }, { app: false });
    });

    it("requests it cannot take: unknown path 404, PUT 405, other bodies 415, bad JSON 400", async () => {
      await inWorld(mode, async (w) => {
        const at = (path: string, init?: RequestInit) => w.fetch(`${w.lrUrl}v1/${path}`, init);
        const nope = await at("nope");
        assert.equal(nope.status, 404);
        assert.deepEqual(await nope.json(), { errors: { base: ["Not found"] } });
        assert.equal((await at("login/x")).status, 404);
        const put = await at("login", { method: "PUT" });
        assert.equal(put.status, 405);
        assert.equal(put.headers.get("allow"), "GET, POST, OPTIONS");
        await put.body?.cancel();
        const text = await at("login", {
          method: "POST",
          headers: { "content-type": "text/plain" },
          body: "username=sally",
        });
        assert.equal(text.status, 415);
        assert.deepEqual(await text.json(), {
          errors: { base: ["Send a JSON or form-encoded body"] },
        });
        for (const body of ["{", "[1]", '{"username":{"a":1}}']) {
          const r = await at("login", {
            method: "POST",
            headers: { "content-type": "application/json" },
            body,
          });
          assert.equal(r.status, 400, body);
          await r.body?.cancel();
        }
      });
    });
  });
}
