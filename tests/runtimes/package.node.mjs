// The packed npm tarball, as a user gets it: installed into a fresh folder (with `hono`, its
// optional peer), its subpaths ('.', middleware, testing, hono, loginrocket) imported and
// smoke-tested in Node and in Bun, and type-checked by a TypeScript consumer with
// moduleResolution nodenext and bundler, and in a Node-only and a Workers project (no DOM lib,
// skipLibCheck off). Run by `node --test` after the build.
import { before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ROOT } from "../../scripts/bundle.mjs";
import { checkSmoke, smokeModule } from "./smoke.mjs";

const consumer = mkdtempSync(join(tmpdir(), "authrocket-edge-consumer-"));
const run = (cmd, args, opts = {}) =>
  execFileSync(cmd, args, { cwd: consumer, encoding: "utf8", stdio: "pipe", ...opts });

// The shared smoke test, through the package's three subpaths, over real HTTP on 127.0.0.1; then
// the hono subpath: its middleware in a Hono app lets a logged-in user in and sends others to
// LoginRocket.
const SMOKE = smokeModule({
  mod: "authrocket-edge",
  middleware: "authrocket-edge/middleware",
  testing: "authrocket-edge/testing",
}) + `
import { Hono } from "hono";
import { authRocket } from "authrocket-edge/hono";
async function honoSmoke(base) {
  const realm = await base.realms.createOrThrow({ name: "hono" });
  const ar = base.with({ realm: realm.id, jwtSecret: realm.jwt_key });
  const hana = { user_type: "human", username: "hana", email: "h@example.com", password: "correct horse" };
  await ar.users.createOrThrow(hana);
  const { token } = await ar.users.authenticate("hana", "correct horse");
  const app = new Hono();
  app.use("/app/*", authRocket({ client: ar }))
    .get("/app", async (c) => c.text((await c.get("session").user()).username));
  const cookie = "__Host-ar_token=" + token;
  const page = await app.fetch(new Request("https://app.example/app", { headers: { cookie } }));
  const away = await app.fetch(new Request("https://app.example/app"));
  return { honoPage: await page.text(), honoAway: away.status, honoTo: away.headers.get("location") };
}
import { AuthenticationFailed as LoginFailed, LoginRocket } from "authrocket-edge/loginrocket";
async function loginRocketSmoke(base, loginUrl) {
  const ar = base.withRealm((await base.realms.createOrThrow({ name: "lr" })).id);
  await ar.loginPolicies.createOrThrow({ name: "App", login_handler: "https://app.example/login" });
  const lena = { user_type: "human", username: "lena", email: "l@example.com", password: "correct horse" };
  await ar.users.createOrThrow(lena);
  const lr = new LoginRocket({ url: loginUrl });
  const ok = await lr.login({ username: "lena", password: "correct horse" });
  const bad = await lr.login({ username: "lena", password: "nope" }).catch((e) => e);
  return { lrStatus: ok.status, lrTo: ok.url.split("?")[0], lrBad: bad instanceof LoginFailed && bad.errors };
}
const emu = createEmulator({ passwordIterations: 1000 });
const server = await emu.listen();
try {
  const base = new AuthRocket({ url: server.url, apiKey: emu.apiKey, loginUrl: server.loginUrl });
  const r = await smoke(base);
  const h = await honoSmoke(base);
  const l = await loginRocketSmoke(base, server.loginUrl);
  console.log(JSON.stringify({ ...r, ...h, ...l, loginUrl: server.loginUrl, overHttp: server.url.startsWith("http://127.0.0.1:") }));
} finally {
  await server.close();
}
`;

const CONSUMER_TS = `
import { AuthRocket, RecordNotFound, verifySession } from "authrocket-edge";
import type { Session, User } from "authrocket-edge";
import { withAuthRocket } from "authrocket-edge/middleware";
import type { SessionSource } from "authrocket-edge/middleware";
import { createEmulator } from "authrocket-edge/testing";
import type { Emulator } from "authrocket-edge/testing";
import { Hono } from "hono";
import { authRocket } from "authrocket-edge/hono";
import type { AuthRocketEnv, AuthRocketVariables } from "authrocket-edge/hono";
import { LoginRocket, type LoggedIn } from "authrocket-edge/loginrocket";
import { memoryCache } from "authrocket-edge/cache";
import { TABLE } from "authrocket-edge/internal";

const emu: Emulator = createEmulator();
const ar: AuthRocket = emu.client();

export async function main(): Promise<string> {
  const realm = await ar.realms.createOrThrow({ name: "x" });
  const u: User = await ar.withRealm(realm.id).users.createOrThrow({
    user_type: "human", username: "a", email: "a@example.com", password: "12345678",
  });
  const s: Session | null = await verifySession("t", { jwtSecret: realm.jwt_key, within: 60 });
  const src: SessionSource = { jwtSecret: "jsk_x", loginUrl: "https://lr.example/" };
  const h = withAuthRocket(async (_r, ctx) => new Response(ctx.session?.user_id ?? ""), {
    client: src,
  });
  // @ts-expect-error: AuthRocket 1 sessions have no update verb, so neither do the types
  void ar.sessions.update;
  // @ts-expect-error: a username is a string
  const n: number = u.username;
  const hono = new Hono<{ Variables: AuthRocketVariables }>();
  const deprecated = new Hono<AuthRocketEnv>(); // the old name still compiles
  deprecated.use(authRocket({ client: ar })).get("/", (c) => c.text(c.get("session").user_id));
  hono.use("/app/*", authRocket({ client: ar })).get("/app", (c) => {
    const session: Session = c.get("session"); // typed through Hono's Variables, never null
    // @ts-expect-error: a session's user_id is a string
    const id: number = session.user_id;
    return c.text(session.user_id + String(id));
  });
  const lr = new LoginRocket({ url: "https://lr.example/" });
  // @ts-expect-error: LoginRocket takes no API key (it runs in browsers)
  void new LoginRocket({ url: "https://lr.example/", apiKey: "ko_x" });
  // @ts-expect-error: a login needs a password with a username
  void lr.login({ username: "a" });
  const r = await lr.login({ username: "a", password: "b" });
  const url: string = r.status === "logged_in" ? (r satisfies LoggedIn).url : r.token;
  return u.username + String(s) + typeof h + String(n) + RecordNotFound.name + typeof hono.fetch +
    url + typeof memoryCache().get + Object.keys(TABLE).length;
}
`;

