// Every resource action beyond CRUD, through a scripted fetch: the request each sends and the
// result it gives (the user's, then the other resources').
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import {
  APP_HOOK_EVENT_TYPES,
  AuthenticationFailed,
  AuthProvider,
  Credential,
  Realm,
  User,
  UserToken,
  ValidationError,
} from "../../mod.ts";
import { client, json, recorder, userJson } from "../helpers.ts";

const list = (items: unknown[], more = false) =>
  json(200, { more_results: more, collection: items });

describe("user actions", () => {
  it("authenticate: POST users/:username/authenticate, flat body", async () => {
    const r = recorder([json(200, userJson("usr_1", { token: "eyJhbGciOiJIUzI1NiJ9.e30.sig" }))]);
    const u = await client(r.fetch).users.authenticate("sally@x.com", "pw", {
      request: { ip: "1" },
    });
    assert.equal(r.last().method, "POST");
    assert.equal(r.last().path, "users/sally%40x.com/authenticate");
    assert.deepEqual(r.last().body, { request: { ip: "1" }, password: "pw" });
    assert.ok(u instanceof User);
    assert.equal(u.token, "eyJhbGciOiJIUzI1NiJ9.e30.sig");
  });

  it("failed authentications: 401 → AuthenticationFailed, 422 → ValidationError", async () => {
    const r = recorder([
      new Response("", { status: 401 }),
      json(422, { errors: { base: ["Locked"] } }),
    ]);
    const ar = client(r.fetch);
    await assert.rejects(ar.users.authenticate("sally", "bad"), AuthenticationFailed);
    await assert.rejects(
      ar.users.authenticate("sally", "bad"),
      (e) => e instanceof ValidationError && e.errors[0] === "Locked",
    );
  });

  it("authenticateKey, authenticateCode, generatePasswordToken, resetPasswordWithToken", async () => {
    const r = recorder([], json(200, userJson()));
    const ar = client(r.fetch);
    await ar.users.authenticateKey("ko_userkey", { request: { ip: "2" } });
    assert.equal(r.last().path, "users/authenticate_key");
    assert.deepEqual(r.last().body, { request: { ip: "2" }, api_key: "ko_userkey" });
    await ar.users.authenticateCode({ username: "sally", token: "kli_1", code: "123456" });
    assert.equal(r.last().path, "users/sally/authenticate_code");
    assert.deepEqual(r.last().body, { user: { token: "kli_1", code: "123456" } });
    await ar.users.authenticateCode({ token: "kli_1", code: "1" });
    assert.equal(r.last().path, "users/--/authenticate_code");
    await ar.users.generatePasswordToken("sally");
    assert.equal(r.last().path, "users/sally/generate_password_token");
    assert.deepEqual(r.last().body, {});
    await ar.users.resetPasswordWithToken({
      token: "kpw_1",
      password: "n",
      password_confirmation: "n",
    });
    assert.equal(r.last().path, "users/--/reset_password_with_token");
    assert.deepEqual(r.last().body, {
      user: { token: "kpw_1", password: "n", password_confirmation: "n" },
    });
  });

  it("updatePassword, requestEmailVerification, verifyEmail: true/false with errors", async () => {
    const r = recorder([
      json(422, { errors: { current_password: ["Current password does not match"] } }),
      json(200, userJson("usr_1", { name: "After" })),
      json(200, userJson("usr_1", { token: "evt_1", email_verification: "requested" })),
      json(200, userJson("usr_1", { email_verification: "verified" })),
    ]);
    const u = new User({ id: "usr_1" }, client(r.fetch));
    assert.equal(
      await u.updatePassword({ current_password: "x", password: "n", password_confirmation: "n" }),
      false,
    );
    assert.equal(r.seen[0].method, "PUT");
    assert.equal(r.seen[0].path, "users/usr_1/update_password");
    assert.deepEqual(r.seen[0].body, {
      user: { current_password: "x", password: "n", password_confirmation: "n" },
    });
    assert.deepEqual(u.errors, ["Current password does not match"]);
    assert.equal(await u.updatePassword({ current_password: "y", password: "n" }), true);
    assert.deepEqual(u.errors, [], "a later success clears errors");
    assert.equal(u.name, "After", "refreshed from the response");
    assert.equal(await u.requestEmailVerification(), true);
    assert.equal(r.seen[2].path, "users/usr_1/request_email_verification");
    assert.deepEqual(r.seen[2].body, {});
    assert.equal(u.token, "evt_1");
    assert.equal(await u.verifyEmail({ token: "evt_1" }), true);
    assert.deepEqual(r.seen[3].body, { user: { token: "evt_1" } });
    assert.equal(u.email_verification, "verified");
  });
});

