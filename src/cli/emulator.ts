/**
 * `authrocket-edge emulator`: the emulator as a standalone AuthRocket 1 server for any
 * language's client. It prints the env lines a client needs on stdout (dotenv format, nothing
 * else goes there) and its log on stderr: where logins go, then one line per request, every
 * field in it inert (src/log.ts). Exit codes: 0 stopped by Ctrl-C, SIGTERM or the end of the
 * npm process that started it; 1 failure while running (a port in use, a disk error), 2 bad
 * flags or seed file, 3 a data file that is refused.
 * @module
 */
import { readFileSync } from "node:fs";
import { createEmulator, type Emulator, type EmulatorServer } from "../emulator/emulator.ts";
import { DataFileError, Journal, readDataFile } from "../emulator/journal.ts";
import { serve } from "../emulator/serve.ts";
import {
  applySeed,
  defaultRealm,
  envLines,
  parseSeed,
  type Seed,
  SeedError,
} from "../emulator/seed.ts";
import { inert } from "../log.ts";
import { redact } from "../redact.ts";
import { CliError, parseArgs, usageError } from "./args.ts";
import { err, exit, onStopSignal, out, pid, stopWithParent } from "./host.ts";
import { requestLine } from "./request_log.ts";

/** The emulator command's help. */
export const EMULATOR_USAGE = `Usage: authrocket-edge emulator [options]

A local AuthRocket 1 API (/v1) and LoginRocket pages (/lr/), for tests and development.

Options:
  --port N              port to listen on (default 8787; 0 picks a free one)
  --host H              address to listen on (default 127.0.0.1)
  --api-key KEY         the API key clients must send (default: random, or the data file's)
  --data FILE           keep the data in FILE (every write is on disk before it is answered)
  --seed FILE           JSON {"realms": [{name, users, orgs, memberships}]} created on start
  --login-handler URL   where the hosted login page sends users back with ?token=
                        (default: the emulator's own page, which says the login worked)
  --quiet               no line per request
  -h, --help            this text

The env lines for a client are printed on stdout; the log goes to stderr. Ctrl-C or
kill <pid> stops it (the pid is in the first log line); started through npx or npm run, it
also stops when that npm process ends.`;

/** The parsed command line. */
interface Options {
  port: number;
  host: string;
  apiKey?: string;
  data?: string;
  seed?: string;
  loginHandler?: string;
  quiet: boolean;
}

const VALUED = ["--port", "--host", "--api-key", "--data", "--seed", "--login-handler"];

function options(argv: readonly string[]): Options | "help" {
  const a = parseArgs(argv, {
    valued: VALUED,
    flags: ["--quiet"],
    takes: "emulator takes options only",
  });
  if (a.help) return "help";
  const v = (name: string) => a.values.get(name);
  const o: Options = {
    port: 8787,
    host: v("--host") ?? "127.0.0.1",
    quiet: a.flags.has("--quiet"),
  };
  const port = v("--port");
  if (port !== undefined) {
    if (!/^\d+$/.test(port) || Number(port) > 65535) {
      throw usageError(`--port must be a number from 0 to 65535, not ${JSON.stringify(port)}`);
    }
    o.port = Number(port);
  }
  o.apiKey = v("--api-key");
  if (o.apiKey !== undefined && !/^[\x21-\x7e]+$/.test(o.apiKey)) {
    throw usageError("--api-key must be printable ASCII without spaces");
  }
  o.data = v("--data");
  o.seed = v("--seed");
  const handler = v("--login-handler");
  if (handler !== undefined) {
    let url: URL | undefined;
    try {
      url = new URL(handler);
    } catch { /* refused below */ }
    if (!url || (url.protocol !== "http:" && url.protocol !== "https:")) {
      throw usageError(
        `--login-handler must be an absolute http(s) URL (such as http://localhost:3000/login), not ${handler}`,
      );
    }
    o.loginHandler = url.href;
  }
  return o;
}

function readSeed(file: string): Seed {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    throw usageError(`--seed ${file}: cannot read it (${(e as Error).message})`);
  }
  try {
    return parseSeed(JSON.parse(text));
  } catch (e) {
    throw usageError(`--seed ${file}: ${(e as Error).message}`);
  }
}