describe("the packed npm package in a fresh folder", () => {
  before(() => {
    // The tarball scripts/build_npm.mjs --pack made (npm test and npm run build both pack).
    const { version } = JSON.parse(readFileSync(join(ROOT, "npm", "package.json"), "utf8"));
    const tgz = join(ROOT, "npm", `authrocket-edge-${version}.tgz`);
    assert.ok(existsSync(tgz), `${tgz} is missing: run node scripts/build_npm.mjs --pack`);
    writeFileSync(
      join(consumer, "package.json"),
      JSON.stringify({ name: "consumer", private: true, type: "module" }),
    );
    // hono at the version the repository tests with (an optional peer: installed by the user),
    // and the runtime typings a Node-only and a Workers project have instead of the DOM lib.
    const at = (name) =>
      `${name}@${
        JSON.parse(readFileSync(join(ROOT, "node_modules", name, "package.json"), "utf8")).version
      }`;
    const extra = ["hono", "@types/node", "@cloudflare/workers-types"].map(at);
    run("npm", ["install", tgz, ...extra, "--no-audit", "--no-fund", "--prefer-offline"]);
    writeFileSync(join(consumer, "smoke.mjs"), SMOKE);
    writeFileSync(join(consumer, "consumer.ts"), CONSUMER_TS);
  });

  const check = (out) => {
    const r = JSON.parse(out.trim().split("\n").pop());
    checkSmoke(r);
    assert.equal(r.overHttp, true);
    assert.equal(r.honoPage, "hana", "authrocket-edge/hono lets the logged-in user in");
    assert.equal(r.honoAway, 302);
    assert.ok(r.honoTo.startsWith(r.loginUrl), `sent to LoginRocket: ${r.honoTo}`);
    assert.equal(r.lrStatus, "logged_in", "authrocket-edge/loginrocket logs in over HTTP");
    assert.equal(r.lrTo, "https://app.example/login");
    assert.deepEqual(r.lrBad, ["Invalid username or password"]);
  };

  it("Node 20 imports '.', './middleware', './testing' and './hono' and runs the smoke test", () => {
    assert.match(process.versions.node, /^20\./);
    check(run(process.execPath, ["smoke.mjs"]));
  });

  it("Bun imports the same four subpaths and runs the smoke test", () => {
    check(run(join(ROOT, "node_modules/.bin/bun"), ["smoke.mjs"]));
  });

  // The DOM lib with no runtime typings, as before; then a Node-only project and a Workers one,
  // which have no DOM lib, with skipLibCheck off so that every published .d.ts is checked (with
  // the DOM's CryptoKey and JsonWebKey in them, the Node one failed: "Cannot find name").
  const projects = [
    ["nodenext", "nodenext", ["es2022", "dom", "dom.iterable"], []],
    ["esnext", "bundler", ["es2022", "dom", "dom.iterable"], []],
    ["nodenext", "nodenext", ["es2022"], ["node"], "node-only"],
    ["esnext", "bundler", ["es2022"], ["@cloudflare/workers-types"], "workers"],
  ];
  for (const [module, resolution, lib, types, kind] of projects) {
    const what = kind ? `a ${kind} project (lib ${lib}, types ${types}, skipLibCheck false)` : "";
    it(`a TypeScript consumer type-checks (moduleResolution ${resolution}${what ? "; " + what : ""}), and wrong uses fail`, () => {
      const tsconfig = `tsconfig.${kind ?? resolution}.json`;
      writeFileSync(
        join(consumer, tsconfig),
        JSON.stringify({
          compilerOptions: {
            module,
            moduleResolution: resolution,
            target: "es2022",
            lib,
            types,
            strict: true,
            noEmit: true,
            ...(kind ? { skipLibCheck: false } : {}),
          },
          files: ["consumer.ts"],
        }),
      );
      const tsc = join(ROOT, "node_modules/typescript/bin/tsc");
      run(process.execPath, [tsc, "-p", tsconfig]); // throws (with tsc's output) on any error
    });
  }
});
