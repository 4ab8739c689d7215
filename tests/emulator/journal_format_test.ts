// The data file's format (src/emulator/journal.ts), pinned: a file written by hand — its
// checksums FNV-1a over UTF-16 code units, one with leading zeros — loads as it always did, and
// the journal writes exactly those bytes; every way a file can fail to read is refused with its
// own message, naming the line (files of the emulator's other versions, and other files, too).
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DataFileError, Journal, readDataFile } from "../../src/emulator/journal.ts";
import type { Change } from "../../src/emulator/store.ts";

const GOLDEN = [
  "authrocket-edge emulator data v1",
  '0 76ca8df4 {"apiKey":"ko_golden","state":{"golden":true}}',
  '1 00319a4f [{"op":"note","n":119}]',
  '2 0bc07751 ["é","😀"]',
  "",
].join("\n");

/** Run `fn` with a fresh directory, removed after. */
function inDir(fn: (dir: string) => void) {
  const dir = mkdtempSync(join(tmpdir(), "ar-format-"));
  try {
    fn(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Reading a file of `content` is refused with exactly `message`. */
function refused(dir: string, content: string, message: string) {
  const file = join(dir, "emu.data");
  writeFileSync(file, content);
  assert.throws(() => readDataFile(file), (e: unknown) => {
    assert.ok(e instanceof DataFileError, String(e));
    assert.equal(e.name, "DataFileError");
    assert.equal(e.message, message, JSON.stringify(content.slice(0, 80)));
    return true;
  });
}

describe("emulator data file: the format", () => {
  it("a file written by hand in the format loads: key, state, batches, where its lines end", () => {
    inDir((dir) => {
      const file = join(dir, "emu.data");
      writeFileSync(file, GOLDEN);
      const bytes = (s: string) => new TextEncoder().encode(s).length;
      const [format, snapshot] = GOLDEN.split("\n");
      assert.deepEqual(readDataFile(file), {
        apiKey: "ko_golden",
        state: { golden: true },
        batches: [[{ op: "note", n: 119 }], ["é", "😀"]],
        droppedTornLine: false,
        bytes: { snapshot: bytes(`${format}\n${snapshot}\n`), complete: bytes(GOLDEN) },
      });
    });
  });

  it("the journal writes exactly those bytes", () => {
    inDir((dir) => {
      const file = join(dir, "emu.data");
      const store = { snapshot: () => ({ golden: true }) };
      const journal = new Journal(file, store, "ko_golden");
      journal.append([{ op: "note", n: 119 }] as unknown as Change[]);
      journal.append(["é", "😀"] as unknown as Change[]);
      assert.equal(readFileSync(file, "utf8"), GOLDEN);
      journal.close();
    });
  });

  it("no file, or an empty one, is a new store; an unreadable path is refused", () => {
    inDir((dir) => {
      assert.equal(readDataFile(join(dir, "missing.data")), null);
      writeFileSync(join(dir, "empty.data"), "");
      assert.equal(readDataFile(join(dir, "empty.data")), null);
      mkdirSync(join(dir, "a-directory"));
      assert.throws(() => readDataFile(join(dir, "a-directory")), (e: unknown) => {
        assert.ok(e instanceof DataFileError);
        assert.match(e.message, /^cannot read it: EISDIR/);
        return true;
      });
    });
  });

  it("another file, or another format version, is refused by its first line", () => {
    inDir((dir) => {
      const notOurs = "it is not an authrocket-edge emulator data file (use another --data file)";
      refused(dir, '{"realms": []}', notOurs);
      refused(dir, "x".repeat(300), notOurs);
      refused(dir, "xauthrocket-edge emulator data v2\n", notOurs);
      refused(dir, "authrocket-edge emulator data v2 beta\n", notOurs);
      refused(dir, "authrocket-edge emulator data v1 \n", notOurs);
      refused(dir, "authrocket-edge emulator data v2", "it is format v2; this version reads v1");
      refused(
        dir,
        "authrocket-edge emulator data v10\n0 x\n",
        "it is format v10; this version reads v1",
      );
      refused(dir, "authrocket-edge emulator data v1", "it has no snapshot entry (line 2)");
    });
  });

  it("a damaged line is refused, naming the line and what is wrong with it", () => {
    inDir((dir) => {
      const lines = GOLDEN.split("\n");
      const withLine = (i: number, text: string) =>
        lines.map((l, j) => (j === i ? text : l)).join("\n");
      const damaged = (n: number, why: string) => `line ${n} is damaged (${why})`;
      const json = lines[1].slice(11);
      for (
        const head of [
          "",
          "0",
          "x0 76ca8df4 ",
          "0 76CA8DF4 ",
          "0 76ca8df ",
          "0  76ca8df4 ",
          "0 76ca8df4",
          "-0 76ca8df4 ",
        ]
      ) {
        refused(dir, withLine(1, head + json), damaged(2, "not a numbered entry"));
      }
      refused(dir, withLine(2, lines[2].replace(/^1/, "2")), damaged(3, "entry 2, not 1"));
      refused(dir, withLine(3, lines[3].replace(/^2/, "1")), damaged(4, "entry 1, not 2"));
      refused(dir, withLine(2, lines[2].replace("119", "118")), damaged(3, "checksum mismatch"));
      refused(dir, withLine(2, lines[2] + " "), damaged(3, "checksum mismatch"));
      // Checksummed, but not JSON (a bug, not a crash, would write that).
      refused(dir, withLine(2, "1 9d44f45a [nope"), damaged(3, "not JSON"));
    });
  });

  it("the snapshot must be an object with a state; each later entry a list of changes", () => {
    inDir((dir) => {
      const format = "authrocket-edge emulator data v1\n";
      const none = "it has no snapshot entry (line 2)";
      refused(dir, format + "0 77074ba4 null\n", none);
      refused(dir, format + "0 300ca0d0 5\n", none);
      refused(dir, format + "0 741638a5 []\n", none);
      refused(dir, format + '0 bf625c7d {"apiKey":"k"}\n', none);
      const snapshot = GOLDEN.split("\n").slice(0, 2).join("\n") + "\n";
      refused(dir, snapshot + '1 32fa3cdd {"op":1}\n', "line 3 is damaged (not a list of changes)");
      refused(
        dir,
        snapshot + "1 741638a5 []\n2 77074ba4 null\n",
        "line 4 is damaged (not a list of changes)",
      );
    });
  });

  it("an API key that is not a string is no key; a cut-off last line is dropped whole", () => {
    inDir((dir) => {
      const file = join(dir, "emu.data");
      writeFileSync(file, 'authrocket-edge emulator data v1\n0 e3193d3f {"apiKey":5,"state":1}\n');
      const read = readDataFile(file)!;
      assert.deepEqual([read.apiKey, read.state, read.droppedTornLine], [undefined, 1, false]);
      writeFileSync(file, GOLDEN + '3 00000000 [{"op":');
      const torn = readDataFile(file)!;
      assert.equal(torn.droppedTornLine, true);
      assert.equal(torn.batches.length, 2);
      assert.equal(torn.bytes!.complete, new TextEncoder().encode(GOLDEN).length);
    });
  });
});
