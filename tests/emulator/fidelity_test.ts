// The emulator behaves like AuthRocket 1 where the spec and the official clients say how
//, in-process and over real HTTP on 127.0.0.1: realms soft-deleted, the realm a
// request names scopes every lookup and list, updates validate as creates do, malformed bodies
// are 4xx, a 2FA token dies after 5 wrong codes, unknown users cost a password check too.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { AuthenticationFailed, AuthRocket, ValidationError } from "../../mod.ts";
import { createEmulator } from "../../testing.ts";
import { SALLY } from "../helpers.ts";
import { realmOf } from "../realm.ts";

const emu = createEmulator({ passwordIterations: 1000 });

for (const mode of ["injected fetch", "real HTTP on 127.0.0.1"] as const) {
  describe(`emulator fidelity (${mode})`, () => {
    /** Raw API calls and a client, for this mode. */
    const withApi = async (
      f: (
        api: (path: string, init?: RequestInit) => Promise<Response>,
        ar: AuthRocket,
      ) => Promise<void>,
    ) => {
      let base = `${emu.origin}/v1`;
      let doFetch = emu.fetch as typeof fetch;
      let close = () => Promise.resolve();
      if (mode !== "injected fetch") {
        const server = await emu.listen();
        base = server.url;
        doFetch = fetch;
        close = server.close;
      }
      const api = (path: string, init: RequestInit = {}) =>
        doFetch(`${base}/${path}`, {
          ...init,
          headers: {
            "x-authrocket-api-key": emu.apiKey,
            "content-type": "application/json",
            ...init.headers,
          },
        });
      try {
        await f(api, new AuthRocket({ url: base, apiKey: emu.apiKey, fetch: doFetch }));
      } finally {
        await close();
      }
    };
    const body = (o: unknown) => ({ body: JSON.stringify(o) });

    it("realms are soft-deleted: inactive (gone with state=active, found without), a second DELETE removes it", async () => {
      await withApi(async (api, ar) => {
        const realm = await ar.realms.createOrThrow({ name: "Doomed" });
        assert.equal((await api(`realms/${realm.id}`, { method: "DELETE" })).status, 204);
        assert.equal((await api(`realms/${realm.id}?state=active`)).status, 404);
        const kept = await api(`realms/${realm.id}`);
        assert.equal(kept.status, 200);
        assert.equal((await kept.json()).state, "inactive");
        assert.ok(!(await ar.realms.all({ state: "active" })).some((r) => r.id === realm.id));
        assert.equal((await api(`realms/${realm.id}`, { method: "DELETE" })).status, 204);
        assert.equal((await api(`realms/${realm.id}`)).status, 404);
      });
    });

    it("realm scope: two realms with a dave each; header, realm_id param and body each find their own", async () => {
      await withApi(async (api, ar) => {
        const a = await ar.realms.createOrThrow({ name: "A" });
        const b = await ar.realms.createOrThrow({ name: "B" });
        const dave = { ...SALLY, username: "dave", email: "dave@example.com" };
        const da = await ar.withRealm(a.id).users.createOrThrow(dave);
        const db = await ar.withRealm(b.id).users.createOrThrow(dave);
        const id = async (r: Response) => (assert.equal(r.status, 200), (await r.json()).id);
        // The Ruby gem's realm.find_user("dave"): GET users/dave?realm_id=rl_…
        assert.equal(await id(await api(`users/dave?realm_id=${a.id}`)), da.id);
        assert.equal(await id(await api(`users/dave?realm_id=${b.id}`)), db.id);
        assert.equal(
          await id(await api("users/dave", { headers: { "x-authrocket-realm": b.id } })),
          db.id,
        );
        assert.equal((await ar.withRealm(a.id).users.find("dave")).id, da.id);
        // By id: another realm's record is not found; with no realm, it is found anywhere.
        assert.equal((await api(`users/${db.id}?realm_id=${a.id}`)).status, 404);
        assert.equal(await id(await api(`users/${db.id}`)), db.id);
        const update = { method: "PUT", ...body({ user: { realm_id: a.id, first_name: "X" } }) };
        assert.equal((await api(`users/${db.id}`, update)).status, 404, "realm_id in the body");
        assert.equal((await ar.withRealm(b.id).users.find(db.id)).first_name, "Sally");
        // Orgs, memberships, sessions, credentials, events: the same rule.
        const rb = ar.withRealm(b.id);
        const org = await rb.orgs.createOrThrow({ name: "Acme" });
        const mb = await rb.memberships.createOrThrow({ user_id: db.id, org_id: org.id });
        const { token } = await rb.users.authenticate("dave", "correct horse");
        const session = await rb.sessions.find(token!);
        const [cred] = await db.credentials();
        const [ev] = await rb.events.all({ user_id: db.id, max_results: 1 });
        for (
          const path of [
            `orgs/${org.id}`,
            `memberships/${mb.id}`,
            `sessions/${session.id}`,
            `credentials/${cred.id}`,
            `events/${ev.id}`,
          ]
        ) {
          assert.equal((await api(`${path}?realm_id=${a.id}`)).status, 404, path);
          assert.equal((await api(path, { headers: { "x-authrocket-realm": b.id } })).status, 200);
          assert.equal((await api(path)).status, 200, `${path} without a realm`);
        }
        assert.equal(
          (await api(`orgs/${org.id}`, {
            method: "DELETE",
            headers: { "x-authrocket-realm": a.id },
          })).status,
          404,
        );
        // The rest of the realm's resources: created in B, not found (get, update, delete) from A.
        for (
          const [path, root, attrs] of [
            ["auth_providers", "auth_provider", { provider_type: "totp" }],
            ["login_policies", "login_policy", { name: "LP", login_handler: "https://a.example/" }],
            ["app_hooks", "app_hook", { destination: "https://hooks.example/", event_type: [] }],
            ["jwt_keys", "jwt_key", { algo: "hs256", use: "sign" }],
            ["user_tokens", "user_token", { username: "tok", password: "correct horse" }],
          ] as const
        ) {
          const made = await api(path, {
            method: "POST",
            headers: { "x-authrocket-realm": b.id },
            ...body({ [root]: attrs }),
          });
          assert.equal(made.status, 201, path);
          const rid = (await made.json()).id;
          for (const method of ["GET", "PUT", "DELETE"]) {
            const r = await api(`${path}/${rid}?realm_id=${a.id}`, {
              method,
              ...(method === "PUT" ? body({ [root]: {} }) : {}),
            });
            assert.ok(
              r.status === 404 || r.status === 405,
              `${method} ${path} from A: ${r.status}`,
            );
          }
          assert.equal((await api(`${path}/${rid}?realm_id=${b.id}`)).status, 200, path);
        }
        // Creating a record for another realm's user: that user is not found.
        const cross = await api("memberships", {
          method: "POST",
          headers: { "x-authrocket-realm": a.id },
          ...body({ membership: { user_id: db.id } }),
        });
        assert.equal(cross.status, 422);
        assert.ok(JSON.stringify(await cross.json()).includes("User not found"));
        // Lists: a realm's own rows only; a realm-scoped list naming no realm is refused.
        const listed = await ar.withRealm(a.id).users.all();
        assert.deepEqual(listed.map((u) => u.id), [da.id]);
        assert.deepEqual((await rb.memberships.all({ user_id: db.id })).map((m) => m.id), [mb.id]);
        assert.equal((await ar.withRealm(a.id).memberships.all({ user_id: db.id })).length, 0);
        const noRealm = await api("users");
        assert.equal(noRealm.status, 422);
        assert.deepEqual((await noRealm.json()).errors, { realm_id: ["Realm can't be blank"] });
        // Deleting an org deletes its memberships.
        assert.equal(await org.delete(), true);
        assert.equal((await api(`memberships/${mb.id}`)).status, 404);
      });
    });

    it("the realm header is a default: a realm_id param or body field that names another realm wins", async () => {
      // AuthRocket 1 documents X-Authrocket-Realm as the default realm, with `realm_id` given
      // per call otherwise; the Ruby gem's `realm.users` sends `realm_id` under whatever
      // default the app configured. So a disagreement is not refused: the named realm scopes.
      await withApi(async (api, ar) => {
        const a = await ar.realms.createOrThrow({ name: "Default" });
        const b = await ar.realms.createOrThrow({ name: "Named" });
        const dave = { ...SALLY, username: "dave", email: "dave@example.com" };
        const da = await ar.withRealm(a.id).users.createOrThrow(dave);
        const db = await ar.withRealm(b.id).users.createOrThrow(dave);
        const onA = { "x-authrocket-realm": a.id };
        const found = await api(`users/dave?realm_id=${b.id}`, { headers: onA });
        assert.equal((await found.json()).id, db.id, "the param names the realm");
        const listed = await api(`users?realm_id=${b.id}`, { headers: onA });
        assert.deepEqual((await listed.json()).collection.map((u: { id: string }) => u.id), [
          db.id,
        ]);
        const made = await api("orgs", {
          method: "POST",
          headers: onA,
          ...body({ org: { realm_id: b.id, name: "In B" } }),
        });
        assert.equal(made.status, 201);
        assert.equal((await made.json()).realm_id, b.id, "the body names the realm");
        // The header alone still scopes, and a client's withRealm sends it with the param.
        assert.equal((await (await api("users/dave", { headers: onA })).json()).id, da.id);
        assert.deepEqual(
          (await (await ar.withRealm(a.id).realms.find(b.id)).users()).map((u) => u.id),
          [db.id],
        );
      });
    });

    it("updates validate as creates do: blank required, duplicates, enums → 422; lower-casing applies", async () => {
      await withApi(async (api, ar) => {
        const { ar: r } = await realmOf(ar, { name: "Upd" });
        const u = await r.users.createOrThrow(SALLY);
        await r.users.createOrThrow({ ...SALLY, username: "bob", email: "bob@example.com" });
        const put = (attrs: unknown) =>
          api(`users/${u.id}`, { method: "PUT", ...body({ user: attrs }) });
        const nulled = await put({ username: null });
        assert.equal(nulled.status, 422);
        assert.deepEqual(Object.values((await nulled.json()).errors).flat(), [
          "Username can't be blank",
        ]);
        for (
          const [attrs, msg] of [
            [{ email: " " }, "Email can't be blank"],
            [{ username: "BOB" }, "Username has already been taken"],
            [{ email: "Bob@Example.com" }, "Email has already been taken"],
            [{ state: "asleep" }, "State is not included in the list"],
          ] as const
        ) {
          const res = await put(attrs);
          assert.equal(res.status, 422, JSON.stringify(attrs));
          assert.ok(Object.values((await res.json()).errors).flat().includes(msg), msg);
        }
        assert.equal((await r.users.find(u.id)).username, "sally", "nothing was applied");
        assert.equal(await u.update({ username: "Sally2", email: "S2@Example.COM" }), true);
        assert.equal(u.username, "sally2");
        assert.equal(u.email, "s2@example.com");
        const org = await r.orgs.createOrThrow({ name: "Acme" });
        assert.equal(await org.update({ name: "" }), false);
        assert.deepEqual(org.errors, ["Name can't be blank"]);
      });
    });

    it("a malformed but parseable body is a 4xx with a message, never a 500", async () => {
      await withApi(async (api, ar) => {
        const realm = await ar.realms.createOrThrow({ name: "Bodies" });
        const h = { headers: { "x-authrocket-realm": realm.id } };
        for (
          const [path, method, b] of [
            ["realms", "POST", { realm: "x" }],
            ["realms", "POST", { realm: [1, 2] }],
            [`realms/${realm.id}`, "PUT", { realm: 5 }],
            ["users", "POST", { user: { user_type: "api", username: 5 } }],
            ["users", "POST", {
              user: { user_type: "human", username: {}, email: [], password: 1 },
            }],
            ["users", "POST", { user: { user_type: "api" }, request: "ip" }],
            ["users/x/authenticate", "POST", { password: { a: 1 } }],
          ] as const
        ) {
          const res = await api(path, { method, ...body(b), ...h });
          assert.ok(
            res.status === 400 || res.status === 422 || res.status === 401 || res.status === 404,
            `${path} ${JSON.stringify(b)} → ${res.status}`,
          );
          const text = await res.text();
          if (res.status !== 401) assert.ok(text.length > 2, "with a message");
        }
        // A value of the wrong kind where the declaration gives one is refused, never a 500.
        const odd = await api("orgs", {
          method: "POST",
          ...body({ org: { name: { a: 1 } } }),
          ...h,
        });
        assert.ok(odd.status < 500, `orgs with an object name → ${odd.status}`);
      });
    });

    it("a kli_ token dies after 5 wrong codes, even for the right code afterwards", async () => {
      await withApi(async (_api, base) => {
        const { ar } = await realmOf(base, { name: "2FA" });
        const u = await ar.users.createOrThrow(SALLY);
        const cred = await ar.credentials.createOrThrow({
          user_id: u.id,
          credential_type: "totp",
          name: "Phone",
        });
        const secret = cred.otp_secret!;
        await cred.verify(await emu.totp(secret));
        const { token } = await ar.users.authenticate("sally", "correct horse");
        for (let i = 0; i < 5; i++) {
          await assert.rejects(
            ar.users.authenticateCode({ token: token!, code: "000000" }),
            (e) => e instanceof ValidationError && e.errors.includes("Verification failed"),
          );
        }
        await assert.rejects(
          ar.users.authenticateCode({ token: token!, code: await emu.totp(secret) }),
          (e) => e instanceof ValidationError && e.errors.includes("Token is invalid or expired"),
        );
      });
    });
  });
}

