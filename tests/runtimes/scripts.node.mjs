// The runnable scripts as their users run them: `deno task demo` (the README's first command) on
// the embedded emulator, its read-only tour against an API given by AUTHROCKET_URL and
// AUTHROCKET_API_KEY (here: the emulator over 127.0.0.1), and `bun examples/bun_script.ts`
// reading Bun's env.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { createEmulator } from "../../npm/esm/testing.js";
import { ROOT } from "../../scripts/bundle.mjs";

const exec = promisify(execFile);
const run = async (cmd, args, env = {}) =>
  (await exec(cmd, args, {
    cwd: ROOT,
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1", AUTHROCKET_URL: "", AUTHROCKET_API_KEY: "", ...env },
  })).stdout;
const DENO = ["--yes", "deno@2.9.6"];

describe("the demo and the Bun script", () => {
  let server, emu, realm;
  before(async () => {
    emu = createEmulator({ passwordIterations: 1000 });
    server = await emu.listen();
    const base = emu.client();
    realm = await base.realms.createOrThrow({ name: "Scripts" });
    const ar = base.withRealm(realm.id);
    for (const name of ["ann", "bob", "cy"]) {
      await ar.users.createOrThrow({ user_type: "api", username: name, name: name.toUpperCase() });
    }
  });
  after(() => server?.close());

  it("deno task demo tells the whole story on the embedded emulator and ends with 'done'", async () => {
    const out = await run("npx", [...DENO, "task", "demo"]);
    for (
      const line of [
        /first page: bot1, bot2 \(more: true\)/,
        /iterate\(\) walked 5 users over 3 pages/,
        /create without a username → errors: \["Username can't be blank"\]/,
        /wrong password → AuthenticationFailed/,
        /verified offline: session kss_\S+ for Sally Sue/,
        /can read forum\? true; admin anything\? true/,
        /a tampered token → null/,
        /GET \/ with the cookie → 200: "Hello, Sally Sue!"/,
        /managed session kss_\S+ ended: true/,
        /GET \/ again → 302 to the login page/,
        /• done\n?$/,
      ]
    ) assert.match(out, line);
  });

  it("with AUTHROCKET_URL and AUTHROCKET_API_KEY, the demo tours that API read-only", async () => {
    const out = await run("npx", [...DENO, "task", "demo"], {
      AUTHROCKET_URL: server.url,
      AUTHROCKET_API_KEY: emu.apiKey,
    });
    assert.match(out, /read-only tour of 127\.0\.0\.1:\d+/);
    assert.match(out, /realm\(s\):.*Scripts/);
    assert.match(out, /first users of Scripts: ann, bob, cy/);
    assert.doesNotMatch(out, /emulator listening/, "no emulator of its own");
  });

  it("bun examples/bun_script.ts lists the realm's users from Bun's env", async () => {
    const out = await run(`${ROOT}/node_modules/.bin/bun`, ["examples/bun_script.ts"], {
      AUTHROCKET_URL: server.url,
      AUTHROCKET_API_KEY: emu.apiKey,
      AUTHROCKET_REALM: realm.id,
    });
    const lines = out.trim().split("\n");
    assert.deepEqual(lines.map((l) => l.split("\t")[2]).slice(0, 3), ["ann", "bob", "cy"]);
    assert.match(lines[0], /^usr_\S+\tapi\tann\tANN$/);
    assert.equal(lines.at(-1), "3 user(s)");
  });
});
