// When the data file is compacted, to the byte (src/emulator/journal.ts): a journal of exactly
// max(64 KiB, the snapshot's size) is kept, one byte more is compacted — while appending and
// when a restart resumes a file (whose journal and snapshot sizes it carries on with); a file
// changed since it was read is started afresh; a resumed file is made owner-only; a failed
// compaction leaves no temp file. The store is a stand-in whose snapshot is a fixed value.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import {
  appendFileSync,
  chmodSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  truncateSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import process from "node:process";
import { Journal, readDataFile } from "../../src/emulator/journal.ts";
import type { Change } from "../../src/emulator/store.ts";

const KEY = "ko_bounds";
const FLOOR = 64 * 1024;
const utf8 = (s: string) => new TextEncoder().encode(s).length;

/** A line's bytes as the journal writes it (its checksum is always 8 characters). */
const lineBytes = (n: number, value: unknown) => utf8(`${n} 00000000 ${JSON.stringify(value)}\n`);

/** One change list whose line, numbered `n`, is exactly `bytes` long. */
function changesOf(n: number, bytes: number): Change[] {
  const pad = bytes - lineBytes(n, [""]);
  assert.ok(pad >= 0, `a line of ${bytes} bytes`);
  return ["x".repeat(pad)] as unknown as Change[];
}

/** FNV-1a over UTF-16 code units, as the format says (journal_format_test.ts pins it). */
function checksum(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return (h >>> 0).toString(16).padStart(8, "0");
}
const line = (n: number, value: unknown) => {
  const json = JSON.stringify(value);
  return `${n} ${checksum(json)} ${json}\n`;
};

/** Write a data file by hand: the snapshot of `store(size)`, then lines of these sizes. */
function craft(file: string, size: number, lineSizes: number[]) {
  let text = "authrocket-edge emulator data v1\n" +
    line(0, { apiKey: KEY, state: store(size).snapshot() });
  lineSizes.forEach((bytes, i) => (text += line(i + 1, changesOf(i + 1, bytes))));
  writeFileSync(file, text);
}

/** Line sizes that add up to `total` (none over 20,000 bytes). */
function sizes(total: number): number[] {
  const out: number[] = [];
  for (let left = total; left > 0;) {
    const size = left > 20_100 ? 20_000 : left;
    out.push(size);
    left -= size;
  }
  return out;
}

/** A store whose snapshot is `size` characters of state. */
const store = (size = 10) => ({ snapshot: () => ({ pad: "s".repeat(size) }) });

