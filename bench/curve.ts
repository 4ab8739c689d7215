// The shape every scale measurement reports (bench/scale.ts prints these as tables of ratios to
// each curve's smallest point and draws them into docs/performance.svg). A curve is one cost
// measured at several points of production's range (realms, cache fill, store size…), each point
// measured in the same process as the smallest one, interleaved (harness.ts `interleave`).

/** One point of a curve: its x (realms, entries, users…) and the cost there. */
export interface CurvePoint {
  /** The x value (e.g. 1, 10, 100, 1000 realms). */
  x: number;
  /** How x reads in a table ("1,000 realms", "10× over"). */
  label: string;
  /** µs per operation at this point (median over rounds). */
  us: number;
  /** This point's cost over the smallest point's, median of the per-round ratios. */
  ratio: number;
  /** The ratio's interquartile range over the rounds. */
  q1: number;
  q3: number;
}

/** One curve: a cost against one dimension of scale. */
export interface Curve {
  /** Short id, unique across the run (e.g. "verify-realms-hs256"). */
  id: string;
  /** What is measured ("verify, HS256, working set of tokens from R realms"). */
  title: string;
  /** The dimension on x ("realms", "cache entries", "users in the store"). */
  xAxis: string;
  /** The runtime it ran on (harness.ts `runtime()`). */
  runtime: string;
  /** The target the ratio must meet, if the issue sets one (e.g. 2 for "within 2×"). */
  target?: number;
  points: CurvePoint[];
  /** A line worth printing under the table (memory per key, API calls, retained bytes…). */
  notes?: string[];
  /**
   * What `us` holds when a point is not µs per operation (e.g. "API calls", "KB retained"):
   * its ratio then compares those, and the chart plots the value itself.
   */
  unit?: string;
}
