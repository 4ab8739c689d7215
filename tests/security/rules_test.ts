// SECURITY.md names, for each rule, the test files that hold it; the guides and CONTRIBUTING.md
// name test files too. Every name must be a file under tests/, so that a moved or renamed test
// cannot leave a rule pointing at nothing.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const BUILT = import.meta.url.endsWith(".js"); // npm/esm/tests/security/rules_test.js
const ROOT = fileURLToPath(new URL(BUILT ? "../../../../" : "../../", import.meta.url));
const read = (file: string) => readFileSync(join(ROOT, file), "utf8");

/**
 * The test files a text names: `tests/….ts|.mjs` paths, and `[dir/]x_test` (SECURITY.md's form:
 * the path under tests/, without `.ts`).
 */
export function namedTests(text: string): string[] {
  const names = new Set<string>();
  for (const m of text.matchAll(/\btests\/[\w/.-]+\.(?:ts|mjs)\b/g)) names.add(m[0]);
  for (const m of text.matchAll(/(?<![\w/.-])((?:[a-z]+\/)*[a-z_]+_test)\b(?!\.)/g)) {
    names.add(`tests/${m[1]}.ts`);
  }
  return [...names].sort();
}

/** Every file under tests/, as `tests/…` paths. */
const ALL = readdirSync(join(ROOT, "tests"), { recursive: true }).map((f) => `tests/${f}`);

/**
 * A name exists: exactly, or, in a guide, a bare `x_test` anywhere under tests/ (the guides name
 * a test within its section's folder). SECURITY.md's names are exact.
 */
function exists(name: string, exact: boolean): boolean {
  if (existsSync(join(ROOT, name))) return true;
  const bare = /^tests\/[a-z_]+_test\.ts$/.test(name);
  return !exact && bare && ALL.some((f) => f.endsWith(`/${name.slice("tests/".length)}`));
}

describe("the test files the documents name exist", () => {
  it("namedTests finds both forms and nothing else", () => {
    assert.deepEqual(
      namedTests("held (jwt/keys_test, config_test › a case); see tests/runtimes/x.node.mjs."),
      ["tests/config_test.ts", "tests/jwt/keys_test.ts", "tests/runtimes/x.node.mjs"],
    );
    assert.deepEqual(namedTests("a_test_b, the latest test, my_test.txt"), []);
  });

  const docs = ["SECURITY.md", "CONTRIBUTING.md"].concat(
    readdirSync(join(ROOT, "docs")).filter((f) => f.endsWith(".md")).map((f) => `docs/${f}`),
  );
  for (const doc of docs) {
    it(`${doc}: every test file it names exists`, () => {
      const named = namedTests(read(doc));
      if (doc === "SECURITY.md") assert.ok(named.length > 20, `${named.length} names found`);
      const missing = named.filter((f) => !exists(f, doc === "SECURITY.md"));
      assert.deepEqual(missing, [], `${doc} names test files that do not exist`);
    });
  }
});
