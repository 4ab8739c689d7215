// authrocket-edge/loginrocket in a real browser (Debian's Chromium, driven by playwright-core),
// its browser build (the npm package bundled by esbuild for browsers, as a user's bundler would)
// served by the app at one origin, LoginRocket (the emulator, the npm build on Node) at another:
// - examples/own_login_form.ts with BROWSER_CLIENT: the page logs in straight to LoginRocket
//   (CORS), through the 2FA step, and lands logged in; the password never reaches the app;
// - every call and every error of the client, run in the page;
// - the JSON API from the page: a JSON POST (CORS preflight), JSONP with a script tag, and a
//   page of an origin the connected app does not list, refused.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import * as esbuild from "esbuild";
import { serve } from "@hono/node-server";
import { launchChromium } from "./chromium.mjs";
import { createEmulator } from "../../npm/esm/testing.js";
import { SALLY } from "../../npm/esm/tests/helpers.js";
import { createApp } from "../../npm/esm/examples/own_login_form.js";
import { ROOT } from "../../scripts/bundle.mjs";
import { checkScenario, prepareScenario, SCENARIO } from "./loginrocket_scenario.mjs";

/** The npm package's loginrocket entry, bundled for browsers. */
async function browserBuild() {
  const out = await esbuild.build({
    entryPoints: [join(ROOT, "npm/esm/loginrocket.js")],
    bundle: true,
    write: false,
    format: "esm",
    platform: "browser",
    minify: true,
    logLevel: "silent",
  });
  return out.outputFiles[0].text;
}

/** Serve `handler` on 127.0.0.1 with Node's http server; its origin. */
function listen(handler) {
  return new Promise((ok) => {
    const server = serve(
      { fetch: handler, port: 0, hostname: "127.0.0.1" },
      (info) => ok({ origin: `http://127.0.0.1:${info.port}`, port: info.port, server }),
    );
  });
}

