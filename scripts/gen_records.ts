// Generates, from the resource table (src/table/), the members every record class shows: its
// field declarations, its verbs and its association methods (in a marked region of each
// src/resources/<object>.ts), and the resource API interfaces and params types
// (src/resources/apis.ts). So `createOrgOrThrow` is in the source, with its JSDoc and its
// types, while its one implementation stays generic (src/resource.ts).
//
//   deno run -A scripts/gen_records.ts          rewrite the generated code
//   deno run -A scripts/gen_records.ts --check  exit 1 when it is not current (deno task lint)
import { TABLE } from "../src/table/index.ts";
import type { Field, ResourceDef } from "../src/table/fields.ts";

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

type Def = ResourceDef;
const defs = TABLE as unknown as Record<string, Def>;
const pascal = (s: string) => s.split("_").map((w) => w[0].toUpperCase() + w.slice(1)).join("");
const cls = (object: string) => pascal(object);
const apiName = (d: Def) => `${pascal(d.path)}Api`;
const prop = (d: Def) => d.path.replace(/_(\w)/g, (_m, c: string) => c.toUpperCase());
const plural = (d: Def) => d.path.replace(/_/g, " ");
const a = (word: string) => (/^[aeiou]/.test(word) ? `an ${word}` : `a ${word}`);
const human = (object: string) => object.replace(/_/g, " ");

/** The JSDoc of every field, read from the table's source (one `/** … *\/` above each field). */
const docs = new Map<string, string>();
for (const object of Object.keys(defs)) {
  const src = await Deno.readTextFile(`${root}src/table/${object}.ts`);
  for (const m of src.matchAll(/\/\*\* ([^\n]*?) \*\/\n\s+(\w+): /g)) {
    docs.set(`${object}.${m[2]}`, m[1]);
  }
}
const docOf = (object: string, field: string) => {
  const d = docs.get(`${object}.${field}`);
  if (!d) throw new Error(`src/table/${object}.ts: field ${field} has no /** doc */`);
  return d;
};

/** The type a record reads for a field: the same rule as `FieldType` in src/table/types.ts. */
function fieldType(f: Field): string {
  const base = f.kind === "enum" ? f.values!.map((v) => JSON.stringify(v)).join(" | ") : {
    string: "string",
    int: "number",
    bool: "boolean",
    time: "Date",
    hash: "Record<string, unknown>",
    array: f.of === "hash" ? "Record<string, unknown>[]" : "string[]",
  }[f.kind as Exclude<Field["kind"], "enum">];
  const nullable = !(f.kind === "enum" || f.kind === "array" || f.always || f.req === true ||
    f.req === "realm" || f.default !== undefined);
  return [base, nullable ? "null" : "", f.optional ? "undefined" : ""].filter(Boolean).join(" | ");
}

const OPTS = "options?: CallOptions";
const ASSOC_OPTS = "options?: CallOptions & { reload?: boolean }";

