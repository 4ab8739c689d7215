// The emulator's HTTP server (src/emulator/serve.ts, what `emu.listen()` and the CLI serve
// through) against the hostile-request corpus, in the runtime running the tests: every request
// gets a deliberate answer or a closed connection, never a 500, an unhandled rejection or an
// exit, and normal requests are served after each batch. The CLI (`authrocket-edge emulator`)
// runs as a child process of the same runtime, with its request log on.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { AuthRocket } from "../../mod.ts";
import { createEmulator } from "../../testing.ts";
import { MALFORMED_REQUESTS } from "../fixtures/malformed_requests.ts";
import { type CorpusResult, sendCorpus } from "../raw_http.ts";
import { startCli } from "../emulator_process.ts";

/** Every request answered deliberately or closed, and most of them answered (not all closed). */
function assertDeliberate(r: CorpusResult) {
  assert.deepEqual(r.failures, [], `statuses: ${JSON.stringify(r.statuses)}`);
  assert.ok(r.answered >= MALFORMED_REQUESTS.length * 0.8, JSON.stringify(r.statuses));
}

describe("emulator server: hostile requests", () => {
  it(`emu.listen(): all ${MALFORMED_REQUESTS.length} requests of the corpus answered deliberately, and it stays up`, async () => {
    assert.ok(MALFORMED_REQUESTS.length >= 200);
    const emu = createEmulator({ passwordIterations: 1 });
    const server = await emu.listen();
    try {
      const port = Number(new URL(server.url).port);
      const ar = emu.client({ url: server.url });
      const healthy = async () => (await ar.realms.all()).length >= 0;
      assertDeliberate(await sendCorpus(port, MALFORMED_REQUESTS, { key: emu.apiKey, healthy }));
    } finally {
      await server.close();
    }
  });

  it("the CLI: the same corpus, its request log on; it neither exits nor stops serving", async () => {
    const cli = await startCli(["emulator", "--port", "0"]);
    try {
      const ar = AuthRocket.fromEnv(cli.env);
      const port = Number(new URL(cli.env.AUTHROCKET_URL).port);
      const healthy = async () => cli.proc.exitCode === null && !!(await ar.realms.all());
      const key = cli.env.AUTHROCKET_API_KEY;
      assertDeliberate(await sendCorpus(port, MALFORMED_REQUESTS, { key, healthy }));
      assert.equal(cli.proc.exitCode, null, cli.stderr().slice(-2000));
    } finally {
      if (cli.proc.exitCode === null) await cli.stop();
    }
  });
});
