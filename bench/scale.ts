// Every scale curve in one run: the verifier's (bench/scale_verify.ts) and, when that file
// exists, the emulator's (bench/scale_emulator.ts), printed as tables of ratios to each curve's
// smallest point, then written to docs/performance.json (the curves, and a fingerprint of the
// sources they measure) and drawn into docs/performance.svg (bench/chart.ts). A test re-renders
// the SVG from the JSON and checks the fingerprint (tests/bench/performance_test.ts): after a
// change to a measured source, re-run `deno task bench`.
//   deno run -A --v8-flags=--expose-gc bench/scale.ts [--quick]
// `--quick`: tiny sizes, the emulator's curves included, nothing written (the smoke test).
// `deno task bench` runs it (bench/run_all.ts).
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { type PerformanceDoc, renderChart } from "./chart.ts";
import { DOC, scaleTables, withRegion } from "./report.ts";
import type { Curve } from "./curve.ts";
import { verifyCurves } from "./scale_verify.ts";

/** The repository root (where deno.json is): bench/ in the source, npm/esm/bench/ built. */
export function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, "deno.json"))) {
    const up = dirname(dir);
    if (up === dir) throw new Error("no deno.json above bench/");
    dir = up;
  }
  return dir;
}

/**
 * The sources each family of curves measures (the fingerprint): a change to one makes the
 * committed figures stale. The emulator's file may name its own (`EMULATOR_SOURCES`).
 */
export const SOURCES = [
  "src/lru.ts",
  "src/number_option.ts",
  "src/jwt/keys.ts",
  "src/jwt/verify.ts",
  "src/jwt/base64url.ts",
  "src/json.ts",
  "src/verify.ts",
  "src/cache/memory.ts",
  "src/cache/workers.ts",
  "src/cache/binding.ts",
  "src/revalidate.ts",
  "src/revalidators.ts",
  "bench/scale_verify.ts",
  "bench/heap.ts",
];

/** What the emulator's curves run through (its file may name its own: `EMULATOR_SOURCES`). */
const EMULATOR_SOURCES = [
  "src/emulator/store.ts",
  "src/emulator/indexes.ts",
  "src/emulator/table.ts",
  "src/emulator/journal.ts",
  "src/emulator/crud.ts",
  "src/emulator/router.ts",
  "src/emulator/auth.ts",
  "src/emulator/paging.ts",
];

/** The emulator's curves module (bench/scale_emulator.ts; its compiled twin in the npm build). */
async function emulator(): Promise<
  { curves(o: { quick?: boolean }): Promise<Curve[]>; sources: string[] } | undefined
> {
  const here = (f: string) => new URL(f, import.meta.url);
  const file = ["scale_emulator.ts", "scale_emulator.js"].find((f) => existsSync(here(f)));
  if (!file) return undefined;
  const m = await import(here(file).href);
  return {
    curves: m.emulatorCurves,
    sources: ["bench/scale_emulator.ts", ...(m.EMULATOR_SOURCES ?? EMULATOR_SOURCES)],
  };
}

/** SHA-256 (hex) of each file, by path from the repository root. */
export async function fingerprint(paths: string[]): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const p of [...paths].sort()) {
    const bytes = readFileSync(join(repoRoot(), p));
    const d = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
    out[p] = [...d].map((b) => b.toString(16).padStart(2, "0")).join("");
  }
  return out;
}

/** Every curve, and the sources they measure. */
export async function measure(
  options: { quick?: boolean } = {},
): Promise<{ curves: Curve[]; sources: string[] }> {
  const curves = await verifyCurves(options);
  const sources = [...SOURCES];
  const emu = await emulator();
  if (emu) {
    curves.push(...await emu.curves(options));
    sources.push(...emu.sources);
  }
  return { curves, sources };
}

/** A curve as a table: each point, its cost and its ratio to the smallest point. */
export function table(c: Curve): string {
  const unit = c.unit ?? "µs/op";
  const lines = [
    `\n${c.title} — ${c.runtime}${
      c.target === undefined ? "" : ` — target ${c.target}${c.unit ? ` ${c.unit}` : "×"}`
    }`,
    `${c.xAxis.padEnd(28)} ${unit.padStart(14)} ${"× smallest [IQR]".padStart(26)}`,
  ];
  for (const p of c.points) {
    const ratio = `${p.ratio.toFixed(3)}× [${p.q1.toFixed(3)}–${p.q3.toFixed(3)}]`;
    lines.push(`${p.label.padEnd(28)} ${p.us.toFixed(3).padStart(14)} ${ratio.padStart(26)}`);
  }
  for (const n of c.notes ?? []) lines.push(`  ${n}`);
  return lines.join("\n");
}

/**
 * Measure, print, and write performance.json and performance.svg into `out` (default docs/;
 * with `quick`, only where `out` says: the smoke test's own folder).
 */
export async function run(options: { quick?: boolean; out?: string } = {}): Promise<string> {
  const { curves, sources } = await measure(options);
  const lines = curves.map(table);
  const dir = options.out ?? (options.quick ? undefined : join(repoRoot(), "docs"));
  if (dir) {
    const doc: PerformanceDoc = {
      generatedBy: "deno task bench (bench/scale.ts)",
      sources: await fingerprint(sources),
      curves,
    };
    writeFileSync(join(dir, "performance.json"), JSON.stringify(doc, null, 2) + "\n");
    writeFileSync(join(dir, "performance.svg"), renderChart(doc));
    lines.push(`\nwrote ${join(dir, "performance.json")} and performance.svg`);
    if (!options.out) {
      // The tables of docs/performance.md, from the same curves (the test re-renders them).
      const md = join(repoRoot(), DOC);
      writeFileSync(md, withRegion(readFileSync(md, "utf8"), "scale", scaleTables(doc)));
      lines.push(`wrote the scale tables into ${DOC}`);
    }
  }
  return lines.join("\n");
}

if ((import.meta as { main?: boolean }).main) {
  const args = (globalThis as { Deno?: { args: string[] } }).Deno?.args ??
    (globalThis as unknown as { process: { argv: string[] } }).process.argv.slice(2);
  console.log(await run({ quick: args.includes("--quick") }));
}
