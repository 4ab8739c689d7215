// The snippets of README.md and of every guide in docs/ are tests, the way rustdoc runs a
// crate's examples: every fenced ```ts block is extracted and run in a fresh process, and must
// exit 0 on its own.
//
// - Deno (`deno test`, the source): the block runs as written (`@authrocket-edge/sdk` resolves
//   through deno.json), after one `deno check` of every block.
// - Node (`node --test`, the build) and Bun: imports of `@authrocket-edge/sdk` (or
//   `authrocket-edge`) and its subpaths are rewritten to the built files (npm/esm/*.js) or, for
//   Bun on the source, to the .ts entry points; Node runs the block after esbuild strips types.
// - The hidden preamble is the environment: each block gets a fresh emulator over HTTP on
//   127.0.0.1 with one default realm, and the AUTHROCKET_* variables the emulator CLI prints
//   for it (url, apiKey, realm, jwtSecret, loginUrl).
// - A block that never exits (a server left open) fails after a timeout.
// - JSDoc examples: all type-check (`deno check --doc`); those of RUNNABLE_DOCS also run here.
// - Opt-outs, in the fence's info string: ```ts ignore <why>: neither checked nor run (the reason
//   is required); ```ts no_run <why>: type-checked only; ```ts deno <why>: Deno only.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { createEmulator } from "../testing.ts";
import type { EmulatorServer } from "../testing.ts";

/** A fenced ```ts block of a Markdown file. */
export interface Block {
  /** The Markdown file it is in, relative to the repository (set by the caller). */
  file?: string;
  /** The line of the opening fence (1-based). */
  line: number;
  /** The nearest heading above it. */
  heading: string;
  /** The words after `ts` in the info string: `ignore`, `no_run`, `deno` and the reason. */
  attrs: string[];
  code: string;
}

