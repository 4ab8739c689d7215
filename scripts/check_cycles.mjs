// No import cycles across the library's layers, type-only imports included (`deno task lint`).
// The analysis is dpdm's (its API, as `dpdm --no-tree --circular -T false <entries>` runs it);
// this only decides which cycles are allowed: those made of record classes alone
// (src/resources/<object>.ts), which name each other's types as the domain does (a user's
// orgs, an org's users).
//
//   node scripts/check_cycles.mjs   lists every other cycle and exits 1 if there is one
import { parseCircular, parseDependencyTree } from "dpdm";
import { fileURLToPath } from "node:url";

/** The entry points of the package (deno.json's exports). */
export const ENTRIES = [
  "mod.ts",
  "middleware.ts",
  "testing.ts",
  "cache.ts",
  "hono.ts",
  "internal.ts",
  "loginrocket.ts",
];

/** A record class module: the only files a cycle may be made of. */
const RECORD_CLASS = /^src\/resources\/(?!index\.ts$)\w+\.ts$/;

/** The cycles not made of record classes alone (each a list of files, relative to the root). */
export function forbidden(cycles) {
  return cycles.filter((cycle) => !cycle.every((file) => RECORD_CLASS.test(file)));
}

/** Every import cycle reachable from `entries` under `root`, type-only imports included. */
export async function cycles(root, entries = ENTRIES) {
  const tree = await parseDependencyTree(entries, {
    context: root,
    cwd: root,
    transform: false,
    skipDynamicImports: false,
  });
  return parseCircular(tree);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const root = fileURLToPath(new URL("..", import.meta.url));
  const all = await cycles(root);
  const bad = forbidden(all);
  if (bad.length) {
    console.error(
      `import cycles across layers (type-only imports count; see CONTRIBUTING.md):\n${
        bad.map((c) => `  ${[...c, c[0]].join(" -> ")}`).join("\n")
      }`,
    );
    process.exit(1);
  }
  console.log(`no import cycle across layers (${all.length} among record classes, allowed)`);
}
