// The redirect loop of issue 20, in a real browser (Debian's Chromium, driven by playwright-core):
// withAuthRocket (the npm build, served by Node on 127.0.0.1) is given another realm's
// jwtSecret; the emulator's hosted login page (LoginRocket) sends every login back with a token
// the app refuses. Where LoginRocket's own session would bounce the browser back at once, the
// test submits the form again, as fast as it can. The app sends the browser back to LoginRocket
// at most 3 times in all, then answers 401 with the page that names the reason and what to
// check; its log has one line, naming the realm and jwtSecret, with no token or key in it. The
// emulator and the app share one fixed clock (tokens are minted and checked on it).
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { serve } from "@hono/node-server";
import { launchChromium } from "./chromium.mjs";
import { createEmulator } from "../../npm/esm/testing.js";
import { withAuthRocket } from "../../npm/esm/middleware.js";
import { SALLY } from "../../npm/esm/tests/helpers.js";

const NOW = Date.UTC(2026, 10, 28, 12, 0, 0);

/** Serve `handler` on 127.0.0.1 with Node's http server; its origin and server. */
function listen(handler) {
  return new Promise((ok) => {
    const server = serve(
      { fetch: handler, port: 0, hostname: "127.0.0.1" },
      (info) => ok({ origin: `http://127.0.0.1:${info.port}`, server }),
    );
  });
}

describe("Chromium: a wrong jwtSecret against the emulator's hosted login", () => {
  let browser, lr, app, realm, wrongKey;
  const lines = [];

  before(async () => {
    const emu = createEmulator({ passwordIterations: 1000, now: () => NOW });
    lr = await emu.listen();
    const base = emu.client();
    realm = await base.realms.createOrThrow({ name: "Logins" });
    const other = await base.realms.createOrThrow({ name: "Another" });
    wrongKey = other.jwt_key;
    await base.withRealm(realm.id).users.createOrThrow(SALLY);
    const handler = withAuthRocket(
      async (_req, { session }) => new Response(`Hello ${(await session.user()).name}`),
      {
        client: { jwtSecret: wrongKey, loginUrl: lr.loginUrl },
        now: () => NOW,
        log: (line) => lines.push(line),
      },
    );
    app = await listen(handler);
    await base.withRealm(realm.id).loginPolicies.createOrThrow({
      name: "App",
      login_handler: `${app.origin}/login`,
    });
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await new Promise((ok) => app?.server ? app.server.close(ok) : ok());
    await lr?.close();
  });

  it("at most 3 redirects to LoginRocket, then 401 with the page; one log line", async () => {
    const page = await browser.newPage();
    const toLoginRocket = [];
    page.on("response", (r) => {
      const location = r.headers()["location"] ?? "";
      if (
        r.url().startsWith(app.origin) && r.status() === 302 && location.startsWith(lr.loginUrl)
      ) {
        toLoginRocket.push(new URL(r.url()).pathname);
      }
    });
    await page.goto(`${app.origin}/app`);
    // LoginRocket would send the browser straight back; here it logs in again, up to 6 times.
    let rounds = 0;
    while (rounds < 6 && (await page.locator('input[name="password"]').count()) > 0) {
      rounds++;
      await page.fill('input[name="username"]', "sally");
      await page.fill('input[name="password"]', "correct horse");
      await Promise.all([page.waitForNavigation(), page.click('button[type="submit"]')]);
    }
    assert.equal(rounds, 3, "the third login is the last");
    assert.deepEqual(toLoginRocket, ["/app", "/login", "/login"]);
    assert.equal(new URL(page.url()).origin, app.origin);
    assert.equal(await page.textContent("h1"), "Login refused");
    const text = await page.textContent("body");
    assert.match(text, /refused the login 3 times in a row \(signature\)/);
    assert.match(text, /does not match jwtSecret/);
    assert.ok(text.includes(realm.id), text);
    assert.equal(await page.getAttribute("a", "href"), `${lr.loginUrl}login?redir=%2Fapp`);
    const cookies = await page.context().cookies(app.origin);
    assert.deepEqual(cookies.map((c) => [c.name, c.value]), [["ar_token_refused", "3"]]);

    assert.equal(lines.length, 1, lines.join("\n"));
    assert.match(lines[0], /^authrocket-edge: withAuthRocket GET \/login: refused \(signature\)/);
    assert.ok(lines[0].includes(realm.id) && lines[0].includes("jwtSecret"), lines[0]);
    for (const s of [wrongKey, realm.jwt_key, "correct horse"]) {
      assert.ok(!lines[0].includes(s) && !text.includes(s), "no key or password");
    }
    assert.ok(!/eyJ[\w-]{8}/.test(lines[0] + text), "no token");
  });
});
