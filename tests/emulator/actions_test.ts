// The emulator's actions, through the client, in-process and over real HTTP on 127.0.0.1:
// TOTP enrolment and the 2FA login, password reset and email verification tokens, social
// logins through the emulated provider, and the hosted signup and 2FA pages.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { AuthenticationFailed, AuthRocket, User, ValidationError } from "../../mod.ts";
import { createEmulator } from "../../testing.ts";
import { SALLY as sally } from "../helpers.ts";
import { realmOf } from "../realm.ts";

const emu = createEmulator({ passwordIterations: 1000 });

async function setup(base: AuthRocket) {
  const { realm, ar: scoped, jwtSecret } = await realmOf(base, {
    name: `Actions ${Math.random()}`,
  });
  const ar = scoped.with({ jwtSecret });
  return { realm, ar, user: await ar.users.createOrThrow(sally) };
}

/** Events of a user, newest first, as their types. */
async function eventTypes(ar: AuthRocket, user: User): Promise<string[]> {
  return (await ar.events.all({ user_id: user.id })).map((e) => e.event_type as string);
}

for (const mode of ["injected fetch", "real HTTP on 127.0.0.1"] as const) {
  describe(`emulator actions (${mode})`, () => {
    /** A client (and a plain fetch for the hosted pages) for this mode. */
    const withClient = async (
      f: (ar: AuthRocket, fetchPage: typeof fetch, loginUrl: string) => Promise<void>,
    ) => {
      if (mode === "injected fetch") {
        return await f(emu.client(), emu.fetch as typeof fetch, `${emu.origin}/lr/`);
      }
      const server = await emu.listen();
      try {
        const ar = new AuthRocket({ url: server.url, apiKey: emu.apiKey });
        await f(ar, fetch, server.loginUrl);
      } finally {
        await server.close();
      }
    };

    it("TOTP: enrol (new → verify → active, secret hidden), 2FA login with kli_ and a code", async () => {
      await withClient(async (base) => {
        const { realm, ar, user } = await setup(base);
        const ap = await ar.authProviders.createOrThrow({ provider_type: "totp" });
        const cred = await ar.credentials.createOrThrow({
          user_id: user.id,
          credential_type: "totp",
          name: "Phone",
        });
        assert.equal(cred.state, "new");
        assert.equal(cred.auth_provider_id, ap.id);
        const secret = cred.otp_secret!; // as the user's authenticator app keeps it
        assert.match(secret, /^[A-Z2-7]{32}$/);
        assert.equal(
          cred.provisioning_uri,
          `otpauth://totp/${
            encodeURIComponent(realm.name)
          }:sally?secret=${cred.otp_secret}&issuer=${encodeURIComponent(realm.name)}`,
        );
        const blank = await ar.credentials.create({ user_id: user.id, credential_type: "totp" });
        assert.deepEqual(blank.errors, ["Name can't be blank"]);

        assert.equal(await cred.verify("000000"), false);
        assert.deepEqual(cred.errors, ["Verification failed"]);
        assert.equal(await cred.verify(await emu.totp(secret)), true);
        assert.equal(cred.state, "active");
        const again = await ar.credentials.find(cred.id);
        assert.equal(again.otp_secret, undefined, "the secret is shown only while new");
        const creds = await (await ar.users.find(user.id)).credentials();
        assert.deepEqual(creds.map((c) => c.credential_type).sort(), ["password", "totp"]);

        const step1 = await ar.users.authenticate("sally", "correct horse");
        assert.match(step1.token!, /^kli_/);
        assert.equal(await ar.sessions.fromToken(step1.token), null, "a kli_ token is no login");
        await assert.rejects(
          ar.users.authenticateCode({ username: "sally", token: step1.token!, code: "000000" }),
          (e) => e instanceof ValidationError && e.errors.includes("Verification failed"),
        );
        const done = await ar.users.authenticateCode({
          token: step1.token!,
          code: await emu.totp(secret),
        });
        const session = await ar.sessions.fromToken(done.token);
        assert.equal(session?.user_id, user.id);
        await assert.rejects(
          ar.users.authenticateCode({ token: step1.token!, code: await emu.totp(secret) }),
          (e) => e instanceof ValidationError && e.errors.includes("Token is invalid or expired"),
          "a kli_ token is single-use",
        );
        const types = await eventTypes(ar, user);
        assert.ok(types.includes("user.login.initiated"), types.join());
        assert.ok(types.includes("user.login.succeeded"));
      });
    });

    it("password reset: kpw_ token, bad token and short password refused, single use, events", async () => {
      await withClient(async (base) => {
        const { ar, user } = await setup(base);
        const withToken = await ar.users.generatePasswordToken("sally");
        const kpw = withToken.password_reset_token!;
        assert.match(kpw, /^kpw_/);
        await assert.rejects(
          ar.users.resetPasswordWithToken({ token: "kpw_forged", password: "new password!" }),
          (e) => e instanceof ValidationError && e.errors.includes("Token is invalid or expired"),
        );
        await assert.rejects(
          ar.users.resetPasswordWithToken({ username: "sally", token: kpw, password: "short" }),
          (e) =>
            e instanceof ValidationError &&
            e.errors.includes("Password is too short (minimum is 8 characters)"),
        );
        await assert.rejects(
          ar.users.resetPasswordWithToken({
            username: "someone",
            token: kpw,
            password: "x".repeat(9),
          }),
          ValidationError,
          "the token is bound to its user",
        );
        const reset = await ar.users.resetPasswordWithToken({
          username: "sally",
          token: kpw,
          password: "new password!",
          password_confirmation: "new password!",
        });
        assert.equal(reset.id, user.id);
        await assert.rejects(ar.users.authenticate("sally", "correct horse"), AuthenticationFailed);
        assert.ok((await ar.users.authenticate("sally", "new password!")).token);
        await assert.rejects(
          ar.users.resetPasswordWithToken({ token: kpw, password: "another one!" }),
          ValidationError,
          "single use",
        );
        const types = await eventTypes(ar, user);
        for (const t of ["created", "consumed"]) {
          assert.ok(types.includes(`user.password_token.${t}`), t);
        }
      });
    });

    it("email verification: requested with a token, a wrong token refused, then verified", async () => {
      await withClient(async (base) => {
        const { ar, user } = await setup(base);
        assert.equal(user.email_verification, "none");
        assert.equal(await user.requestEmailVerification(), true);
        assert.equal(user.email_verification, "requested");
        const token = user.token!;
        assert.ok(token && token.length >= 32);
        assert.equal(await user.verifyEmail({ token: "wrong" }), false);
        assert.deepEqual(user.errors, ["Token is invalid or expired"]);
        assert.equal(await user.verifyEmail({ token }), true);
        assert.equal((await ar.users.find(user.id)).email_verification, "verified");
        const types = await eventTypes(ar, user);
        assert.ok(types.includes("user.email.verification_requested"));
        assert.ok(types.includes("user.email.verified"));
      });
    });

    it("social: authorize URLs, the provider's consent, authorize → logged-in user; bad code → retry_url", async () => {
      await withClient(async (base, fetchPage) => {
        const { ar } = await setup(base);
        const google = await ar.authProviders.createOrThrow({
          provider_type: "google",
          client_id: "cid",
          client_secret: "shh",
        });
        assert.equal(google.get("client_secret"), undefined, "write-only");
        const app = "http://app.example/oauth/callback";
        const urls = await ar.authProviders.authorizeUrls({ redirect_uri: app, nonce: "n1" });
        assert.deepEqual(urls.map((u) => u.provider_type), ["google"]);
        const consent = await fetchPage(urls[0].url!);
        assert.equal(consent.status, 200);
        const html = await consent.text();
        const state = /name="state" value="([^"]+)"/.exec(html)![1];
        const back = await fetchPage(urls[0].url!, {
          method: "POST",
          headers: { "content-type": "application/x-www-form-urlencoded" },
          body: new URLSearchParams({ state, email: "Gus@Example.com", name: "Gus Grant" }),
          redirect: "manual",
        });
        assert.equal(back.status, 302);
        const cb = new URL(back.headers.get("location")!);
        assert.equal(cb.origin + cb.pathname, app);
        assert.equal(cb.searchParams.get("state"), state);
        const code = cb.searchParams.get("code")!;

        const wrongNonce = await ar.authProviders.authorize({ code, state, nonce: "n2" });
        assert.deepEqual(wrongNonce.errors, ["Error validating code"]);
        assert.match(String(wrongNonce.metadata.retry_url), /\/lr\/oauth\/ap_/);
        const user = await ar.authProviders.authorize({ code, state, nonce: "n1" });
        assert.ok(user instanceof User);
        assert.equal(user.email, "gus@example.com");
        assert.equal(user.name, "Gus Grant");
        assert.equal(user.email_verification, "verified");
        assert.equal((await ar.sessions.fromToken(user.token))?.user_id, user.id);
        const reused = await ar.authProviders.authorize({ code, state, nonce: "n1" });
        assert.deepEqual(reused.errors, ["Error validating code"], "a code is single-use");

        const one = await ar.authProviders.authorizeUrl(google.id, { redirect_uri: app });
        assert.match(one, /\/lr\/oauth\/ap_.*state=/);
        const token = emu.socialAccessToken(google.id, { email: "gus@example.com" });
        const native = await google.authorizeToken({ access_token: token });
        assert.equal(native.id, user.id, "the same person, not a second user");
        const forged = await google.authorizeToken({ access_token: "forged" });
        assert.deepEqual(forged.errors, ["Error validating access token"]);
        const creds = await (await ar.users.find(user.id)).credentials();
        assert.deepEqual(creds.map((c) => c.credential_type), ["google"]);
      });
    });

    it("hosted signup: disabled → 403; enabled: errors shown, then a new user is sent back with a token", async () => {
      await withClient(async (base, fetchPage, loginUrl) => {
        const { realm, ar } = await setup(base);
        const q = `?realm_id=${realm.id}&redir=%2Fwelcome`;
        assert.equal((await fetchPage(`${loginUrl}signup${q}`)).status, 403);
        const lr = (await realm.authProviders()).find((a) => a.provider_type === "login_rocket")!;
        assert.equal(await lr.update({ signup: true }), true);
        const form = await fetchPage(`${loginUrl}signup${q}`);
        assert.equal(form.status, 200);
        assert.match(await form.text(), /<form method="post" action="signup">/);
        const post = (fields: Record<string, string>) =>
          fetchPage(`${loginUrl}signup`, {
            method: "POST",
            headers: { "content-type": "application/x-www-form-urlencoded" },
            body: new URLSearchParams({ realm_id: realm.id, redir: "/welcome", ...fields }),
            redirect: "manual",
          });
        const bad = await post({ email: "tom@example.com", password: "short" });
        assert.equal(bad.status, 422);
        const badHtml = await bad.text();
        assert.match(badHtml, /Password is too short/);
        assert.match(badHtml, /value="tom@example.com"/, "what was typed is kept");
        const good = await post({
          email: "tom@example.com",
          first_name: "Tom",
          password: "long enough",
        });
        assert.equal(good.status, 302);
        const to = new URL(good.headers.get("location")!);
        assert.equal(to.searchParams.get("redir"), "/welcome");
        const session = await ar.sessions.fromToken(to.searchParams.get("token"));
        const user = await session!.user();
        assert.equal(user.username, "tom@example.com");
        assert.equal(user.first_name, "Tom");
      });
    });

    it("hosted login with 2FA: the password leads to the code form, a wrong code stays, a right one logs in", async () => {
      await withClient(async (base, fetchPage, loginUrl) => {
        const { realm, ar, user } = await setup(base);
        const cred = await ar.credentials.createOrThrow({
          user_id: user.id,
          credential_type: "totp",
          name: "Phone",
        });
        const secret = cred.otp_secret!;
        assert.ok(await cred.verify(await emu.totp(secret)));
        const post = (fields: Record<string, string>) =>
          fetchPage(`${loginUrl}login`, {
            method: "POST",
            headers: { "content-type": "application/x-www-form-urlencoded" },
            body: new URLSearchParams({ realm_id: realm.id, ...fields }),
            redirect: "manual",
          });
        const step1 = await post({ username: "sally", password: "correct horse" });
        assert.equal(step1.status, 200);
        const kli = /name="kli" value="(kli_[^"]+)"/.exec(await step1.text())![1];
        const wrong = await post({ kli, code: "000000" });
        assert.match(await wrong.text(), /That code is not right/);
        const ok = await post({ kli, code: await emu.totp(secret) });
        assert.equal(ok.status, 302);
        const token = new URL(ok.headers.get("location")!).searchParams.get("token");
        assert.equal((await ar.sessions.fromToken(token))?.user_id, user.id);
      });
    });
  });
}
