// The standalone emulator server (src/emulator/cli.ts) as a user runs it: a child process of
// the runtime running the tests (Deno: the source with the README's permission flags; Node:
// the tsc build; Bun: the source), its env lines read from stdout, its log from stderr.
import { spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import process from "node:process";

const isDeno = "Deno" in globalThis;
const built = import.meta.url.endsWith(".js");
/** The CLI file of this build (the .ts source, or the .js next to the compiled tests). */
export const CLI_PATH = new URL(`../src/emulator/cli.${built ? "js" : "ts"}`, import.meta.url)
  .pathname;
/** The Deno permissions the README's `deno run` line gives the CLI. */
export const DENO_FLAGS = ["--allow-net", "--allow-read", "--allow-write"];

/** The command and arguments that run the CLI with `args` in this runtime. */
export function cliCommand(args: string[]): [string, string[]] {
  const pre = isDeno ? ["run", ...DENO_FLAGS] : [];
  return [process.execPath, [...pre, CLI_PATH, ...args]];
}

/** How a process ended. */
export interface Ended {
  code: number | null;
  signal: string | null;
}

/** A running CLI. */
export interface Running {
  proc: ChildProcess;
  /** The env lines it printed, parsed. */
  env: Record<string, string>;
  /** Its stdout and stderr so far. */
  stdout(): string;
  stderr(): string;
  /** Resolves when it has exited. */
  ended: Promise<Ended>;
  /** Send `signal` (default SIGTERM) and wait for the exit. */
  stop(signal?: NodeJS.Signals): Promise<Ended>;
}

const ENV_LINE = /^(AUTHROCKET_[A-Z_]+)=(.*)$/;

/** Parse dotenv lines as the CLI prints them (bare, or double-quoted with escapes). */
export function parseEnv(text: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const line of text.split("\n")) {
    const m = ENV_LINE.exec(line);
    if (!m) continue;
    const v = m[2];
    env[m[1]] = v.startsWith('"')
      ? v.slice(1, -1).replace(/\\n/g, "\n").replace(/\\(.)/g, "$1")
      : v;
  }
  return env;
}

/** Start the CLI and wait for its five env lines (rejects if it exits first). */
export function startCli(
  args: string[],
  { cwd, timeoutMs = 20_000 }: { cwd?: string; timeoutMs?: number } = {},
): Promise<Running> {
  const [cmd, argv] = cliCommand(args);
  const proc = spawn(cmd, argv, { cwd, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  let err = "";
  const ended = new Promise<Ended>((ok) => proc.on("exit", (code, signal) => ok({ code, signal })));
  const running: Running = {
    proc,
    env: {},
    stdout: () => out,
    stderr: () => err,
    ended,
    stop: (signal = "SIGTERM") => {
      // Not proc.kill(): Deno's child_process then reports the signal, not the exit code.
      if (proc.exitCode === null && proc.signalCode === null) process.kill(proc.pid!, signal);
      return ended;
    },
  };
  return new Promise((ok, fail) => {
    const timer = setTimeout(() => {
      proc.kill("SIGKILL");
      fail(new Error(`the CLI printed no env lines in ${timeoutMs} ms; stderr: ${err}`));
    }, timeoutMs);
    proc.stdout!.setEncoding("utf8").on("data", (d: string) => {
      out += d;
      const env = parseEnv(out);
      if (Object.keys(env).length === 5 && out.endsWith("\n")) {
        clearTimeout(timer);
        running.env = env;
        ok(running);
      }
    });
    proc.stderr!.setEncoding("utf8").on("data", (d: string) => (err += d));
    void ended.then((e) => {
      clearTimeout(timer);
      fail(new Error(`the CLI exited (${e.code ?? e.signal}) before it was ready: ${err}`));
    });
  });
}

/** Run the CLI to its end (for flags it refuses). */
export async function runCli(args: string[]): Promise<Ended & { stdout: string; stderr: string }> {
  const [cmd, argv] = cliCommand(args);
  const proc = spawn(cmd, argv, { stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  proc.stdout!.setEncoding("utf8").on("data", (d: string) => (stdout += d));
  proc.stderr!.setEncoding("utf8").on("data", (d: string) => (stderr += d));
  const e = await new Promise<Ended>((ok) =>
    proc.on("close", (code, signal) => ok({ code, signal }))
  );
  return { ...e, stdout, stderr };
}
