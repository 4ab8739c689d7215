// The standalone server's data file (--data): a restart restores the store exactly, an
// unfinished last write is dropped whole, anything else damaged or foreign is refused and left
// as it is, and a loop of writes killed with SIGKILL at random points loses no answered write.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import {
  appendFileSync,
  chmodSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import process from "node:process";
import { AuthRocket } from "../../mod.ts";
import { createEmulator } from "../../testing.ts";
import { DataFileError, Journal, readDataFile } from "../../src/emulator/journal.ts";
import { runCli, startCli } from "../emulator_process.ts";
import { SALLY } from "../helpers.ts";
import { realmOf } from "../realm.ts";

const NOW = Date.UTC(2026, 10, 28, 12);
const tmp = () => mkdtempSync(join(tmpdir(), "ar-data-"));

/** An emulator whose every commit goes to a journal in `file`, on a fixed clock. */
function journaled(file: string) {
  const open: { journal?: Journal } = {}; // made once the store exists, before any request
  const emu = createEmulator({
    apiKey: "ko_journal",
    now: () => NOW,
    passwordIterations: 1000,
    onCommit: (changes) => open.journal!.append(changes),
  });
  const journal = open.journal = new Journal(file, emu.store, emu.apiKey);
  return { emu, journal };
}

/** A new emulator restored from `file`, on the same clock. */
function reloaded(file: string) {
  const saved = readDataFile(file)!;
  const emu = createEmulator({ apiKey: saved.apiKey, now: () => NOW, passwordIterations: 1000 });
  emu.store.restore(saved.state);
  for (const c of saved.batches) emu.store.apply(c);
  return { emu, saved };
}

