// `deno task bench`: every benchmark, each against its named baseline measured in the same run.
// The client and the emulator run here (Deno). The verifier runs in fresh processes, three per
// runtime — Deno (the source), Node (the compiled build), Bun (the source) — because a runtime's
// JIT and heap differ more between processes than within one; the median ratios are summed up
// at the end. The Worker example's verify path runs in workerd (miniflare, under Node).
import { run as clientBench } from "./client_bench.ts";
import { run as emulatorBench } from "./emulator_bench.ts";
import { run as emulatorHttpBench } from "./emulator_http_bench.ts";
import { run as memoryBench } from "./memory_bench.ts";

console.log(await clientBench());
console.log(await emulatorBench());
console.log(await emulatorHttpBench());
console.log(await memoryBench());

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
type Summary = Record<string, Record<string, number>> & { runtime: string };
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

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const f = (x: number) => `${x.toFixed(2)}×`;
console.log("\nverify: median ratio to the floor over 3 processes (range in brackets)");
console.log(
  `${"runtime".padEnd(14)} ${"alg".padEnd(6)} ${"verifySession".padStart(22)} ${
    "jose".padStart(22)
  } ${"verifySession ×100".padStart(22)} ${"jose ×100".padStart(22)}`,
);
for (const mine of summaries) {
  for (const alg of ["HS256", "RS256"]) {
    const col = (k: string) => {
      const xs = mine.map((s) => s[alg][k]);
      return `${f(median(xs))} [${f(Math.min(...xs))}–${f(Math.max(...xs))}]`.padStart(22);
    };
    console.log(
      `${mine[0].runtime.padEnd(14)} ${alg.padEnd(6)} ${col("verifySession")} ${col("jose")} ${
        col("verifySession100")
      } ${col("jose100")}`,
    );
  }
}

run("node", ["bench/workerd_bench.mjs"]);
