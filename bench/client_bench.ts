// Client overhead: listing 100 users, and iterating 1,000 users over 10 pages, through an
// injected fetch serving canned pages — against the baseline of the same fetch + JSON.parse.
// Target: the client ≤ 1.5× the baseline. The two contenders alternate call by call
// (harness.ts `interleave`): the median of the per-round ratios, with its interquartile range.
import { AuthRocket } from "../mod.ts";
import { user } from "./fixtures.ts";
import { interleave, spreadTable } from "./harness.ts";

const page100 = JSON.stringify({
  more_results: false,
  collection: Array.from({ length: 100 }, (_, i) => user(i)),
});
const pages = Array.from({ length: 10 }, (_, p) =>
  JSON.stringify({
    more_results: p < 9,
    collection: Array.from({ length: 100 }, (_, i) => user(p * 100 + i)),
  }));

const headers = { "content-type": "application/json" };
const fetchPage = (_input: Request | string | URL) =>
  Promise.resolve(new Response(page100, { headers }));
let n = 0;
const fetchPaged = (input: Request | string | URL) => {
  const after = new URL(String(input)).searchParams.get("after");
  const p = after ? Math.floor(Number(after.slice(4)) / 100) + 1 : 0;
  n++;
  return Promise.resolve(new Response(pages[p], { headers }));
};

const base = { url: "https://api-e1.authrocket.com/v1", apiKey: "ko_bench", realm: "rl_bench" };
const ar100 = new AuthRocket({ ...base, fetch: fetchPage });
const arPaged = new AuthRocket({ ...base, fetch: fetchPaged });

export async function run(): Promise<string> {
  const list = await interleave([
    {
      name: "baseline: fetch + JSON.parse (100 users)",
      fn: async () =>
        JSON.parse(await (await fetchPage("https://api-e1.authrocket.com/v1/users")).text()),
    },
    { name: "ar.users.all() (100 users)", fn: () => ar100.users.all() },
  ], { sliceMs: 20 });
  const iter = await interleave([
    {
      name: "baseline: fetch + JSON.parse, 10 pages (1,000 users)",
      fn: async () => {
        let after = "";
        for (;;) {
          const body = JSON.parse(
            await (await fetchPaged(`https://x/v1/users${after ? "?after=" + after : ""}`)).text(),
          );
          if (!body.more_results) return;
          after = body.collection[body.collection.length - 1].id;
        }
      },
    },
    {
      name: "for await ar.users.iterate() (1,000 users)",
      fn: async () => {
        let c = 0;
        for await (const _u of arPaged.users.iterate()) c++;
        if (c !== 1000) throw new Error(`iterated ${c}`);
      },
    },
  ], { sliceMs: 40, turnUs: 2000, maxRounds: 100 });
  return spreadTable("client: list 100 users", list) + "\n" +
    spreadTable("client: iterate 1,000 users over 10 pages", iter) +
    `\n(target: ≤ 1.5× the baseline; ${n} canned pages served)`;
}

if ((import.meta as { main?: boolean }).main ?? true) console.log(await run());