describe("other actions", () => {
  it("realm.reset()", async () => {
    const r = recorder([
      json(200, { id: "rl_1", object: "realm", name: "R2" }),
      json(422, { errors: ["no"] }),
    ]);
    const realm = new Realm({ id: "rl_1", name: "R" }, client(r.fetch));
    assert.equal(await realm.reset(), true);
    assert.equal(r.last().path, "realms/rl_1/reset");
    assert.equal(realm.name, "R2");
    assert.equal(await realm.reset(), false);
    assert.deepEqual(realm.errors, ["no"]);
  });

  it("credential.verify(code)", async () => {
    const r = recorder([
      json(422, { errors: { code: ["Verification failed"] } }),
      json(200, { id: "crd_1", object: "credential", state: "active" }),
    ]);
    const c = new Credential({ id: "crd_1", state: "new" }, client(r.fetch));
    assert.equal(await c.verify("000000"), false);
    assert.deepEqual(c.errors, ["Verification failed"]);
    assert.deepEqual(r.last().body, { credential: { code: "000000" } });
    assert.equal(await c.verify("123456"), true);
    assert.equal(c.state, "active");
  });

  it("authProviders: authorizeUrls, authorizeUrl, authorize (User or UserToken, errors kept)", async () => {
    const r = recorder([
      list([{ id: "ap_1", object: "auth_provider", provider_type: "google", url: "https://g/x" }]),
      json(200, {
        id: "ap_1",
        object: "auth_provider",
        provider_type: "google",
        url: "https://g/y",
      }),
      json(200, userJson()),
      json(200, { id: "utk_1", object: "user_token", username: "new" }),
      json(422, { errors: { code: ["Error validating code"] }, retry_url: "https://lr/retry" }),
    ]);
    const ar = client(r.fetch);
    const urls = await ar.authProviders.authorizeUrls({
      redirect_uri: "https://app/cb",
      nonce: "n1",
    });
    assert.equal(r.seen[0].path, "auth_providers/authorize");
    assert.equal(r.seen[0].url.search, "?redirect_uri=https%3A%2F%2Fapp%2Fcb&nonce=n1");
    assert.ok(urls[0] instanceof AuthProvider);
    assert.equal(urls[0].url, "https://g/x");
    assert.equal(
      await ar.authProviders.authorizeUrl("ap_1", { redirect_uri: "https://app/cb" }),
      "https://g/y",
    );
    assert.equal(r.seen[1].path, "auth_providers/ap_1/authorize");
    const u = await ar.authProviders.authorize({ code: "c", state: "s", nonce: "n1" });
    assert.equal(r.seen[2].method, "POST");
    assert.deepEqual(r.seen[2].body, { code: "c", state: "s", nonce: "n1" });
    assert.ok(u instanceof User);
    assert.ok((await ar.authProviders.authorize({ code: "c", state: "s" })) instanceof UserToken);
    const failed = await ar.authProviders.authorize({ code: "bad", state: "s" });
    assert.deepEqual(failed.errors, ["Error validating code"]);
    assert.equal(failed.metadata.retry_url, "https://lr/retry");
  });

  it("provider.authorizeToken and provider.authorizeUrl", async () => {
    const r = recorder([json(200, userJson()), json(200, { url: "https://fb/z" })]);
    const p = new AuthProvider({ id: "ap_2", provider_type: "facebook" }, client(r.fetch));
    const u = await p.authorizeToken({ access_token: "EAAB" });
    assert.equal(r.seen[0].path, "auth_providers/ap_2/authorize");
    assert.deepEqual(r.seen[0].body, { access_token: "EAAB" });
    assert.ok(u instanceof User);
    assert.equal(await p.authorizeUrl({ redirect_uri: "https://a/cb" }), "https://fb/z");
  });

  it("APP_HOOK_EVENT_TYPES is the sorted, frozen list", () => {
    assert.equal(APP_HOOK_EVENT_TYPES.length, 29);
    assert.deepEqual([...APP_HOOK_EVENT_TYPES], [...APP_HOOK_EVENT_TYPES].sort());
    assert.ok(APP_HOOK_EVENT_TYPES.includes("user.login.succeeded"));
    assert.ok(Object.isFrozen(APP_HOOK_EVENT_TYPES));
  });

  it("every resource API has exactly its table's verbs", () => {
    const ar = client(recorder().fetch);
    const methods = (o: object) =>
      Object.keys(o).filter((k) => typeof (o as Record<string, unknown>)[k] === "function").sort();
    const crud = [
      "all",
      "create",
      "createOrThrow",
      "delete",
      "find",
      "first",
      "iterate",
      "retrieve",
      "update",
      "updateOrThrow",
    ];
    assert.deepEqual(methods(ar.realms), crud);
    assert.deepEqual(methods(ar.orgs), crud);
    assert.deepEqual(methods(ar.sessions), [
      "all",
      "create",
      "createOrThrow",
      "delete",
      "find",
      "first",
      "fromToken",
      "iterate",
      "retrieve",
    ]);
    assert.deepEqual(methods(ar.credentials), [
      "create",
      "createOrThrow",
      "delete",
      "find",
      "retrieve",
      "update",
      "updateOrThrow",
    ]);
    assert.deepEqual(methods(ar.events), ["all", "find", "first", "iterate", "retrieve"]);
    assert.deepEqual(methods(ar.jwtKeys), [
      "all",
      "create",
      "createOrThrow",
      "delete",
      "find",
      "first",
      "iterate",
      "retrieve",
    ]);
    assert.deepEqual(methods(ar.userTokens), ["create", "createOrThrow", "find", "retrieve"]);
    assert.ok(methods(ar.users).includes("authenticate"));
    assert.ok(methods(ar.authProviders).includes("authorizeUrls"));
    assert.deepEqual(methods(ar.loginPolicies), crud);
    assert.deepEqual(methods(ar.appHooks), crud);
    assert.deepEqual(methods(ar.memberships), crud);
  });
});
