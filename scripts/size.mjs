// Size budgets: what each kind of user ships, bundled for Workers with esbuild (minified),
// then gzip. Prints the table; `--check` exits 1 when a budget is exceeded. The size test
// (tests/runtimes/size.node.mjs) enforces the same numbers. `--modules` also prints where the
// bytes of each budgeted bundle go, module by module.
import { gzipSync } from "node:zlib";
import * as esbuild from "esbuild";
import { build, bundle } from "./bundle.mjs";

const WORKER = (imports, body) =>
  `${imports}\nexport default { async fetch(req, env) { ${body} } };`;

/** Each case: the entry a user would write, and its budget in gzip bytes (null: reported only). */
export const CASES = [
  {
    name: "Worker importing verifySession only",
    budget: 6 * 1024,
    code: WORKER(
      `import { verifySession } from "./mod.ts";`,
      `const s = await verifySession(req.headers.get("authorization")?.slice(7), { jwtSecret: env.SECRET });
       return new Response(s ? s.user_id : "anonymous");`,
    ),
  },
  {
    name: "… plus withAuthRocket (settings, no REST client)",
    extra: 3 * 1024,
    code: WORKER(
      `import { verifySession } from "./mod.ts"; import { withAuthRocket } from "./middleware.ts";`,
      `const h = withAuthRocket((_r, c) => new Response(c.session?.user_id ?? ""),
         { client: { jwtSecret: env.SECRET, loginUrl: env.LOGIN_URL } });
       const s = await verifySession(req.headers.get("x-token"), { jwtSecret: env.SECRET });
       return s ? new Response("ok") : h(req, env);`,
    ),
  },
  {
    name: "the whole client (everything in mod.ts and middleware.ts)",
    budget: 30 * 1024,
    code: `export * from "./mod.ts"; export * from "./middleware.ts";`,
  },
  {
    name: "testing.ts (the emulator; reported, not budgeted)",
    budget: null,
    code: `export * from "./testing.ts";`,
  },
  // What each cache adapter adds to the verify-only Worker (reported): the adapter handed to
  // verifySession's revalidation, plus createRevalidator used directly.
  ...[
    ["memoryCache", "memoryCache()"],
    ["workersCache", "workersCache()"],
    ["kvCache", "kvCache(env.SESSIONS)"],
    ["denoKvCache", "denoKvCache(env.KV)"],
  ].map(([name, make]) => ({
    name: `… plus ${name} (./cache)`,
    budget: null,
    added: true,
    code: WORKER(
      `import { verifySession } from "./mod.ts"; import { ${name} } from "./cache.ts";`,
      `const s = await verifySession(req.headers.get("authorization")?.slice(7),
         { jwtSecret: env.SECRET, revalidate: 300, cache: ${make} });
       return new Response(s ? s.user_id : "anonymous");`,
    ),
  })),
  {
    name: "… plus createRevalidator (./cache, default LRU)",
    budget: null,
    added: true,
    code: WORKER(
      `import { verifySession } from "./mod.ts"; import { createRevalidator } from "./cache.ts";`,
      `const r = createRevalidator(async () => "alive", { revalidate: 300 });
       const s = await verifySession(req.headers.get("authorization")?.slice(7), { jwtSecret: env.SECRET });
       return new Response(s && (await r.check(s.id)) === "alive" ? s.user_id : "anonymous");`,
    ),
  },
  {
    name: "LoginRocket client on its own (./loginrocket)",
    budget: 3 * 1024,
    code: `export * from "./loginrocket.ts";`,
  },
];

/** Measure every case: minified and gzip bytes, and the limit that applies. */
export async function measure() {
  const rows = [];
  for (const c of CASES) {
    const min = await bundle(c.code, { minify: true });
    const gz = gzipSync(min, { level: 9 }).length;
    rows.push({ name: c.name, min: min.length, gz, limit: c.budget, added: c.added });
  }
  // The middleware's budget is relative: the verify-only Worker plus 3 KB.
  rows[1].limit = rows[0].gz + CASES[1].extra;
  for (const r of rows) if (r.added) r.added = r.gz - rows[0].gz;
  return rows;
}

export function table(rows) {
  const kb = (n) => (n / 1024).toFixed(1) + " KB";
  const lines = [
    `${"bundle (esbuild, minified, platform neutral)".padEnd(58)} ${"min".padStart(9)} ${
      "gzip".padStart(9)
    } ${"budget".padStart(9)}`,
  ];
  for (const r of rows) {
    lines.push(
      `${r.name.padEnd(58)} ${kb(r.min).padStart(9)} ${kb(r.gz).padStart(9)} ${
        (r.limit === null ? "—" : kb(r.limit)).padStart(9)
      }${r.limit !== null && r.gz > r.limit ? "  OVER" : ""}${
        r.added === undefined ? "" : `  (+${r.added} B gzip over verify-only)`
      }`,
    );
  }
  return lines.join("\n");
}

/**
 * Where a case's bytes go, by module: its minified bytes (esbuild's metafile) and what it adds
 * to the gzip size after the modules before it (gzip of the bundle up to it, minus up to the
 * previous one: an estimate, since gzip shares repeats across modules). Largest first.
 */
export async function modules(code) {
  const min = await build(code, { minify: true, metafile: true });
  const inputs = Object.values(min.metafile.outputs)[0].inputs;
  // Minified but for whitespace, so esbuild's `// path` comments still mark each module.
  const marked = await build(code, { minifySyntax: true, minifyIdentifiers: true });
  const parts = marked.outputFiles[0].text.split(/^\/\/ (\S+)\n/m);
  const gz = new Map();
  let prefix = "";
  let before = 0;
  for (let i = 1; i < parts.length; i += 2) {
    // The last part (the exports list) names what other parts declare: kept as it is.
    prefix += await esbuild.transform(parts[i + 1], { minifyWhitespace: true }).then(
      (r) => r.code,
      () => parts[i + 1],
    );
    const now = gzipSync(prefix, { level: 9 }).length;
    gz.set(parts[i], (gz.get(parts[i]) ?? 0) + now - before);
    before = now;
  }
  return Object.entries(inputs).map(([path, v]) => ({
    path,
    min: v.bytesInOutput,
    gz: gz.get(path) ?? 0,
  }))
    .filter((m) => m.min > 0).sort((a, b) => b.gz - a.gz);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const rows = await measure();
  console.log(table(rows));
  if (process.argv.includes("--modules")) {
    for (const c of CASES.filter((c) => c.budget !== null || c.extra)) {
      console.log(`\n${c.name}: minified bytes, gzip bytes added (estimate), module`);
      for (const m of await modules(c.code)) {
        console.log(`${String(m.min).padStart(8)} ${String(m.gz).padStart(7)}  ${m.path}`);
      }
    }
  }
  if (process.argv.includes("--check") && rows.some((r) => r.limit !== null && r.gz > r.limit)) {
    process.exit(1);
  }
}
