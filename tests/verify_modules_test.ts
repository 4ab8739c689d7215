// The verifier's modules form no import cycle, type-only imports included: verify.ts,
// verify_options.ts (the leaf every one of them reads), client.ts, revalidators.ts, the session
// resource and the JWT core (src/jwt/, which imports no record class and nothing of the session
// layer).
import { it } from "node:test";
import assert from "node:assert/strict";
import { srcRoot, walk } from "./source_files.ts";
import { readFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";

/** Every file under src/ → the src/ files it imports or re-exports (types included). */
function graph(): Map<string, string[]> {
  const g = new Map<string, string[]>();
  for (const f of walk(srcRoot)) {
    const text = readFileSync(f, "utf8");
    const deps = [...text.matchAll(/^(?:import|export)\b[^;]*?from\s+"(\.{1,2}\/[^"]+)"/gms)]
      .map((m) => relative(srcRoot, join(dirname(f), m[1])))
      .filter((d) => !d.startsWith(".."));
    g.set(relative(srcRoot, f), deps);
  }
  return g;
}

/** The files reachable from `from` (not counting `from` unless a cycle leads back to it). */
function reachable(g: Map<string, string[]>, from: string): Set<string> {
  const seen = new Set<string>();
  const todo = [...(g.get(from) ?? [])];
  while (todo.length) {
    const f = todo.pop()!;
    if (seen.has(f)) continue;
    seen.add(f);
    todo.push(...(g.get(f) ?? []));
  }
  return seen;
}

const VERIFIER = [
  "verify.ts",
  "verify_options.ts",
  "client.ts",
  "revalidators.ts",
  "revalidate.ts",
  "lru.ts",
  join("jwt", "keys.ts"),
  join("jwt", "verify.ts"),
  join("jwt", "base64url.ts"),
  "json.ts",
  join("login", "core.ts"),
];

it("no import cycle runs through the verifier's modules (type-only imports included)", () => {
  const g = graph();
  assert.ok(g.size > 30, `read ${g.size} files`);
  for (const f of VERIFIER) {
    assert.ok(g.has(f), `${f} exists`);
    assert.ok(!reachable(g, f).has(f), `${f} imports itself through a cycle`);
  }
  // The session resource reads the options' leaf, never the verifier or the client.
  for (const f of [join("resources", "session.ts"), join("resources", "session_claims.ts")]) {
    const deps = reachable(g, f);
    for (const v of ["verify.ts", "client.ts", "revalidators.ts"]) {
      assert.ok(!deps.has(v), `${f} reaches ${v}`);
    }
  }
});

it("the JWT core imports no record class, no client and nothing of the session layer", () => {
  const g = graph();
  const core = new Set([
    "errors.ts",
    "lru.ts",
    "json.ts",
    join("jwt", "base64url.ts"),
    join("jwt", "keys.ts"),
  ]);
  for (const f of [join("jwt", "keys.ts"), join("jwt", "verify.ts")]) {
    for (const d of reachable(g, f)) assert.ok(core.has(d), `${f} reaches ${d}`);
  }
});
