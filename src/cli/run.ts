/**
 * The CLI's commands and how a command ends: its exit code, or the message of the error that
 * stopped it (redacted, inert) with exit 1, 2 or 3.
 * @module
 */
import { inert } from "../log.ts";
import { redact } from "../redact.ts";
import { VERSION } from "../version.ts";
import { CliError, usageError } from "./args.ts";
import { EMULATOR_USAGE, emulatorCommand } from "./emulator.ts";
import { err, exit, out, setExitCode } from "./host.ts";
import { TOKEN_USAGE, tokenCommand } from "./token.ts";

/** The CLI's help. */
export const USAGE = `Usage: authrocket-edge <command> [options]

Commands:
  emulator             a local AuthRocket 1 server: the API and the LoginRocket pages
  token decode <jwt>   a login token's header, claims and times (nothing is verified)
  token verify <jwt>   check a login token with the realm's key
  help [command]       this text, or a command's

Options:
  --version            the version
  -h, --help           this text (after a command: the command's)

Exit codes: 0 ok, 1 refused or failed, 2 bad usage (emulator: 3 a refused data file).
From a clone: npm run -s cli -- <command> [options]`;

const HELP: Record<string, string> = { emulator: EMULATOR_USAGE, token: TOKEN_USAGE };

/** A command: its arguments in, an exit code out, or "running" for a server left running. */
export type Command = (argv: readonly string[]) => Promise<number | "running">;

/** The whole CLI: `authrocket-edge <command> …`. */
export const cli: Command = (argv) => {
  const [name, ...rest] = argv;
  if (name === "emulator") return emulatorCommand(rest);
  if (name === "token") return tokenCommand(rest);
  if (name === "--version" || name === "-v") {
    out(`authrocket-edge ${VERSION}\n`);
    return Promise.resolve(0);
  }
  if (name === undefined || name === "help" || name === "-h" || name === "--help") {
    const topic = name === "help" ? rest[0] : undefined;
    if (topic !== undefined && !HELP[topic]) {
      throw usageError(`no help on "${topic.slice(0, 12)}": the commands are emulator and token`);
    }
    (name === undefined ? err : out)(`${topic ? HELP[topic] : USAGE}\n`);
    return Promise.resolve(name === undefined ? 2 : 0);
  }
  throw usageError(
    `unknown command "${name.slice(0, 12)}" (the commands are emulator, token and help)`,
  );
};

/**
 * Run `command` as the process: exit with its code (a running server exits on its own), or
 * print the error that stopped it, prefixed with `authrocket-edge <what>:`.
 */
export function start(what: string, command: Command, argv: readonly string[]): void {
  const fail = (e: unknown) => {
    const code = e instanceof CliError ? e.code : 1;
    const message = e instanceof Error ? e.message : String(e);
    err(`authrocket-edge${what ? ` ${what}` : ""}: ${inert(redact(message))}\n`);
    if (code === 2) err(`Run authrocket-edge ${what ? `${what} ` : ""}--help for the options.\n`);
    exit(code); // now: a half-started emulator may have timers that would keep it alive
  };
  try {
    command(argv).then((code) => code === "running" || setExitCode(code), fail);
  } catch (e) {
    fail(e);
  }
}
