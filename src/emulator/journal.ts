/**
 * The standalone emulator's data file (`--data FILE`): a snapshot of the store followed by an
 * append-only journal of each request's changes, in one file of text lines.
 *
 * ```
 * authrocket-edge emulator data v1          ← the format line: any other file is refused
 * 0 <checksum> {"apiKey": …, "state": …}     ← the store's snapshot
 * 1 <checksum> [changes of one request]      ← appended and fsync'd before the response
 * 2 <checksum> […]
 * ```
 *
 * Every line is numbered and carries a checksum (FNV-1a of its JSON), so a damaged or
 * reordered line is found, never half-read. Only an unterminated last line can come from a
 * crash (its write was cut short, so its request was never answered): it is dropped whole.
 * Anything else that does not read is refused with the line it is on. Compaction writes a
 * new snapshot to a temp file beside it, fsyncs it and renames it over the file, so a crash at
 * any point leaves either the old file or the new one. The temp file has a fresh random name
 * (`FILE.<16 hex>.tmp`) and is created exclusively (`wx`: an existing path, a planted symlink
 * included, is never opened, so never followed); temp files of that pattern left by a crash
 * are removed when the file is opened. The file holds password hashes and the API key: it is
 * created readable by its owner only. It stays under twice its snapshot's size (the journal
 * is compacted once it outgrows the snapshot, or 64 KiB for a small store).
 * @module
 */
import {
  closeSync,
  fchmodSync,
  fdatasyncSync,
  fstatSync,
  fsyncSync,
  ftruncateSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  unlinkSync,
  writeSync,
} from "node:fs";
import { basename, dirname, join } from "node:path";
import type { Change } from "./store.ts";

const FORMAT_LINE = "authrocket-edge emulator data v1";
/** A line's number and checksum (its JSON follows: a snapshot's is not run through a regex). */
const HEAD = /^(\d+) ([0-9a-f]{8}) /;

/** A data file that cannot be loaded (damaged, or not a data file); nothing was changed. */
export class DataFileError extends Error {
  override name = "DataFileError";
}

/** What a data file holds. */
export interface DataFile {
  /** The API key kept with the data (the server's unless `--api-key` overrides it). */
  apiKey?: string;
  /** The store's snapshot, then each request's changes, in order. */
  state: unknown;
  batches: Change[][];
  /** Whether an unterminated last line (a write that was never answered) was dropped. */
  droppedTornLine: boolean;
  /**
   * Where its lines end, in bytes: the format line and the snapshot, and the last complete
   * line (what {@link Journal} goes on appending after).
   */
  bytes?: { snapshot: number; complete: number };
}

/** FNV-1a over the UTF-16 code units: cheap, and enough to tell a damaged line. */
function checksum(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, "0");
}

const line = (n: number, value: unknown) => {
  const json = JSON.stringify(value);
  return `${n} ${checksum(json)} ${json}\n`;
};

/** Read a data file; `null` when it does not exist or is empty (a new store). */
export function readDataFile(file: string): DataFile | null {
  let bytes: Uint8Array & { toString(encoding: "utf8", start: number, end: number): string };
  try {
    bytes = readFileSync(file);
  } catch (e) {
    if ((e as { code?: string }).code === "ENOENT") return null;
    throw new DataFileError(`cannot read it: ${(e as Error).message}`);
  }
  if (bytes.length === 0) return null;
  // Lines are cut at their newline bytes (never inside a UTF-8 character) and decoded one by
  // one, so that a line's place in the file is known in bytes (to go on appending after it)
  // and the whole file is never one string.
  const ends: number[] = [];
  for (let i = bytes.indexOf(10); i >= 0; i = bytes.indexOf(10, i + 1)) ends.push(i + 1);
  const text = (n: number) => bytes.toString("utf8", n === 0 ? 0 : ends[n - 1], ends[n] - 1);
  const first = ends.length ? text(0) : bytes.toString("utf8", 0, Math.min(bytes.length, 200));
  if (first !== FORMAT_LINE) {
    const other = /^authrocket-edge emulator data (\S+)$/.exec(first)?.[1];
    throw new DataFileError(
      other
        ? `it is format ${other}; this version reads ${FORMAT_LINE.split(" ").pop()}`
        : "it is not an authrocket-edge emulator data file (use another --data file)",
    );
  }
  const values: unknown[] = [];
  for (let i = 1; i < ends.length; i++) {
    const entry = text(i);
    const m = HEAD.exec(entry.slice(0, 40));
    const where = `line ${i + 1} is damaged`;
    if (!m) throw new DataFileError(`${where} (not a numbered entry)`);
    if (Number(m[1]) !== i - 1) throw new DataFileError(`${where} (entry ${m[1]}, not ${i - 1})`);
    const json = entry.slice(m[0].length);
    if (checksum(json) !== m[2]) throw new DataFileError(`${where} (checksum mismatch)`);
    try {
      values.push(JSON.parse(json));
    } catch {
      throw new DataFileError(`${where} (not JSON)`);
    }
  }
  const head = values[0] as { apiKey?: unknown; state?: unknown } | undefined;
  if (!head || typeof head !== "object" || !("state" in head)) {
    throw new DataFileError("it has no snapshot entry (line 2)");
  }
  const batches = values.slice(1);
  const bad = batches.findIndex((b) => !Array.isArray(b));
  if (bad >= 0) throw new DataFileError(`line ${bad + 3} is damaged (not a list of changes)`);
  const complete = ends[ends.length - 1];
  return {
    apiKey: typeof head.apiKey === "string" ? head.apiKey : undefined,
    state: head.state,
    batches: batches as Change[][],
    // After the last newline: nothing, unless the last write was cut short.
    droppedTornLine: complete !== bytes.length,
    bytes: { snapshot: ends[1], complete },
  };
}

