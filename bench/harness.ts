// A tiny benchmark harness that runs unchanged on Deno, Bun and Node: `interleave` alternates
// the contenders and reports the median of per-round ratios with its interquartile range (on a
// shared machine the baseline drifts more than the margins the figures test; the contenders
// alternate every few hundred µs so that a drift falls on all of them alike).
// Prints ratios; never asserts on time.

export interface Case {
  name: string;
  fn: () => unknown | Promise<unknown>;
}

const now = () => performance.now();

/** A ratio's median over the rounds, with its interquartile range. */
export interface Spread {
  median: number;
  q1: number;
  q3: number;
}

/** What {@link interleave} found: per case, µs/op and its ratio to the first case (per round). */
export interface Interleaved {
  rounds: number;
  /** Whether every ratio's IQR came within ±`tolerance` of its median. */
  converged: boolean;
  cases: { name: string; us: Spread; ratio: Spread }[];
}

const quantile = (sorted: number[], q: number) => {
  const i = (sorted.length - 1) * q;
  const lo = Math.floor(i);
  return sorted[lo] + (sorted[Math.ceil(i)] - sorted[lo]) * (i - lo);
};
const spread = (xs: number[]): Spread => {
  const s = [...xs].sort((a, b) => a - b);
  return { median: quantile(s, 0.5), q1: quantile(s, 0.25), q3: quantile(s, 0.75) };
};

/**
 * The mean of a round's turns without its slowest and fastest tenth: a turn that a scheduler
 * stall or a sleeping worker thread hit says nothing of the code, and one such turn would move
 * the round's ratio by more than the margins the figures test.
 */
function trimmedMean(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const cut = Math.floor(s.length / 10);
  const kept = s.slice(cut, s.length - cut);
  return kept.reduce((a, b) => a + b, 0) / kept.length;
}

/** Time `ops` calls of `fn` (awaited one after another), in µs per call. */
async function timed(fn: Case["fn"], ops: number): Promise<number> {
  const start = now();
  for (let i = 0; i < ops; i++) await fn();
  return ((now() - start) * 1000) / ops;
}

/**
 * Interleave the contenders call by call: a round is a run of turns, each turn one short batch
 * of every case (about `turnUs` µs each: dozens of calls of a verify, thousands of a cache hit), the
 * order rotated every turn; a round's ratio is each case's time over the first case's in that
 * round (the trimmed mean of its turns). The cases alternate every millisecond or so, so a drift of the machine (another process,
 * a frequency step) lands on all of them alike and cancels out, where slices of milliseconds
 * let it fall on one. Rounds of about `sliceMs` per case run until every ratio's interquartile
 * range is within ±`tolerance` of its median (after `minRounds`), or `maxRounds`.
 */
export async function interleave(
  cases: Case[],
  { sliceMs = 30, minRounds = 15, maxRounds = 150, tolerance = 0.05, turnUs = 1000 } = {},
): Promise<Interleaved> {
  // Warm-up, and the calls per turn, per case.
  const batch: number[] = [];
  let slowest = 0;
  for (const c of cases) {
    let n = 1;
    for (;;) {
      const us = await timed(c.fn, n);
      if (us * n >= 200_000 || n >= 1 << 20) {
        const calls = Math.max(1, Math.round(turnUs / us));
        batch.push(calls);
        slowest = Math.max(slowest, us * calls);
        break;
      }
      n *= 2;
    }
  }
  const turns = Math.max(8, Math.round((sliceMs * 1000) / slowest));
  const times: number[][] = cases.map(() => []);
  const ratios: number[][] = cases.map(() => []);
  let rounds = 0;
  let converged = false;
  while (rounds < maxRounds) {
    const turnMs: number[][] = cases.map(() => []);
    for (let t = 0; t < turns; t++) {
      for (let k = 0; k < cases.length; k++) {
        const i = (k + t + rounds) % cases.length;
        const fn = cases[i].fn;
        const start = now();
        for (let j = batch[i]; j > 0; j--) await fn();
        turnMs[i].push(now() - start);
      }
    }
    rounds++;
    for (let i = 0; i < cases.length; i++) {
      times[i].push((trimmedMean(turnMs[i]) * 1000) / batch[i]);
      ratios[i].push(times[i][rounds - 1] / times[0][rounds - 1]);
    }
    if (rounds >= minRounds) {
      converged = ratios.slice(1).every((r) => {
        const s = spread(r);
        return s.q3 <= s.median * (1 + tolerance) && s.q1 >= s.median * (1 - tolerance);
      });
      if (converged) break;
    }
  }
  return {
    rounds,
    converged,
    cases: cases.map((c, i) => ({ name: c.name, us: spread(times[i]), ratio: spread(ratios[i]) })),
  };
}

/** `1.03× [0.99–1.06]`: a ratio with its interquartile range. */
export const ratioText = (s: Spread): string =>
  `${s.median.toFixed(3)}× [${s.q1.toFixed(3)}–${s.q3.toFixed(3)}]`;

/** A table of an interleaved run: µs/op (IQR) and the ratio to the first case (IQR). */
export function spreadTable(title: string, r: Interleaved): string {
  const lines = [
    `\n${title} — ${runtime()} — ${r.rounds} interleaved rounds${
      r.converged ? "" : " (IQR NOT within ±5%: the machine is too noisy for this figure)"
    }`,
    `${"case".padEnd(50)} ${"µs/op [IQR]".padStart(24)} ${"× first case [IQR]".padStart(28)}`,
  ];
  for (const c of r.cases) {
    const us = `${c.us.median.toFixed(2)} [${c.us.q1.toFixed(2)}–${c.us.q3.toFixed(2)}]`;
    lines.push(`${c.name.padEnd(50)} ${us.padStart(24)} ${ratioText(c.ratio).padStart(28)}`);
  }
  return lines.join("\n");
}

export function runtime(): string {
  const g = globalThis as Record<string, unknown>;
  if (g.Deno) return `Deno ${(g.Deno as { version: { deno: string } }).version.deno}`;
  if (g.Bun) return `Bun ${(g.Bun as { version: string }).version}`;
  const p = g.process as { versions?: { node?: string } } | undefined;
  return p?.versions?.node ? `Node ${p.versions.node}` : "unknown";
}
