// Generates, from the resource table (src/table/), the members every record class shows: its
// field declarations, its verbs and its association methods, inside the fenced region of each
// src/resources/<object>.ts (scripts/gen/members.ts); and the whole files of src/generated/: the
// params types and the resource API interfaces (scripts/gen/apis.ts). So `createOrgOrThrow` is
// in the source, with its JSDoc and its types, while its one implementation stays generic
// (src/record_methods.ts). CONTRIBUTING.md, "Generated code", says how the fences work.
//
//   deno run -A scripts/gen_records.ts          rewrite the generated code
//   deno run -A scripts/gen_records.ts --check  exit 1 when it is not current (deno task lint)
import { TABLE } from "../src/table/index.ts";
import type { ResourceDef } from "../src/table/fields.ts";
import { apiFiles, paramsFile } from "./gen/apis.ts";
import { fence, GENERATED_DIR, IMPORTS, MEMBERS } from "./gen/fence.ts";
import { members } from "./gen/members.ts";
import { cls } from "./gen/names.ts";

const root = new URL("..", import.meta.url).pathname;
const check = Deno.args.includes("--check");
const stale: string[] = [];
const fmt = (code: string) => {
  const p = new Deno.Command(Deno.execPath(), {
    args: ["fmt", "--ext", "ts", "-"],
    stdin: "piped",
    stdout: "piped",
    cwd: root,
  }).spawn();
  const w = p.stdin.getWriter();
  w.write(new TextEncoder().encode(code));
  w.close();
  return p.output().then((o) => {
    if (!o.success) {
      Deno.writeTextFileSync("/tmp/gen_fail.ts", code);
      throw new Error("deno fmt failed on generated code (see /tmp/gen_fail.ts)");
    }
    return new TextDecoder().decode(o.stdout);
  });
};
const write = async (rel: string, text: string) => {
  const path = `${root}${rel}`;
  const formatted = await fmt(text);
  const old = await Deno.readTextFile(path).catch(() => "");
  if (old === formatted) return;
  if (check) stale.push(rel);
  else await Deno.writeTextFile(path, formatted);
};

const defs = TABLE as unknown as Record<string, ResourceDef>;

/**
 * The JSDoc of the fields that have one in the table's source (`/** … *\/` above the field):
 * a field the table says nothing about beyond its name and type gets none.
 */
const docs = new Map<string, string>();
for (const object of Object.keys(defs)) {
  const src = await Deno.readTextFile(`${root}src/table/${object}.ts`);
  for (const m of src.matchAll(/\/\*\* ([^\n]*?) \*\/\n\s+(\w+): /g)) {
    docs.set(`${object}.${m[2]}`, m[1]);
  }
}
const docOf = (object: string, field: string) => docs.get(`${object}.${field}`);

/** Where the generated members' types come from (the params types: src/generated/params.ts). */
const FROM: Record<string, string> = {
  CallOptions: "../transport.ts",
  Params: "../transport.ts",
  Collection: "../collection.ts",
  AssociationParamsOf: "../table/types.ts",
  OwnedCreateParams: "../table/types.ts",
  TABLE: "../table/index.ts",
  Unchecked: "../table/check.ts",
};

for (const d of Object.values(defs)) {
  const rel = `src/resources/${d.object}.ts`;
  const src = await Deno.readTextFile(`${root}${rel}`);
  const { code, types, classes } = members(d, defs, docOf);
  const bySource = new Map<string, string[]>();
  for (const t of types) {
    const from = FROM[t] ?? "../generated/params.ts";
    bySource.set(from, [...(bySource.get(from) ?? []), t]);
  }
  for (const o of classes) bySource.set(`./${o}.ts`, [cls(o)]);
  const imports = [...bySource].sort(([x], [y]) => x.localeCompare(y)).map(([from, names]) =>
    `import type { ${names.sort().join(", ")} } from "${from}";`
  ).join("\n");
  const withImports = fence(rel, src, IMPORTS, imports);
  await write(rel, fence(rel, withImports, MEMBERS, code));
}

await write(`${GENERATED_DIR}/params.ts`, paramsFile(defs));
for (const [rel, text] of Object.entries(apiFiles(defs))) await write(rel, text);

if (stale.length) {
  console.error(
    `generated code is not current (run deno run -A scripts/gen_records.ts):\n  ${
      stale.join("\n  ")
    }`,
  );
  Deno.exit(1);
}
console.log(check ? "generated code is current" : "generated code written");
