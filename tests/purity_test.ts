// The library runs on Web APIs alone: no Deno.*, process, Buffer or node: import under src/,
// except the emulator's one server file and the command line's files. And the version in the
// User-Agent is deno.json's.
import { it } from "node:test";
import assert from "node:assert/strict";
import { srcRoot, walk } from "./source_files.ts";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { VERSION } from "../src/version.ts";

it("no runtime-specific API under src/ (the emulator's server file aside)", () => {
  const bad: string[] = [];
  const files = [
    ...walk(srcRoot),
    ...["mod.ts", "middleware.ts", "testing.ts", "cache.ts", "hono.ts"].map((f) =>
      join(srcRoot, "..", f)
    ),
  ];
  assert.ok(files.length > 15, `found only ${files.length} files`);
  for (const f of files) {
    if (f.endsWith(join("emulator", "serve.ts"))) continue;
    // The standalone server's command line and its data file (server helper's files), and the
    // command line's own folder (src/cli/: the bin, on the runtime it runs on).
    if (f.endsWith(join("emulator", "cli.ts")) || f.endsWith(join("emulator", "journal.ts"))) {
      continue;
    }
    if (f.includes(`${join(srcRoot, "cli")}/`)) continue;
    readFileSync(f, "utf8").split("\n").forEach((line, i) => {
      if (/^\s*(\*|\/\*|\/\/)/.test(line)) return; // a comment line, not code
      const code = line.replace(/\/\/.*$/, "");
      if (/(from|import)\s*\(?\s*["']node:|\bDeno\.|\bprocess\.|\bBuffer\b/.test(code)) {
        bad.push(`${f}:${i + 1}: ${line.trim()}`);
      }
    });
  }
  assert.deepEqual(bad, []);
});

it("VERSION equals deno.json's version", () => {
  const deno = JSON.parse(readFileSync(join(srcRoot, "..", "deno.json"), "utf8"));
  assert.equal(VERSION, deno.version);
});
