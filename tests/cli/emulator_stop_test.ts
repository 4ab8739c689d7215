// Stopping the emulator server the way a shell user does: start it in the background with `&`,
// then `kill $!`, and the port must be free again within 2 s, whichever chain started it.
// `$!` is the process the shell started: the server itself (`deno run`, `node`, `bun`), or a
// wrapper above it (npm run → npx → sh → deno). npm passes SIGTERM to its child only, and `sh -c`
// passes it on to no one: the server then has to notice that its parent died (src/cli/host.ts),
// and `npm run` has to `exec` npx so that npx is the child npm signals (package.json). The npx
// of the packed tarball is tested in tests/runtimes/cli_package.node.mjs.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import process from "node:process";
import { DENO_RUN, MAIN_COMMAND, plainEnv, portFree, ROOT, within } from "./process.ts";

const isDeno = "Deno" in globalThis;

/** What a user types: the command in the background, wait for its env lines, `kill $!`. */
const KILL_SCRIPT = `
"$@" > "$DIR/env" 2> "$DIR/log" &
i=0
until grep -q '^AUTHROCKET_LOGIN_URL=' "$DIR/env" 2>/dev/null; do
  i=$((i + 1))
  if [ "$i" -gt 600 ]; then echo "never ready"; kill $!; exit 1; fi
  sleep 0.05
done
kill $!
`;

/** The same without the kill: the shell ends once the server is up, and leaves it running. */
const DETACH_SCRIPT = KILL_SCRIPT.replace(/\nkill \$!\n$/, "\n");

const read = (file: string) => {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return "";
  }
};

/** Run `script` in `sh` with `command` as its arguments; resolves when the shell has exited. */
function shell(script: string, command: string[], dir: string, cwd = ROOT): Promise<number> {
  const env = plainEnv({ DIR: dir });
  const sh = spawn("sh", ["-c", script, "sh", ...command], { cwd, env, stdio: "ignore" });
  return new Promise((ok) => sh.on("close", (code) => ok(code ?? -1)));
}

/** The server's port and pid, from its env lines and its first log line. */
function server(dir: string): { port: number; pid: number } {
  const port = Number(
    /^AUTHROCKET_URL=http:\/\/127\.0\.0\.1:(\d+)\//m.exec(read(join(dir, "env")))?.[1],
  );
  const pid = Number(/kill (\d+) stops it/.exec(read(join(dir, "log")))?.[1]);
  return { port, pid };
}

/** Kill a server a failed test left behind (its pid is in its log). */
function cleanUp(pid: number) {
  try {
    if (pid > 0) process.kill(pid, "SIGKILL");
  } catch { /* gone already */ }
}

/** Start `command` from a shell with `&`, `kill $!`; the port is free and the log says why. */
async function killedFromShell(command: string[], stopped: RegExp) {
  const dir = mkdtempSync(join(tmpdir(), "ar-cli-stop-"));
  let pid = 0;
  try {
    assert.equal(await shell(KILL_SCRIPT, command, dir), 0, read(join(dir, "log")));
    const s = server(dir);
    pid = s.pid;
    assert.ok(s.port > 0 && s.pid > 0, read(join(dir, "log")));
    const took = await within(2000, () => portFree(s.port));
    assert.ok(
      took !== null,
      `port ${s.port} still held 2 s after kill $!: ${read(join(dir, "log"))}`,
    );
    // The server writes its last line just before it exits (after it has closed the port).
    assert.ok(
      await within(2000, () => Promise.resolve(/^stopped \(/m.test(read(join(dir, "log"))))) !==
        null,
    );
    assert.match(read(join(dir, "log")), stopped);
  } finally {
    cleanUp(pid);
    rmSync(dir, { recursive: true, force: true });
  }
}

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
