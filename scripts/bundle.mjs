// Bundle an entry for Workers (and browsers) the way users' tooling would: esbuild, ESM,
// platform neutral, conditions workerd/worker/browser. Shared by the workerd tests, the size
// budgets and the workerd benchmark.
import * as esbuild from "esbuild";
import { fileURLToPath } from "node:url";

export const ROOT = fileURLToPath(new URL("..", import.meta.url));

/**
 * Bundle `code` (an entry module's source, resolved from the repository root) and return the
 * output text. `minify` for size measurements.
 */
export async function bundle(code, { minify = false } = {}) {
  return (await build(code, { minify })).outputFiles[0].text;
}

/** The esbuild run behind `bundle`, with extra esbuild options (a metafile, partial minifying). */
export function build(code, options = {}) {
  return esbuild.build({
    stdin: { contents: code, resolveDir: ROOT, loader: "ts", sourcefile: "entry.ts" },
    bundle: true,
    write: false,
    format: "esm",
    platform: "neutral",
    conditions: ["workerd", "worker", "browser"],
    mainFields: ["module", "main"],
    target: "es2022",
    // No externals: a `node:` import anywhere in the graph would fail the bundle here.
    logLevel: "silent",
    ...options,
  });
}
