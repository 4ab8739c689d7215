// The emulator's hosted pages as AuthRocket 1's LoginRocket served them (spec §7.1, §5.13), in
// process and over real HTTP: the bare LoginRocket URL is the login page; the first login after
// a signup carries `signup=true`; a full URL as `redir` comes back as its path and query; the
// signup modes (user + org, signup token) and the gem-compatible `POST users` with a signup
// token; the page a login ends on without a login handler; the form's attempt limit.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startCli } from "../emulator_process.ts";
import { unchecked } from "../../mod.ts";
import { APP, inWorld, type LrWorld, MODES } from "../loginrocket/world.ts";
import { LOGIN_FAILURE_WINDOW, MAX_LOGIN_FAILURES } from "../../src/emulator/loginrocket.ts";
import { SALLY } from "../helpers.ts";

/** POST a hosted form as a browser would; the answer is not followed. */
const submit = (w: LrWorld, page: string, fields: Record<string, string>) =>
  w.fetch(new URL(page, w.lrUrl), {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(fields).toString(),
    redirect: "manual",
  });

/** Where a redirect points. */
const location = (r: Response) => new URL(r.headers.get("location")!);

for (const mode of MODES) {
  describe(`hosted pages as LoginRocket serves them (${mode})`, () => {
    it("the bare LoginRocket URL is the login page (without its slash: sent to it)", async () => {
      await inWorld(mode, async (w) => {
        const root = await w.fetch(`${w.lrUrl}?redir=%2Fapp`);
        assert.equal(root.status, 200);
        const text = await root.text();
        assert.match(text, /<form method="post" action="login">/);
        assert.match(text, /name="redir" value="\/app"/);
        const bare = await w.fetch(`${w.lrUrl.slice(0, -1)}?redir=%2Fapp`, { redirect: "manual" });
        assert.equal(bare.status, 302);
        assert.equal(bare.headers.get("location"), "/lr/?redir=%2Fapp");
        // The form's relative action, resolved against the root, is the login page.
        const done = await submit(w, new URL("login", w.lrUrl).href, {
          username: "sally",
          password: SALLY.password,
        });
        assert.equal(done.status, 302);
        assert.equal(`${location(done).origin}${location(done).pathname}`, `${APP}/login`);
      });
    });

    it("the first login after a signup carries signup=true beside token; later ones do not", async () => {
      await inWorld(mode, async (w) => {
        await w.openSignups();
        const r = await submit(w, "signup", {
          email: "tom@example.com",
          password: "long enough",
          redir: "/welcome",
        });
        assert.equal(r.status, 302);
        const to = location(r);
        assert.deepEqual([...to.searchParams.keys()], ["token", "redir", "signup"]);
        assert.equal(to.searchParams.get("signup"), "true");
        assert.ok(await w.session(to.searchParams.get("token")));
        const again = await submit(w, "login", {
          username: "tom@example.com",
          password: "long enough",
        });
        assert.equal(location(again).searchParams.has("signup"), false);
      });
    });

    it("a full URL as redir is handed back as its path and query (login, 2FA, signup)", async () => {
      await inWorld(mode, async (w) => {
        const redir = "https://evil.example:8443/inbox?tab=2#top";
        const login = await submit(w, "login", {
          username: "sally",
          password: SALLY.password,
          redir,
        });
        assert.equal(location(login).searchParams.get("redir"), "/inbox?tab=2");
        await w.openSignups();
        const signup = await submit(w, "signup", {
          email: "tom@example.com",
          password: "long enough",
          redir,
        });
        assert.equal(location(signup).searchParams.get("redir"), "/inbox?tab=2");
        const secret = await w.enrolTotp();
        const step = await submit(w, "login", {
          username: "sally",
          password: SALLY.password,
          redir,
        });
        const kli = /name="kli" value="(kli_[^"]+)"/.exec(await step.text())![1];
        const code = await submit(w, "login", { kli, code: await w.emu.totp(secret), redir });
        assert.equal(location(code).searchParams.get("redir"), "/inbox?tab=2");
        const path = await submit(w, "login", {
          username: "tom@example.com",
          password: "long enough",
          redir: "/a?b=c",
        });
        assert.equal(location(path).searchParams.get("redir"), "/a?b=c", "a path stays as it is");
      });
    });

    it("2FA: after 5 wrong codes the code page sends the user back to the password", async () => {
      await inWorld(mode, async (w) => {
        await w.enrolTotp();
        const step = await submit(w, "login", { username: "sally", password: SALLY.password });
        const kli = /name="kli" value="(kli_[^"]+)"/.exec(await step.text())![1];
        for (let i = 0; i < 5; i++) {
          const wrong = await submit(w, "login", { kli, code: "000000" });
          assert.match(await wrong.text(), /That code is not right/);
        }
        const dead = await (await submit(w, "login", { kli, code: "000000" })).text();
        assert.match(dead, /That login has expired; log in again/);
        assert.match(dead, /name="password"/);
      });
    });

    it("signup-token mode: the signup handler receives the utk_ token; POST users { user: { token } } makes the user", async () => {
      await inWorld(mode, async (w) => {
        await w.openSignups("user_token");
        const r = await submit(w, "signup", {
          username: "Tom",
          email: "tom@example.com",
          first_name: "Tom",
          last_name: "Thumb",
          password: "long enough",
        });
        assert.equal(r.status, 302);
        const to = location(r);
        assert.equal(`${to.origin}${to.pathname}`, `${APP}/signups`);
        const token = to.searchParams.get("token")!;
        assert.match(token, /^utk_/);
        assert.equal(to.searchParams.has("signup"), false, "no login yet");
        const held = await w.ar.userTokens.find(token);
        assert.equal(held.email, "tom@example.com");

        // What AuthRocket's sample app does with it, through the API (the gem's create).
        const user = await w.ar.users.createOrThrow(unchecked({ token }));
        assert.equal(user.username, "tom");
        assert.equal(user.email, "tom@example.com");
        assert.equal(user.name, "Tom Thumb");
        assert.equal((await w.ar.users.authenticate("tom", "long enough")).id, user.id);
        assert.equal(await w.ar.userTokens.retrieve(token), null, "the token is spent");
        const twice = await w.ar.users.create(unchecked({ token }));
        assert.ok(twice.errors.includes("Token is invalid or expired"), twice.errors.join());
      }, { handlers: { signup_handler: `${APP}/signups` } });
    });

    it("signup-token mode without a signup handler: the login handler receives the token", async () => {
      await inWorld(mode, async (w) => {
        await w.openSignups("user_token");
        const r = await submit(w, "signup", { email: "tom@example.com", password: "long enough" });
        const to = location(r);
        assert.equal(`${to.origin}${to.pathname}`, `${APP}/login`);
        assert.match(to.searchParams.get("token")!, /^utk_/);
      });
    });

    it("user + org signups: the page asks the org's name; the user lands with an org", async () => {
      await inWorld(mode, async (w) => {
        await w.openSignups("user_org");
        assert.match(await (await w.fetch(`${w.lrUrl}signup`)).text(), /name="org_name"/);
        const none = await submit(w, "signup", {
          email: "tom@example.com",
          password: "long enough",
        });
        assert.equal(none.status, 422);
        assert.match(await none.text(), /Org name can&#39;t be blank/);
        const r = await submit(w, "signup", {
          email: "tom@example.com",
          password: "long enough",
          org_name: "Thumb Inc",
        });
        const user = await (await w.session(location(r).searchParams.get("token")))!.user();
        const [m] = await w.ar.memberships.all({ user_id: user.id });
        assert.equal((await m.org())?.name, "Thumb Inc");
      });
    });

    it("without a login handler a login ends on the emulator's page: who logged in, and --login-handler", async () => {
      await inWorld(mode, async (w) => {
        const r = await submit(w, "login", { username: "sally", password: SALLY.password });
        const to = location(r);
        assert.equal(`${to.origin}${to.pathname}`, `${w.lrUrl}logged-in`);
        const page = await w.fetch(to.href);
        assert.equal(page.status, 200);
        const text = await page.text();
        assert.match(text, /<h1>Login worked<\/h1>/);
        assert.match(text, /<strong id="name">Sally Sue<\/strong>/);
        assert.match(text, /<code id="username">sally<\/code>/);
        assert.ok(text.includes(w.sally.id) && text.includes(w.realm.id));
        assert.match(text, /--login-handler http:\/\/localhost:3000\/login/);
        const token = to.searchParams.get("token")!;
        for (const bad of [token.slice(0, -2) + "xx", "nonsense", ""]) {
          const refused = await w.fetch(`${w.lrUrl}logged-in?token=${bad}`);
          assert.equal(refused.status, 400);
          assert.match(await refused.text(), /not valid/);
        }
        w.clock.ms += 361 * 60_000; // the realm's 360-minute sessions
        assert.equal((await w.fetch(to.href)).status, 400, "an expired token");
      }, { app: false });
    });

    it("the form's attempt limit: 429 with Retry-After after 10 failures, for the right password too", async () => {
      await inWorld(mode, async (w) => {
        for (let i = 0; i < MAX_LOGIN_FAILURES; i++) {
          const r = await submit(w, "login", { username: "sally", password: "wrong" });
          assert.equal(r.status, 200);
          await r.body?.cancel();
        }
        const limited = await submit(w, "login", { username: "sally", password: SALLY.password });
        assert.equal(limited.status, 429);
        assert.equal(limited.headers.get("retry-after"), String(LOGIN_FAILURE_WINDOW));
        assert.match(await limited.text(), /Too many failed logins; try again in 10 minute/);
        w.clock.ms += LOGIN_FAILURE_WINDOW * 1000;
        assert.equal(
          (await submit(w, "login", { username: "sally", password: SALLY.password })).status,
          302,
        );
      });
    });
  });
}

describe("the emulator CLI without --login-handler", () => {
  it("a hosted login ends on the emulator's 'login worked' page, not on a 404", async () => {
    const dir = mkdtempSync(join(tmpdir(), "ar-lr-"));
    const seed = join(dir, "seed.json");
    writeFileSync(seed, JSON.stringify({ realms: [{ name: "App", users: [SALLY] }] }));
    const cli = await startCli(["--port", "0", "--seed", seed]);
    try {
      const lr = cli.env.AUTHROCKET_LOGIN_URL;
      const res = await fetch(new URL("login", lr), {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ username: "sally", password: SALLY.password }),
        redirect: "manual",
      });
      assert.equal(res.status, 302);
      const to = location(res);
      assert.equal(`${to.origin}${to.pathname}`, `${lr}logged-in`);
      const page = await fetch(to);
      assert.equal(page.status, 200);
      const text = await page.text();
      assert.match(text, /Login worked/);
      assert.match(text, /<code id="username">sally<\/code>/);
      assert.match(text, /--login-handler http:\/\/localhost:3000\/login/);
    } finally {
      await cli.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
