// The emulator refuses what it cannot keep: a body nested deeper than MAX_DEPTH (32 levels) is
// answered 400 before anything is stored, in-process and from the standalone server (spawned
// in the runtime running this test: Deno, Node or Bun), with and without --data; the server
// goes on serving, writing its data file, and stops cleanly on SIGTERM.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createEmulator } from "../../testing.ts";
import { MAX_DEPTH } from "../../src/emulator/limits.ts";
import { startCli } from "../emulator_process.ts";

/** A user body whose `custom` holds arrays nested `depth` deep (1 byte a level: fits 256 KB). */
const deepUser = (username: string, depth: number) =>
  `{"user":{"user_type":"api","username":"${username}","custom":{"a":${"[".repeat(depth)}${
    "]".repeat(depth)
  }}}}`;

/** POST a body to the API; the status and the answer's text. */
async function post(url: string, apiKey: string, path: string, body: string, realm?: string) {
  const headers: Record<string, string> = {
    "x-authrocket-api-key": apiKey,
    "content-type": "application/json",
  };
  if (realm) headers["x-authrocket-realm"] = realm;
  const res = await fetch(`${url}/${path}`, { method: "POST", headers, body });
  return { status: res.status, text: await res.text() };
}

describe("emulator: bodies nested too deep are refused before anything is stored", () => {
  it(`in-process: ${MAX_DEPTH} levels are kept, ${MAX_DEPTH + 1} and 125,000 are 400`, async () => {
    const emu = createEmulator({ passwordIterations: 1 });
    const realm = (await emu.client().realms.createOrThrow({ name: "Deep" })).id;
    const send = (body: string) =>
      emu.fetch("/v1/users", {
        method: "POST",
        headers: {
          "x-authrocket-api-key": emu.apiKey,
          "content-type": "application/json",
          "x-authrocket-realm": realm,
        },
        body,
      });
    const before = emu.store.snapshot();
    // Levels: the body, `user`, `custom`, then the arrays.
    const deepest = await send(deepUser("deepest", MAX_DEPTH - 3));
    assert.equal(deepest.status, 201, await deepest.text());
    const events = emu.store.ids("event").length;
    for (const depth of [MAX_DEPTH - 2, 125_000]) {
      const res = await send(deepUser(`d${depth}`, depth));
      assert.equal(res.status, 400);
      assert.match((await res.json()).error, /nested deeper than 32 levels/);
    }
    assert.equal(emu.store.ids("event").length, events, "no event either");
    assert.deepEqual(
      [...emu.store.values("user")].map((u) => u.username),
      ["deepest"],
      "only the one within the limit",
    );
    assert.notDeepEqual(emu.store.snapshot(), before);
    const list = await emu.fetch("/v1/users", {
      headers: { "x-authrocket-api-key": emu.apiKey, "x-authrocket-realm": realm },
    });
    assert.equal(list.status, 200);
  });

  for (const data of [false, true]) {
    it(`the server${data ? " with --data" : ""}: 400, then it serves, writes and stops cleanly`, {
      timeout: 60_000,
    }, async () => {
      const dir = mkdtempSync(join(tmpdir(), "ar-deep-"));
      const file = join(dir, "emu.data");
      try {
        const args = ["--port", "0", "--quiet", ...(data ? ["--data", file] : [])];
        const cli = await startCli(args);
        const { AUTHROCKET_URL: url, AUTHROCKET_API_KEY: key, AUTHROCKET_REALM: realm } = cli.env;
        try {
          const deep = await post(url, key, "users", deepUser("deep", 125_000), realm);
          assert.equal(deep.status, 400, deep.text);
          const ok = await post(url, key, "users", deepUser("fine", 3), realm);
          assert.equal(ok.status, 201, ok.text);
          const list = await fetch(`${url}/users?realm_id=${realm}`, {
            headers: { "x-authrocket-api-key": key },
          });
          assert.equal(list.status, 200);
          const names = (await list.json()).collection.map((u: { username: string }) => u.username);
          assert.deepEqual(names, ["fine"]);
        } finally {
          assert.deepEqual(await cli.stop(), { code: 0, signal: null }, cli.stderr());
        }
        assert.doesNotMatch(cli.stderr(), /RangeError/);
        if (data) {
          const again = await startCli(["--port", "0", "--quiet", "--data", file]);
          try {
            const list = await fetch(`${again.env.AUTHROCKET_URL}/users?realm_id=${realm}`, {
              headers: { "x-authrocket-api-key": key },
            });
            const body = await list.json();
            assert.deepEqual(body.collection.map((u: { username: string }) => u.username), [
              "fine",
            ]);
          } finally {
            await again.stop();
          }
        }
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  }
});
