// What a record prints: `JSON.stringify(record)`, util.inspect,
// Deno.inspect, Bun.inspect and console.log show no secret field's value, at any depth, and no
// write-only field at all, while the properties themselves still read the values.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { Console } from "node:console";
import { Writable } from "node:stream";
import { inspect } from "node:util";
import { verifySession } from "../mod.ts";
import { AuthProvider } from "../src/resources/auth_provider.ts";
import { Credential } from "../src/resources/credential.ts";
import { JwtKey } from "../src/resources/jwt_key.ts";
import { Realm } from "../src/resources/realm.ts";
import { User } from "../src/resources/user.ts";
import { claims, hs256, NOW, SECRET } from "./tokens.ts";
import { client, json, recorder, userJson } from "./helpers.ts";

type Platform = {
  Deno?: { inspect(v: unknown, o?: unknown): string };
  Bun?: { inspect(v: unknown): string };
};

/** Every way a program shows `x`, joined. */
function printed(x: unknown): string {
  const out = [JSON.stringify(x), JSON.stringify({ wrapped: [x] }), inspect(x, { depth: 9 })];
  const g = globalThis as unknown as Platform;
  if (g.Deno) out.push(g.Deno.inspect(x, { depth: 9 }));
  if (g.Bun) out.push(g.Bun.inspect(x));
  const sink = new Writable({
    write(c, _e, cb) {
      out.push(String(c));
      cb();
    },
  });
  new Console({ stdout: sink }).log(x);
  return out.join("\n");
}

function assertHidden(x: unknown, secrets: string[]) {
  const all = printed(x);
  for (const s of secrets) assert.ok(!all.includes(s), `"${s}" printed in:\n${all}`);
}

describe("records print no secret", () => {
  it("a session's toJSON and inspect mask its login token; session.token still reads it", async () => {
    const token = await hs256(claims());
    const session = (await verifySession(token, { jwtSecret: SECRET, now: NOW }))!;
    assert.ok(session, "the token verifies");
    assert.equal(session.token, token);
    assert.equal(session.get("token"), token);
    assertHidden(session, [token, token.split(".")[2]]);
    assert.equal(session.toJSON().token, "[redacted]");
    assert.equal(session.toJSON().id, session.id, "the rest is the API's shape");
    assert.match(inspect(session), /^Session \{/);
    assert.match(inspect(session), new RegExp(session.id));
  });

  it("every secret field of every resource, nested ones too; non-secrets and nulls shown", () => {
    const user = new User(userJson("usr_1", {
      token: "kli_LoginTok3n",
      password_reset_token: "kpw_ResetTok3n",
      api_key: "acme_ko_ApiKeyOfApiUser",
      credentials: [
        { id: "crd_1", object: "credential", credential_type: "api_key", api_key: "ko_Embedded1" },
        {
          id: "crd_2",
          credential_type: "totp",
          otp_secret: "OTPBASE32SECRET",
          provisioning_uri: "otpauth://totp/x?secret=OTPBASE32SECRET",
        },
      ],
      custom: { note: "kept", refresh_token: "rt_CustomNested" },
    }));
    const realm = new Realm({
      id: "rl_1",
      object: "realm",
      name: "Acme",
      jwt_key: "jsk_RealmKey",
      jwt_secret: "jsk_RealmKey",
      api_key_prefix: "acme",
    });
    const key = new JwtKey({ id: "jky_1", object: "jwt_key", algo: "hs256", key: "jsk_JwtKeyRow" });
    const cred = new Credential({
      id: "crd_3",
      object: "credential",
      credential_type: "github",
      access_token: "gho_SocialAccess",
      token_expires_at: 1764331200,
      api_key: null,
    });
    assertHidden(user, [
      "kli_LoginTok3n",
      "kpw_ResetTok3n",
      "acme_ko_ApiKeyOfApiUser",
      "ko_Embedded1",
      "OTPBASE32SECRET",
      "rt_CustomNested",
    ]);
    assertHidden(realm, ["jsk_RealmKey"]);
    assertHidden(key, ["jsk_JwtKeyRow"]);
    assertHidden(cred, ["gho_SocialAccess"]);
    // What is not a secret is still printed, and a null secret stays null (nothing to hide).
    const shown = JSON.parse(JSON.stringify([user, realm, cred]));
    assert.equal(shown[0].username, "sally");
    assert.equal(shown[0].custom.note, "kept");
    assert.equal(shown[0].credentials[0].credential_type, "api_key");
    assert.equal(shown[1].api_key_prefix, "acme");
    assert.equal(shown[2].token_expires_at, 1764331200);
    assert.equal(shown[2].api_key, null);
    // The properties read the values.
    assert.equal(user.api_key, "acme_ko_ApiKeyOfApiUser");
    assert.equal(realm.jwt_key, "jsk_RealmKey");
    assert.equal(cred.access_token, "gho_SocialAccess");
  });

  it("write-only fields are left out, even when a server echoes them", () => {
    const provider = new AuthProvider({
      id: "ap_1",
      provider_type: "github",
      client_secret: "gh_Cs",
    });
    const user = new User(
      userJson("usr_1", { password: "Tr0ub4dor&3", password_confirmation: "x" }),
    );
    assertHidden(provider, ["gh_Cs", "client_secret"]);
    assertHidden(user, ["Tr0ub4dor&3", "password_confirmation"]);
    assert.equal(user.get("password"), "Tr0ub4dor&3", "get() still reads what came");
  });

  it("a failed create's record prints neither the password nor the api_key it was sent", async () => {
    const refusal = json(422, { errors: { username: ["Username has already been taken"] } });
    const { fetch } = recorder([refusal.clone(), refusal.clone()]);
    const ar = client(fetch);
    const human = await ar.users.create({
      user_type: "human",
      username: "sally",
      email: "sally@example.com",
      password: "Tr0ub4dor&3",
    });
    assert.ok(human.hasErrors);
    assertHidden(human, ["Tr0ub4dor&3"]);
    assert.equal(human.username, "sally", "the rest of what was sent is kept");
    const api = await ar.users.create({ user_type: "api", api_key: "acme_ko_SentByTheApp" });
    assert.ok(api.hasErrors);
    assertHidden(api, ["acme_ko_SentByTheApp"]);
    assert.equal(api.api_key, "acme_ko_SentByTheApp");
  });
});
