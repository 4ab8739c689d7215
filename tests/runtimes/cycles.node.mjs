// The lint's cycle check (scripts/check_cycles.mjs): dpdm's analysis of the package's entry
// points, type-only imports included, where only cycles among record classes are allowed.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { cycles, forbidden } from "../../scripts/check_cycles.mjs";
import { ROOT } from "../../scripts/bundle.mjs";

describe("import cycles", () => {
  it("the library has none across layers; those among record classes are seen and allowed", async () => {
    const all = await cycles(ROOT);
    assert.deepEqual(forbidden(all), []);
    assert.ok(all.some((c) => c.includes("src/resources/user.ts")), JSON.stringify(all));
  });

  it("a cycle with any file outside the record classes is refused", () => {
    const records = ["src/resources/user.ts", "src/resources/org.ts"];
    assert.deepEqual(forbidden([records]), []);
    for (
      const other of ["src/record_methods.ts", "src/resources/index.ts", "src/generated/apis.ts"]
    ) {
      assert.deepEqual(forbidden([[...records, other]]), [[...records, other]], other);
    }
  });

  it("a type-only import closes a cycle", async () => {
    const dir = mkdtempSync(join(tmpdir(), "cycles-"));
    try {
      writeFileSync(join(dir, "mod.ts"), 'export { a } from "./src/a.ts";\n');
      const src = join(dir, "src");
      mkdirSync(src);
      writeFileSync(
        join(src, "a.ts"),
        'import type { B } from "./b.ts";\nexport const a = (b: B) => b;\n',
      );
      writeFileSync(
        join(src, "b.ts"),
        'import type { a } from "./a.ts";\nexport type B = typeof a;\n',
      );
      const found = await cycles(dir, ["mod.ts"]);
      assert.deepEqual(forbidden(found), [["src/a.ts", "src/b.ts"]]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