describe("emulator: no username oracle", () => {
  it("a failed login costs one PBKDF2 derivation whether or not the user exists (or is inactive)", async () => {
    const ar0 = emu.client();
    const { ar } = await realmOf(ar0, { name: "Oracle" });
    await ar.users.createOrThrow(SALLY);
    const off = await ar.users.createOrThrow({
      ...SALLY,
      username: "off",
      email: "off@example.com",
    });
    await off.update({ state: "inactive" });
    await ar.users.authenticate("nobody", "x").catch(() => {}); // the dummy hash is made once
    const subtle = crypto.subtle;
    const original = subtle.deriveBits;
    let count = 0;
    subtle.deriveBits = function (...args: Parameters<SubtleCrypto["deriveBits"]>) {
      count++;
      return original.apply(subtle, args);
    } as SubtleCrypto["deriveBits"];
    const cost = async (username: string) => {
      count = 0;
      await assert.rejects(ar.users.authenticate(username, "wrong password"), AuthenticationFailed);
      return count;
    };
    try {
      const known = await cost("sally");
      assert.equal(known, 1);
      assert.equal(await cost("nobody"), known, "an unknown user");
      assert.equal(await cost("off"), known, "an inactive user");
      assert.equal(await cost("usr_doesnotexist"), known, "an unknown id");
    } finally {
      subtle.deriveBits = original;
    }
  });
});