describe("emulator data file", () => {
  it("restores the store exactly: hashes, TOTP secrets, sessions, tokens in flight, events, order", async () => {
    const dir = tmp();
    try {
      const file = join(dir, "emu.data");
      const { emu, journal } = journaled(file);
      const base = emu.client();
      const { realm, ar } = await realmOf(base, { name: "Durable" });
      await ar.authProviders.createOrThrow({ provider_type: "totp" });
      const sally = await ar.users.createOrThrow(SALLY);
      for (let i = 0; i < 5; i++) {
        await ar.users.createOrThrow({ ...SALLY, username: `u${i}`, email: `u${i}@example.com` });
      }
      const org = await ar.orgs.createOrThrow({ name: "Org" });
      await ar.memberships.createOrThrow({ user_id: sally.id, org_id: org.id, permissions: ["a"] });
      journal.compact(); // a snapshot in the middle, then more journal
      const cred = await ar.credentials.createOrThrow({
        user_id: sally.id,
        credential_type: "totp",
        name: "Phone",
      });
      const secret = cred.otp_secret!;
      assert.equal(await cred.verify(await emu.totp(secret)), true);
      const kli = (await ar.users.authenticate("sally", SALLY.password)).token!; // in flight
      const kpw = (await ar.users.generatePasswordToken("u1")).password_reset_token!;
      const session = await ar.sessions.createOrThrow({ user_id: sally.id });
      await ar.users.delete((await ar.users.find("u3")).id);
      await ar.users.update((await ar.users.find("u4")).id, { first_name: "Changed" });

      const { emu: again, saved } = reloaded(file);
      assert.equal(saved.droppedTornLine, false);
      assert.deepEqual(again.store.snapshot(), emu.store.snapshot(), "the same state, exactly");
      const ar2 = again.client({ jwtSecret: realm.jwt_key }).withRealm(realm.id);
      const done = await ar2.users.authenticateCode({ token: kli, code: await again.totp(secret) });
      assert.ok(
        await ar2.sessions.fromToken(done.token, { now: NOW }),
        "the kli_ token and the TOTP secret",
      );
      const reset = await ar2.users.resetPasswordWithToken({
        token: kpw,
        password: "new password!",
        password_confirmation: "new password!",
      });
      assert.equal(reset.username, "u1", "the kpw_ token");
      assert.ok(await ar2.users.authenticate("u0", SALLY.password), "the password hashes");
      assert.equal((await ar2.sessions.find(session.id)).user_id, sally.id, "the session");
      const names = async (c: AuthRocket) => {
        const out: string[] = [];
        for await (const u of c.users.iterate({ max_results: 2 })) out.push(u.username);
        return out;
      };
      assert.deepEqual(await names(ar2), await names(ar), "the paging order");
      // A file at the old temp name, with a loose mode, is neither used nor lent its mode.
      writeFileSync(`${file}.tmp`, "left over");
      chmodSync(`${file}.tmp`, 0o644);
      journal.close();
      assert.equal(readFileSync(file, "utf8").split("\n").length, 3, "closing compacts");
      assert.deepEqual(readdirSync(dir).sort(), ["emu.data", "emu.data.tmp"], "no temp file left");
      assert.equal(readFileSync(`${file}.tmp`, "utf8"), "left over");
      if (process.platform !== "win32") {
        assert.equal(statSync(file).mode & 0o077, 0, "hashes and the API key: owner only");
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("drops an unfinished last line whole; refuses a damaged or foreign file without changing it", async () => {
    const dir = tmp();
    try {
      const file = join(dir, "emu.data");
      const { emu } = journaled(file);
      await emu.client().realms.createOrThrow({ name: "A" });
      await emu.client().realms.createOrThrow({ name: "B" });
      const good = readFileSync(file, "utf8");
      appendFileSync(file, '3 0123abcd [{"op":"put","table":"realm","id":"rl_x","rec":{"id":');
      const torn = reloaded(file);
      assert.equal(torn.saved.droppedTornLine, true);
      assert.deepEqual(torn.emu.store.snapshot(), emu.store.snapshot());

      const lines = good.split("\n");
      const damaged = [...lines];
      damaged[2] = damaged[2].replace('"A"', '"Z"');
      const refused: [string, RegExp][] = [
        ['{"realms": []}', /not an authrocket-edge emulator data file/],
        ["authrocket-edge emulator data v9\n", /format v9; this version reads v1/],
        [damaged.join("\n"), /line 3 is damaged \(checksum mismatch\)/],
        [[lines[0], lines[1], lines[3], ""].join("\n"), /line 3 is damaged \(entry 2, not 1\)/],
        [lines[0] + "\n", /no snapshot entry/],
      ];
      for (const [content, message] of refused) {
        writeFileSync(file, content);
        assert.throws(
          () => readDataFile(file),
          (e) => e instanceof DataFileError && message.test(e.message),
        );
      }
      // The CLI: exit code 3, a message naming the file, and the file left as it was.
      const foreign = join(dir, "foreign.json");
      const damagedFile = join(dir, "damaged.data");
      writeFileSync(foreign, '{"realms": []}');
      writeFileSync(damagedFile, damaged.join("\n"));
      const [r1, r2] = await Promise.all([
        runCli(["--port", "0", "--data", foreign]),
        runCli(["--port", "0", "--data", damagedFile]),
      ]);
      assert.equal(r1.code, 3, r1.stderr);
      assert.match(
        r1.stderr,
        /--data .*foreign\.json: it is not an authrocket-edge emulator data file/,
      );
      assert.equal(r2.code, 3, r2.stderr);
      assert.match(r2.stderr, /damaged\.data: line 3 is damaged/);
      assert.equal(readFileSync(foreign, "utf8"), '{"realms": []}');
      assert.equal(readFileSync(damagedFile, "utf8"), damaged.join("\n"));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("without --data nothing is written; SIGTERM leaves one snapshot; a restart drops a cut-off write, keeps the key, skips the seed", async () => {
    const dir = tmp();
    try {
      const mem = await startCli(["--port", "0"], { cwd: dir });
      await AuthRocket.fromEnv(mem.env).users.createOrThrow({ ...SALLY });
      assert.deepEqual(await mem.stop(), { code: 0, signal: null });
      assert.deepEqual(readdirSync(dir), [], "in memory only");

      const file = join(dir, "emu.data");
      const cli = await startCli(["--port", "0", "--data", file, "--quiet"]);
      await AuthRocket.fromEnv(cli.env).users.createOrThrow({ ...SALLY });
      assert.deepEqual(await cli.stop(), { code: 0, signal: null });
      assert.equal(readFileSync(file, "utf8").split("\n").length, 3);
      // A restart after a crash that cut a write short: it is dropped, the rest is served; a
      // seed is for an empty store only.
      appendFileSync(file, '1 00000000 [{"op":"put","table":"user"');
      const seed = join(dir, "seed.json");
      writeFileSync(seed, JSON.stringify({ realms: [{ name: "Seeded" }] }));
      const again = await startCli(["--port", "0", "--data", file, "--quiet", "--seed", seed]);
      try {
        assert.equal(again.env.AUTHROCKET_API_KEY, cli.env.AUTHROCKET_API_KEY, "the key is kept");
        assert.equal(again.env.AUTHROCKET_REALM, cli.env.AUTHROCKET_REALM);
        const ar = AuthRocket.fromEnv(again.env);
        await ar.users.authenticate("sally", SALLY.password);
        assert.deepEqual((await ar.realms.all()).map((r) => r.name), ["Default"]);
        assert.match(again.stderr(), /dropped an unfinished last write \(it was never answered\)/);
        assert.match(
          again.stderr(),
          /--seed .*seed\.json skipped: the data file already holds data/,
        );
      } finally {
        await again.stop();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it(
    "SIGKILL at random points, 20 times: every answered write is there and whole, the file always loads",
    {
      timeout: 240_000, // 20 process starts on a busy machine
    },
    async () => {
      const dir = tmp();
      const file = join(dir, "emu.data");
      /** What is known of each user: its state when last answered, and a write whose answer was lost. */
      type State = { exists: boolean; first: string | null };
      const known = new Map<string, State & { pending?: State }>();
      let realm: string | undefined;
      let answered = 0;
      let cutOff = 0;
      try {
        for (let cycle = 0; cycle < 20; cycle++) {
          const cli = await startCli(["--port", "0", "--quiet", "--data", file]); // always loads
          const ar = AuthRocket.fromEnv(cli.env, { maxRetries: 0 });
          realm ??= cli.env.AUTHROCKET_REALM;
          assert.equal(cli.env.AUTHROCKET_REALM, realm, "the default realm is kept");

          // Every answered write is there; a write that was cut off is either there whole or not.
          const users = new Map<string, { id: string; first_name: string | null; creds: number }>();
          for await (const u of ar.users.iterate({ max_results: 100 })) {
            const json = u.toJSON() as { credentials?: unknown[] };
            users.set(u.username, {
              id: u.id,
              first_name: u.first_name,
              creds: json.credentials?.length ?? 0,
            });
          }
          const created = new Set<string>();
          for await (
            const e of ar.events.iterate({ event_type: "user.created", max_results: 1000 })
          ) {
            created.add(e.user_id!);
          }
          for (const [name, u] of users) {
            assert.ok(known.has(name), `${name} was never sent`);
            assert.equal(u.creds, 1, `${name} has its api_key credential (cycle ${cycle})`);
            assert.ok(created.has(u.id), `${name} has its user.created event (cycle ${cycle})`);
          }
          for (const [name, k] of known) {
            const got = users.get(name);
            const seen: State = got
              ? { exists: true, first: got.first_name }
              : { exists: false, first: null };
            const ok = (s: State) =>
              s.exists === seen.exists && (!s.exists || s.first === seen.first);
            assert.ok(
              ok(k) || (k.pending && ok(k.pending)),
              `${name} after cycle ${cycle}: ${JSON.stringify({ k, seen })}`,
            );
            known.set(name, seen);
          }

          // Three writers, each on its own users: create, rename, sometimes delete; then SIGKILL,
          // at a random point once writes are flowing (a busy machine may take long for the
          // first answer; a kill before it would test nothing).
          let killed = false;
          let firstAnswer = () => {};
          const flowing = new Promise<void>((ok) => (firstAnswer = ok));
          const writer = async (w: number) => {
            const mine: { name: string; id: string }[] = [];
            for (let i = 0; !killed; i++) {
              const pick = mine.length ? mine[Math.floor(Math.random() * mine.length)] : undefined;
              const op = !pick || i % 3 === 0 ? "create" : i % 7 === 0 ? "delete" : "rename";
              const name = op === "create" ? `c${cycle}w${w}n${i}` : pick!.name;
              const before = known.get(name) ?? { exists: false, first: null };
              const after: State = op === "delete"
                ? { exists: false, first: null }
                : { exists: true, first: `f${cycle}.${i}` };
              known.set(name, { ...before, pending: after });
              try {
                if (op === "create") {
                  const u = await ar.users.createOrThrow({
                    user_type: "api",
                    username: name,
                    first_name: after.first,
                  });
                  mine.push({ name, id: u.id });
                } else if (op === "rename") {
                  await ar.users.updateOrThrow(pick!.id, { first_name: after.first });
                } else {
                  await ar.users.delete(pick!.id);
                  mine.splice(mine.indexOf(pick!), 1);
                }
              } catch (e) {
                // Cut off by the kill: its outcome is unknown, `pending` says what it may be.
                if (killed) {
                  cutOff++;
                  return;
                }
                throw e;
              }
              known.set(name, after);
              answered++;
              firstAnswer();
            }
          };
          const writers = [0, 1, 2].map(writer);
          await Promise.race([flowing, Promise.all(writers)]);
          await new Promise((ok) => setTimeout(ok, Math.random() * 200));
          killed = true;
          assert.equal((await cli.stop("SIGKILL")).signal, "SIGKILL");
          await Promise.all(writers);
        }
        assert.ok(answered >= 20, `only ${answered} writes were answered`);
        assert.ok(cutOff >= 20, `only ${cutOff} writes were cut off by a kill`);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );
});