/** The start-up line that says where the hosted login page sends a user who logged in. */
function loginsLine(emu: Emulator, realm: string, opts: Options): string {
  const policy = emu.store.values("login_policy", { realm }).next().value;
  const handler = policy?.login_handler;
  if (typeof handler !== "string" || !handler) {
    return "no --login-handler: logins end on the emulator's own page; pass --login-handler http://localhost:3000/login";
  }
  const from = opts.loginHandler
    ? "--login-handler"
    : `kept in ${inert(opts.data!)}; --login-handler changes it`;
  return `logins go to ${inert(handler)}?token=… (${from})`;
}

/**
 * Run the emulator command: resolves once the server is listening (it then runs until a
 * signal); throws `CliError` for what stops it from starting.
 */
export async function emulatorCommand(argv: readonly string[]): Promise<number | "running"> {
  const opts = options(argv);
  if (opts === "help") {
    out(`${EMULATOR_USAGE}\n`);
    return 0;
  }
  const seed = opts.seed ? readSeed(opts.seed) : undefined;
  const log = (line: string) => err(`${line}\n`);

  let saved;
  try {
    saved = opts.data ? readDataFile(opts.data) : null;
  } catch (e) {
    if (e instanceof DataFileError) throw new CliError(`--data ${opts.data}: ${e.message}`, 3);
    throw e;
  }
  let journal: Journal | undefined;
  const emu = createEmulator({
    apiKey: opts.apiKey ?? saved?.apiKey,
    webhooks: {}, // app hooks deliver, on timers, with the global fetch

    // Durable before the response is sent; if the disk fails, stop rather than serve on
    // from a memory the file no longer matches.
    onCommit: opts.data
      ? (changes) => {
        try {
          journal!.append(changes);
        } catch (e) {
          err(`authrocket-edge emulator: --data ${inert(opts.data!)}: ${inert(redact(`${e}`))}\n`);
          exit(1);
        }
      }
      : undefined,
  });
  if (saved) {
    try {
      emu.store.restore(saved.state, { copy: false }); // freshly parsed: taken, not copied
      for (const changes of saved.batches) emu.store.apply(changes, { copy: false });
    } catch (e) {
      throw new CliError(
        `--data ${opts.data}: its content is damaged (${(e as Error).message})`,
        3,
      );
    }
    void emu.deliverWebhooks(); // deliveries that were pending when it stopped go on
    if (saved.droppedTornLine) {
      log(`--data ${inert(opts.data!)}: dropped an unfinished last write (it was never answered)`);
    }
  }
  try {
    if (opts.data) journal = new Journal(opts.data, emu.store, emu.apiKey, saved);
  } catch (e) {
    throw new CliError(`--data ${opts.data}: cannot write it (${(e as Error).message})`, 1);
  }
  const empty = emu.store.ids("realm").length === 0;
  if (seed && empty) {
    try {
      await applySeed(emu.client(), seed);
    } catch (e) {
      if (e instanceof SeedError) throw usageError(`--seed ${opts.seed}: ${e.message}`);
      throw e;
    }
  } else if (seed) log(`--seed ${inert(opts.seed!)} skipped: the data file already holds data`);
  const realm = await defaultRealm(emu, opts.loginHandler);

  const handler = async (req: Request): Promise<Response> => {
    const t0 = performance.now();
    const res = await emu.handle(req);
    if (!opts.quiet) log(await requestLine(req, res, performance.now() - t0, emu.apiKey));
    return res;
  };
  let server: EmulatorServer;
  try {
    server = await serve(handler, opts.port, opts.host);
  } catch (e) {
    throw new CliError(`cannot listen on ${opts.host}:${opts.port}: ${(e as Error).message}`, 1);
  }
  // Before the env lines: whoever reads them may stop the server at once.
  let stopping = false;
  const stop = async (why: string) => {
    if (stopping) return;
    stopping = true;
    await server.close();
    journal?.close();
    if (!opts.quiet) log(`stopped (${why})`);
    exit(0);
  };
  onStopSignal((signal) => void stop(signal));
  const watched = stopWithParent((parent) => void stop(`its parent process ${parent} ended`));
  out(envLines(server, emu.apiKey, realm).join("\n") + "\n");
  const where = opts.data ? `data in ${inert(opts.data)}` : "in memory";
  const npm = watched ? "; so does the end of the npx or npm run that started it" : "";
  const stops = `Ctrl-C or kill ${pid()} stops it${npm}`;
  log(`AuthRocket 1 emulator on ${server.url} (${where}; ${stops})`);
  log(loginsLine(emu, realm.id, opts));
  return "running";
}
