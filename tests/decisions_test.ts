// verifySession and ar.sessions.fromToken with `debug`: one line per verification (the user it
// authenticated, and whether revalidation was answered by the API or from the cache; or why the
// token was refused and the likely fix), redacted and inert, to the `log` setting or
// console.warn; `log: false` silences; a log that throws changes no answer. The words come with
// the client (its constructor installs them), so one is built before verifySession is called.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { AuthRocket, verifySession } from "../mod.ts";
import { claims, hs256, NOW, SECRET } from "./tokens.ts";
import { API_KEY, json, recorder } from "./helpers.ts";

const OTHER = "jsk_AnotherRealmsKeyThatSignedThisToken1";
const USER = "usr_0v1zUpWdE4IiFc2w5ynShf";

new AuthRocket({}); // what an app that uses the client has done before it verifies

function sink() {
  const lines: string[] = [];
  return { lines, log: (line: string) => void lines.push(line) };
}

const clean = (lines: string[], token: string) => {
  for (const l of lines) {
    for (const s of [token, SECRET, OTHER, API_KEY]) assert.ok(!l.includes(s), l);
  }
};

describe("verifySession with debug", () => {
  it("says whom it authenticated, or why it refused the token and what to do", async () => {
    const s = sink();
    const good = await hs256(claims());
    const forged = await hs256(claims(), OTHER);
    const o = { jwtSecret: SECRET, now: NOW, debug: true, log: s.log };
    assert.equal((await verifySession(good, o))?.user_id, USER);
    assert.equal(await verifySession(forged, o), null);
    assert.equal(await verifySession(undefined, o), null);
    assert.equal(s.lines.length, 3);
    assert.equal(s.lines[0], `authrocket-edge: verifySession: authenticated ${USER}`);
    assert.match(s.lines[1], /^authrocket-edge: verifySession: refused \(signature\): /);
    assert.match(
      s.lines[2],
      /^authrocket-edge: verifySession: no token$/,
    );
    assert.match(s.lines[1], /does not match jwtSecret.*rl_0v1zUpWdE4IiFc2w5ynSaa/);
    clean(s.lines, forged);
    clean(s.lines, good);
  });

  it("without debug, or with log: false, nothing; a log that throws changes no answer", async () => {
    const s = sink();
    const good = await hs256(claims());
    await verifySession(good, { jwtSecret: SECRET, now: NOW, log: s.log });
    await verifySession(good, { jwtSecret: SECRET, now: NOW, log: s.log, debug: false });
    assert.equal(s.lines.length, 0);
    const warn = console.warn;
    let warned = 0;
    console.warn = () => void warned++;
    try {
      await verifySession(good, { jwtSecret: SECRET, now: NOW, debug: true, log: false });
    } finally {
      console.warn = warn;
    }
    assert.equal(warned, 0);
    const throwing = () => {
      throw new Error("the log is down");
    };
    const session = await verifySession(good, {
      jwtSecret: SECRET,
      now: NOW,
      debug: true,
      log: throwing,
    });
    assert.equal(session?.user_id, USER);
  });

  it("fromToken: the client's debug and log; revalidation by the API, then from the cache", async () => {
    const s = sink();
    const api = recorder([], json(200, { id: "kss_0v1zUpWdE4IiFc2w5ynSbb", object: "session" }));
    const ar = new AuthRocket({
      url: "https://api/v1",
      apiKey: API_KEY,
      realm: "rl_decisions",
      jwtSecret: SECRET,
      fetch: api.fetch,
      debug: true,
      log: s.log,
    });
    const token = await hs256(claims());
    await ar.sessions.fromToken(token, { now: NOW, revalidate: 300 });
    await ar.sessions.fromToken(token, { now: NOW + 1000, revalidate: 300 });
    await ar.sessions.fromToken(token, { now: NOW, debug: false });
    assert.equal(api.seen.length, 1);
    assert.deepEqual(s.lines, [
      `authrocket-edge: verifySession: authenticated ${USER}, revalidated (API)`,
      `authrocket-edge: verifySession: authenticated ${USER}, revalidated (cache)`,
    ]);
    api.seen.length = 0;
  });

  it("the settings check debug and log", () => {
    assert.throws(() => new AuthRocket({ debug: "yes" as never }), {
      name: "ConfigError",
      message: /`debug`.*must be true or false/,
    });
    assert.throws(() => new AuthRocket({ log: "console" as never }), {
      name: "ConfigError",
      message: /`log`.*must be a function or false/,
    });
    assert.equal(new AuthRocket({ log: false }).config.log, false);
  });
});
