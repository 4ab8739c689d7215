// One id validator: every path that puts an id or a username into the URL refuses a
// blank one, `.` and `..` before any request, with `InvalidId` naming the call (a programming
// error, not a 404 that no server sent). A login form's username is the exception: one that
// cannot name a user is a failed login (`AuthenticationFailed`), as an empty one always was.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { AuthenticationFailed, AuthProvider, InvalidId, RecordNotFound, User } from "../mod.ts";
import { client, json, recorder, userJson } from "./helpers.ts";

const BAD = ["", " ", "\t\n", ".", ".."];

/** `InvalidId` for the call `what`, showing the id given, never a `RecordNotFound`. */
const invalid = (what: string, id: unknown) => (e: unknown) => {
  assert.ok(e instanceof InvalidId, String(e));
  assert.ok(!(e instanceof RecordNotFound));
  assert.equal(e.code, "invalid_id");
  assert.equal(e.name, "InvalidId");
  const shown = typeof id === "string" ? JSON.stringify(id) : String(id);
  assert.equal(
    e.message,
    `Cannot ${what}: ${shown} is not a record id (pass the id or username)`,
  );
  return true;
};

describe("ids and usernames in paths: one validator", () => {
  it("users.authenticate / generatePasswordToken: an unusable username is a failed login, no request", async () => {
    const r = recorder();
    const ar = client(r.fetch);
    const p = ar.users.authenticate("..", "pw");
    assert.ok(p instanceof Promise, "a refused username rejects; it never throws synchronously");
    await assert.rejects(p, AuthenticationFailed);
    for (const name of [...BAD, undefined, null, 7]) {
      const u = name as string;
      await assert.rejects(ar.users.authenticate(u, "correct horse"), (e) => {
        assert.ok(e instanceof AuthenticationFailed, String(e));
        assert.equal(e.status, 401);
        assert.ok(!e.message.includes("correct horse"));
        return true;
      });
      await assert.rejects(ar.users.generatePasswordToken(u), AuthenticationFailed);
    }
    assert.equal(r.seen.length, 0);
  });

  it("users.authenticate / generatePasswordToken: a username is escaped as one segment", async () => {
    const r = recorder([], json(200, userJson()));
    const ar = client(r.fetch);
    await ar.users.authenticate("../realms", "pw");
    assert.equal(r.last().url.pathname, "/v1/users/..%2Frealms/authenticate");
    assert.deepEqual(r.last().body, { password: "pw" });
    await ar.users.generatePasswordToken("sally sue@x");
    assert.equal(r.last().url.pathname, "/v1/users/sally%20sue%40x/generate_password_token");
    assert.equal(r.seen.length, 2);
  });

  it("authenticateCode / resetPasswordWithToken: no username → `--`; a bad one → InvalidId", async () => {
    const r = recorder([], json(200, userJson()));
    const ar = client(r.fetch);
    await ar.users.authenticateCode({ token: "tfa", code: "123456" });
    assert.equal(r.last().path, "users/--/authenticate_code");
    assert.deepEqual(r.last().body, { user: { token: "tfa", code: "123456" } });
    await ar.users.resetPasswordWithToken({ username: "a/b", token: "t", password: "p" });
    assert.equal(r.last().url.pathname, "/v1/users/a%2Fb/reset_password_with_token");
    for (const bad of [" ", ".", ".."]) {
      await assert.rejects(
        ar.users.authenticateCode({ username: bad, token: "tfa", code: "1" }),
        invalid("authenticateCode", bad),
      );
      await assert.rejects(
        ar.users.resetPasswordWithToken({ username: bad, token: "t", password: "p" }),
        invalid("resetPasswordWithToken", bad),
      );
    }
    assert.equal(r.seen.length, 2);
  });

  it("find, retrieve, update, delete name their call; a record's own verbs and actions too", async () => {
    const r = recorder();
    const ar = client(r.fetch);
    for (const bad of [...BAD, undefined, 42]) {
      const id = bad as string;
      await assert.rejects(ar.users.find(id), invalid("find", id));
      await assert.rejects(ar.users.retrieve(id), invalid("find", id));
      await assert.rejects(ar.users.update(id, { first_name: "x" }), invalid("update", id));
      await assert.rejects(ar.users.delete(id), invalid("delete", id));
    }
    const u = new User({ id: "..", object: "user" }, ar);
    await assert.rejects(u.reload(), invalid("reload", ".."));
    await assert.rejects(u.update({ first_name: "x" }), invalid("update", ".."));
    await assert.rejects(u.delete(), invalid("delete", ".."));
    await assert.rejects(u.requestEmailVerification(), invalid("request_email_verification", ".."));
    assert.equal(r.seen.length, 0);
  });

  it("auth providers: authorizeUrl(id) and a provider's own authorizeUrl / authorizeToken", async () => {
    const r = recorder([], json(200, { url: "https://g/y" }));
    const ar = client(r.fetch);
    for (const bad of BAD) {
      await assert.rejects(
        ar.authProviders.authorizeUrl(bad, { redirect_uri: "https://app/cb" }),
        invalid("authorizeUrl", bad),
      );
      const p = new AuthProvider({ id: bad, provider_type: "google" }, ar);
      await assert.rejects(
        p.authorizeUrl({ redirect_uri: "https://a/cb" }),
        invalid("authorizeUrl", bad),
      );
      await assert.rejects(
        p.authorizeToken({ access_token: "EAAB" }),
        invalid("authorizeToken", bad),
      );
    }
    assert.equal(r.seen.length, 0);
    assert.equal(
      await ar.authProviders.authorizeUrl("ap/1", { redirect_uri: "https://a" }),
      "https://g/y",
    );
    assert.equal(r.last().url.pathname, "/v1/auth_providers/ap%2F1/authorize");
  });

  it("the message shows at most 40 characters of the id given", async () => {
    const ar = client(recorder().fetch);
    const long = " ".repeat(100);
    await assert.rejects(ar.users.find(long), (e) => {
      assert.ok(e instanceof InvalidId);
      assert.equal(
        e.message,
        `Cannot find: "${" ".repeat(40)}" is not a record id (pass the id or username)`,
      );
      return true;
    });
  });
});
