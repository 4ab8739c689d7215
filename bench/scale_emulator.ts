// The emulator at scale (issue 18, item 4): each call a test suite or a local app makes —
// a username lookup, a user by id, a session by its token, a 100-record page, POST users, a
// login — against stores of 100, 1,000, 10,000 and 100,000 users (each with a session), as
// ratios to the 100-user store (target: within 2×). Every store is built once through the API
// in this process; the four are interleaved call by call (harness.ts `interleave`). Then the
// standalone server's data file (`--data`): restart time against the store's size (target
// ≤ 3 s at 100,000 users), the file's size against its snapshot's through compaction, and
// the heap each user costs.
//   deno run -A --v8-flags=--expose-gc bench/scale_emulator.ts [--quick]
//   node --expose-gc npm/esm/bench/scale_emulator.js [--quick]
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createEmulator, type Emulator } from "../testing.ts";
import { Journal } from "../src/emulator/journal.ts";
import { startCli } from "../tests/emulator_process.ts";
import type { Curve, CurvePoint } from "./curve.ts";
import { interleave, runtime } from "./harness.ts";
import { fullGc, heapUsed } from "./heap.ts";

const g = globalThis as Record<string, unknown>;

const PASSWORD = "correct horse battery";
const TARGET = 2;

/** A store of `n` human users, each with a password and a managed session. */
interface Built {
  n: number;
  emu: Emulator;
  realm: string;
  ids: string[];
  tokens: string[];
  /** Heap the users cost (after a full GC), when a GC can be forced. */
  heapBytes?: number;
}

/** Headers of the API key and the realm, built once per store. */
function headers(b: { emu: Emulator; realm: string }, json = false): Record<string, string> {
  const h: Record<string, string> = {
    "x-authrocket-api-key": b.emu.apiKey,
    "x-authrocket-realm": b.realm,
  };
  if (json) h["content-type"] = "application/json";
  return h;
}

async function call(emu: Emulator, path: string, init?: RequestInit): Promise<unknown> {
  const res = await emu.fetch(`/v1/${path}`, init);
  if (res.status >= 300) throw new Error(`${init?.method ?? "GET"} ${path}: ${res.status}`);
  return res.status === 204 ? undefined : await res.json();
}

/** Build a store of `n` users and their sessions through the API. */
async function build(n: number): Promise<Built> {
  const measured = fullGc();
  const before = measured ? heapUsed() : 0;
  const emu = createEmulator({ passwordIterations: 1 });
  const realm = (await emu.client().realms.createOrThrow({ name: `Scale ${n}` })).id;
  const b = { n, emu, realm, ids: [] as string[], tokens: [] as string[] };
  const post = { method: "POST", headers: headers(b, true) };
  for (let i = 0; i < n; i++) {
    const user = {
      user_type: "human",
      username: `u${i}`,
      email: `u${i}@example.com`,
      first_name: "First",
      last_name: `Last${i}`,
      password: PASSWORD,
    };
    const u = await call(emu, "users", { ...post, body: JSON.stringify({ user }) });
    const id = (u as { id: string }).id;
    const session = { user_id: id };
    const s = await call(emu, "sessions", { ...post, body: JSON.stringify({ session }) });
    b.ids.push(id);
    b.tokens.push((s as { token: string }).token);
  }
  if (!measured) return b;
  fullGc();
  return { ...b, heapBytes: heapUsed() - before };
}

