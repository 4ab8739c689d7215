// The emulator's paging stays linear: 10,000 users in one realm (among others' rows), paged
// in full with `iterate()` in-process. Baseline: the time of the first pages; the ratio of the
// last pages to it shows whether a page costs its own rows or the whole table's.
import { createEmulator } from "../testing.ts";
import { runtime } from "./harness.ts";

const USERS = 10_000;
const PAGE = 100;

export async function run(): Promise<string> {
  const emu = createEmulator({ passwordIterations: 1 });
  const base = emu.client();
  const realm = await base.realms.createOrThrow({ name: "Bench" });
  const other = await base.realms.createOrThrow({ name: "Other" });
  const ar = base.withRealm(realm.id);
  const noise = base.withRealm(other.id);
  for (let i = 0; i < USERS; i += 200) {
    await Promise.all(
      Array.from(
        { length: 200 },
        (_, j) => ar.users.createOrThrow({ user_type: "api", username: `u${i + j}` }),
      ),
    );
    // Rows of another realm interleaved, so the filter has something to skip.
    await noise.users.createOrThrow({ user_type: "api", username: `n${i}` });
  }
  const rounds: number[][] = [];
  for (let round = 0; round < 3; round++) {
    const pages: number[] = [];
    let t = performance.now();
    let n = 0;
    for await (const _u of ar.users.iterate({ max_results: PAGE })) {
      if (++n % PAGE === 0) {
        const now = performance.now();
        pages.push(now - t);
        t = now;
      }
    }
    if (n !== USERS) throw new Error(`paged ${n} users, expected ${USERS}`);
    rounds.push(pages);
  }
  // Each page's best over the rounds (less VM noise), then the first and last ten pages.
  const best = rounds[0].map((_, i) => Math.min(...rounds.map((r) => r[i])));
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const first = mean(best.slice(0, 10));
  const last = mean(best.slice(-10));
  const total = rounds.map((r) => r.reduce((a, b) => a + b, 0));
  return [
    `\nemulator: iterate ${
      USERS.toLocaleString("en")
    } users, ${PAGE} a page, in-process — ${runtime()}`,
    `${"case".padEnd(58)} ${"ms/page".padStart(10)} ${"× baseline".padStart(11)}`,
    `${"baseline: first 10 pages".padEnd(58)} ${first.toFixed(3).padStart(10)} ${
      "1.000".padStart(11)
    }`,
    `${"last 10 pages".padEnd(58)} ${last.toFixed(3).padStart(10)} ${
      (last / first).toFixed(3).padStart(11)
    }`,
    `(whole pass: ${Math.min(...total).toFixed(0)} ms; target: last pages ≤ 1.5× the first)`,
  ].join("\n");
}

if ((import.meta as { main?: boolean }).main ?? true) console.log(await run());