/** The generated members of one record class, and the names they import. */
function members(d: Def): { code: string; types: Set<string>; classes: Set<string> } {
  const types = new Set<string>(["CallOptions"]);
  const classes = new Set<string>();
  const C = cls(d.object);
  const out: string[] = [];
  const add = (doc: string, sig: string, body?: string) =>
    out.push(`/** ${doc} */\n${sig}${body ? ` {\n    return ${body};\n  }` : ";"}\n`);
  const via = (name: string, args: string) => `this._via("${name}", [${args}])`;
  for (const [k, f] of Object.entries(d.fields)) {
    if (k === "id" || f.wo) continue;
    add(docOf(d.object, k), `declare readonly ${k}: ${fieldType(f)}`);
  }
  const verbs = new Set(d.verbs);
  if (verbs.has("get")) {
    add(
      `Refetch the ${human(d.object)} from the API (\`GET ${d.path}/:id\`).`,
      `reload(${OPTS}): Promise<this>`,
      via("reload", "options"),
    );
  }
  if (verbs.has("update")) {
    types.add(`${C}UpdateParams`);
    add(
      `Update it (\`PUT ${d.path}/:id\`): \`true\`, or \`false\` with \`errors\` filled.`,
      `update(attrs: ${C}UpdateParams, ${OPTS}): Promise<boolean>`,
      via("update", "attrs, options"),
    );
    add(
      "Update it, or throw `RecordInvalid`.",
      `updateOrThrow(attrs: ${C}UpdateParams, ${OPTS}): Promise<true>`,
      via("updateOrThrow", "attrs, options"),
    );
  }
  if (verbs.has("delete")) {
    types.add("Params");
    add(
      `Delete it (\`DELETE ${d.path}/:id\`): \`true\`, or \`false\` with \`errors\` filled.`,
      `delete(params?: Params, ${OPTS}): Promise<boolean>`,
      via("delete", "params, options"),
    );
  }
  const required = new Set<string>(d.belongsToRequired ?? []);
  for (const [name, object] of Object.entries(d.belongsTo ?? {})) {
    const P = cls(object);
    classes.add(object);
    const doc = required.has(name)
      ? `Its ${human(object)} (belongs_to, by \`${object}_id\`; cached once loaded).`
      : `Its ${
        human(object)
      } (belongs_to, by \`${object}_id\`; cached once loaded), or \`null\` without one.`;
    add(
      doc,
      `${name}(${ASSOC_OPTS}): Promise<${P}${required.has(name) ? "" : " | null"}>`,
      via(name, "options"),
    );
  }
  for (const [name, object] of Object.entries(d.hasMany ?? {})) {
    const child = defs[object];
    const S = cls(object);
    classes.add(object);
    const key = `${d.object}_id`;
    const cv = new Set(child.verbs);
    const what = plural(child);
    if (cv.has("list")) {
      types.add("AssociationParamsOf").add("Collection").add("TABLE");
      add(
        `Its ${what} (has_many: \`GET ${child.path}?${key}=\`); an unfiltered load is cached.`,
        `${name}(params?: AssociationParamsOf<typeof TABLE.${object}, "${key}">, ${OPTS}): Promise<Collection<${S}>>`,
        via(name, "params, options"),
      );
    }
    if (cv.has("get")) {
      types.add("Params");
      add(
        `One of its ${what}, by id; throws \`RecordNotFound\`.`,
        `find${S}(id: string, params?: Params, ${OPTS}): Promise<${S}>`,
        via(`find${S}`, "id, params, options"),
      );
    }
    if (cv.has("create")) {
      types.add("OwnedCreateParams").add("TABLE").add("Unchecked");
      const attrs = `attrs: OwnedCreateParams<typeof TABLE.${object}, "${key}"> | Unchecked`;
      add(
        `Create ${
          a(human(object))
        } with its \`${key}\`; on validation errors the result holds \`errors\`.`,
        `create${S}(${attrs}, ${OPTS}): Promise<${S}>`,
        via(`create${S}`, "attrs, options"),
      );
      add(
        `Create ${a(human(object))} with its \`${key}\`, or throw \`RecordInvalid\`.`,
        `create${S}OrThrow(${attrs}, ${OPTS}): Promise<${S}>`,
        via(`create${S}OrThrow`, "attrs, options"),
      );
    }
    if (cv.has("update")) {
      types.add(`${S}UpdateParams`);
      add(
        `Update one of its ${what}; on validation errors the result holds \`errors\`.`,
        `update${S}(id: string, attrs: ${S}UpdateParams, ${OPTS}): Promise<${S}>`,
        via(`update${S}`, "id, attrs, options"),
      );
      add(
        `Update one of its ${what}, or throw \`RecordInvalid\`.`,
        `update${S}OrThrow(id: string, attrs: ${S}UpdateParams, ${OPTS}): Promise<${S}>`,
        via(`update${S}OrThrow`, "id, attrs, options"),
      );
    }
    if (cv.has("delete")) {
      types.add("Params");
      add(
        `Delete one of its ${what}.`,
        `delete${S}(id: string, params?: Params, ${OPTS}): Promise<true>`,
        via(`delete${S}`, "id, params, options"),
      );
    }
  }
  classes.delete(d.object);
  return { code: out.join("\n"), types, classes };
}

const BEGIN = "// #region generated by scripts/gen_records.ts from src/table/: do not edit";
const END = "// #endregion generated members";
const IMPORTS_BEGIN = "// #region generated imports";
const IMPORTS_END = "// #endregion generated imports";
const FROM: Record<string, string> = {
  CallOptions: "../transport.ts",
  Params: "../transport.ts",
  Collection: "../record.ts",
  AssociationParamsOf: "../table/types.ts",
  OwnedCreateParams: "../table/types.ts",
  TABLE: "../table/index.ts",
  Unchecked: "../table/check.ts",
};

