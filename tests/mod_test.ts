// The package's entry point as a file (mod.ts): it runs when imported by path, from a folder
// without the repository's import map or deno.json.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

describe("mod.ts: the package entry point", () => {
  it("mod.ts imports by path from a folder without the repo's import map", () => {
    const here = new URL(".", import.meta.url);
    const ts = import.meta.url.endsWith(".ts");
    const mod = new URL(ts ? "../mod.ts" : "../mod.js", here).href;
    const dir = mkdtempSync(join(tmpdir(), "ar-bypath-"));
    try {
      const main = join(dir, "main.mjs");
      writeFileSync(
        main,
        `import { AuthRocket, ConfigError } from ${JSON.stringify(mod)};\n` +
          `const ar = new AuthRocket({ url: "https://api-e1.authrocket.com/v1", apiKey: "ko_x" });\n` +
          `let refused = false;\n` +
          `try { new AuthRocket({ apiKey: "ko_…" }); } catch (e) { refused = e instanceof ConfigError; }\n` +
          `console.log(JSON.stringify({ realm: ar.config.realm ?? null, refused }));\n`,
      );
      const deno = "Deno" in globalThis;
      const args = deno ? ["run", "--no-config", "--no-lock", "--allow-read", main] : [main];
      const r = spawnSync(process.execPath, args, { cwd: dir, encoding: "utf8" });
      assert.equal(r.status, 0, r.stderr);
      assert.deepEqual(JSON.parse(r.stdout.trim().split("\n").pop()!), {
        realm: null,
        refused: true,
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
