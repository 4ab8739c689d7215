// The `authrocket-edge` command (src/cli/main.ts) as a user runs it, in the runtime running the
// tests: Deno runs the source with the permissions the guide gives, Bun the source, Node the
// tsc build next to the compiled tests. Also: a shell that starts a command with `&` and stops
// it with `kill $!`, and whether a port is free again.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import process from "node:process";

const isDeno = "Deno" in globalThis;
const built = import.meta.url.endsWith(".js");

/** The repository (from tests/cli/ or from npm/esm/tests/cli/). */
export const ROOT = new URL(built ? "../../../../" : "../../", import.meta.url).pathname;
/** The CLI's entry in this build. */
export const MAIN = new URL(`../../src/cli/main.${built ? "js" : "ts"}`, import.meta.url).pathname;
/** The Deno permissions of the guide's `deno run` line for the CLI. */
export const DENO_RUN = ["run", "--allow-net", "--allow-read", "--allow-write", "--allow-env"];

/** The command that runs the CLI in this runtime, before its arguments. */
export const MAIN_COMMAND: string[] = [process.execPath, ...(isDeno ? DENO_RUN : []), MAIN];

/**
 * The environment without npm's variables: a test run by `npm test` must not hand the CLI the
 * `npm_lifecycle_event` that says it was started through npm (it would then also watch its
 * parent, and a test meant for the signal would pass through the other path).
 */
export function plainEnv(extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (v !== undefined && !/^npm_/i.test(k) && !k.startsWith("AUTHROCKET_")) env[k] = v;
  }
  return { ...env, ...extra };
}

/** How a run ended, and what it printed. */
export interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Run `command` to its end, with `stdin` as its input (default: none), within `timeoutMs`. */
export function run(
  command: string[],
  { stdin, env = plainEnv(), cwd, timeoutMs = 30_000 }: {
    stdin?: string;
    env?: Record<string, string>;
    cwd?: string;
    timeoutMs?: number;
  } = {},
): Promise<Ran> {
  const [cmd, ...args] = command;
  const proc = spawn(cmd, args, { env, cwd, stdio: ["pipe", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  proc.stdout!.setEncoding("utf8").on("data", (d: string) => (stdout += d));
  proc.stderr!.setEncoding("utf8").on("data", (d: string) => (stderr += d));
  proc.stdin!.end(stdin ?? "");
  return new Promise((ok, fail) => {
    const timer = setTimeout(() => {
      proc.kill("SIGKILL");
      fail(new Error(`${command.join(" ")} ran over ${timeoutMs} ms; stderr: ${stderr}`));
    }, timeoutMs);
    proc.on("close", (code) => {
      clearTimeout(timer);
      ok({ code, stdout, stderr });
    });
  });
}

/** Run the CLI (this runtime's command) with `args`. */
export const runMain = (args: string[], options?: Parameters<typeof run>[1]): Promise<Ran> =>
  run([...MAIN_COMMAND, ...args], options);

/** Whether `port` on 127.0.0.1 can be listened on (nothing holds it). */
export function portFree(port: number): Promise<boolean> {
  return new Promise((ok) => {
    const s = createServer();
    s.once("error", () => ok(false));
    s.listen(port, "127.0.0.1", () => s.close(() => ok(true)));
  });
}

/** Poll until `f` is true or `ms` have passed; the time it took, or null. */
export async function within(ms: number, f: () => Promise<boolean>): Promise<number | null> {
  const t0 = performance.now();
  while (performance.now() - t0 <= ms) {
    if (await f()) return performance.now() - t0;
    await new Promise((r) => setTimeout(r, 25));
  }
  return null;
}

/** What a user types: the command in the background, wait for its env lines, `kill $!`. */
export const KILL_SCRIPT = `
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
export const DETACH_SCRIPT = KILL_SCRIPT.replace(/\nkill \$!\n$/, "\n");

/** A file's text, or "" while it does not exist. */
export const read = (file: string): string => {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return "";
  }
};

/** Run `script` in `sh` with `command` as its arguments; resolves when the shell has exited. */
export function shell(script: string, command: string[], dir: string, cwd = ROOT): Promise<number> {
  const env = plainEnv({ DIR: dir });
  const sh = spawn("sh", ["-c", script, "sh", ...command], { cwd, env, stdio: "ignore" });
  return new Promise((ok) => sh.on("close", (code) => ok(code ?? -1)));
}

/** The server's port and pid, from its env lines and its first log line. */
export function server(dir: string): { port: number; pid: number } {
  const port = Number(
    /^AUTHROCKET_URL=http:\/\/127\.0\.0\.1:(\d+)\//m.exec(read(join(dir, "env")))?.[1],
  );
  const pid = Number(/kill (\d+) stops it/.exec(read(join(dir, "log")))?.[1]);
  return { port, pid };
}

/** Kill a server a failed test left behind (its pid is in its log). */
export function cleanUp(pid: number) {
  try {
    if (pid > 0) process.kill(pid, "SIGKILL");
  } catch { /* gone already */ }
}

/** Start `command` from a shell with `&`, `kill $!`; the port is free and the log says why. */
export async function killedFromShell(
  command: string[],
  stopped: RegExp,
  cwd = ROOT,
): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "ar-cli-stop-"));
  let pid = 0;
  try {
    assert.equal(await shell(KILL_SCRIPT, command, dir, cwd), 0, read(join(dir, "log")));
    const s = server(dir);
    pid = s.pid;
    assert.ok(s.port > 0, read(join(dir, "log")));
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
