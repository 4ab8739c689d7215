// The `authrocket-edge` command's own words, spawned: --version, --help on every command (and
// `help <command>`), and exit 2 for what it does not know.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { VERSION } from "../../src/version.ts";
import { runMain } from "./process.ts";

describe("authrocket-edge", () => {
  it("--version prints the library's version", async () => {
    const r = await runMain(["--version"]);
    assert.deepEqual([r.code, r.stdout, r.stderr], [0, `authrocket-edge ${VERSION}\n`, ""]);
  });

  it("--help on every command, and help <command>: the command's usage on stdout, exit 0", async () => {
    const cases: [string[], RegExp][] = [
      [["--help"], /^Usage: authrocket-edge <command>[\s\S]*token verify <jwt>/],
      [["-h"], /^Usage: authrocket-edge <command>/],
      [["help"], /^Usage: authrocket-edge <command>/],
      [["help", "emulator"], /^Usage: authrocket-edge emulator[\s\S]*--login-handler URL/],
      [["emulator", "--help"], /^Usage: authrocket-edge emulator[\s\S]*kill <pid>/],
      [["help", "token"], /^Usage: authrocket-edge token decode[\s\S]*--key-file F/],
      [["token", "--help"], /^Usage: authrocket-edge token decode/],
      [["token", "decode", "--help"], /^Usage: authrocket-edge token decode/],
      [["token", "verify", "x", "--help"], /^Usage: authrocket-edge token[\s\S]*--within N/],
    ];
    const runs = await Promise.all(cases.map(([args]) => runMain(args)));
    runs.forEach((r, i) => {
      assert.equal(r.code, 0, `${cases[i][0].join(" ")}: ${r.stderr}`);
      assert.match(r.stdout, cases[i][1]);
      assert.equal(r.stderr, "");
    });
  });

  it("no command, an unknown one, or bad flags: exit 2, what to type instead, on stderr", async () => {
    const cases: [string[], RegExp][] = [
      [[], /^Usage: authrocket-edge <command>/],
      [["serve"], /unknown command "serve" \(the commands are emulator, token and help\)/],
      [["help", "serve"], /no help on "serve"/],
      [["token", "inspect"], /unknown token command "inspect" \(decode or verify\)/],
      [
        ["emulator", "--port", "x"],
        /^authrocket-edge emulator: --port must be a number[\s\S]*Run authrocket-edge emulator --help/,
      ],
    ];
    const runs = await Promise.all(cases.map(([args]) => runMain(args)));
    runs.forEach((r, i) => {
      assert.equal(r.code, 2, `${cases[i][0].join(" ")}: ${r.stderr}`);
      assert.match(r.stderr, cases[i][1]);
      assert.equal(r.stdout, "");
    });
  });
});
