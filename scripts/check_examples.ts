// Every public export of the three entry points has JSDoc with an example (`deno task lint`).
// The examples themselves are type-checked by `deno check --doc` (`deno task check`).
const out = new Deno.Command(Deno.execPath(), {
  args: ["doc", "--json", "mod.ts", "middleware.ts", "testing.ts", "cache.ts", "hono.ts"],
  stdout: "piped",
}).outputSync();
if (!out.success) throw new Error("deno doc --json failed");
interface Decl {
  jsDoc?: { doc?: string; tags?: { kind: string }[] };
}
const doc = JSON.parse(new TextDecoder().decode(out.stdout)) as {
  nodes: Record<string, { symbols: { name: string; declarations: Decl[] }[] }>;
};
const missing: string[] = [];
let total = 0;
for (const [file, mod] of Object.entries(doc.nodes)) {
  for (const s of mod.symbols) {
    total++;
    const ok = s.declarations.some((d) =>
      (d.jsDoc?.tags ?? []).some((t) => t.kind === "example") ||
      (d.jsDoc?.doc ?? "").includes("```")
    );
    if (!ok) missing.push(`${file.split("/").pop()}: ${s.name}`);
  }
}
if (missing.length) {
  console.error(`exports without an example:\n  ${missing.join("\n  ")}`);
  Deno.exit(1);
}
console.log(`${total} public exports, each with JSDoc and an example`);