/** Every ```ts (or ```typescript) block of a Markdown text, in order. */
export function extractBlocks(markdown: string): Block[] {
  const blocks: Block[] = [];
  const lines = markdown.split("\n");
  let heading = "(top)";
  for (let i = 0; i < lines.length; i++) {
    const h = /^#{1,6}\s+(.*)$/.exec(lines[i]);
    if (h) heading = h[1].trim();
    const fence = /^(`{3,}|~{3,})\s*(\S*)\s*(.*)$/.exec(lines[i]);
    if (!fence) continue;
    const end = lines.findIndex((l, j) => j > i && l.trimEnd() === fence[1]);
    if (end < 0) throw new Error(`line ${i + 1}: unclosed code fence`);
    if (fence[2] === "ts" || fence[2] === "typescript") {
      blocks.push({
        line: i + 1,
        heading,
        attrs: fence[3].split(/\s+/).filter(Boolean),
        code: lines.slice(i + 1, end).join("\n") + "\n",
      });
    }
    i = end;
  }
  return blocks;
}

const BUILT = import.meta.url.endsWith(".js"); // npm/esm/tests/docs_test.js, from the build
const ROOT = fileURLToPath(new URL(BUILT ? "../../../" : "../", import.meta.url));
const RUNTIME = process.versions.deno ? "deno" : process.versions.bun ? "bun" : "node";
const TIMEOUT_MS = 60_000;
/**
 * The files whose JSDoc examples claim to run, not just to type-check: they need no server, no
 * account and no secret (the emulator's entry points, the package's module doc). Every other
 * example is type-checked by `deno check --doc` (deno task check).
 */
const RUNNABLE_DOCS = ["mod.ts", "testing.ts", "src/emulator/emulator.ts"];

/** The package's subpaths (`.`, `./middleware`, …) → the file a block's import names. */
function entryFiles(): Record<string, string> {
  if (BUILT) {
    const pkg = JSON.parse(readFileSync(join(ROOT, "npm/package.json"), "utf8"));
    return Object.fromEntries(
      Object.entries(pkg.exports as Record<string, { default?: string }>)
        .filter(([, v]) => typeof v === "object" && v.default)
        .map(([k, v]) => [k, join(ROOT, "npm", v.default!)]),
    );
  }
  const deno = JSON.parse(readFileSync(join(ROOT, "deno.json"), "utf8"));
  return Object.fromEntries(
    Object.entries(deno.exports as Record<string, string>).map(([k, v]) => [k, join(ROOT, v)]),
  );
}

/** Imports of the package (by its JSR or npm name) → file URLs of the entry files. */
export function rewriteImports(code: string, entries: Record<string, string>): string {
  return code.replace(
    /(\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)(["'])(?:@authrocket-edge\/sdk|authrocket-edge)(\/[\w-]+)?\2/g,
    (_all, lead: string, _q: string, sub: string | undefined) => {
      const file = entries[sub ? `.${sub}` : "."];
      if (!file) throw new Error(`no entry point for the subpath ${sub}`);
      return `${lead}"${pathToFileURL(file).href}"`;
    },
  );
}

function run(cmd: string, args: string[], env: Record<string, string>, cwd: string) {
  return new Promise<{ code: number | null; out: string; timedOut: boolean }>((resolve) => {
    execFile(
      cmd,
      args,
      { cwd, env, timeout: TIMEOUT_MS, maxBuffer: 16 << 20, encoding: "utf8" },
      (err, stdout, stderr) => {
        const e = err as (Error & { code?: unknown; killed?: boolean }) | null;
        resolve({
          code: e ? (typeof e.code === "number" ? e.code : -1) : 0,
          out: `${stdout}${stderr}`,
          timedOut: !!e?.killed,
        });
      },
    );
  });
}

/** The hidden preamble: a fresh emulator with a default realm, as the env a block reads. */
async function preamble(): Promise<{ env: Record<string, string>; server: EmulatorServer }> {
  const emu = createEmulator({ passwordIterations: 1_000 });
  const server = await emu.listen();
  const realm = await emu.client().realms.createOrThrow({ name: "Example" });
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (v !== undefined && !k.startsWith("AUTHROCKET_")) env[k] = v;
  }
  Object.assign(env, {
    NO_COLOR: "1",
    AUTHROCKET_URL: server.url,
    AUTHROCKET_API_KEY: emu.apiKey,
    AUTHROCKET_REALM: realm.id,
    AUTHROCKET_JWT_SECRET: String(realm.jwt_key),
    AUTHROCKET_LOGIN_URL: server.loginUrl,
  });
  return { env, server };
}

/** The Markdown files whose blocks run: the README, the guides, the contributor and security docs. */
export const DOCS = [
  "README.md",
  ...readdirSync(join(ROOT, "docs")).filter((f) => f.endsWith(".md")).sort().map((f) =>
    `docs/${f}`
  ),
  // Guides written beside a change, waiting to be merged into the ones above: they run too.
  ...(existsSync(join(ROOT, "docs/_incoming"))
    ? readdirSync(join(ROOT, "docs/_incoming")).filter((f) => f.endsWith(".md")).sort()
      .map((f) => `docs/_incoming/${f}`)
    : []),
  "CONTRIBUTING.md",
  "SECURITY.md",
];
const blocks = DOCS.flatMap((file) =>
  extractBlocks(readFileSync(join(ROOT, file), "utf8")).map((b) => ({ ...b, file }))
);
const runs = (b: Block) =>
  !b.attrs.includes("ignore") && !b.attrs.includes("no_run") &&
  (!b.attrs.includes("deno") || RUNTIME === "deno");
const label = (b: Block) => `${b.file}:${b.line} (${b.heading})`;

describe(`the docs' ts blocks, run in ${RUNTIME} (${BUILT ? "the build" : "the source"})`, () => {
  let dir = "";
  let entries: Record<string, string> = {};
  const files = new Map<Block, string>();
  before(async () => {
    // Deno: outside the project (deno.json excludes .tmp/), with the project's config. Node and
    // Bun: inside it, so that a block's own bare imports (hono …) find node_modules.
    if (RUNTIME === "deno") dir = mkdtempSync(join(tmpdir(), "readme-"));
    else {
      mkdirSync(join(ROOT, ".tmp"), { recursive: true });
      dir = mkdtempSync(join(ROOT, ".tmp", `readme-${RUNTIME}-`));
    }
    entries = entryFiles();
    const esbuild = RUNTIME === "node" || BUILT ? await import("esbuild") : null;
    for (const b of blocks) {
      if (b.attrs.includes("ignore")) continue;
      let code = RUNTIME === "deno" ? b.code : rewriteImports(b.code, entries);
      let ext = ".ts";
      if (esbuild) {
        code = (await esbuild.transform(code, { loader: "ts", format: "esm", target: "es2022" }))
          .code;
        ext = ".mjs";
      }
      const file = join(dir, `${b.file!.replace(/\W+/g, "_")}_${b.line}${ext}`);
      writeFileSync(file, `// ${label(b)}\n${code}`);
      files.set(b, file);
    }
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("the README and every guide have ts blocks, and every opt-out says why", () => {
    for (const file of ["README.md", "docs/client.md", "docs/tokens.md", "docs/login.md"]) {
      assert.ok(blocks.some((b) => b.file === file), `${file} has no ts block`);
    }
    for (const b of blocks) {
      const i = b.attrs.findIndex((a) => ["ignore", "no_run", "deno"].includes(a));
      if (i >= 0) {
        assert.ok(b.attrs.length > i + 1, `${label(b)}: "${b.attrs[i]}" needs a reason after it`);
      }
      // A string with "…" in it is a placeholder that cannot run (comments may say "…").
      const code = b.code.replace(/(^|\s)\/\/.*$/gm, "$1");
      assert.ok(
        !runs(b) || !/(["'`])[^"'`\n]*…[^"'`\n]*\1/.test(code),
        `${label(b)}: a "…" placeholder`,
      );
    }
    console.log(
      blocks.map((b) => `${label(b)}: ${runs(b) ? "run" : b.attrs.join(" ")}`).join("\n"),
    );
  });

  it("package imports are rewritten to the entry files, other imports kept", () => {
    const map = { ".": "/x/mod.js", "./middleware": "/x/middleware.js" };
    const code = `import { A } from "@authrocket-edge/sdk";\n` +
      `import { w } from 'authrocket-edge/middleware';\nimport { Hono } from "hono";\n` +
      `const m = await import("@authrocket-edge/sdk");\n`;
    assert.equal(
      rewriteImports(code, map),
      `import { A } from "file:///x/mod.js";\nimport { w } from "file:///x/middleware.js";\n` +
        `import { Hono } from "hono";\nconst m = await import("file:///x/mod.js");\n`,
    );
    assert.throws(
      () => rewriteImports(`import "@authrocket-edge/sdk/nope";`, map),
      /^Error: .*nope/,
    );
  });

  if (RUNTIME === "deno") {
    it(`the JSDoc examples that claim to run: ${RUNNABLE_DOCS.join(", ")} (deno test --doc)`, async () => {
      const args = ["test", "-A", "--doc", "--config", join(ROOT, "deno.json"), ...RUNNABLE_DOCS];
      const r = await run(process.execPath, args, { ...process.env, NO_COLOR: "1" } as never, ROOT);
      assert.equal(r.code, 0, r.out);
      assert.match(r.out, /ok \| [1-9]\d* passed/);
    });

    it("every block not ignored type-checks (deno check)", async () => {
      const args = ["check", "--quiet", "--config", join(ROOT, "deno.json"), ...files.values()];
      const r = await run(process.execPath, args, { ...process.env, NO_COLOR: "1" } as never, dir);
      assert.equal(r.code, 0, r.out);
    });
  }

  for (const b of blocks.filter(runs)) {
    it(label(b), async () => {
      const { env, server } = await preamble();
      try {
        const file = files.get(b)!;
        const args = RUNTIME === "deno"
          ? [
            "run",
            "-A",
            "--no-check",
            "--unstable-kv",
            "--config",
            join(ROOT, "deno.json"),
            ...(env.TEST_NOW_OFFSET ? [`--preload=${join(ROOT, "scripts/clock_shift.ts")}`] : []),
            file,
          ]
          : [file];
        const r = await run(process.execPath, args, env, dir);
        assert.ok(!r.timedOut, `${label(b)} did not exit within ${TIMEOUT_MS / 1000} s\n${r.out}`);
        assert.equal(r.code, 0, `${label(b)} failed:\n${r.out}`);
        console.log(r.out.trimEnd().replace(/^/gm, "  | ")); // what the block printed
      } finally {
        await server.close();
      }
    });
  }
});
