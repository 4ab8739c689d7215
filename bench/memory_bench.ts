// Memory (Deno): what a page of records costs to hold, against the baseline of the parsed JSON alone
// (what `fetch` + `JSON.parse` leaves you with), and what a warm verifier keeps. Heap measured
// after a full GC, so `deno task bench` runs with --expose-gc; without it this says so and
// measures nothing (it never guesses).
import { AuthRocket, verifySession } from "../mod.ts";
import { user } from "./fixtures.ts";
import { runtime } from "./harness.ts";
import { fullGc, heap as heapOrNone } from "./heap.ts";

/** The heap after a full GC (`deno task bench` runs with --expose-gc). */
const heap = () => heapOrNone()!;

/** Retained bytes of what `make` returns (kept alive until measured). */
function retained(make: () => unknown): number {
  const before = heap();
  const kept = make();
  const after = heap();
  if (!kept) throw new Error("nothing kept");
  return after - before;
}

export async function run(): Promise<string> {
  if (!fullGc()) {
    return "\nmemory: skipped — run with --v8-flags=--expose-gc (deno task bench does)";
  }
  const N = 10_000;
  const json = JSON.stringify({ collection: Array.from({ length: N }, (_, i) => user(i)) });
  const ar = new AuthRocket({ apiKey: "ko_bench" });
  const User = ar.recordClass("user");
  const base = retained(() => JSON.parse(json).collection);
  const records = retained(() =>
    (JSON.parse(json).collection as Record<string, unknown>[]).map((u) => new User(u, ar))
  );
  const touched = retained(() => {
    const rs = (JSON.parse(json).collection as Record<string, unknown>[]).map((u) =>
      new User(u, ar)
    );
    for (const r of rs) void (r as unknown as { created_at: Date }).created_at; // memoized Dates
    return rs;
  });
  // The verifier's state after 64 distinct secrets (its key cache holds up to 2,048), beyond one's.
  const token = "eyJhbGciOiJIUzI1NiJ9.eyJ1aWQiOiJ1c3JfMSJ9.c2ln";
  await verifySession(token, { jwtSecret: "jsk_memory_0" });
  const before = heap();
  for (let i = 1; i <= 64; i++) await verifySession(token, { jwtSecret: `jsk_memory_${i}` });
  const cache = heap() - before;
  const kb = (b: number) => `${(b / 1024).toFixed(0)} KB`;
  const per = (b: number) => `${(b / N).toFixed(0)} B`;
  return [
    `\nmemory: ${N.toLocaleString("en")} users held — ${runtime()}`,
    `${"case".padEnd(58)} ${"heap".padStart(10)} ${"per user".padStart(9)} ${
      "× baseline".padStart(11)
    }`,
    `${"baseline: JSON.parse of the page".padEnd(58)} ${kb(base).padStart(10)} ${
      per(base).padStart(9)
    } ${"1.000".padStart(11)}`,
    `${"User records over the same data".padEnd(58)} ${kb(records).padStart(10)} ${
      per(records).padStart(9)
    } ${(records / base).toFixed(3).padStart(11)}`,
    `${"… after reading created_at (Date memoized)".padEnd(58)} ${kb(touched).padStart(10)} ${
      per(touched).padStart(9)
    } ${(touched / base).toFixed(3).padStart(11)}`,
    `(the verifier's key cache holding 64 keys: ${kb(cache)} more than with one)`,
  ].join("\n");
}

if ((import.meta as { main?: boolean }).main) console.log(await run());
