#!/usr/bin/env node
/**
 * `authrocket-edge emulator`: the emulator as a standalone AuthRocket 1 server for any
 * language's client. It prints the env lines a client needs on stdout (dotenv format, nothing
 * else goes there) and one line per request on stderr. Runs on Node ≥ 20.16 (the npm
 * package's bin), Deno (`deno run --allow-net --allow-read --allow-write src/emulator/cli.ts`)
 * and Bun. Exit codes: 0 stopped by Ctrl-C / SIGTERM (or --help), 1 failure while running
 * (a port in use, a disk error), 2 bad flags or seed file, 3 a data file that is refused.
 * @module
 */
import process from "node:process";
import { readFileSync } from "node:fs";
import { redact } from "../redact.ts";
import { createEmulator, type EmulatorServer } from "./emulator.ts";
import { DataFileError, Journal, readDataFile } from "./journal.ts";
import { serve } from "./serve.ts";
import { applySeed, defaultRealm, envLines, parseSeed, type Seed, SeedError } from "./seed.ts";

const USAGE = `Usage: authrocket-edge emulator [options]

A local AuthRocket 1 API (/v1) and LoginRocket pages (/lr/), for tests and development.

Options:
  --port N              port to listen on (default 8787; 0 picks a free one)
  --host H              address to listen on (default 127.0.0.1)
  --api-key KEY         the API key clients must send (default: random, or the data file's)
  --data FILE           keep the data in FILE (every write is on disk before it is answered)
  --seed FILE           JSON {"realms": [{name, users, orgs, memberships}]} created on start
  --login-handler URL   where the hosted login page sends users back with ?token=
  --quiet               no line per request
  -h, --help            this text

The env lines for a client are printed on stdout; the log goes to stderr.`;

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

/** Exit with a message (code 2: the user's input is wrong; 3: the data file is refused). */
class Exit extends Error {
  constructor(message: string, readonly code: number) {
    super(message);
  }
}

const VALUED = new Set(["--port", "--host", "--api-key", "--data", "--seed", "--login-handler"]);

function parseArgs(argv: string[]): Options | "help" {
  const args = [...argv];
  if (args[0] === "emulator") args.shift();
  const o: Options = { port: 8787, host: "127.0.0.1", quiet: false };
  while (args.length) {
    const arg = args.shift()!;
    if (arg === "-h" || arg === "--help") return "help";
    if (arg === "--quiet") {
      o.quiet = true;
      continue;
    }
    const eq = arg.indexOf("=");
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    if (!VALUED.has(name)) {
      throw new Exit(
        arg.startsWith("-")
          ? `unknown option ${name}`
          : `unknown command ${JSON.stringify(arg)} (the command is "emulator")`,
        2,
      );
    }
    const value = eq > 0 ? arg.slice(eq + 1) : args.shift();
    if (value === undefined || value === "" || (eq < 0 && value.startsWith("--"))) {
      throw new Exit(`${name} needs a value`, 2);
    }
    if (name === "--port") {
      const port = Number(value);
      if (!/^\d+$/.test(value) || port > 65535) {
        throw new Exit(`--port must be a number from 0 to 65535, not ${JSON.stringify(value)}`, 2);
      }
      o.port = port;
    } else if (name === "--host") o.host = value;
    else if (name === "--api-key") {
      if (!/^[\x21-\x7e]+$/.test(value)) {
        throw new Exit("--api-key must be printable ASCII without spaces", 2);
      }
      o.apiKey = value;
    } else if (name === "--data") o.data = value;
    else if (name === "--seed") o.seed = value;
    else {
      let url: URL | undefined;
      try {
        url = new URL(value);
      } catch { /* refused below */ }
      if (!url || (url.protocol !== "http:" && url.protocol !== "https:")) {
        throw new Exit(`--login-handler must be an absolute http(s) URL, not ${value}`, 2);
      }
      o.loginHandler = url.href;
    }
  }
  return o;
}

