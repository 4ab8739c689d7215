// One walk through every LoginRocket call and every error the client throws, as module source
// for the runtimes that cannot import the test files (a Worker bundle in workerd, a page in
// Chromium): `scenario(lr, { … })` runs it against the emulator and returns plain data that
// `checkScenario` asserts on (in Node). The emulator side is set up by `prepareScenario`.
import assert from "node:assert/strict";
import { SALLY } from "../../npm/esm/tests/helpers.js";

/** The module source: `export async function scenario(m, o)`, m = the loginrocket module. */
export const SCENARIO = `
export async function scenario(m, o) {
  const { LoginRocket } = m;
  const lr = new LoginRocket({ url: o.url });
  const out = {};
  /** The class name of what a call threw (or "resolved"), with a detail. */
  const fail = async (p, detail = (e) => e.errors) => {
    try {
      await p;
      return ["resolved"];
    } catch (e) {
      return [e.name, e instanceof m.AuthRocketError ? detail(e) : String(e)];
    }
  };
  out.wrong = await fail(lr.login({ username: "sally", password: "wrong password" }), (e) => e.fieldErrors);
  const step1 = await lr.login({ username: "sally", password: o.password });
  out.step1 = [step1.status, step1.token.slice(0, 4)];
  out.badCode = await fail(lr.login({ token: step1.token, code: "000000" }), (e) => e.fieldErrors);
  const done = await lr.login({ token: step1.token, code: o.code, redir: "https://x.test/inbox" });
  out.done = [done.status, done.url.replace(done.token, "TOKEN")];
  const out1 = await lr.logout(done.token);
  out.logout = [out1.status, out1.url];
  out.token = done.token;
  out.signupBad = await fail(lr.signup({ username: "sally", password: "short" }), (e) => e.fieldErrors);
  const s = await lr.signup({ email: "tom@example.com", password: "long enough", redir: "/w" });
  out.signup = [s.status, new URL(s.url).searchParams.get("signup")];
  for (let i = 0; i < 10; i++) await fail(lr.login({ username: "nobody", password: "x" }));
  out.limited = await fail(lr.login({ username: "nobody", password: "x" }), (e) => e.retryAfter);
  // A wrong URL under LoginRocket's (its 404 carries CORS headers, so a browser can read it).
  out.notFound = await fail(new LoginRocket({ url: o.url + "v1/" }).login({ username: "a", password: "b" }), (e) => e.status);
  out.down = await fail(new LoginRocket({ url: o.closed }).login({ username: "a", password: "b" }), (e) => e.code);
  out.argument = await fail(lr.login({ username: "sally" }), (e) => e.code);
  return out;
}
`;

/**
 * On a fresh emulator (the npm build, on Node, over HTTP): Sally with TOTP, signups on, a
 * connected app at `appOrigin`. Returns what the scenario needs, and what checks it.
 */
export async function prepareScenario(emu, server, appOrigin) {
  const base = emu.client();
  const realm = await base.realms.createOrThrow({ name: "LoginRocket" });
  const ar = base.with({ realm: realm.id, jwtSecret: realm.jwt_key });
  await ar.loginPolicies.createOrThrow({ name: "App", login_handler: `${appOrigin}/login` });
  const sally = await ar.users.createOrThrow(SALLY);
  await ar.authProviders.createOrThrow({ provider_type: "totp" });
  const cred = await ar.credentials.createOrThrow({
    user_id: sally.id,
    credential_type: "totp",
    name: "Phone",
  });
  const secret = cred.otp_secret; // shown until the first verification
  await cred.verify(await emu.totp(secret));
  const lrp = (await realm.authProviders()).find((a) => a.provider_type === "login_rocket");
  await lrp.updateOrThrow({ signup: true });
  const closed = await closedPort();
  return {
    ar,
    sally,
    options: {
      url: server.loginUrl,
      password: SALLY.password,
      code: await emu.totp(secret),
      closed: `http://127.0.0.1:${closed}/lr/`,
    },
  };
}

/** A port on 127.0.0.1 that nothing listens on. */
async function closedPort() {
  const { createServer } = await import("node:net");
  return await new Promise((ok) => {
    const srv = createServer().listen(0, "127.0.0.1", () => {
      const { port } = srv.address();
      srv.close(() => ok(port));
    });
  });
}

/** What every runtime's walk must have seen. */
export async function checkScenario(r, { ar, sally }, appOrigin) {
  assert.deepEqual(r.wrong, ["AuthenticationFailed", { base: ["Invalid username or password"] }]);
  assert.deepEqual(r.step1, ["code_required", "kli_"]);
  assert.deepEqual(r.badCode, ["AuthenticationFailed", { code: ["Verification failed"] }]);
  assert.deepEqual(r.done, ["logged_in", `${appOrigin}/login?token=TOKEN&redir=%2Finbox`]);
  assert.equal(r.logout[0], "logged_out");
  const session = await ar.sessions.fromToken(r.token);
  assert.equal(session?.user_id, sally.id, "a token of the realm, for Sally");
  assert.equal(await ar.sessions.retrieve(session.id), null, "logout ended the session");
  assert.deepEqual(r.signupBad, ["RecordInvalid", {
    username: ["Username has already been taken"],
    email: ["Email can't be blank"],
    password: ["Password is too short (minimum is 8 characters)"],
  }]);
  assert.deepEqual(r.signup, ["logged_in", "true"]);
  assert.deepEqual(r.limited, ["RateLimited", 600]);
  assert.deepEqual(r.notFound, ["EndpointNotFound", 404]);
  assert.deepEqual(r.down, ["ConnectionError", "connection_error"]);
  assert.deepEqual(r.argument, ["ArgumentError", "invalid_argument"]);
}
