// docs/performance.svg from docs/performance.json: a small, deterministic SVG renderer (no
// dependency, no clock, no randomness: the same JSON always gives the same bytes, so a test can
// re-render it and catch a hand edit). `deno run -A bench/chart.ts` redraws the SVG (and the
// tables of docs/performance.md) from the committed JSON (after a change to this file; new figures need `deno task bench`). One panel per curve family (curves sharing their x axis
// and unit), a log x axis, the ratio to each curve's smallest point on y (or the value itself
// for curves with a `unit`), the target as a dashed line.
import type { Curve } from "./curve.ts";

/** What `deno task bench` writes to docs/performance.json. */
export interface PerformanceDoc {
  /** How to regenerate it. */
  generatedBy: string;
  /** SHA-256 (hex) of each source file the curves measure, by path from the repository root. */
  sources: Record<string, string>;
  curves: Curve[];
}

const W = 470; // panel width
const H = 300; // panel height, legend included
const PLOT = { left: 52, right: 14, top: 34, bottom: 96 }; // inside a panel
const COLORS = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#17becf"];

const esc = (s: string) =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
const num = (n: number) => Number(n.toFixed(2)).toString();
const short = (s: string, n: number) => s.length > n ? s.slice(0, n - 1) + "…" : s;

/** 1, 10, 100, 1k, 10k, 100k, 1M. */
function tickLabel(x: number): string {
  if (x >= 1e6) return `${x / 1e6}M`;
  if (x >= 1e3) return `${x / 1e3}k`;
  return String(x);
}

/** A step that gives 4–8 ticks up to `max`. */
function step(max: number): number {
  const raw = max / 5;
  const p = 10 ** Math.floor(Math.log10(raw));
  for (const m of [1, 2, 2.5, 5, 10]) if (raw <= m * p) return m * p;
  return 10 * p;
}

/**
 * The families in order of first appearance: curves with one x axis, one unit and one target
 * (a restart time beside call costs over the same stores is another family).
 */
export function families(curves: Curve[]): Curve[][] {
  const by = new Map<string, Curve[]>();
  for (const c of curves) {
    const k = `${c.xAxis}\u0000${c.unit ?? ""}\u0000${c.target ?? ""}`;
    by.set(k, [...(by.get(k) ?? []), c]);
  }
  return [...by.values()];
}

/** One panel at (ox, oy). */
function panel(curves: Curve[], ox: number, oy: number): string {
  const unit = curves[0].unit;
  const y = (p: Curve["points"][number]) => unit ? p.us : p.ratio;
  const xs = curves.flatMap((c) => c.points.map((p) => p.x));
  const lo = Math.floor(Math.log10(Math.min(...xs)));
  const hi = Math.max(lo + 1, Math.ceil(Math.log10(Math.max(...xs))));
  const targets = curves.map((c) => c.target).filter((t): t is number => t !== undefined);
  const top = Math.max(
    unit ? 1 : 2.5,
    ...curves.flatMap((c) => c.points.map((p) => unit ? p.us : Math.max(p.ratio, p.q3))),
    ...targets.map((t) => t * 1.15),
  ) * 1.05;
  const dy = step(top);
  const yMax = Math.ceil(top / dy) * dy;
  const pw = W - PLOT.left - PLOT.right;
  const ph = H - PLOT.top - PLOT.bottom;
  const px = (x: number) => ox + PLOT.left + ((Math.log10(x) - lo) / (hi - lo)) * pw;
  const py = (v: number) => oy + PLOT.top + ph - (Math.max(0, v) / yMax) * ph;
  const out: string[] = [];
  const title = unit ? `${unit} vs ${curves[0].xAxis}` : `cost vs ${curves[0].xAxis}`;
  out.push(`<text x="${ox + 12}" y="${oy + 20}" class="t">${esc(title)}</text>`);
  out.push(
    `<rect x="${ox + PLOT.left}" y="${oy + PLOT.top}" width="${pw}" height="${ph}" class="f"/>`,
  );
  for (let v = 0; v <= yMax + 1e-9; v += dy) {
    const yy = num(py(v));
    out.push(
      `<line x1="${ox + PLOT.left}" y1="${yy}" x2="${ox + PLOT.left + pw}" y2="${yy}" class="g"/>`,
    );
    out.push(
      `<text x="${ox + PLOT.left - 6}" y="${num(py(v) + 4)}" class="yl">${num(v)}${
        unit ? "" : "×"
      }</text>`,
    );
  }
  for (let e = lo; e <= hi; e++) {
    const xx = num(px(10 ** e));
    out.push(
      `<line x1="${xx}" y1="${oy + PLOT.top}" x2="${xx}" y2="${oy + PLOT.top + ph}" class="g"/>`,
    );
    out.push(
      `<text x="${xx}" y="${oy + PLOT.top + ph + 16}" class="xl">${tickLabel(10 ** e)}</text>`,
    );
  }
  out.push(
    `<text x="${ox + PLOT.left + pw / 2}" y="${oy + PLOT.top + ph + 32}" class="xl">${
      esc(curves[0].xAxis)
    } (log)</text>`,
  );
  for (const t of new Set(targets)) {
    const yy = num(py(t));
    out.push(
      `<line x1="${ox + PLOT.left}" y1="${yy}" x2="${ox + PLOT.left + pw}" y2="${yy}" class="tg"/>`,
    );
    out.push(
      `<text x="${ox + PLOT.left + pw - 4}" y="${num(py(t) - 4)}" class="tl">target ${num(t)}${
        unit ? "" : "×"
      }</text>`,
    );
  }
  curves.forEach((c, i) => {
    const color = COLORS[i % COLORS.length];
    const pts = c.points.map((p) => `${num(px(p.x))},${num(py(y(p)))}`).join(" ");
    out.push(`<polyline points="${pts}" fill="none" stroke="${color}" stroke-width="2"/>`);
    for (const p of c.points) {
      out.push(`<circle cx="${num(px(p.x))}" cy="${num(py(y(p)))}" r="3" fill="${color}"/>`);
    }
    const ly = oy + PLOT.top + ph + 50 + i * 15;
    out.push(
      `<line x1="${ox + 14}" y1="${ly - 4}" x2="${ox + 34}" y2="${
        ly - 4
      }" stroke="${color}" stroke-width="2"/>`,
    );
    const last = c.points.at(-1)!;
    const end = unit ? `${num(last.us)} at ${last.label}` : `${num(last.ratio)}× at ${last.label}`;
    const text = `${short(c.title, 70 - end.length)} — ${end}`;
    out.push(`<text x="${ox + 40}" y="${ly}" class="l">${esc(text)}</text>`);
  });
  return out.join("\n");
}

