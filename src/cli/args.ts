/**
 * The command line's words: options (`--name value` or `--name=value`), flags, positional
 * arguments, and the failure a command exits with.
 * @module
 */

/**
 * A failure the CLI reports on stderr and exits with: 1 refused or failed, 2 bad usage, 3 a
 * data file that is refused.
 */
export class CliError extends Error {
  override name = "CliError";
  constructor(message: string, readonly code: 1 | 2 | 3) {
    super(message);
  }
}

/** Bad usage (exit 2): the message says what to type instead. */
export const usageError = (message: string): CliError => new CliError(message, 2);

/** What a command accepts. */
export interface ArgSpec {
  /** Options that take a value. */
  valued: readonly string[];
  /** Options that take none. */
  flags?: readonly string[];
  /** How many positional arguments at most (default 0). */
  positionals?: number;
  /** What the command takes, said when a positional argument is one too many. */
  takes?: string;
}

/** A parsed command line. */
export interface Args {
  values: Map<string, string>;
  flags: Set<string>;
  positionals: string[];
  /** `-h` or `--help` was given: the command prints its help and does nothing else. */
  help: boolean;
}

/**
 * Parse `argv` against `spec`. An unknown option or a repeated one, a missing value and a
 * positional argument too many are usage errors. A positional argument is never echoed (it
 * may be a key given without its option): the message says which one it was.
 */
export function parseArgs(argv: readonly string[], spec: ArgSpec): Args {
  const out: Args = { values: new Map(), flags: new Set(), positionals: [], help: false };
  const rest = [...argv];
  while (rest.length) {
    const arg = rest.shift()!;
    if (arg === "-h" || arg === "--help") {
      out.help = true;
      continue;
    }
    if (!arg.startsWith("-") || arg === "-") {
      if (out.positionals.length >= (spec.positionals ?? 0)) {
        const n = out.positionals.length + 1;
        const takes = spec.takes ? `: ${spec.takes}` : "";
        throw usageError(`unexpected argument (the ${ordinal(n)} one)${takes}`);
      }
      out.positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf("=");
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    if (spec.flags?.includes(name) && eq < 0) {
      out.flags.add(name);
      continue;
    }
    if (!spec.valued.includes(name)) throw usageError(`unknown option ${preview(name)}`);
    const value = eq > 0 ? arg.slice(eq + 1) : rest.shift();
    if (value === undefined || value === "" || (eq < 0 && value.startsWith("--"))) {
      throw usageError(`${name} needs a value`);
    }
    if (out.values.has(name)) throw usageError(`${name} is given twice`);
    out.values.set(name, value);
  }
  return out;
}

const ordinal = (n: number) => ["first", "second", "third"][n - 1] ?? `#${n}`;

/** At most the first 12 characters of a word the user typed (enough to find it, not a key). */
const preview = (s: string) => (s.length > 12 ? `${s.slice(0, 12)}…` : s);