/** Run `fn` with a data file path in a fresh directory, removed after. */
function withFile(fn: (file: string, dir: string) => void) {
  const dir = mkdtempSync(join(tmpdir(), "ar-bounds-"));
  try {
    fn(join(dir, "emu.data"), dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** How many entries the file holds after its snapshot. */
const journalLines = (file: string) => readDataFile(file)!.batches.length;

/** Append lines to `journal` (numbered from 1) until its journal holds exactly `total` bytes;
 * returns the number of lines. */
function fillTo(journal: Journal, total: number): number {
  const all = sizes(total);
  all.forEach((bytes, i) => journal.append(changesOf(i + 1, bytes)));
  return all.length;
}

describe("emulator data file: compaction bounds", () => {
  it("appending: a journal of exactly 64 KiB is kept, one byte more compacts", () => {
    withFile((file) => {
      const journal = new Journal(file, store(), KEY);
      const lines = fillTo(journal, FLOOR);
      assert.equal(statSync(file).size - readDataFile(file)!.bytes!.snapshot, FLOOR);
      assert.equal(journalLines(file), lines, "at the bound: kept");
      journal.append(changesOf(lines + 1, 30));
      assert.equal(journalLines(file), 0, "one line past it: compacted");
      journal.append(changesOf(1, 30)); // numbered from 1 again
      assert.equal(journalLines(file), 1);
      journal.close();
    });
  });

  it("appending: past 64 KiB the bound is the snapshot's size", () => {
    withFile((file) => {
      const journal = new Journal(file, store(100_000), KEY);
      const snapshot = statSync(file).size;
      assert.ok(snapshot > FLOOR + 30_000);
      const lines = fillTo(journal, snapshot);
      assert.equal(journalLines(file), lines, "a journal as large as the snapshot: kept");
      journal.append(changesOf(lines + 1, 30));
      assert.equal(journalLines(file), 0, "past it: compacted");
      journal.close();
    });
  });

  it("a restart resumes a journal of exactly the bound, and compacts one a byte past it", () => {
    withFile((file) => {
      craft(file, 10, sizes(FLOOR));
      const atBound = readFileSync(file);
      const lines = readDataFile(file)!.batches.length;
      const resumed = new Journal(file, store(), KEY, readDataFile(file));
      // (Compared as one boolean: a diff of two 64 KiB buffers takes assert minutes to print.)
      assert.ok(readFileSync(file).equals(atBound), "resumed: not rewritten");
      resumed.append(changesOf(lines + 1, 30)); // carries on past the bound: compacts
      assert.equal(journalLines(file), 0);
      resumed.close();

      craft(file, 10, sizes(FLOOR + 1));
      new Journal(file, store(), KEY, readDataFile(file)).close();
      assert.equal(journalLines(file), 0, "compacted when opened");
    });
  });

  it("a resumed file goes on numbering its lines and counting its bytes", () => {
    withFile((file) => {
      craft(file, 10, sizes(FLOOR - 50));
      const lines = journalLines(file);
      const resumed = new Journal(file, store(), KEY, readDataFile(file));
      resumed.append(changesOf(lines + 1, 40)); // 10 bytes short of the bound: kept
      assert.equal(journalLines(file), lines + 1, "numbered on");
      resumed.append(changesOf(lines + 2, 40));
      assert.equal(journalLines(file), 0, "the resumed file's bytes counted: compacted");
      resumed.close();
    });
  });

  it("a restart keeps a journal under a large snapshot's size (past 64 KiB) and counts on from it", () => {
    withFile((file) => {
      craft(file, 100_000, sizes(FLOOR + 10_000)); // past the floor, under the snapshot
      const snapshot = readDataFile(file)!.bytes!.snapshot;
      const lines = journalLines(file);
      const resumed = new Journal(file, store(100_000), KEY, readDataFile(file));
      assert.equal(journalLines(file), lines, "resumed");
      resumed.append(changesOf(lines + 1, 1_000));
      assert.equal(journalLines(file), lines + 1, "still under the snapshot's size");
      resumed.append(changesOf(lines + 2, snapshot - FLOOR - 10_000 - 1_000 + 1));
      assert.equal(journalLines(file), 0, "past it: compacted");
      resumed.close();
    });
  });

  it("a file changed since it was read (grown or cut) is started afresh", () => {
    withFile((file) => {
      for (const change of ["grown", "cut"]) {
        craft(file, 10, [100, 100]);
        const read = readDataFile(file);
        if (change === "grown") {
          appendFileSync(file, readFileSync(file, "utf8").split("\n")[3] + "\n");
        } else truncateSync(file, statSync(file).size - 1);
        const journal = new Journal(file, store(), KEY, read);
        assert.equal(journalLines(file), 0, change);
        journal.close();
      }
    });
  });

  it(
    "a resumed file is made owner-only, as a new one is",
    { skip: process.platform === "win32" },
    () => {
      withFile((file) => {
        craft(file, 10, [100]);
        chmodSync(file, 0o644);
        const before = readFileSync(file);
        const resumed = new Journal(file, store(), KEY, readDataFile(file));
        assert.ok(readFileSync(file).equals(before), "resumed");
        assert.equal(statSync(file).mode & 0o777, 0o600);
        resumed.close();
      });
    },
  );

  it("a compaction that cannot replace the file throws and leaves no temp file", () => {
    withFile((file, dir) => {
      mkdirSync(file); // a directory where the file should be: the rename fails
      writeFileSync(join(file, "inside"), "x");
      assert.throws(() => new Journal(file, store(), KEY), (e: unknown) => {
        assert.ok(e instanceof Error && "code" in e, String(e));
        return true;
      });
      assert.deepEqual(readdirSync(dir), ["emu.data"]);
    });
  });
});
