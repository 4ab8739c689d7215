// A tiny benchmark harness that runs unchanged on Deno, Bun and Node: each case runs for a
// fixed time after a warm-up, and every comparison is against a baseline measured in the same
// run. Prints ratios; never asserts on time.

export interface Case {
  name: string;
  fn: () => unknown | Promise<unknown>;
}

export interface Result {
  name: string;
  perOpUs: number;
  ops: number;
}

const now = () => performance.now();

export async function measure(c: Case, ms = 600): Promise<Result> {
  const warmEnd = now() + Math.min(200, ms / 3);
  while (now() < warmEnd) await c.fn();
  let ops = 0;
  const start = now();
  let end = start;
  // Batches of 16 keep the timer's cost out of the loop.
  while (end - start < ms) {
    for (let i = 0; i < 16; i++) await c.fn();
    ops += 16;
    end = now();
  }
  return { name: c.name, perOpUs: ((end - start) * 1000) / ops, ops };
}

/** Alternate the cases over several rounds and keep each one's best round (less VM noise). */
export async function compare(cases: Case[], rounds = 3, ms = 400): Promise<Result[]> {
  const best = new Map<string, Result>();
  for (let r = 0; r < rounds; r++) {
    for (const c of cases) {
      const res = await measure(c, ms);
      const prev = best.get(c.name);
      if (!prev || res.perOpUs < prev.perOpUs) best.set(c.name, res);
    }
  }
  return cases.map((c) => best.get(c.name)!);
}

export function runtime(): string {
  const g = globalThis as Record<string, unknown>;
  if (g.Deno) return `Deno ${(g.Deno as { version: { deno: string } }).version.deno}`;
  if (g.Bun) return `Bun ${(g.Bun as { version: string }).version}`;
  const p = g.process as { versions?: { node?: string } } | undefined;
  return p?.versions?.node ? `Node ${p.versions.node}` : "unknown";
}

export function table(title: string, baseline: Result, rows: Result[]): string {
  const lines = [`\n${title} — ${runtime()}`];
  lines.push(`${"case".padEnd(58)} ${"µs/op".padStart(10)} ${"× baseline".padStart(11)}`);
  for (const r of [baseline, ...rows]) {
    lines.push(
      `${r.name.padEnd(58)} ${r.perOpUs.toFixed(2).padStart(10)} ${
        (r.perOpUs / baseline.perOpUs).toFixed(3).padStart(11)
      }`,
    );
  }
  return lines.join("\n");
}
