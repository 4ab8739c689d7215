// The error model survives minification: in a minified esbuild bundle run inside workerd, every
// error class keeps its literal `name` (not the minifier's "o") and its stable `code`, and the
// errors the client really throws there carry them too (a refused redirect, a bad setting, a
// 404 of the emulator, a 422). Run by `node --test` with the other runtime tests.
import { it } from "node:test";
import assert from "node:assert/strict";
import { Miniflare } from "miniflare";
import { bundle } from "../../scripts/bundle.mjs";

const CLASSES = {
  AuthRocketError: ["authrocket_error", ["x"]],
  ConfigError: ["config_error", ["x"]],
  ConnectionError: ["connection_error", ["x"]],
  ApiError: ["api_error", ["x", 400]],
  AuthenticationFailed: ["authentication_failed", []],
  AccountInactive: ["account_inactive", []],
  AccessDenied: ["access_denied", []],
  RecordNotFound: ["record_not_found", []],
  EndpointNotFound: ["endpoint_not_found", ["x", 404]],
  RateLimited: ["rate_limited", [1]],
  ServerError: ["server_error", ["x", 500]],
  ClientError: ["client_error", ["x", 400]],
  ResponseError: ["response_invalid", ["x", 200, ""]],
  RedirectError: ["redirect_refused", [302, "h"]],
  ValidationError: ["validation_failed", [["m"]]],
  RecordInvalid: ["record_invalid", [{ errors: ["m"] }, "User"]],
};

it("minified bundle in workerd: every error class keeps its name and code, thrown errors too", async () => {
  const names = Object.keys(CLASSES);
  const script = await bundle(
    `
    import { ${names.join(", ")}, AuthRocket } from "./mod.ts";
    import { createEmulator } from "./testing.ts";
    const CLASSES = { ${names.join(", ")} };
    const ARGS = ${JSON.stringify(Object.fromEntries(names.map((n) => [n, CLASSES[n][1]])))};
    const seen = (e) => ({ name: e.name, code: e.code, status: e.status, ctor: e.constructor.name });
    export default {
      async fetch() {
        const made = {};
        for (const [n, C] of Object.entries(CLASSES)) made[n] = seen(new C(...ARGS[n]));
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
    const minified = Object.values(made).filter((m) => m.ctor !== m.name).length;
    assert.ok(minified > 0, "the bundle is minified: constructors lost their names");
    for (const [n, [code]] of Object.entries(CLASSES)) {
      assert.equal(made[n].name, n, `${n}.name`);
      assert.equal(made[n].code, code, `${n}.code`);
    }
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
