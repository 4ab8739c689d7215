// The data file's compaction: its temp file is created exclusively under a fresh random name,
// so a symlink planted where a temp file would go is never followed (its target keeps its
// bytes); temp files a crash left are removed when the file is opened; and through hundreds of
// writes the file stays under twice its snapshot's size.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import {
  appendFileSync,
  lstatSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import process from "node:process";
import { createEmulator } from "../../testing.ts";
import { Journal, readDataFile } from "../../src/emulator/journal.ts";
import { realmOf } from "../realm.ts";

const NOW = Date.UTC(2026, 11, 6);
const posix = process.platform !== "win32";

/** An emulator journaling every commit to `file`. */
function journaled(file: string) {
  const open: { journal?: Journal } = {};
  const emu = createEmulator({
    apiKey: "ko_journal_test",
    now: () => NOW,
    passwordIterations: 1,
    onCommit: (changes) => open.journal!.append(changes),
  });
  open.journal = new Journal(file, emu.store, emu.apiKey);
  return { emu, journal: open.journal };
}

describe("emulator data file: compaction", () => {
  it("never follows a symlink planted at a temp name; removes a crash's temp files", {
    skip: !posix,
  }, async () => {
    const dir = mkdtempSync(join(tmpdir(), "ar-journal-"));
    try {
      const file = join(dir, "emu.data");
      const victim = join(dir, "victim.txt");
      writeFileSync(victim, "precious");
      symlinkSync(victim, `${file}.tmp`); // the name compaction used to write through
      const leftover = `${file}.0123456789abcdef.tmp`;
      symlinkSync(victim, leftover); // a crash's temp file, here a link: removed, not followed
      writeFileSync(`${file}.00112233445566778899.tmp`, "not our pattern");
      const { emu, journal } = journaled(file);
      await emu.client().realms.createOrThrow({ name: "Safe" });
      journal.compact();
      journal.close();
      assert.equal(readFileSync(victim, "utf8"), "precious", "the target keeps its bytes");
      assert.ok(lstatSync(`${file}.tmp`).isSymbolicLink(), "the planted link is left alone");
      assert.ok(lstatSync(file).isFile() && !lstatSync(file).isSymbolicLink());
      assert.equal(statSync(file).mode & 0o077, 0, "owner only");
      assert.deepEqual(
        readdirSync(dir).sort(),
        ["emu.data", "emu.data.00112233445566778899.tmp", "emu.data.tmp", "victim.txt"],
        "the crash's temp file is gone, no temp file of ours is left",
      );
      const saved = readDataFile(file)!;
      assert.equal(saved.apiKey, "ko_journal_test");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("a restart goes on after the last complete line: no rewrite, a cut-off write cut away", async () => {
    const dir = mkdtempSync(join(tmpdir(), "ar-journal-"));
    try {
      const file = join(dir, "emu.data");
      const first = journaled(file);
      const ar = first.emu.client();
      await ar.realms.createOrThrow({ name: "One" });
      await ar.realms.createOrThrow({ name: "Two" });
      const written = readFileSync(file, "utf8");
      appendFileSync(file, '3 0000abcd [{"op":"put","table":"realm"'); // a write cut off
      const restart = (apiKey: string) => {
        const saved = readDataFile(file)!;
        const open: { journal?: Journal } = {};
        const emu = createEmulator({
          apiKey,
          now: () => NOW,
          passwordIterations: 1,
          onCommit: (changes) => open.journal!.append(changes),
        });
        emu.store.restore(saved.state, { copy: false });
        for (const c of saved.batches) emu.store.apply(c, { copy: false });
        const journal = open.journal = new Journal(file, emu.store, apiKey, saved);
        return { emu, journal, saved };
      };
      const again = restart("ko_journal_test");
      assert.equal(again.saved.droppedTornLine, true);
      assert.equal(readFileSync(file, "utf8"), written, "the same bytes: resumed, not rewritten");
      await again.emu.client().realms.createOrThrow({ name: "Three" });
      const text = readFileSync(file, "utf8");
      assert.ok(text.startsWith(written), "appended after the last complete line");
      assert.equal(text.split("\n").length, written.split("\n").length + 1);
      const third = restart("ko_journal_test");
      const names = [...third.emu.store.values("realm")].map((r) => r.name);
      assert.deepEqual(names, ["One", "Two", "Three"]);
      third.journal.close();
      // Another API key: the file is started afresh (its snapshot holds the key).
      const other = restart("ko_another_key");
      assert.equal(readFileSync(file, "utf8").split("\n").length, 3, "compacted");
      assert.equal(readDataFile(file)!.apiKey, "ko_another_key");
      other.journal.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("stays under twice its snapshot's size through 400 writes", async () => {
    const dir = mkdtempSync(join(tmpdir(), "ar-journal-"));
    try {
      const file = join(dir, "emu.data");
      const { emu, journal } = journaled(file);
      const base = emu.client();
      const ar = (await realmOf(base, { name: "Size" })).ar;
      // A snapshot past the 64 KiB floor below which a small store is not compacted.
      const custom = { notes: "x".repeat(2_000) };
      const users = [];
      for (let i = 0; i < 40; i++) {
        users.push(await ar.users.createOrThrow({ user_type: "api", username: `u${i}`, custom }));
      }
      journal.compact(); // from here the snapshot in the file is past the floor
      let compactions = 0;
      let lastSnapshot = 0;
      for (let i = 0; i < 400; i++) {
        await users[i % users.length].update({ first_name: `n${i}` });
        const text = readFileSync(file, "utf8");
        const [format, snapshot] = text.split("\n");
        const snapshotBytes = format.length + snapshot.length + 2;
        if (snapshotBytes !== lastSnapshot) compactions++;
        lastSnapshot = snapshotBytes;
        assert.ok(snapshotBytes > 64 * 1024);
        const size = statSync(file).size;
        assert.ok(size <= 2 * snapshotBytes, `${size} bytes over a ${snapshotBytes}-byte snapshot`);
      }
      assert.ok(compactions >= 2, `${compactions} compactions`);
      journal.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
