/**
 * What the CLI needs of the runtime it runs on (Node ≥ 20.16, Deno, Bun): environment
 * variables, stdin, files, and its parent process. The library itself touches none of these.
 * @module
 */
import process from "node:process";
import { readFileSync } from "node:fs";
import { usageError } from "./args.ts";

interface DenoPermissions {
  permissions: { querySync(d: { name: "env"; variable: string }): { state: string } };
}

/** Whether Deno runs this without the permission to read `name` (no `--allow-env`). */
export function envDenied(name: string): boolean {
  const deno = (globalThis as { Deno?: DenoPermissions }).Deno;
  return !!deno && deno.permissions.querySync({ name: "env", variable: name }).state !== "granted";
}

/**
 * An environment variable, or undefined. Under Deno without `--allow-env` it is undefined too,
 * rather than a permission prompt in the middle of a command.
 */
export const envVar = (name: string): string | undefined =>
  envDenied(name) ? undefined : process.env[name];

/** All of stdin as text, refused past `limit` characters (a token is never that long). */
export async function readStdin(limit: number): Promise<string> {
  let text = "";
  const decoder = new TextDecoder();
  for await (const chunk of process.stdin) {
    text += typeof chunk === "string" ? chunk : decoder.decode(chunk, { stream: true });
    if (text.length > limit) throw usageError(`stdin holds more than ${limit} characters`);
  }
  return text + decoder.decode();
}

/** A text file, or a usage error that names it (and why it could not be read). */
export function readText(file: string, what: string): string {
  try {
    return readFileSync(file, "utf8");
  } catch (e) {
    const code = (e as { code?: string }).code;
    throw usageError(`${what} ${file}: cannot read it (${code ?? (e as Error).name})`);
  }
}

/** Write to stdout. */
export const out = (text: string): void => void process.stdout.write(text);
/** Write to stderr. */
export const err = (text: string): void => void process.stderr.write(text);

/** Exit now with `code`. */
export const exit = (code: number): never => process.exit(code);

/** Run `f` on SIGINT and SIGTERM (Ctrl-C, `kill`), with the signal's name. */
export function onStopSignal(f: (signal: string) => void): void {
  process.on("SIGINT", () => f("SIGINT"));
  process.on("SIGTERM", () => f("SIGTERM"));
}

/** The parent as the process starts (before the server's start-up, during which it may end). */
const FIRST_PARENT = process.ppid;

/** How often a process started through npm looks whether its parent is still there. */
export const PARENT_POLL_MS = 200;

/**
 * Under npm (`npx`, `npm run`: they set `npm_lifecycle_event`), call `gone` when the parent
 * process ends. npm runs a command through `sh -c` and, on SIGTERM, passes the signal to that
 * shell only: the shell dies, and a server below it would go on holding its port. So a process
 * npm started stops with its shell. Started otherwise (a shell's `&`, nohup), the parent may
 * end and leave it running: the signal reaches it directly. Returns whether it watches.
 */
export function stopWithParent(gone: (parent: number) => void): boolean {
  if (envVar("npm_lifecycle_event") === undefined) return false;
  const parent = FIRST_PARENT;
  const timer = setInterval(() => {
    if (process.ppid !== parent) {
      clearInterval(timer);
      gone(parent);
    }
  }, PARENT_POLL_MS);
  return true;
}

/** The process id (for the start-up line: `kill <pid>` stops it). */
export const pid = (): number => process.pid;

/** Set the code the process exits with when it has nothing left to do. */
export const setExitCode = (code: number): void => void (process.exitCode = code);