for (const d of Object.values(defs)) {
  const rel = `src/resources/${d.object}.ts`;
  const src = await Deno.readTextFile(`${root}${rel}`);
  const { code, types, classes } = members(d);
  const bySource = new Map<string, string[]>();
  for (const t of types) {
    const from = FROM[t] ?? "./apis.ts";
    bySource.set(from, [...(bySource.get(from) ?? []), t]);
  }
  for (const o of classes) bySource.set(`./${o}.ts`, [cls(o)]);
  const imports = [...bySource].sort(([x], [y]) => x.localeCompare(y)).map(([from, names]) =>
    `import type { ${names.sort().join(", ")} } from "${from}";`
  ).join("\n");
  const i0 = src.indexOf(IMPORTS_BEGIN);
  const i1 = src.indexOf(IMPORTS_END);
  const c0 = src.indexOf(BEGIN);
  const c1 = src.indexOf(END);
  if (i0 < 0 || i1 < 0 || c0 < 0 || c1 < 0) {
    throw new Error(`${rel}: generated region markers missing`);
  }
  const next = src.slice(0, i0) + `${IMPORTS_BEGIN}\n${imports}\n${IMPORTS_END}` +
    src.slice(i1 + IMPORTS_END.length, c0) + `${BEGIN}\n${code}\n  ${END}` +
    src.slice(c1 + END.length);
  await write(rel, next);
}

// ---------------------------------------------------------------------------------------------
// src/resources/apis.ts: params types and the resource APIs (`ar.users` …).

const ACTIONS: Record<string, [string, string]> = {
  user: ["UserActions", "./user.ts"],
  auth_provider: ["AuthProviderActions", "./auth_provider.ts"],
  session: ["SessionActions", "./session.ts"],
};
const SAMPLE: Record<string, string> = {
  string: '"…"',
  int: "1",
  bool: "true",
  time: "new Date()",
  hash: "{}",
  array: "[]",
};
const sample = (d: Def) => {
  const entries = Object.entries(d.fields).filter(([, f]) =>
    f.req === true || (f.req === "human" && !f.ro)
  );
  const human = entries.some(([, f]) => f.req === "human");
  const parts = entries.map(([k, f]) =>
    `${k}: ${f.kind === "enum" ? JSON.stringify(f.values![0]) : SAMPLE[f.kind]}`
  );
  return `{ ${[human ? 'user_type: "human"' : "", ...parts].filter(Boolean).join(", ")} }`;
};

// Two files, so neither grows past ~400 lines: params.ts (what each verb takes) and apis.ts (the
// APIs, which re-export the params so importers need only one of them).
const paramLines: string[] = [
  `/**
 * Generated by scripts/gen_records.ts from the resource table (src/table/): do not edit.
 * The params types of every resource: what \`create\`, \`update\` and \`all\` take.
 * @module
 */
import type { Unchecked } from "../table/check.ts";
import type { TABLE } from "../table/index.ts";
import type { CreateParams, ListParamsOf, UpdateParams } from "../table/types.ts";`,
];
const lines: string[] = [
  `/**
 * Generated by scripts/gen_records.ts from the resource table (src/table/): do not edit.
 * The API of \`ar.<resource>\`, with exactly its verbs (the params types are in params.ts).
 * @module
 */
import type { Collection } from "../record.ts";
import type { CallOptions, Params } from "../transport.ts";`,
];
lines.push([
  ...Object.values(defs).filter((d) => d.verbs.length).map((d) =>
    `import type { ${cls(d.object)} } from "./${d.object}.ts";`
  ),
  ...Object.values(ACTIONS).map(([name, from]) => `import type { ${name} } from "${from}";`),
].join("\n"));

