// What the data file's journal does with the files around it (src/emulator/journal.ts): every
// file it opens is closed again, on each way through (a new file, a resumed one, a cut-off
// write cut away, a file changed or removed since it was read, appending, compacting, closing);
// a file removed since it was read is started afresh from the store; a journal past its bound
// is compacted when it is opened, before any write; and only temp files of exactly its own
// pattern are removed beside it. The store is a stand-in whose snapshot is a fixed value.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import {
  appendFileSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Journal, readDataFile } from "../../src/emulator/journal.ts";
import type { Change } from "../../src/emulator/store.ts";

const KEY = "ko_files";
const FLOOR = 64 * 1024;
const store = { snapshot: () => ({ users: ["ann"] }) };
const changes = (text: string) => [text] as unknown as Change[];

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

/** A data file of `store`'s snapshot, then one line per text (each a list of one change). */
function craft(file: string, texts: string[]) {
  writeFileSync(
    file,
    "authrocket-edge emulator data v1\n" + line(0, { apiKey: KEY, state: store.snapshot() }) +
      texts.map((text, i) => line(i + 1, [text])).join(""),
  );
}

/** Run `fn` with a data file path in a fresh directory, removed after. */
function withFile(fn: (file: string, dir: string) => void) {
  const dir = mkdtempSync(join(tmpdir(), "ar-files-"));
  try {
    fn(join(dir, "emu.data"), dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// The process's open file descriptors, where the platform lists them (Linux).
const FDS = "/proc/self/fd";
const openFds = () => readdirSync(FDS).length;

describe("emulator data file: the files it opens", () => {
  it("closes every file it opens, on each way through", { skip: !existsSync(FDS) }, () => {
    withFile((file) => {
      const ways: [string, () => void][] = [
        ["a new file: compacted, appended to, compacted, closed", () => {
          rmSync(file, { force: true });
          const journal = new Journal(file, store, KEY);
          journal.append(changes("a"));
          journal.compact();
          journal.append(changes("b"));
          journal.close();
        }],
        ["a file resumed as it was read", () => {
          craft(file, ["a", "b"]);
          const journal = new Journal(file, store, KEY, readDataFile(file));
          journal.append(changes("c"));
          assert.equal(readDataFile(file)!.batches.length, 3, "resumed");
          journal.close();
        }],
        ["a file resumed with a cut-off write cut away", () => {
          craft(file, ["a"]);
          appendFileSync(file, '2 0000 ["cut');
          const journal = new Journal(file, store, KEY, readDataFile(file));
          assert.equal(readDataFile(file)!.droppedTornLine, false, "cut away");
          journal.close();
        }],
        ["a file grown since it was read", () => {
          craft(file, ["a"]);
          const read = readDataFile(file);
          appendFileSync(file, line(2, ["b"]));
          const journal = new Journal(file, store, KEY, read);
          assert.equal(readDataFile(file)!.batches.length, 0, "started afresh");
          journal.close();
        }],
        ["a file removed since it was read", () => {
          craft(file, ["a"]);
          const read = readDataFile(file);
          rmSync(file);
          new Journal(file, store, KEY, read).close();
        }],
      ];
      for (const [, way] of ways) way(); // once first: a runtime may open files of its own
      for (const [name, way] of ways) {
        const before = openFds();
        way();
        assert.equal(openFds(), before, name);
      }
    });
  });

  it("a file removed since it was read is started afresh from the store", () => {
    withFile((file) => {
      craft(file, ["a", "b"]);
      const read = readDataFile(file);
      rmSync(file);
      const journal = new Journal(file, store, KEY, read);
      assert.deepEqual(readDataFile(file), {
        apiKey: KEY,
        state: store.snapshot(),
        batches: [],
        droppedTornLine: false,
        bytes: readDataFile(file)!.bytes,
      });
      journal.append(changes("c"));
      assert.deepEqual(readDataFile(file)!.batches, [["c"]]);
      journal.close();
    });
  });

  it("a journal past its bound is compacted when the file is opened, before any write", () => {
    withFile((file) => {
      // Two lines of FLOOR + 1 bytes in all (each line's head is 16 bytes: "n cccccccc " and
      // the JSON's `["` … `"]` and the newline).
      craft(file, ["x".repeat(40_000 - 16), "y".repeat(FLOOR + 1 - 40_000 - 16)]);
      const read = readDataFile(file)!;
      assert.equal(read.bytes!.complete - read.bytes!.snapshot, FLOOR + 1);
      const journal = new Journal(file, store, KEY, read);
      assert.equal(readDataFile(file)!.batches.length, 0, "compacted");
      journal.close();
    });
  });

  it("removes only temp files of exactly its pattern: FILE.<16 hex>.tmp", () => {
    withFile((file, dir) => {
      const kept = [
        "emu.data.x.0123456789abcdef.tmp",
        "emu.data.0123456789abcdef.tmp.bak",
        "emu.data.0123456789ABCDEF.tmp",
        "emu.data.0123456789abcde.tmp",
        "other.0123456789abcdef.tmp",
      ];
      for (const name of [...kept, "emu.data.0123456789abcdef.tmp"]) {
        writeFileSync(join(dir, name), "left");
      }
      new Journal(file, store, KEY).close();
      assert.deepEqual(readdirSync(dir).sort(), [...kept, "emu.data"].sort());
    });
  });
});
