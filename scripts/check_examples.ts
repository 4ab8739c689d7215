// Every public export of the entry points has JSDoc, and every function and class an example of
// its use (`deno task lint`): interfaces and types are documented by their members, so an
// example there would only restate the type. The examples are type-checked by
// `deno check --doc` (`deno task check`).
const out = new Deno.Command(Deno.execPath(), {
  args: [
    "doc",
    "--json",
    "mod.ts",
    "middleware.ts",
    "testing.ts",
    "cache.ts",
    "hono.ts",
    "loginrocket.ts",
  ],
  stdout: "piped",
}).outputSync();
if (!out.success) throw new Error("deno doc --json failed");
interface Decl {
  jsDoc?: { doc?: string; tags?: { kind: string }[] };
  location?: { filename: string; line: number };
  kind?: string;
  def?: { target?: { filename: string; line: number } };
}
const doc = JSON.parse(new TextDecoder().decode(out.stdout)) as {
  nodes: Record<string, { symbols: { name: string; declarations: Decl[] }[] }>;
};
const hasExample = (d: Decl) =>
  (d.jsDoc?.tags ?? []).some((t) => t.kind === "example") || (d.jsDoc?.doc ?? "").includes("```");
const hasDoc = (d: Decl) => !!d.jsDoc?.doc?.trim();
/** What an export of this kind must show: its use for code that runs, words for the rest. */
const needs = (d: Decl) => d.kind === "function" || d.kind === "class" ? hasExample : hasDoc;
// A symbol two entry points export is documented once: the second one's declaration is a
// reference to the first one's.
const at = (l?: { filename: string; line: number }) => `${l?.filename}:${l?.line}`;
const where = (d: Decl) => at(d.kind === "reference" ? d.def?.target : d.location);
const documented = new Set(
  Object.values(doc.nodes).flatMap((m) =>
    m.symbols.flatMap((s) => s.declarations.filter((d) => needs(d)(d)).map(where))
  ),
);
const missing: string[] = [];
let total = 0;
for (const [file, mod] of Object.entries(doc.nodes)) {
  for (const s of mod.symbols) {
    total++;
    const ok = s.declarations.some((d) => documented.has(where(d)));
    if (!ok) missing.push(`${file.split("/").pop()}: ${s.name}`);
  }
}
if (missing.length) {
  console.error(
    `exports without JSDoc (functions and classes: with an example):\n  ${missing.join("\n  ")}`,
  );
  Deno.exit(1);
}
console.log(`${total} public exports documented; every function and class with an example`);
