// The library's source files as the tests that read them as text find them: src/ beside tests/
// when run from the source, the repository's src/ when run from the build (npm/esm/tests/, whose
// src/ holds .js files).
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";

const root = join(new URL(".", import.meta.url).pathname, "..");

/** The directory of the library's TypeScript sources. */
export const srcRoot: string = [join(root, "src"), join(root, "..", "..", "src")].find((p) => {
  try {
    return statSync(join(p, "version.ts")).isFile();
  } catch {
    return false;
  }
})!;

/** Every `.ts` file under `dir`, recursively. */
export function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? walk(p) : p.endsWith(".ts") ? [p] : [];
  });
}