/** The store as the journal needs it. */
export interface Snapshotting {
  /** The state; with `copy: false` a view of the live records, serialised at once. */
  snapshot(options?: { copy?: boolean }): unknown;
}

/** Write all of `text` (a write may take only part of it). */
function writeAll(fd: number, text: string) {
  const bytes = new TextEncoder().encode(text);
  for (let off = 0; off < bytes.length;) off += writeSync(fd, bytes, off);
  return bytes.length;
}

/** Make a rename durable: fsync the directory (not possible on every platform; then skip). */
function syncDir(dir: string) {
  let fd: number | undefined;
  try {
    fd = openSync(dir, "r");
    fsyncSync(fd);
  } catch { /* Windows cannot open a directory; its renames are journaled by NTFS */ }
  if (fd !== undefined) closeSync(fd);
}

const TEMP = /^\.[0-9a-f]{16}\.tmp$/;

/** A fresh temp name beside `file`: `FILE.<16 random hex>.tmp`. */
function tempName(file: string): string {
  const bytes = crypto.getRandomValues(new Uint8Array(8));
  return `${file}.${[...bytes].map((b) => b.toString(16).padStart(2, "0")).join("")}.tmp`;
}

/** Remove the temp files a crash in a compaction left beside `file` (only that pattern). */
function removeLeftovers(file: string) {
  const dir = dirname(file);
  const base = basename(file);
  let names: string[] = [];
  try {
    names = readdirSync(dir);
  } catch { /* an unreadable directory: the compaction below reports what is wrong */ }
  for (const name of names) {
    if (!name.startsWith(base) || !TEMP.test(name.slice(base.length))) continue;
    try {
      unlinkSync(join(dir, name)); // a symlink is removed itself, its target untouched
    } catch { /* gone already */ }
  }
}

/**
 * The open data file: {@link Journal.append} makes one request's changes durable (written and
 * fdatasync'd) and compacts when the journal outgrows the snapshot.
 */
export class Journal {
  #fd = -1;
  #n = 1;
  #journalBytes = 0;
  #snapshotBytes = 0;

  /**
   * Open the data file. `loaded`: what {@link readDataFile} read from it, which the store was
   * restored from; appending goes on after its last complete line (an unfinished one is cut
   * off first) when it holds the same API key and its journal is within bounds. Otherwise
   * (a new file, another key) the file is started from the store's state by a compaction.
   */
  constructor(
    readonly file: string,
    readonly store: Snapshotting,
    readonly apiKey: string,
    loaded?: DataFile | null,
  ) {
    removeLeftovers(file);
    if (!loaded?.bytes || loaded.apiKey !== apiKey || !this.#resume(loaded, loaded.bytes)) {
      this.compact();
    }
  }

  /** Go on appending to a loaded file, if it is still the one read and within bounds. */
  #resume(loaded: DataFile, bytes: { snapshot: number; complete: number }): boolean {
    const journal = bytes.complete - bytes.snapshot;
    if (journal > Math.max(64 * 1024, bytes.snapshot)) return false;
    let fd: number | undefined;
    try {
      fd = openSync(this.file, "r+");
      const size = fstatSync(fd).size;
      if (size < bytes.complete || (size > bytes.complete && !loaded.droppedTornLine)) {
        closeSync(fd); // changed since it was read: start it afresh
        return false;
      }
      fchmodSync(fd, 0o600); // it holds hashes and the API key: owner only, as a new file is
      if (size > bytes.complete) {
        ftruncateSync(fd, bytes.complete); // the unfinished write, never answered
        fsyncSync(fd);
      }
      closeSync(fd);
      fd = undefined;
      this.#fd = openSync(this.file, "a");
    } catch {
      if (fd !== undefined) closeSync(fd);
      return false;
    }
    this.#n = loaded.batches.length + 1;
    this.#snapshotBytes = bytes.snapshot;
    this.#journalBytes = journal;
    return true;
  }

  /** Append one request's changes and fsync them. */
  append(changes: Change[]): void {
    this.#journalBytes += writeAll(this.#fd, line(this.#n++, changes));
    fdatasyncSync(this.#fd);
    if (this.#journalBytes > Math.max(64 * 1024, this.#snapshotBytes)) this.compact();
  }

  /** Replace the file by a snapshot of the store, atomically. */
  compact(): void {
    // The snapshot's JSON is written as it is, not joined into one string with its line's
    // head (at 100,000 users it is 130 MB: a copy less).
    const json = JSON.stringify({
      apiKey: this.apiKey,
      state: this.store.snapshot({ copy: false }),
    });
    const parts = [`${FORMAT_LINE}\n0 ${checksum(json)} `, json, "\n"];
    const tmp = tempName(this.file);
    // "wx": created here, never an existing file or a symlink someone planted at the name (it
    // would be followed, and its target overwritten with the hashes and the API key).
    let fd: number | undefined = openSync(tmp, "wx", 0o600);
    try {
      this.#snapshotBytes = parts.reduce((n, part) => n + writeAll(fd!, part), 0);
      fsyncSync(fd);
      closeSync(fd);
      fd = undefined;
      renameSync(tmp, this.file);
    } catch (e) {
      if (fd !== undefined) closeSync(fd);
      try {
        unlinkSync(tmp);
      } catch { /* renamed already, or never made */ }
      throw e;
    }
    syncDir(dirname(this.file));
    if (this.#fd >= 0) closeSync(this.#fd);
    this.#fd = openSync(this.file, "a");
    this.#n = 1;
    this.#journalBytes = 0;
  }

  /** Compact and close (on shutdown). */
  close(): void {
    this.compact();
    closeSync(this.#fd);
    this.#fd = -1;
  }
}
