// The error model survives minification: in a minified esbuild bundle run inside workerd, every
// error class the entry points export (found among their exports; built as tests/error_cases.ts
// says) keeps its literal `name` (not the minifier's "o") and its stable `code`, and the errors
// the client really throws there carry them too (a refused redirect, a bad setting, a 404 of
// the emulator, a 422). Run by `node --test` with the other runtime tests.
import { it } from "node:test";
import assert from "node:assert/strict";
import { Miniflare } from "miniflare";
import { bundle } from "../../scripts/bundle.mjs";

it("minified bundle in workerd: every error class keeps its name and code, thrown errors too", async () => {
  const script = await bundle(
    `
    import * as mod from "./mod.ts";
    import * as cache from "./cache.ts";
    import * as loginrocket from "./loginrocket.ts";
    import * as middleware from "./middleware.ts";
    import { AuthRocket } from "./mod.ts";
    import { createEmulator } from "./testing.ts";
    import { ERROR_CASES, exportedErrorClasses } from "./tests/error_cases.ts";
    const CLASSES = exportedErrorClasses([mod, cache, loginrocket, middleware]);
    const seen = (e) => ({ name: e.name, code: e.code, status: e.status, ctor: e.constructor.name });
    export default {
      async fetch() {
        const made = {};
        for (const [n, C] of CLASSES) {
          const c = ERROR_CASES[n];
          made[n] = c ? { ...seen(new C(...c.args)), want: c.code } : null;
        }
        const thrown = {};
        try { new AuthRocket({ apiKey: "ko_\u2026" }); } catch (e) { thrown.config = seen(e); }
        const redirecting = new AuthRocket({
          url: "https://api.example/v1", apiKey: "ko_x", maxRetries: 0,
          fetch: async () => new Response(null, { status: 307, headers: { location: "https://evil.example/" } }),
        });
        await redirecting.users.all().catch((e) => (thrown.redirect = seen(e)));
        const emu = createEmulator({ passwordIterations: 1000 });
        await emu.client().users.find("nobody").catch((e) => (thrown.notFound = seen(e)));
        await emu.client().users.all({ sort: "nope" }).catch((e) => (thrown.validation = seen(e)));
        return Response.json({ made, thrown });
      },
    };`,
    { minify: true },
  );
  const mf = new Miniflare({ modules: true, compatibilityDate: "2025-01-01", script });
  try {
    const { made, thrown } = await (await mf.dispatchFetch("https://errors.example/")).json();
    assert.ok(Object.keys(made).length >= 20, `found ${Object.keys(made).length} classes`);
    for (const [n, m] of Object.entries(made)) {
      assert.ok(m, `${n} is exported: add how to build it to tests/error_cases.ts`);
      assert.equal(m.name, n, `${n}.name`);
      assert.equal(m.code, m.want, `${n}.code`);
    }
    const minified = Object.values(made).filter((m) => m.ctor !== m.name).length;
    assert.ok(minified > 0, "the bundle is minified: constructors lost their names");
    assert.deepEqual(
      Object.fromEntries(Object.entries(thrown).map(([k, v]) => [k, [v.name, v.code, v.status]])),
      {
        config: ["ConfigError", "config_error", undefined],
        redirect: ["RedirectError", "redirect_refused", 307],
        notFound: ["RecordNotFound", "record_not_found", 404],
        validation: ["ValidationError", "validation_failed", 422],
      },
    );
  } finally {
    await mf.dispose();
  }
});