/** The calls measured, each a function of a store (`j` spreads the keys over the store). */
const CALLS: { id: string; title: string; make: (b: Built) => () => Promise<unknown> }[] = [
  {
    id: "emulator-username",
    title: "emulator: GET users?username= (a list filter)",
    make: (b) => {
      let j = 0;
      const init = { headers: headers(b) };
      return () => call(b.emu, `users?username=u${(j++ * 7919) % b.n}`, init);
    },
  },
  {
    id: "emulator-user-by-id",
    title: "emulator: GET users/:id",
    make: (b) => {
      let j = 0;
      const init = { headers: headers(b) };
      return () => call(b.emu, `users/${b.ids[(j++ * 7919) % b.n]}`, init);
    },
  },
  {
    id: "emulator-session-by-token",
    title: "emulator: GET sessions/:token (the login JWT)",
    make: (b) => {
      let j = 0;
      const init = { headers: headers(b) };
      return () => call(b.emu, `sessions/${b.tokens[(j++ * 7919) % b.n]}`, init);
    },
  },
  {
    id: "emulator-page",
    title: "emulator: GET users, a page of 100 (after a cursor)",
    make: (b) => {
      let j = 0;
      const init = { headers: headers(b) };
      // Pages from all over the store, each of 100 users (the 100-user store: its one page).
      return () => {
        const after = b.n > 100 ? `&after=${b.ids[(j++ * 7919) % (b.n - 100)]}` : "";
        return call(b.emu, `users?max_results=100${after}`, init);
      };
    },
  },
  {
    id: "emulator-post-user",
    title: "emulator: POST users (a human with a password; then its DELETE)",
    make: (b) => {
      let j = 0;
      const post = { method: "POST", headers: headers(b, true) };
      const del = { method: "DELETE", headers: headers(b) };
      return async () => {
        const user = { user_type: "human", username: `new${j}`, email: `new${j++}@example.com` };
        const body = JSON.stringify({ user: { ...user, password: PASSWORD } });
        const u = await call(b.emu, "users", { ...post, body }) as { id: string };
        await call(b.emu, `users/${u.id}`, del); // the store keeps its size
      };
    },
  },
  {
    id: "emulator-login",
    title: "emulator: a login (POST users/:username/authenticate; then its logout)",
    make: (b) => {
      let j = 0;
      const post = { method: "POST", headers: headers(b, true) };
      const del = { method: "DELETE", headers: headers(b) };
      const body = JSON.stringify({ password: PASSWORD });
      return async () => {
        const u = `u${(j++ * 7919) % b.n}`;
        const r = await call(b.emu, `users/${u}/authenticate`, { ...post, body }) as {
          token: string;
        };
        const tk = JSON.parse(atob(r.token.split(".")[1].replace(/-/g, "+").replace(/_/g, "/")));
        await call(b.emu, `sessions/${tk.tk}`, del); // the store keeps its size
      };
    },
  },
];

const label = (n: number) => `${n.toLocaleString("en")} users`;