/** The SVG of every curve (deterministic: the same document, the same bytes). */
export function renderChart(doc: PerformanceDoc): string {
  const fams = families(doc.curves);
  const cols = 2;
  // Each row as tall as its longest legend needs (three lines fit in a panel's own space).
  const rowHeights: number[] = [];
  fams.forEach((f, i) => {
    const r = Math.floor(i / cols);
    rowHeights[r] = Math.max(rowHeights[r] ?? 0, H + Math.max(0, f.length - 3) * 15);
  });
  const rowTop = (r: number) => 40 + rowHeights.slice(0, r).reduce((a, b) => a + b, 0);
  const width = cols * W;
  const height = rowTop(rowHeights.length);
  const runtimes = [...new Set(doc.curves.map((c) => c.runtime))].join(", ");
  const body = fams.map((f, i) => panel(f, (i % cols) * W, rowTop(Math.floor(i / cols))));
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui, sans-serif">`,
    `<style>.t{font-size:14px;font-weight:600}.l{font-size:11px}.xl{font-size:11px;text-anchor:middle}.yl{font-size:11px;text-anchor:end}.tl{font-size:10px;text-anchor:end;fill:#b00}.g{stroke:#ddd}.f{fill:#fff;stroke:#999}.tg{stroke:#b00;stroke-dasharray:5 4}</style>`,
    `<rect width="${width}" height="${height}" fill="#fafafa"/>`,
    `<text x="12" y="24" class="t">authrocket-edge at scale: each cost as a ratio to its curve's smallest point (${
      esc(runtimes)
    })</text>`,
    ...body,
    `</svg>`,
    "",
  ].join("\n");
}

if ((import.meta as { main?: boolean }).main) {
  const { readFileSync, writeFileSync } = await import("node:fs");
  const json = new URL("../docs/performance.json", import.meta.url);
  const doc = JSON.parse(readFileSync(json, "utf8")) as PerformanceDoc;
  writeFileSync(new URL("../docs/performance.svg", import.meta.url), renderChart(doc));
  // And the tables of docs/performance.md, from the same JSON.
  const { DOC, scaleTables, withRegion } = await import("./report.ts");
  const md = new URL(`../${DOC}`, import.meta.url);
  writeFileSync(md, withRegion(readFileSync(md, "utf8"), "scale", scaleTables(doc)));
  console.log(`wrote docs/performance.svg and the scale tables of ${DOC}`);
}
