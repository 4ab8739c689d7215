// A data file with no newline at all is judged by its first 200 bytes only (src/emulator/
// journal.ts): a long one is never decoded whole, and what its refusal names is cut there.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DataFileError, readDataFile } from "../../src/emulator/journal.ts";

describe("emulator data file: a first line with no end", () => {
  it("is read for its first 200 bytes: the format it names is cut there", () => {
    const dir = mkdtempSync(join(tmpdir(), "ar-first-"));
    try {
      const file = join(dir, "emu.data");
      const prefix = "authrocket-edge emulator data ";
      writeFileSync(file, prefix + "v" + "9".repeat(10_000));
      assert.throws(() => readDataFile(file), (e: unknown) => {
        assert.ok(e instanceof DataFileError, String(e));
        const named = "v" + "9".repeat(200 - prefix.length - 1);
        assert.equal(e.message, `it is format ${named}; this version reads v1`);
        return true;
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