/** One call at every store size, interleaved: a curve of ratios to the smallest store. */
async function curveOf(c: (typeof CALLS)[number], stores: Built[], quick: boolean) {
  const r = await interleave(
    stores.map((b) => ({ name: label(b.n), fn: c.make(b) })),
    quick ? { minRounds: 2, maxRounds: 2, sliceMs: 5 } : {},
  );
  const points: CurvePoint[] = r.cases.map((x, i) => ({
    x: stores[i].n,
    label: label(stores[i].n),
    us: x.us.median,
    ratio: x.ratio.median,
    q1: x.ratio.q1,
    q3: x.ratio.q3,
  }));
  const curve: Curve = {
    id: c.id,
    title: c.title,
    xAxis: "users in the store (+ as many sessions)",
    runtime: runtime(),
    target: TARGET,
    points,
  };
  if (!r.converged) curve.notes = [`IQR not within ±5% after ${r.rounds} rounds: noisy machine`];
  return curve;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** The standalone server's start over a data file, spawned: from its spawn to its env lines. */
async function restartMs(file: string): Promise<number> {
  const t0 = performance.now();
  const cli = await startCli(["--port", "0", "--quiet", "--data", file], { timeoutMs: 120_000 });
  const ms = performance.now() - t0;
  await cli.stop(); // its last compaction is not timed
  return ms;
}

/**
 * `--data`: the server's restart against the store's size, the file against its snapshot
 * through compactions, and what one compaction costs the request that triggers it.
 */
async function dataFile(stores: Built[], quick: boolean): Promise<Curve> {
  const dir = mkdtempSync(join(tmpdir(), "ar-scale-"));
  const notes: string[] = [];
  const points: CurvePoint[] = [];
  try {
    for (const b of stores) {
      const file = join(dir, `n${b.n}.data`);
      const t0 = performance.now();
      new Journal(file, b.emu.store, b.emu.apiKey).close();
      const compaction = performance.now() - t0;
      const bytes = statSync(file).size;
      const runs: number[] = [];
      for (let i = 0; i < (quick ? 1 : 3); i++) runs.push(await restartMs(file));
      const ms = median(runs);
      points.push({ x: b.n, label: label(b.n), us: ms * 1000, ratio: 0, q1: 0, q3: 0 });
      notes.push(
        `${label(b.n)}: restart ${ms.toFixed(0)} ms (runs ${runs.map((x) => x.toFixed(0))}); ` +
          `data file ${(bytes / 1e6).toFixed(1)} MB, ${(bytes / b.n).toFixed(0)} B per user; ` +
          `one compaction ${compaction.toFixed(0)} ms`,
      );
    }
    for (const p of points) p.ratio = p.q1 = p.q3 = p.us / points[0].us;
    const last = points[points.length - 1];
    notes.push(
      `target: restart ≤ 3 s at 100,000 users (here ${(last.us / 1e6).toFixed(2)} s at ` +
        `${last.label}, the process's start included); a compaction happens when the journal ` +
        "outgrows the snapshot: the write that triggers it waits as long",
    );
    // The file against its snapshot, write by write, through compactions: a store small
    // enough for its journal to outgrow its snapshot within a bench run.
    const small = stores.find((b) => b.n >= 1000) ?? stores[0];
    const file = join(dir, "writes.data");
    const open: { journal?: Journal } = {};
    const emu = createEmulator({
      apiKey: small.emu.apiKey,
      passwordIterations: 1,
      onCommit: (changes) => open.journal!.append(changes),
    });
    emu.store.restore(small.emu.store.snapshot());
    open.journal = new Journal(file, emu.store, emu.apiKey);
    const login = CALLS.find((c) => c.id === "emulator-login")!.make({ ...small, emu });
    const writes = quick ? 200 : 3000;
    let worst = 0;
    let compactions = 0;
    let snapshot = statSync(file).size;
    for (let i = 0; i < writes; i++) {
      await login(); // two requests: a login, a logout
      const text = readFileSync(file, "utf8");
      const head = text.indexOf("\n", text.indexOf("\n") + 1) + 1; // format line + snapshot
      if (head !== snapshot) compactions++;
      snapshot = head;
      worst = Math.max(worst, statSync(file).size / head);
    }
    open.journal.close();
    notes.push(
      `${label(small.n)}: ${2 * writes} writes (logins, logouts) journaled through ` +
        `${compactions} compactions; the file peaked at ${worst.toFixed(2)}× its snapshot ` +
        "(target ≤ 2×; a snapshot under 64 KiB may carry 64 KiB of journal)",
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return {
    id: "emulator-restart",
    title: "emulator --data: the server's restart (spawn to ready) against the store's size",
    xAxis: "users in the store (+ as many sessions)",
    runtime: runtime(),
    points,
    notes,
  };
}

/** Every curve of the emulator at scale; `quick`: tiny stores, for a smoke test. */
export async function emulatorCurves(options: { quick?: boolean } = {}): Promise<Curve[]> {
  const quick = options.quick ?? false;
  const sizes = quick ? [20, 200] : [100, 1_000, 10_000, 100_000];
  const stores: Built[] = [];
  for (const n of sizes) stores.push(await build(n));
  const curves: Curve[] = [];
  const restart = await dataFile(stores, quick); // on the stores as built
  for (const c of CALLS) curves.push(await curveOf(c, stores, quick));
  const largest = stores[stores.length - 1];
  curves[0].notes = [
    ...(curves[0].notes ?? []),
    largest.heapBytes === undefined
      ? "memory per user: not measured (run with --expose-gc, or on Bun)"
      : `memory per user (with its session, credential and events): ${
        (largest.heapBytes / largest.n).toFixed(0)
      } B of heap at ${label(largest.n)}`,
  ];
  curves.push(restart);
  return curves;
}

/** A curve as a table: µs/op, ratio to the first point [IQR], notes. */
function table(c: Curve): string {
  const lines = [`\n${c.title} — ${c.runtime}${c.target ? ` (target ≤ ${c.target}×)` : ""}`];
  for (const p of c.points) {
    const us = p.us >= 1e4 ? `${(p.us / 1000).toFixed(0)} ms` : `${p.us.toFixed(1)} µs`;
    const ratio = `${p.ratio.toFixed(2)}× [${p.q1.toFixed(2)}–${p.q3.toFixed(2)}]`;
    lines.push(`  ${p.label.padEnd(16)} ${us.padStart(12)} ${ratio.padStart(22)}`);
  }
  for (const n of c.notes ?? []) lines.push(`  ${n}`);
  return lines.join("\n");
}

// Run as a script (Deno and Bun say so; Node: this file is the one it was started with).
const argv1 = (g.process as { argv?: string[] } | undefined)?.argv?.[1];
if ((import.meta as { main?: boolean }).main ?? (argv1 && import.meta.url.endsWith(argv1))) {
  const args = (g.Deno as { args?: string[] } | undefined)?.args ??
    (g.process as { argv: string[] }).argv.slice(2);
  for (const c of await emulatorCurves({ quick: args.includes("--quick") })) console.log(table(c));
}
