// `deno task bench`: every benchmark, each against its named baseline measured in the same run,
// and the scale curves (bench/scale.ts, which also redraws docs/performance.svg).
// The client and the emulator run here (Deno). The verifier runs in fresh processes, three per
// runtime — Deno (the source), Node (the compiled build), Bun (the source) — because a runtime's
// JIT and heap differ more between processes than within one. Inside each process the
// contenders are interleaved in short rounds (bench/harness.ts `interleave`); the median
// ratios and their spread are summed up at the end. The Worker example's verify path runs in
// workerd (miniflare, under Node).
import { run as clientBench } from "./client_bench.ts";
import { run as emulatorBench } from "./emulator_bench.ts";
import { run as emulatorHttpBench } from "./emulator_http_bench.ts";
import { run as memoryBench } from "./memory_bench.ts";
import { run as redactBench } from "./redact_bench.ts";
import { repoRoot, run as scaleBench } from "./scale.ts";
import { DOC, measuredRegion, withRegion } from "./report.ts";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

// Each section as printed; at the end, docs/performance.md's measured region (bench/report.ts).
const sections: { title: string; text: string }[] = [];
const section = (title: string, text: string) => {
  console.log(text);
  sections.push({ title, text });
};
section("Client (bench/client_bench.ts)", await clientBench());
section("Emulator paging (bench/emulator_bench.ts)", await emulatorBench());
section("Emulator server over HTTP (bench/emulator_http_bench.ts)", await emulatorHttpBench());
section("Memory (bench/memory_bench.ts)", await memoryBench());
section("Redaction (bench/redact_bench.ts)", await redactBench());
// The curves at scale; writes docs/performance.json and docs/performance.svg.
console.log(await scaleBench());

const run = (cmd: string, args: string[], capture = false): string => {
  const out = new Deno.Command(cmd, {
    args,
    stdout: capture ? "piped" : "inherit",
    stderr: "inherit",
  }).outputSync();
  if (!out.success) throw new Error(`${cmd} ${args.join(" ")} failed`);
  return capture ? new TextDecoder().decode(out.stdout) : "";
};
run("node", ["scripts/build_npm.mjs"]);

const runtimes: [string, string, string[]][] = [
  ["Deno", Deno.execPath(), ["run", "-A", "bench/verify_bench.ts"]],
  ["Node", "node", ["npm/esm/bench/verify_bench.js"]],
  ["Bun", "npx", ["bun", "bench/verify_bench.ts"]],
];
type Spread = { median: number; q1: number; q3: number };
type Summary = Record<string, Record<string, Spread>> & { runtime: string };
const summaries: Summary[][] = [];
for (const [name, cmd, args] of runtimes) {
  const mine: Summary[] = [];
  for (let i = 1; i <= 3; i++) {
    console.log(`\n(${name}, process ${i} of 3)`);
    const text = run(cmd, args, true);
    const lines = text.trimEnd().split("\n");
    console.log(lines.filter((l) => !l.startsWith("SUMMARY ")).join("\n"));
    const s = lines.find((l) => l.startsWith("SUMMARY "));
    if (s) mine.push(JSON.parse(s.slice(8)));
  }
  summaries.push(mine);
}

// Each process reports the median of its per-round ratios and their interquartile range; here,
// the median of the three medians, and in brackets the lowest first quartile to the highest
// third quartile of the three processes (the spread across and within processes).
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const cols: [string, string, (x: number) => string][] = [
  ["verifySession", "first verify", (x) => `${x.toFixed(2)}×`],
  ["jose", "jose", (x) => `${x.toFixed(2)}×`],
  ["verifySession100", "×100 in flight", (x) => `${x.toFixed(2)}×`],
  ["jose100", "jose ×100", (x) => `${x.toFixed(2)}×`],
  ["hot", "hot token", (x) => `${x.toFixed(4)}×`],
  ["hotUs", "hot µs/op", (x) => `${x.toFixed(2)}`],
  ["fastJwtHot", "fast-jwt hot", (x) => `${x.toFixed(4)}×`],
];
const summary = [
  "verify: ratio to the floor, median of 3 processes [lowest Q1–highest Q3 of their rounds]",
  `${"runtime".padEnd(14)} ${"alg".padEnd(6)} ${cols.map(([, h]) => h.padStart(26)).join(" ")}`,
];
for (const mine of summaries) {
  for (const alg of ["HS256", "RS256"]) {
    const col = ([k, , f]: (typeof cols)[number]) => {
      const xs = mine.map((s) => s[alg][k]).filter((x) => x !== undefined);
      if (!xs.length) return "—".padStart(26);
      const m = median(xs.map((x) => x.median));
      const lo = Math.min(...xs.map((x) => x.q1));
      const hi = Math.max(...xs.map((x) => x.q3));
      return `${f(m)} [${f(lo)}–${f(hi)}]`.padStart(26);
    };
    summary.push(`${mine[0].runtime.padEnd(14)} ${alg.padEnd(6)} ${cols.map(col).join(" ")}`);
  }
}
section(
  "Token verification, three processes per runtime (bench/verify_bench.ts)",
  summary.join("\n"),
);

section(
  "The Worker example in workerd (bench/workerd_bench.mjs)",
  run("node", ["bench/workerd_bench.mjs"], true),
);

// The scale curves' tables were written by scale.ts; the rest go into the measured region.
const doc = join(repoRoot(), DOC);
const when = `${new Date().toISOString().slice(0, 10)} (${navigator.hardwareConcurrency} cores)`;
writeFileSync(
  doc,
  withRegion(readFileSync(doc, "utf8"), "measured", await measuredRegion(sections, when)),
);
console.log(`\nwrote the measured tables into ${DOC}`);