for (const d of Object.values(defs)) {
  const C = cls(d.object);
  const v = new Set(d.verbs);
  const T = `typeof TABLE.${d.object}`;
  if (v.has("create")) {
    paramLines.push(`/**
 * The attributes of \`ar.${prop(d)}.create\`, from the declaration: its writable fields, the
 * required ones required; \`unchecked({ … })\` sends fields the declaration does not know yet.
 *
 * @example
 * \`\`\`ts
 * import type { ${C}CreateParams } from "@authrocket-edge/sdk";
 * const attrs: ${C}CreateParams = ${sample(d)};
 * \`\`\`
 */
export type ${C}CreateParams = CreateParams<${T}> | Unchecked;`);
  }
  if (v.has("update")) {
    paramLines.push(`/**
 * The attributes of an update of ${
      a(human(d.object))
    }: any writable field (read-only ones are a compile error).
 *
 * @example
 * \`\`\`ts
 * import type { ${C}UpdateParams } from "@authrocket-edge/sdk";
 * const changes: ${C}UpdateParams = {};
 * \`\`\`
 */
export type ${C}UpdateParams = UpdateParams<${T}> | Unchecked;`);
  }
  if (v.has("list")) {
    paramLines.push(`/**
 * The params of \`ar.${prop(d)}.all\`: paging, a declared sort${
      d.list?.filters?.length
        ? `, and the filters ${d.list.filters.map((f) => `\`${f}\``).join(", ")}`
        : ""
    }.
 *
 * @example
 * \`\`\`ts
 * import type { ${C}ListParams } from "@authrocket-edge/sdk";
 * const params: ${C}ListParams = { max_results: 50, sort: "${d.list?.sorts?.[0] ?? "id"}" };
 * \`\`\`
 */
export type ${C}ListParams = ListParamsOf<${T}> | Unchecked;`);
  }
  if (!d.verbs.length) continue;
  const methods: string[] = [];
  const m = (doc: string, sig: string) => methods.push(`  /** ${doc} */\n  ${sig};`);
  if (v.has("list")) {
    m(
      `One page of ${plural(d)} (\`GET ${d.path}\`); throws \`ValidationError\` on a bad filter.`,
      `all(params?: P.${C}ListParams, ${OPTS}): Promise<Collection<${C}>>`,
    );
    m(
      `The first ${human(d.object)} (\`max_results: 1\`), or \`null\`.`,
      `first(params?: P.${C}ListParams, ${OPTS}): Promise<${C} | null>`,
    );
    m(
      `Every ${human(d.object)} over every page (follows \`after\`).`,
      `iterate(params?: P.${C}ListParams, ${OPTS}): AsyncGenerator<${C}, void, undefined>`,
    );
  }
  if (v.has("get")) {
    m(
      `One ${human(d.object)} by id (\`GET ${d.path}/:id\`); throws \`RecordNotFound\`.`,
      `find(id: string, params?: Params, ${OPTS}): Promise<${C}>`,
    );
    m(
      `One ${human(d.object)} by id, or \`null\` when there is none.`,
      `retrieve(id: string, params?: Params, ${OPTS}): Promise<${C} | null>`,
    );
  }
  if (v.has("create")) {
    m(
      `Create ${
        a(human(d.object))
      } (\`POST ${d.path}\`); on validation errors the result holds \`errors\`.`,
      `create(attrs: P.${C}CreateParams, ${OPTS}): Promise<${C}>`,
    );
    m(
      `Create ${a(human(d.object))}, or throw \`RecordInvalid\`.`,
      `createOrThrow(attrs: P.${C}CreateParams, ${OPTS}): Promise<${C}>`,
    );
  }
  if (v.has("update")) {
    m(
      `Update ${
        a(human(d.object))
      } by id (\`PUT ${d.path}/:id\`); on validation errors the result holds \`errors\`.`,
      `update(id: string, attrs: P.${C}UpdateParams, ${OPTS}): Promise<${C}>`,
    );
    m(
      `Update ${a(human(d.object))} by id, or throw \`RecordInvalid\`.`,
      `updateOrThrow(id: string, attrs: P.${C}UpdateParams, ${OPTS}): Promise<${C}>`,
    );
  }
  if (v.has("delete")) {
    m(
      `Delete ${
        a(human(d.object))
      } by id (\`DELETE ${d.path}/:id\`); throws \`RecordInvalid\` when refused.`,
      `delete(id: string, params?: Params, ${OPTS}): Promise<true>`,
    );
  }
  const extra = ACTIONS[d.object];
  // What the API is for, typed: the client itself is shown once, on AuthRocket.
  const call = v.has("list")
    ? `const ids = async (api: ${
      apiName(d)
    }) => (await api.all({ max_results: 10 })).map((r) => r.id);`
    : `const one = (api: ${apiName(d)}) => api.find("${d.prefix}…");`;
  lines.push(`/**
 * \`ar.${prop(d)}\`: the ${plural(d)} API, with the verbs the table gives it (${
    d.verbs.join(", ")
  })${extra ? " and its actions" : ""}.
 *
 * @example
 * \`\`\`ts
 * import type { ${apiName(d)} } from "@authrocket-edge/sdk";
 * ${call} // api: ar.${prop(d)}
 * \`\`\`
 */
export interface ${apiName(d)}${extra ? ` extends ${extra[0]}` : ""} {
${methods.join("\n")}
}`);
}
lines.splice(1, 0, `import type * as P from "./params.ts";\nexport type * from "./params.ts";`);
await write("src/resources/params.ts", paramLines.join("\n\n") + "\n");
await write("src/resources/apis.ts", lines.join("\n\n") + "\n");

if (stale.length) {
  console.error(
    `generated code is not current (run deno run -A scripts/gen_records.ts):\n  ${
      stale.join("\n  ")
    }`,
  );
  Deno.exit(1);
}
console.log(check ? "generated code is current" : "generated code written");
