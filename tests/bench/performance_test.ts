// docs/performance.json and docs/performance.svg stay true to the code, the way the size table
// does: the SVG is what bench/chart.ts renders from the JSON (a hand edit fails), and the JSON's
// fingerprint matches the sources its curves measure (a change to one fails until `deno task
// bench` is re-run). And the scale bench itself runs: `--quick` completes and writes valid
// curves (never asserted on time).
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { families, type PerformanceDoc, renderChart } from "../../bench/chart.ts";
import type { Curve } from "../../bench/curve.ts";
import { fingerprint, repoRoot, run, SOURCES } from "../../bench/scale.ts";
import { DOC, normalize, regionOf, scaleTables, sealed } from "../../bench/report.ts";

const ROOT = repoRoot();
const read = (f: string) => readFileSync(join(ROOT, f), "utf8");

/** What makes a curve valid: an id, points in x order, finite costs and ratios. */
function assertValid(curves: Curve[]) {
  assert.ok(curves.length >= 5, `${curves.length} curves`);
  assert.equal(new Set(curves.map((c) => c.id)).size, curves.length, "unique ids");
  for (const c of curves) {
    assert.ok(c.title && c.xAxis && c.runtime, c.id);
    assert.ok(c.points.length >= 2, `${c.id}: ${c.points.length} points`);
    for (const [i, p] of c.points.entries()) {
      assert.ok(Number.isFinite(p.us) && Number.isFinite(p.ratio), `${c.id} @ ${p.label}`);
      assert.ok(p.q1 <= p.ratio + 1e-9 && p.ratio <= p.q3 + 1e-9, `${c.id} @ ${p.label}: IQR`);
      if (i > 0) assert.ok(p.x > c.points[i - 1].x, `${c.id}: x ascending`);
    }
    if (!c.unit) assert.equal(c.points[0].ratio, 1, `${c.id}: ratios to the smallest point`);
  }
}

describe("docs/performance.json and docs/performance.svg", () => {
  const doc = JSON.parse(read("docs/performance.json")) as PerformanceDoc;

  it("the SVG is the chart of the JSON (re-rendered byte for byte: no hand edit)", () => {
    assert.equal(read("docs/performance.svg"), renderChart(doc));
  });

  it("the figures are of the current sources (else re-run `deno task bench`)", async () => {
    const emulator = existsSync(join(ROOT, "bench", "scale_emulator.ts"));
    const listed = Object.keys(doc.sources);
    for (const s of SOURCES) assert.ok(listed.includes(s), `${s} is not in the fingerprint`);
    if (emulator) assert.ok(listed.includes("bench/scale_emulator.ts"), "the emulator's curves");
    const now = await fingerprint(listed);
    const stale = listed.filter((f) => now[f] !== doc.sources[f]);
    assert.deepEqual(
      stale,
      [],
      `changed since the figures were measured: re-run \`deno task bench\``,
    );
  });

  it("holds valid curves, the verifier's and (when it is there) the emulator's", () => {
    assertValid(doc.curves);
    for (const id of ["verify-realms-hs256", "verify-realms-rs256", "hit-token-cache"]) {
      assert.ok(doc.curves.some((c) => c.id === id), id);
    }
  });

  it("docs/performance.md's scale tables are the JSON's curves (no hand edit)", () => {
    const body = regionOf(read(DOC), "scale");
    assert.ok(body !== undefined, `${DOC} has no scale region`);
    assert.equal(
      normalize(body),
      normalize(scaleTables(doc)),
      "re-render them: `deno run -A bench/chart.ts` (new figures: `deno task bench`)",
    );
  });

  it("docs/performance.md's measured tables are sealed by the run that wrote them", async () => {
    const body = regionOf(read(DOC), "measured");
    assert.ok(body !== undefined, `${DOC} has no measured region`);
    assert.notEqual(body.trim(), "", "empty: run `deno task bench` on a quiet machine");
    assert.ok(await sealed(body), "edited by hand: re-run `deno task bench`");
  });

  it("the chart is deterministic and draws one panel per family", () => {
    const svg = renderChart(doc);
    assert.equal(renderChart(structuredClone(doc)), svg);
    assert.match(svg, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    assert.equal(svg.match(/class="f"/g)?.length, families(doc.curves).length);
    assert.ok(families(doc.curves).length >= 4, "realms, hits, API calls, retained heap");
    assert.equal(svg.match(/<polyline /g)?.length, doc.curves.length);
  });
});

describe("bench/scale.ts --quick", () => {
  it("completes and writes valid curves and their chart", async () => {
    const out = mkdtempSync(join(tmpdir(), "scale-quick-"));
    try {
      const printed = await run({ quick: true, out });
      assert.match(printed, /× smallest/);
      const doc = JSON.parse(readFileSync(join(out, "performance.json"), "utf8")) as PerformanceDoc;
      assertValid(doc.curves);
      assert.equal(readFileSync(join(out, "performance.svg"), "utf8"), renderChart(doc));
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
