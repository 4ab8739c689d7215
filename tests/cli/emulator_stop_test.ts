// Stopping the emulator server the way a shell user does: start it in the background with `&`,
// then `kill $!`, and the port must be free again within 2 s, whichever chain started it.
// `$!` is the process the shell started: the server itself (`deno run`, `node`, `bun`), or a
// wrapper above it (npm run → npx → sh → deno). npm passes SIGTERM to its child only, and `sh -c`
// passes it on to no one: the server then has to notice that its parent died (src/cli/host.ts),
// and `npm run` has to `exec` npx so that npx is the child npm signals (package.json). The npx
// of the packed tarball is tested in tests/runtimes/cli_package.node.mjs.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import process from "node:process";
import {
  cleanUp,
  DENO_RUN,
  DETACH_SCRIPT,
  killedFromShell,
  MAIN_COMMAND,
  portFree,
  read,
  server,
  shell,
  within,
} from "./process.ts";

const isDeno = "Deno" in globalThis;

describe("emulator: kill $! from a shell frees the port within 2 s", () => {
  it(`${isDeno ? "deno run" : "Bun" in globalThis ? "bun" : "node"} src/cli/main: the signal reaches the server`, async () => {
    await killedFromShell([...MAIN_COMMAND, "emulator", "--port", "0"], /^stopped \(SIGTERM\)$/m);
  });

  it("started directly from a shell that then exits, it keeps running (only npm's shell is watched)", async () => {
    const dir = mkdtempSync(join(tmpdir(), "ar-cli-stop-"));
    let pid = 0;
    try {
      await shell(DETACH_SCRIPT, [...MAIN_COMMAND, "emulator", "--port", "0"], dir);
      assert.ok(
        await within(20_000, () => Promise.resolve(server(dir).pid > 0)),
        read(join(dir, "log")),
      );
      const s = server(dir);
      pid = s.pid;
      await new Promise((r) => setTimeout(r, 800)); // four times the parent poll
      assert.equal(await portFree(s.port), false, "still serving");
      const res = await fetch(`http://127.0.0.1:${s.port}/v1/users`);
      assert.equal(res.status, 403);
      await res.body?.cancel();
      process.kill(s.pid, "SIGTERM");
      assert.ok(await within(2000, () => portFree(s.port)) !== null);
    } finally {
      cleanUp(pid);
      rmSync(dir, { recursive: true, force: true });
    }
  });

  // The chains through npm run Deno: they are tested where Deno runs the suite.
  if (!isDeno) return;

  it("npm run -s emulator --: npm signals npx (exec), npx its shell; the server sees it end", async () => {
    await killedFromShell(
      ["npm", "run", "-s", "emulator", "--", "--port", "0"],
      /^stopped \(its parent process \d+ ended\)$/m,
    );
  });

  it("npm run -s cli -- emulator: the same chain", async () => {
    await killedFromShell(
      ["npm", "run", "-s", "cli", "--", "emulator", "--port", "0"],
      /^stopped \(its parent process \d+ ended\)$/m,
    );
  });

  it("the deno run line with Deno from npx (npx → sh → deno)", async () => {
    await killedFromShell(
      ["npx", "--yes", "deno@2.9.6", ...DENO_RUN, "src/cli/main.ts", "emulator", "--port", "0"],
      /^stopped \(its parent process \d+ ended\)$/m,
    );
  });
});