describe("Chromium: authrocket-edge/loginrocket, its browser build, against the emulator", () => {
  let browser, app, emu, lrServer, scenarioServer, sally, ar, secret;
  const posted = []; // what the browser POSTed to the app
  let handler;

  before(async () => {
    const js = await browserBuild();
    app = await listen(async (req) => {
      const url = new URL(req.url);
      if (req.method === "POST") posted.push(url.pathname);
      if (url.pathname === "/assets/loginrocket.js") {
        return new Response(js, { headers: { "content-type": "text/javascript" } });
      }
      if (url.pathname === "/assets/scenario.js") {
        return new Response(SCENARIO, { headers: { "content-type": "text/javascript" } });
      }
      if (url.pathname === "/blank") {
        return new Response("<!doctype html><title>blank</title>", {
          headers: { "content-type": "text/html" },
        });
      }
      return await handler(req);
    });
    emu = createEmulator({ passwordIterations: 1000 });
    lrServer = await emu.listen();
    const base = emu.client();
    const realm = await base.realms.createOrThrow({ name: "Own form" });
    ar = base.with({ realm: realm.id, jwtSecret: realm.jwt_key });
    await ar.loginPolicies.createOrThrow({ name: "App", login_handler: `${app.origin}/login` });
    sally = await ar.users.createOrThrow(SALLY);
    await ar.authProviders.createOrThrow({ provider_type: "totp" });
    const cred = await ar.credentials.createOrThrow({
      user_id: sally.id,
      credential_type: "totp",
      name: "Phone",
    });
    secret = cred.otp_secret;
    await cred.verify(await emu.totp(secret));
    handler = createApp({
      AUTHROCKET_JWT_SECRET: realm.jwt_key,
      AUTHROCKET_LOGIN_URL: lrServer.loginUrl,
      BROWSER_CLIENT: "/assets/loginrocket.js",
    });
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await lrServer?.close();
    await scenarioServer?.close();
    await new Promise((ok) => app?.server.close(ok));
  });

  it("the example's page logs in from the browser (2FA), lands logged in, signs out", async () => {
    const page = await browser.newPage();
    await page.goto(`${app.origin}/inbox`);
    assert.equal(page.url(), `${app.origin}/signin?redir=%2Finbox`);
    await page.fill('input[name="username"]', "sally");
    await page.fill('input[name="password"]', "wrong password");
    await page.click('button[type="submit"]');
    await page.waitForFunction(() => document.querySelector("[role=alert]").textContent !== "");
    assert.equal(await page.textContent("[role=alert]"), "Invalid username or password");

    await page.fill('input[name="password"]', SALLY.password);
    await page.click('button[type="submit"]');
    await page.waitForSelector('input[name="code"]', { state: "visible" });
    assert.match(await page.inputValue('input[name="token"]'), /^kli_/);
    await page.fill('input[name="code"]', await emu.totp(secret));
    await Promise.all([
      page.waitForURL(`${app.origin}/inbox`),
      page.click('button[type="submit"]'),
    ]);
    assert.equal(await page.textContent("#greeting"), "Hello, Sally Sue!");
    assert.deepEqual(
      posted,
      [],
      "the form never posted to the app: the browser called LoginRocket",
    );

    const cookie = (await page.context().cookies(app.origin)).find((c) => c.name === "ar_token");
    const session = await ar.sessions.fromToken(cookie.value);
    assert.equal(session.user_id, sally.id);
    await Promise.all([page.waitForURL(/\/signin/), page.click("#signout")]);
    assert.equal(await ar.sessions.retrieve(session.id), null, "signing out ended the session");
    await page.close();
  });

  it("every call and every error of the client, in the page", async () => {
    const emu2 = createEmulator({ passwordIterations: 1000 });
    scenarioServer = await emu2.listen();
    const world = await prepareScenario(emu2, scenarioServer, app.origin);
    const page = await browser.newPage();
    await page.goto(`${app.origin}/blank`);
    const r = await page.evaluate(async (o) => {
      const m = await import("/assets/loginrocket.js");
      const { scenario } = await import("/assets/scenario.js");
      return await scenario(m, o);
    }, world.options);
    await checkScenario(r, world, app.origin);

    // The JSON API by hand: a JSON body (a CORS preflight first), and JSONP with a script tag.
    const lr = scenarioServer.loginUrl;
    const json = await page.evaluate(async (lr) => {
      const res = await fetch(`${lr}v1/login`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ username: "sally", password: "wrong password" }),
      });
      return { status: res.status, body: await res.json() };
    }, lr);
    assert.deepEqual(json, {
      status: 200,
      body: { errors: { base: ["Invalid username or password"] } },
    });
    const jsonp = await page.evaluate(
      (src) =>
        new Promise((ok, fail) => {
          globalThis.jsonpDone = ok;
          const s = document.createElement("script");
          s.src = src;
          s.onerror = () => fail(new Error("the script did not load"));
          document.head.append(s);
        }),
      `${lr}v1/login?${new URLSearchParams({
        callback: "jsonpDone",
        username: "sally",
        password: SALLY.password,
      })}`,
    );
    assert.match(jsonp.token, /^kli_/, "Sally has 2FA: the code is asked for");
    await page.close();
  });

  it("a page of an origin the connected app does not list cannot call LoginRocket", async () => {
    const page = await browser.newPage();
    // Another origin for the same server: localhost is not 127.0.0.1.
    await page.goto(`http://localhost:${app.port}/blank`);
    const before = (await ar.sessions.all({ user_id: sally.id })).length;
    const r = await page.evaluate(async (url) => {
      const { LoginRocket } = await import("/assets/loginrocket.js");
      try {
        await new LoginRocket({ url }).login({ username: "sally", password: "correct horse" });
        return "resolved";
      } catch (e) {
        return e.name;
      }
    }, lrServer.loginUrl);
    assert.equal(
      r,
      "ConnectionError",
      "refused (403 without CORS headers): the page cannot read it",
    );
    assert.equal((await ar.sessions.all({ user_id: sally.id })).length, before, "no login ran");
    await page.close();
  });
});
