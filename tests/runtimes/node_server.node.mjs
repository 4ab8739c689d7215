// The Node recipe, run as its users run it: the `node-recipe` blocks of the docs (README.md and
// docs/**/*.md), each saved as server.mjs in a fresh folder where the packed tarball, hono and
// @hono/node-server are installed, started with `node`, and driven over HTTP on 127.0.0.1
// against the emulator: logged out → LoginRocket → the hosted form → back with the cookie →
// greeted → logged out with the managed session ended. Run by `node --test` after the build.
import { before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ROOT } from "../../scripts/bundle.mjs";
import { createEmulator } from "../../npm/esm/testing.js";
import { SALLY } from "../../npm/esm/tests/helpers.js";

const STEP_MS = 10_000;

/** Every ```js node-recipe <name> block of README.md and docs/**\/*.md: name → code. */
function recipes() {
  const files = [join(ROOT, "README.md")];
  const walk = (dir) => {
    if (!existsSync(dir)) return;
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith(".md")) files.push(p);
    }
  };
  walk(join(ROOT, "docs"));
  const found = new Map();
  for (const file of files) {
    const text = readFileSync(file, "utf8");
    for (const m of text.matchAll(/^```js node-recipe (\S+)\n([\s\S]*?)^```$/gm)) {
      found.set(m[1], [...(found.get(m[1]) ?? []), m[2]]);
    }
  }
  return found;
}

/** Start `node server.mjs` in `cwd`; resolves with its URL once it says it is listening. */
function start(cwd, env) {
  const proc = spawn(process.execPath, ["server.mjs"], { cwd, env, stdio: "pipe" });
  let out = "";
  const ended = new Promise((ok) => proc.on("exit", (code, signal) => ok({ code, signal })));
  const ready = new Promise((ok, fail) => {
    const timer = setTimeout(
      () => fail(new Error(`not listening after ${STEP_MS} ms: ${out}`)),
      STEP_MS,
    );
    const read = (d) => {
      out += d;
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+)\//.exec(out);
      if (m) {
        clearTimeout(timer);
        ok(m[1]);
      }
    };
    proc.stdout.setEncoding("utf8").on("data", read);
    proc.stderr.setEncoding("utf8").on("data", read);
    void ended.then((e) => {
      clearTimeout(timer);
      fail(new Error(`server.mjs exited (${e.code ?? e.signal}): ${out}`));
    });
  });
  return {
    ready,
    output: () => out,
    stop: () => {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill("SIGTERM");
      return ended;
    },
  };
}

/** A browser in miniature over real HTTP: one cookie jar per origin, no redirect followed. */
function browser() {
  const jars = new Map();
  const send = async (url, init = {}) => {
    const u = new URL(url);
    const jar = jars.get(u.origin) ?? new Map();
    jars.set(u.origin, jar);
    const headers = new Headers(init.headers);
    if (jar.size) headers.set("cookie", [...jar].map(([k, v]) => `${k}=${v}`).join("; "));
    const res = await fetch(url, {
      ...init,
      headers,
      redirect: "manual",
      signal: AbortSignal.timeout(STEP_MS),
    });
    const set = res.headers.getSetCookie();
    for (const c of set) {
      const [pair] = c.split(";");
      const i = pair.indexOf("=");
      if (/;\s*max-age=0(;|$)/i.test(c)) jar.delete(pair.slice(0, i));
      else jar.set(pair.slice(0, i), pair.slice(i + 1));
    }
    return { res, set, text: await res.text() };
  };
  return { send, jars };
}

/** The fields of the first form of a page, its inputs' names and values (hidden ones too). */
function formOf(html) {
  const form = /<form[^>]*action="([^"]*)"[^>]*>([\s\S]*?)<\/form>/.exec(html);
  assert.ok(form, `no form on the page: ${html.slice(0, 300)}`);
  const fields = {};
  for (const m of form[2].matchAll(/<input\b([^>]*)>/g)) {
    const name = /\bname="([^"]*)"/.exec(m[1])?.[1];
    if (name) fields[name] = /\bvalue="([^"]*)"/.exec(m[1])?.[1] ?? "";
  }
  return { action: form[1].replace(/&amp;/g, "&"), fields };
}

