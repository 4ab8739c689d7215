// The standalone emulator server over real HTTP: 50 concurrent clients with keep-alive run
// `GET users/:id` and `POST users` against the CLI in its own process, and the same against a
// bare server of the same runtime (the same server adapter, answering the same JSON at once).
// Printed: requests per second of both and their ratio (target: GETs ≥ 0.5× bare), and the
// start-up of the CLI, from spawning it to its first answered request (target: < 300 ms).
//   deno run -A bench/emulator_http_bench.ts        (or node npm/esm/bench/emulator_http_bench.js)
import process from "node:process";
import { spawn } from "node:child_process";
import { serve } from "../src/emulator/serve.ts";
import { cliCommand, startCli } from "../tests/emulator_process.ts";
import { runtime } from "./harness.ts";

const CLIENTS = 50;
const SECONDS = 1.5;
/** Emulator and bare alternate this many times; the medians are compared (load drifts). */
const ROUNDS = 3;
const isDeno = "Deno" in globalThis;
const self = new URL(import.meta.url).pathname;

/** One request; `key` is unique to it (POST users makes a username of it). */
type Call = (key: string) => Promise<Response>;

let runs = 0;
/** Requests per second of `CLIENTS` loops calling `call` for `SECONDS` (after a warm-up). */
async function throughput(call: Call): Promise<number> {
  const run = runs++; // every run its own keys
  let n = 0;
  let counting = false;
  let stop = false;
  const loop = async (c: number) => {
    for (let i = 0; !stop; i++) {
      const res = await call(`r${run}c${c}n${i}`);
      await res.arrayBuffer();
      if (res.status >= 300) throw new Error(`answered ${res.status}`);
      if (counting) n++;
    }
  };
  const loops = Array.from({ length: CLIENTS }, (_, c) => loop(c));
  await new Promise((ok) => setTimeout(ok, 500));
  counting = true;
  const t0 = performance.now();
  await new Promise((ok) => setTimeout(ok, SECONDS * 1000));
  counting = false;
  const elapsed = (performance.now() - t0) / 1000;
  stop = true;
  await Promise.all(loops);
  return n / elapsed;
}

/** A bare server in its own process of this runtime, answering `body` to every request. */
async function bare(body: string): Promise<{ url: string; stop(): void }> {
  const args = [...(isDeno ? ["run", "-A"] : []), self, "--bare", body];
  const proc = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "inherit"] });
  const url = await new Promise<string>((ok, fail) => {
    let out = "";
    proc.stdout!.setEncoding("utf8").on("data", (d: string) => {
      out += d;
      if (out.includes("\n")) ok(out.trim());
    });
    proc.on("exit", () => fail(new Error("the bare server exited")));
  });
  return { url, stop: () => process.kill(proc.pid!, "SIGTERM") };
}

/** Milliseconds from spawning the CLI to its first answered request. */
async function startUp(): Promise<number> {
  const t0 = performance.now();
  const cli = await startCli(["--port", "0", "--quiet"]);
  const res = await fetch(`${cli.env.AUTHROCKET_URL}/realms/${cli.env.AUTHROCKET_REALM}`, {
    headers: { "x-authrocket-api-key": cli.env.AUTHROCKET_API_KEY },
  });
  await res.arrayBuffer();
  const ms = performance.now() - t0;
  if (res.status !== 200) throw new Error(`first request answered ${res.status}`);
  await cli.stop();
  return ms;
}

export async function run(): Promise<string> {
  const cli = await startCli(["--port", "0", "--quiet"]);
  const { AUTHROCKET_URL: api, AUTHROCKET_API_KEY: key, AUTHROCKET_REALM: realm } = cli.env;
  const headers = { "x-authrocket-api-key": key, "x-authrocket-realm": realm };
  const post = (base: string, key: string) =>
    fetch(`${base}/users`, {
      method: "POST",
      headers: { ...headers, "content-type": "application/json" },
      body: JSON.stringify({
        user: {
          user_type: "human",
          username: `bench${key}`,
          email: `bench${key}@example.com`,
          password: "correct horse",
        },
      }),
    });
  const first = await post(api, "first");
  const user = await first.json() as { id: string };
  const getRes = await fetch(`${api}/users/${user.id}`, { headers });
  const body = await getRes.text();
  const server = await bare(body);
  const rows: [string, number, number][] = [];
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
  const pair = async (name: string, emuCall: Call, bareCall: Call) => {
    const emu: number[] = [];
    const b: number[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      emu.push(await throughput(emuCall));
      b.push(await throughput(bareCall));
    }
    rows.push([name, median(emu), median(b)]);
  };
  try {
    await pair(
      "GET users/:id",
      () => fetch(`${api}/users/${user.id}`, { headers }),
      () => fetch(`${server.url}/users/${user.id}`, { headers }),
    );
    await pair("POST users", (k) => post(api, k), (k) => post(server.url, k));
  } finally {
    server.stop();
    await cli.stop();
  }
  const starts: number[] = [];
  for (let i = 0; i < 5; i++) starts.push(await startUp());
  starts.sort((a, b) => a - b);
  const [cmd, argv] = cliCommand([]);
  const f = (x: number) => x.toFixed(0).padStart(12);
  return [
    `\nemulator server over HTTP (${runtime()}, ${CLIENTS} clients, keep-alive; median of ${ROUNDS} ` +
    `alternating ${SECONDS} s runs)`,
    `${"".padEnd(16)} ${"emulator/s".padStart(12)} ${"bare/s".padStart(12)} ${"ratio".padStart(8)}`,
    ...rows.map(([name, emu, b]) =>
      `${name.padEnd(16)} ${f(emu)} ${f(b)} ${`${(emu / b).toFixed(2)}×`.padStart(8)}`
    ),
    "(POST users hashes each password with PBKDF2, 10,000 iterations; GET target ≥ 0.50×)",
    `start-up to first answered request (${cmd.split("/").pop()} ${argv.slice(0, -1).join(" ")}` +
    ` …cli, no --data): median ${starts[2].toFixed(0)} ms [${starts[0].toFixed(0)}–${
      starts[4].toFixed(0)
    }] of 5 (target < 300 ms)`,
  ].join("\n");
}

if (process.argv[2] === "--bare") {
  const body = process.argv[3];
  const s = await serve(
    (req) =>
      req.arrayBuffer().then(() =>
        new Response(body, {
          status: req.method === "POST" ? 201 : 200,
          headers: { "content-type": "application/json" },
        })
      ),
    0,
  );
  process.stdout.write(`${s.url}\n`);
  process.on("SIGTERM", () => s.close().then(() => process.exit(0)));
} else if (
  (import.meta as { main?: boolean }).main ?? process.argv[1]?.endsWith("emulator_http_bench.js")
) {
  console.log(await run());
}