function readSeed(file: string): Seed {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    throw new Exit(`--seed ${file}: cannot read it (${(e as Error).message})`, 2);
  }
  try {
    return parseSeed(JSON.parse(text));
  } catch (e) {
    throw new Exit(`--seed ${file}: ${(e as Error).message}`, 2);
  }
}

/** One log line per request: method, path (secrets redacted, query values hidden), status. */
function logLine(req: Request, status: number, ms: number): string {
  const url = new URL(req.url);
  const keys = [...url.searchParams.keys()];
  const query = keys.length ? `?${keys.map((k) => `${k}=…`).join("&")}` : "";
  return `${req.method} ${redact(url.pathname)}${query} ${status} ${ms.toFixed(1)}ms`;
}

async function main(argv: string[]): Promise<void> {
  const opts = parseArgs(argv);
  if (opts === "help") {
    console.log(USAGE);
    return;
  }
  const seed = opts.seed ? readSeed(opts.seed) : undefined;
  const log = (line: string) => process.stderr.write(`${line}\n`);

  let saved;
  try {
    saved = opts.data ? readDataFile(opts.data) : null;
  } catch (e) {
    if (e instanceof DataFileError) throw new Exit(`--data ${opts.data}: ${e.message}`, 3);
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
          process.stderr.write(`authrocket-edge emulator: --data ${opts.data}: ${e}\n`);
          process.exit(1);
        }
      }
      : undefined,
  });
  if (saved) {
    try {
      emu.store.restore(saved.state);
      for (const changes of saved.batches) emu.store.apply(changes);
    } catch (e) {
      throw new Exit(`--data ${opts.data}: its content is damaged (${(e as Error).message})`, 3);
    }
    void emu.deliverWebhooks(); // deliveries that were pending when it stopped go on
    if (saved.droppedTornLine) {
      log(`--data ${opts.data}: dropped an unfinished last write (it was never answered)`);
    }
  }
  try {
    if (opts.data) journal = new Journal(opts.data, emu.store, emu.apiKey);
  } catch (e) {
    throw new Exit(`--data ${opts.data}: cannot write it (${(e as Error).message})`, 1);
  }
  const empty = emu.store.ids("realm").length === 0;
  if (seed && empty) {
    try {
      await applySeed(emu.client(), seed);
    } catch (e) {
      if (e instanceof SeedError) throw new Exit(`--seed ${opts.seed}: ${e.message}`, 2);
      throw e;
    }
  } else if (seed) log(`--seed ${opts.seed} skipped: the data file already holds data`);
  const realm = await defaultRealm(emu, opts.loginHandler);

  const handler = async (req: Request): Promise<Response> => {
    const t0 = performance.now();
    const res = await emu.handle(req);
    if (!opts.quiet) log(logLine(req, res.status, performance.now() - t0));
    return res;
  };
  let server: EmulatorServer;
  try {
    server = await serve(handler, opts.port, opts.host);
  } catch (e) {
    throw new Exit(`cannot listen on ${opts.host}:${opts.port}: ${(e as Error).message}`, 1);
  }
  // Before the env lines: whoever reads them may stop the server at once.
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    await server.close();
    journal?.close();
    if (!opts.quiet) log(`stopped (${signal})`);
    process.exit(0);
  };
  process.on("SIGINT", () => void stop("SIGINT"));
  process.on("SIGTERM", () => void stop("SIGTERM"));
  process.stdout.write(envLines(server, emu.apiKey, realm).join("\n") + "\n");
  const where = opts.data ? `data in ${opts.data}` : "in memory";
  log(`AuthRocket 1 emulator on ${server.url} (${where}; Ctrl-C stops it)`);
}

main(process.argv.slice(2)).catch((e) => {
  const code = e instanceof Exit ? e.code : 1;
  process.stderr.write(`authrocket-edge emulator: ${redact((e as Error).message)}\n`);
  if (code === 2) process.stderr.write("Run with --help for the options.\n");
  process.exit(code);
});
