// authrocket-edge/loginrocket outside Deno, Node and Bun: its bundle carries nothing of the REST
// client (only itself and the error classes it throws), and in workerd (a Worker bundled with
// esbuild, as a user's tooling would) every call and every error works against the emulator
// over real HTTP on 127.0.0.1. Run by `node --test` after the build.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { Miniflare } from "miniflare";
import { bundle } from "../../scripts/bundle.mjs";
import { modules } from "../../scripts/size.mjs";
import { createEmulator } from "../../npm/esm/testing.js";
import { checkScenario, prepareScenario, SCENARIO } from "./loginrocket_scenario.mjs";

describe("the loginrocket bundle", () => {
  it("carries the client and the error classes it throws, nothing of the REST client", async () => {
    const paths = (await modules(`export * from "./loginrocket.ts";`)).map((m) => m.path);
    const own =
      /^(loginrocket\.ts|src\/loginrocket\/.*|src\/(errors|api_errors|validation_errors|argument_error|redact)\.ts)$/;
    assert.deepEqual(paths.filter((p) => !own.test(p)), [], paths.join(", "));
    assert.ok(paths.includes("src/loginrocket/client.ts"), "the client is measured");
  });
});

describe("workerd: authrocket-edge/loginrocket against the emulator over HTTP", () => {
  let server, world, mf;
  before(async () => {
    const emu = createEmulator({ passwordIterations: 1000 });
    server = await emu.listen();
    world = await prepareScenario(emu, server, "https://app.example");
  });
  after(async () => {
    await mf?.dispose();
    await server?.close();
  });

  it("login (2FA), logout, signup and each error, from inside a Worker", async () => {
    const script = await bundle(`
      import * as m from "./npm/esm/loginrocket.js";
      ${SCENARIO}
      export default {
        async fetch(req) {
          const o = await req.json();
          return Response.json({ ...(await scenario(m, o)), ua: navigator.userAgent });
        },
      };`);
    mf = new Miniflare({ modules: true, compatibilityDate: "2025-01-01", script });
    const res = await mf.dispatchFetch("https://app.example/", {
      method: "POST",
      body: JSON.stringify(world.options),
    });
    const r = await res.json();
    assert.equal(r.ua, "Cloudflare-Workers");
    await checkScenario(r, world, "https://app.example");
  });
});
