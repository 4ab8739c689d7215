// The packed tarball's bin, as a user gets it: installed into a fresh folder, run with npx. The
// emulator started as `npx authrocket-edge emulator … &` stops on `kill $!` and frees its port
// within 2 s: npx passes SIGTERM to the `sh -c` it runs the bin through, the shell dies, and the
// server (watching its parent because npx set npm_lifecycle_event) stops. Run by `node --test`
// after the build (which packs the tarball).
import { before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { createHmac } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ROOT } from "../../scripts/bundle.mjs";
import { killedFromShell, plainEnv } from "../../npm/esm/tests/cli/process.js";

const consumer = mkdtempSync(join(tmpdir(), "authrocket-edge-bin-"));
const { version } = JSON.parse(readFileSync(join(ROOT, "npm", "package.json"), "utf8"));
/** `npx authrocket-edge …` in the consumer, with npm's variables of this test run left out. */
const npx = (args, input) =>
  execFileSync("npx", ["authrocket-edge", ...args], {
    cwd: consumer,
    env: plainEnv(),
    encoding: "utf8",
    input,
    stdio: "pipe",
  });

/** An HS256 token (header and payload as given), signed with node:crypto. */
function token(payload, secret) {
  const part = (o) => Buffer.from(JSON.stringify(o)).toString("base64url");
  const data = `${part({ alg: "HS256", typ: "JWT" })}.${part(payload)}`;
  return `${data}.${createHmac("sha256", secret).update(data).digest("base64url")}`;
}

describe("the packed tarball's bin (npx authrocket-edge)", () => {
  before(() => {
    const tgz = join(ROOT, "npm", `authrocket-edge-${version}.tgz`);
    assert.ok(existsSync(tgz), `${tgz} is missing: run node scripts/build_npm.mjs --pack`);
    writeFileSync(
      join(consumer, "package.json"),
      JSON.stringify({ name: "consumer", private: true, type: "module" }),
    );
    execFileSync("npm", ["install", tgz, "--no-audit", "--no-fund", "--prefer-offline"], {
      cwd: consumer,
      stdio: "pipe",
    });
  });

  it("--version and token verify (the token on stdin) run from the installed package", () => {
    assert.equal(npx(["--version"]), `authrocket-edge ${version}\n`);
    const secret = "jsk_TarballTestSecret";
    const t = token({ uid: "usr_1", iat: 1_800_000_000, exp: 1_800_003_600 }, secret);
    const out = npx(["token", "verify", "-", "--secret", secret, "--now", "1800000060"], t);
    assert.match(out, /^valid: the HS256 signature matches the key/);
    assert.match(out, /^exp: 2027-01-15T09:00:00Z/m);
  });

  it("npx authrocket-edge emulator … & then kill $!: the port is free within 2 s", async () => {
    await killedFromShell(
      ["npx", "authrocket-edge", "emulator", "--port", "0"],
      /^stopped \(its parent process \d+ ended\)$/m,
      consumer,
    );
  });
});
