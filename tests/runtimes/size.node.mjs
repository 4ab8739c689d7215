// Size budgets (scripts/size.mjs): a Worker that only verifies ≤ 6 KB gzip, adding
// withAuthRocket ≤ +6 KB, the whole client ≤ 30 KB; testing.ts reported. And the smallest of
// those bundles really works on its own: no resource layer, yet the session's user,
// memberships and orgs resolve from the claims. What the two small bundles carry is checked
// module by module (esbuild's metafile): neither drags in the REST client or the whole table.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { CASES, DOC, markdown, measure, modules, table, withTable } from "../../scripts/size.mjs";
import { bundle } from "../../scripts/bundle.mjs";
import { claims, hs256 } from "../../npm/esm/tests/tokens.js";

describe("size budgets", () => {
  it("every budget holds (esbuild minified + gzip)", async () => {
    const rows = await measure();
    console.log(table(rows));
    for (const r of rows) {
      if (r.limit !== null) assert.ok(r.gz <= r.limit, `${r.name}: ${r.gz} B > ${r.limit} B`);
    }
    assert.ok(rows[3].gz > rows[2].gz, "testing.ts carries the client and the emulator");
    // The figures the docs print are these, not typed by hand.
    const doc = readFileSync(new URL(`../../${DOC}`, import.meta.url), "utf8");
    assert.equal(
      doc,
      withTable(doc, markdown(rows)),
      `${DOC}'s size table is stale: run \`node scripts/size.mjs --write\``,
    );
  });

  it("the small bundles carry no REST client, no whole table, no revalidation, no webhook", async () => {
    const [verifyOnly, withMiddleware] = await Promise.all(
      [CASES[0], CASES[1]].map(async (c) => (await modules(c.code)).map((m) => m.path)),
    );
    // What only the whole client needs: the transport and answers, the generic resource, its
    // list pages and the records' verbs, the client and its settings, the table index and the
    // argument checks, revalidation and its caches, webhooks, dependencies. (A module-level
    // call without a /* @__PURE__ */ mark stays in every bundle that reaches its module.)
    const clientOnly =
      /^(src\/(transport|answer|resource|record_methods|client|config|revalidate|webhook|pages)\.ts|src\/table\/(index|check)\.ts|src\/cache\/|node_modules\/)/;
    for (const [name, paths] of [["verify-only", verifyOnly], ["withAuthRocket", withMiddleware]]) {
      const extra = paths.filter((p) => clientOnly.test(p));
      assert.deepEqual(extra, [], `${name} bundle carries ${extra.join(", ")}`);
    }
    assert.ok(!verifyOnly.some((p) => p.startsWith("src/login/")), "verify-only: no login code");
    // The words of refusals and what writes them (redacted, inert) come with the login
    // integration, never with verifySession alone.
    const telling = /^src\/(explain|decisions|redact|log)\.ts$/;
    assert.deepEqual(verifyOnly.filter((p) => telling.test(p)), [], "verify-only: no words");
    // withAuthRocket adds the login integration and nothing else (of the revalidators' registry,
    // only what logout needs to forget a session's answers).
    const added = withMiddleware.filter((p) => !verifyOnly.includes(p));
    const login =
      /^(src\/login\/|middleware\.ts$|src\/revalidators\.ts$|src\/(explain|decisions|redact|log)\.ts$)/;
    assert.deepEqual(
      added.filter((p) => !login.test(p)),
      [],
      `withAuthRocket adds ${added.join(", ")}`,
    );
    assert.ok(added.includes("src/login/core.ts"), "the login core is measured");
  });

  it("the verify-only bundle works alone: claims → user, memberships, org; API calls refused", async () => {
    const code = await bundle(`
      export { verifySession } from "./mod.ts";`);
    assert.ok(!code.includes("x-authrocket-api-key"), "no transport in the verify-only bundle");
    const dir = mkdtempSync(join(tmpdir(), "ar-verify-only-"));
    writeFileSync(join(dir, "v.mjs"), code);
    const { verifySession } = await import(pathToFileURL(join(dir, "v.mjs")).href);
    const secret = "jsk_verify_only_0123456789abcdefghijklmn";
    const now = Math.floor(Date.now() / 1000);
    const token = await hs256(
      claims({ iat: now, exp: now + 60, m: [{ oid: "org_1", o: "Acme", p: ["forum:read"] }] }),
      secret,
    );
    const s = await verifySession(token, { jwtSecret: secret });
    const user = await s.user();
    assert.equal(user.name, "Sally Sue");
    const [m] = await user.memberships();
    assert.deepEqual(m.permissions, ["forum:read"]);
    assert.equal((await m.org()).name, "Acme");
    assert.equal(m.anyPermission("forum:read"), true);
    await assert.rejects(
      user.events(),
      /^ConfigError: .*no client/is,
      "nothing cached and no client: a clear error",
    );
    assert.equal(await verifySession(token + "x", { jwtSecret: secret }), null);
  });
});
