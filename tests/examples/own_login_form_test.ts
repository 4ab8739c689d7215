// examples/own_login_form.ts as its users run it, against the emulator: the app's own form, a
// wrong password, the 2FA code step (a wrong code, then the right one), the token handed to the
// login handler, the greeting, and signing out ending the managed session. (Its browser build
// runs in Chromium: tests/runtimes/loginrocket_browser.node.mjs.)
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { createApp } from "../../examples/own_login_form.ts";
import { browser } from "../browser.ts";
import { APP, inWorld } from "../loginrocket/world.ts";
import { SALLY } from "../helpers.ts";

describe("examples/own_login_form.ts: its own form, through LoginRocket's API", () => {
  it("form → wrong password → code step → wrong code → right code → logged in → sign out", async () => {
    await inWorld("in-process", async (w) => {
      const secret = await w.enrolTotp();
      const env = { AUTHROCKET_JWT_SECRET: w.realm.jwt_key, AUTHROCKET_LOGIN_URL: w.lrUrl };
      const app = createApp(env, w.fetch);
      const b = browser({ [APP]: (r) => app(r), [w.emu.origin]: (r) => w.emu.handle(r) });

      const first = await b.go(`${APP}/inbox?tab=2`);
      assert.equal(first.url, `${APP}/signin?redir=%2Finbox%3Ftab%3D2`);
      assert.match(first.text, /<form method="post" action="\/signin">/);
      assert.doesNotMatch(first.text, /<script/, "no browser client configured: a plain form");

      const redir = "/inbox?tab=2";
      const wrong = await b.go(`${APP}/signin`, { username: "sally", password: "nope", redir });
      assert.match(wrong.text, /<p role="alert">Invalid username or password<\/p>/);

      const code = await b.go(`${APP}/signin`, {
        username: "sally",
        password: SALLY.password,
        redir,
      });
      const token = /name="token" value="(kli_[^"]+)"/.exec(code.text)![1];
      assert.match(code.text, /<div id="password-step" hidden>/);
      assert.match(code.text, /<div id="code-step">/);

      const bad = await b.go(`${APP}/signin`, { token, code: "000000", redir });
      assert.match(bad.text, /Verification failed/);
      assert.ok(bad.text.includes(`value="${token}"`), "still at the code step");

      const done = await b.go(`${APP}/signin`, { token, code: await w.emu.totp(secret), redir });
      assert.ok(done.hops.some((h) => h.startsWith(`${APP}/login?token=`)), done.hops.join(" "));
      assert.equal(done.url, `${APP}/inbox?tab=2`, "the login handler sent the user on");
      assert.match(done.text, /Hello, Sally Sue!/);
      const cookie = b.jar.get(APP)!.get("ar_token")!;
      const session = (await w.session(cookie))!;
      assert.ok(await w.ar.sessions.retrieve(session.id));

      const out = await b.go(`${APP}/signout`, {});
      assert.equal(await w.ar.sessions.retrieve(session.id), null, "the managed session ended");
      assert.equal(b.jar.get(APP)!.has("ar_token"), false, "the cookie is cleared");
      assert.equal(new URL(out.url).pathname, "/signin");
    });
  });

  it("too many failures: the form says so (429)", async () => {
    await inWorld("in-process", async (w) => {
      const env = { AUTHROCKET_JWT_SECRET: w.realm.jwt_key, AUTHROCKET_LOGIN_URL: w.lrUrl };
      const app = createApp(env, w.fetch);
      const post = () =>
        app(
          new Request(`${APP}/signin`, {
            method: "POST",
            body: new URLSearchParams({ username: "sally", password: "nope" }),
          }),
        );
      for (let i = 0; i < 10; i++) assert.equal((await post()).status, 200);
      const limited = await post();
      assert.equal(limited.status, 429);
      assert.match(await limited.text(), /Too many attempts/);
    });
  });

  it("with BROWSER_CLIENT the page logs in from the browser: the module and LoginRocket's URL", async () => {
    await inWorld("in-process", async (w) => {
      const app = createApp({
        AUTHROCKET_JWT_SECRET: w.realm.jwt_key,
        AUTHROCKET_LOGIN_URL: w.lrUrl,
        BROWSER_CLIENT: "/assets/loginrocket.js",
      }, w.fetch);
      const page = await (await app(new Request(`${APP}/signin`))).text();
      assert.match(page, /import \{ LoginRocket \} from "\/assets\/loginrocket\.js";/);
      assert.ok(page.includes(`new LoginRocket({ url: ${JSON.stringify(w.lrUrl)} })`));
    });
  });
});