describe("the Node recipe: withAuthRocket and the Hono app on @hono/node-server", () => {
  const consumer = mkdtempSync(join(tmpdir(), "authrocket-edge-node-"));
  const found = recipes();
  before(() => {
    const { version } = JSON.parse(readFileSync(join(ROOT, "npm", "package.json"), "utf8"));
    const tgz = join(ROOT, "npm", `authrocket-edge-${version}.tgz`);
    assert.ok(existsSync(tgz), `${tgz} is missing: run node scripts/build_npm.mjs --pack`);
    writeFileSync(
      join(consumer, "package.json"),
      JSON.stringify({ name: "node-recipe", private: true, type: "module" }),
    );
    // The versions the repository tests with, as a user would name them.
    const pin = (name) =>
      `${name}@${
        JSON.parse(readFileSync(join(ROOT, "node_modules", name, "package.json"), "utf8")).version
      }`;
    execFileSync(
      "npm",
      [
        "install",
        tgz,
        pin("hono"),
        pin("@hono/node-server"),
        "--no-audit",
        "--no-fund",
        "--prefer-offline",
      ],
      { cwd: consumer, stdio: "pipe" },
    );
  });

  it("the docs hold both recipes", () => {
    assert.deepEqual([...found.keys()].sort(), ["hono", "withAuthRocket"]);
  });

  for (const [name, page] of [["withAuthRocket", "/"], ["hono", "/app"]]) {
    it(`${name}: sent to LoginRocket, logged in through the hosted form, greeted, logged out`, async () => {
      for (const code of found.get(name) ?? []) {
        // An emulator of its own for each run: a realm, Sally, and (once the app listens) the
        // login policy that sends her back.
        const emu = createEmulator({ passwordIterations: 1000 });
        const server = await emu.listen();
        const base = emu.client();
        const realm = await base.realms.createOrThrow({ name: `node ${name}` });
        const ar = base.with({ realm: realm.id, jwtSecret: realm.jwt_key });
        await ar.users.createOrThrow(SALLY);
        writeFileSync(join(consumer, "server.mjs"), code);
        const env = { PATH: process.env.PATH, HOST: "127.0.0.1", PORT: "0", NO_COLOR: "1" };
        Object.assign(env, {
          AUTHROCKET_URL: server.url,
          AUTHROCKET_API_KEY: emu.apiKey,
          AUTHROCKET_REALM: realm.id,
          AUTHROCKET_JWT_SECRET: String(realm.jwt_key),
          AUTHROCKET_LOGIN_URL: server.loginUrl,
        });
        const app = start(consumer, env);
        try {
          const origin = await app.ready;
          await ar.loginPolicies.createOrThrow({ name: "Node", login_handler: `${origin}/login` });
          const b = browser();

          const away = await b.send(`${origin}${page}`);
          assert.equal(away.res.status, 302, app.output());
          const to = new URL(away.res.headers.get("location"));
          assert.equal(to.href.startsWith(server.loginUrl), true, `sent to LoginRocket: ${to}`);
          assert.equal(to.searchParams.get("redir"), page);

          const login = await b.send(to.href);
          const form = formOf(login.text);
          const posted = await b.send(new URL(form.action, to).href, {
            method: "POST",
            body: new URLSearchParams({
              ...form.fields,
              username: "sally",
              password: "correct horse",
            }),
          });
          assert.equal(posted.res.status, 302, posted.text);
          const back = new URL(posted.res.headers.get("location"));
          assert.equal(back.origin + back.pathname, `${origin}/login`);
          assert.ok(back.searchParams.get("token"));

          const landed = await b.send(back.href);
          assert.equal(landed.res.status, 302);
          assert.equal(landed.res.headers.get("location"), page);
          assert.equal(landed.set.length, 1);
          assert.match(landed.set[0], /^ar_token=[\w-]+\.[\w-]+\.[\w-]+; Path=\/; HttpOnly; /);
          assert.doesNotMatch(landed.set[0], /Secure/, "plain http: no Secure");

          const greeted = await b.send(`${origin}${page}`);
          assert.equal(greeted.res.status, 200);
          assert.equal(greeted.text, "Hello, Sally Sue!");

          const token = b.jars.get(origin).get("ar_token");
          const session = await ar.sessions.fromToken(token);
          assert.ok(await ar.sessions.retrieve(session.id), "a managed session");
          const out = await b.send(`${origin}/logout`, {
            headers: { "sec-fetch-site": "same-origin" },
          });
          assert.equal(out.res.status, 302);
          assert.equal(b.jars.get(origin).has("ar_token"), false, "the cookie cleared");
          assert.equal(await ar.sessions.retrieve(session.id), null, "the managed session ended");
          assert.equal((await b.send(`${origin}${page}`)).res.status, 302, "logged out");
        } finally {
          const ended = await app.stop();
          await server.close();
          assert.equal(ended.code ?? ended.signal, "SIGTERM", app.output());
        }
      }
    });
  }
});
