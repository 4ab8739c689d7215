// End to end in a real browser: Debian's Chromium driven by playwright-core. The emulator
// (the npm build, on Node) and examples/deno_server.ts (under Deno) run on 127.0.0.1; the
// browser opens a protected page, lands on the emulator's hosted login page, submits the
// form, comes back logged in, reloads, logs out, and is sent to log in again.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtempSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { launchChromium } from "./chromium.mjs";
import { createEmulator } from "../../npm/esm/testing.js";
import { SALLY } from "../../npm/esm/tests/helpers.js";
import { ROOT } from "../../scripts/bundle.mjs";

/** Start the Deno example app; resolves with its URL once it listens. */
function startApp(env) {
  const child = spawn("npx", ["--yes", "deno@2.9.6", "run", "-A", "examples/deno_server.ts"], {
    cwd: ROOT,
    env: { ...process.env, ...env, PORT: "0", HOST: "127.0.0.1", NO_COLOR: "1" },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true, // its own process group: npx's deno child is stopped with it
  });
  let err = "";
  child.stderr.on("data", (d) => (err += d));
  const url = new Promise((ok, fail) => {
    let out = "";
    child.stdout.on("data", (d) => {
      out += d;
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+)\//.exec(out);
      if (m) ok(m[1]);
    });
    child.on("exit", (code) => fail(new Error(`deno_server exited ${code}: ${err}`)));
  });
  return { child, url };
}

describe("Chromium: hosted login round trip (examples/deno_server.ts + the emulator)", () => {
  let server, app, browser, appUrl;
  const shots = mkdtempSync(join(tmpdir(), "authrocket-edge-e2e-"));

  before(async () => {
    const emu = createEmulator({ passwordIterations: 1000 });
    server = await emu.listen();
    const base = emu.client();
    const realm = await base.realms.createOrThrow({ name: "Browser" });
    const ar = base.withRealm(realm.id);
    await ar.users.createOrThrow(SALLY);
    app = startApp({
      AUTHROCKET_URL: server.url,
      AUTHROCKET_API_KEY: emu.apiKey,
      AUTHROCKET_REALM: realm.id,
      AUTHROCKET_JWT_SECRET: realm.jwt_key,
      AUTHROCKET_LOGIN_URL: server.loginUrl,
    });
    appUrl = await app.url;
    await ar.loginPolicies.createOrThrow({ name: "App", login_handler: `${appUrl}/login` });
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    if (app) {
      try {
        process.kill(-app.child.pid, "SIGTERM");
      } catch { /* already gone */ }
      app.child.stdout.destroy();
      app.child.stderr.destroy();
    }
    await server?.close();
  });

  it("protected page → login form → back logged in → reload → logout → login again", async () => {
    const page = await browser.newPage();
    await page.goto(`${appUrl}/`);
    assert.ok(page.url().startsWith(server.loginUrl + "login"), page.url());
    assert.equal(new URL(page.url()).searchParams.get("redir"), "/");

    await page.fill('input[name="username"]', "sally");
    await page.fill('input[name="password"]', "wrong password");
    await page.click('button[type="submit"]');
    assert.equal(await page.textContent('[role="alert"]'), "Invalid username or password.");

    await page.fill('input[name="username"]', "sally");
    await page.fill('input[name="password"]', "correct horse");
    await Promise.all([page.waitForURL(`${appUrl}/`), page.click('button[type="submit"]')]);
    assert.equal(await page.textContent("#greeting"), "Hello, Sally Sue!");
    assert.ok(!page.url().includes("token="), "the token left the address bar");
    const cookies = await page.context().cookies(appUrl);
    const c = cookies.find((x) => x.name === "ar_token");
    assert.ok(c && c.httpOnly && c.sameSite === "Lax", JSON.stringify(cookies));

    const shot = join(shots, "logged-in.png");
    await page.screenshot({ path: shot });
    assert.ok(statSync(shot).size > 1000, "a screenshot of the logged-in page");

    await page.reload();
    assert.equal(await page.textContent("#greeting"), "Hello, Sally Sue!", "still in after reload");

    await Promise.all([page.waitForURL(/\/lr\/login/), page.click("#logout")]);
    assert.ok(page.url().startsWith(server.loginUrl + "login"), page.url());
    assert.equal(await page.isVisible('input[name="password"]'), true, "asked to log in again");
    assert.equal((await page.context().cookies(appUrl)).some((x) => x.name === "ar_token"), false);
    console.log(`# screenshot: ${shot}`);
  });
});
