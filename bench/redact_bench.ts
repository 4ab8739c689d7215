// redact() against input length: for the inputs that were quadratic (and the other long runs
// each pattern walks, and random texts), a curve over 64 KB, 256 KB and 1 MB, each point's
// ratio to the 64 KB one (linear: 4× and 16×), and the absolute time of 1 MB — the figure the
// docs quote (target: ≤ 100 ms on the project's 2-core machine). Runs on Deno, Bun and Node:
// `deno run -A bench/redact_bench.ts`, `npx bun bench/redact_bench.ts`, or `deno task bench`.
import process from "node:process";
import { redact } from "../src/redact.ts";
import { WORST } from "../tests/fixtures/redact_inputs.ts";
import type { Curve } from "./curve.ts";
import { interleave, runtime } from "./harness.ts";

const SIZES: [number, string][] = [[64 * 1024, "64 KB"], [256 * 1024, "256 KB"], [
  1024 * 1024,
  "1 MB",
]];

/** One curve per input family: redact() time over the sizes, interleaved. */
export async function curves(): Promise<Curve[]> {
  const out: Curve[] = [];
  for (const [name, make] of Object.entries(WORST)) {
    const texts = SIZES.map(([n]) => make(n));
    const r = await interleave(
      SIZES.map(([, label], i) => ({ name: label, fn: () => redact(texts[i], ["a-secret"]) })),
      { sliceMs: 60, minRounds: 5, maxRounds: 9, turnUs: 10_000 },
    );
    out.push({
      id: `redact-${out.length + 1}`,
      title: `redact(), ${name}`,
      xAxis: "input length",
      runtime: runtime(),
      target: 4,
      points: r.cases.map((c, i) => ({
        x: SIZES[i][0],
        label: SIZES[i][1],
        us: c.us.median,
        ratio: c.ratio.median,
        q1: c.ratio.q1,
        q3: c.ratio.q3,
      })),
    });
  }
  return out;
}

/** The curves as a table: ms at each size, and the ratio to 64 KB (linear: 4× at 256 KB). */
export async function run(): Promise<string> {
  const lines = [
    `\nredact(): time against input length — ${runtime()} (linear: 4× and 16× the 64 KB time)`,
    `${"input".padEnd(64)} ${SIZES.map(([, l]) => `${l} ms`.padStart(10)).join(" ")} ${
      "256 KB ×".padStart(9)
    } ${"1 MB ×".padStart(7)}`,
  ];
  let worst1mb = 0;
  const names = Object.keys(WORST);
  for (const [i, c] of (await curves()).entries()) {
    const name = names[i];
    const ms = c.points.map((p) => (p.us / 1000).toFixed(2).padStart(10)).join(" ");
    const [, r256, r1m] = c.points.map((p) => `${p.ratio.toFixed(1)}×`);
    lines.push(`${name.padEnd(64)} ${ms} ${r256.padStart(9)} ${r1m.padStart(7)}`);
    worst1mb = Math.max(worst1mb, c.points[2].us / 1000);
  }
  lines.push(`slowest 1 MB input: ${worst1mb.toFixed(1)} ms (target ≤ 100 ms)`);
  return lines.join("\n");
}

if ((import.meta as { main?: boolean }).main ?? process.argv[1]?.endsWith("redact_bench.js")) {
  console.log(await run());
}
