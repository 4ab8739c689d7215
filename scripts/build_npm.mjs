// Builds the npm package from the same source: tsc → npm/esm (ESM + .d.ts), then
// npm/package.json from deno.json, README and LICENSE. `--pack` also runs `npm pack`.
import { execFileSync } from "node:child_process";
import { cpSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const out = join(root, "npm");
rmSync(out, { recursive: true, force: true });
execFileSync(process.execPath, [
  join(root, "node_modules/typescript/bin/tsc"),
  "-p",
  join(root, "tsconfig.build.json"),
], { stdio: "inherit" });

// Declarations keep `./x.ts` specifiers; rewrite them to `.js` for every TS consumer.
const walk = (dir) =>
  readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
for (const f of walk(join(out, "esm"))) {
  if (!f.endsWith(".d.ts")) continue;
  const src = readFileSync(f, "utf8");
  const fixed = src.replace(/((?:from|import)\s*\(?\s*["']\.{1,2}\/[^"']*?)\.ts(["'])/g, "$1.js$2");
  if (fixed !== src) writeFileSync(f, fixed);
}
const leftovers = walk(join(out, "esm")).filter((f) =>
  f.endsWith(".d.ts") && /from\s*["']\.{1,2}\/[^"']*\.ts["']/.test(readFileSync(f, "utf8"))
);
if (leftovers.length) throw new Error(`.ts specifiers left in ${leftovers.join(", ")}`);

const deno = JSON.parse(readFileSync(join(root, "deno.json"), "utf8"));
const dependencies = {};
// Optional peers: only the subpath made for them imports their types (hono.ts).
const PEERS = new Set(["hono"]);
const peerDependencies = {};
for (const spec of Object.values(deno.imports)) {
  const m = /^npm:((?:@[^/]+\/)?[^@/]+)@([^/]+)/.exec(spec);
  if (m && PEERS.has(m[1])) peerDependencies[m[1]] = `^${m[2]}`; // any 4.x from this one
  else if (m) dependencies[m[1]] = m[2];
}
const entry = (name) => ({ types: `./esm/${name}.d.ts`, default: `./esm/${name}.js` });
const pkg = {
  name: "authrocket-edge",
  version: deno.version,
  description:
    "AuthRocket 1 client for the edge: Deno, Cloudflare Workers, Bun and Node, on Web Fetch and WebCrypto.",
  license: deno.license,
  type: "module",
  sideEffects: false,
  main: "./esm/mod.js",
  types: "./esm/mod.d.ts",
  exports: {
    ".": entry("mod"),
    "./middleware": entry("middleware"),
    "./testing": entry("testing"),
    "./cache": entry("cache"),
    "./hono": entry("hono"),
    "./loginrocket": entry("loginrocket"),
    "./internal": entry("internal"),
    "./package.json": "./package.json",
  },
  bin: { "authrocket-edge": "./esm/src/cli/main.js" }, // `npx authrocket-edge emulator|token …`
  files: [
    "esm/mod.js",
    "esm/mod.d.ts",
    "esm/middleware.js",
    "esm/middleware.d.ts",
    "esm/testing.js",
    "esm/testing.d.ts",
    "esm/cache.js",
    "esm/cache.d.ts",
    "esm/hono.js",
    "esm/hono.d.ts",
    "esm/internal.js",
    "esm/internal.d.ts",
    "esm/loginrocket.js",
    "esm/loginrocket.d.ts",
    "esm/src/",
  ],
  engines: { node: ">=20" },
  keywords: ["authrocket", "auth", "jwt", "edge", "cloudflare-workers", "deno", "bun"],
  dependencies,
  peerDependencies,
  peerDependenciesMeta: Object.fromEntries([...PEERS].map((p) => [p, { optional: true }])),
};
writeFileSync(join(out, "package.json"), JSON.stringify(pkg, null, 2) + "\n");
cpSync(join(root, "README.md"), join(out, "README.md"));
cpSync(join(root, "LICENSE"), join(out, "LICENSE"));
if (process.argv.includes("--pack")) {
  const name = execFileSync("npm", ["pack", "--silent"], { cwd: out, encoding: "utf8" }).trim();
  console.log(`packed npm/${name.split("\n").pop()}`);
}
console.log(`built npm/ (authrocket-edge@${deno.version})`);
