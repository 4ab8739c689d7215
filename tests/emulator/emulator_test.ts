// The emulator driven through the client, the way the PHP client's tests drove the live API
// (a realm per test), in-process and over real HTTP on 127.0.0.1.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { AccessDenied, AuthenticationFailed, AuthRocket, RecordNotFound, User } from "../../mod.ts";
import { createEmulator } from "../../testing.ts";
import { realmOf } from "../realm.ts";

const emu = createEmulator({ passwordIterations: 1000 });

const setup = (ar: AuthRocket) =>
  realmOf(ar, { name: `Realm ${Math.random()}`, jwt_fields: ["memberships", "orgs", "custom"] });
const sally = {
  user_type: "human",
  username: "Sally",
  email: "Sally@Example.com",
  first_name: "Sally",
  last_name: "Sue",
  password: "correct horse",
} as const;

for (const mode of ["injected fetch", "real HTTP on 127.0.0.1"] as const) {
  describe(`emulator (${mode})`, () => {
    /** Run `f` with a client for this mode; the HTTP server is closed afterwards. */
    const withClient = async (f: (ar: AuthRocket) => Promise<void>) => {
      if (mode === "injected fetch") return await f(emu.client());
      const server = await emu.listen();
      assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+\/v1$/);
      try {
        await f(new AuthRocket({ url: server.url, apiKey: emu.apiKey, loginUrl: server.loginUrl }));
      } finally {
        await server.close();
      }
    };

    it("realms: a new realm has a jsk_ secret and its login_rocket provider (min_length 8)", async () => {
      await withClient(async (base) => {
        const { realm, ar } = await setup(base);
        assert.match(realm.id, /^rl_/);
        assert.match(realm.jwt_key, /^jsk_/);
        const aps = await realm.authProviders();
        assert.equal(aps.length, 1);
        assert.equal(aps[0].provider_type, "login_rocket");
        assert.equal(aps[0].min_length, 8);
        assert.equal((await ar.realms.find(realm.id)).name, realm.name);
        assert.equal(await ar.realms.retrieve("rl_invalid"), null);
      });
    });

    it("users: validation error then fix, lower-cased username, credentials, authenticate, tokens", async () => {
      await withClient(async (base) => {
        const { realm, ar } = await setup(base);
        const bad = await ar.users.create({ ...sally, username: "" });
        assert.ok(bad.errors.includes("Username can't be blank"), bad.errors.join());
        const u = await ar.users.createOrThrow(sally);
        assert.ok(u instanceof User);
        assert.match(u.id, /^usr_/);
        assert.equal(u.username, "sally");
        assert.equal(u.email, "sally@example.com");
        assert.equal(u.name, "Sally Sue");
        assert.equal(u.get("password"), undefined, "passwords are never returned");
        const creds = await u.credentials();
        assert.equal(creds[0].credential_type, "password");
        const dup = await ar.users.create(sally);
        assert.ok(dup.errors.includes("Username has already been taken"));
        await assert.rejects(
          ar.users.authenticate("sally", "wrong password"),
          AuthenticationFailed,
        );
        const authed = await ar.users.authenticate("sally", "correct horse", {
          request: { ip: "10.0.0.1" },
        });
        assert.ok(authed.token);
        const session = await ar.with({ jwtSecret: realm.jwt_key }).sessions.fromToken(
          authed.token,
        );
        assert.ok(session, "the emulator's token verifies with the realm's key");
        assert.match(session.id, /^kss_/);
        assert.equal(session.user_id, u.id);
        assert.equal((await session.user()).username, "sally");
        assert.equal((await ar.sessions.retrieve(authed.token))?.id, session.id);
        assert.equal(await ar.sessions.delete(session.id), true);
        assert.equal(await ar.sessions.retrieve(session.id), null);
        assert.equal(
          await u.updatePassword({ current_password: "nope", password: "new password 1" }),
          false,
        );
        assert.deepEqual(u.errors, ["Current password does not match"]);
        assert.equal(
          await u.updatePassword({ current_password: "correct horse", password: "new password 1" }),
          true,
        );
        await ar.users.authenticate("sally", "new password 1");
      });
    });

    it("orgs and memberships: embedded org/user, permissions in the token, RS256 after jwt_algo", async () => {
      await withClient(async (base) => {
        const { realm, ar } = await setup(base);
        const u = await ar.users.createOrThrow(sally);
        const org = await realm.createOrgOrThrow({ name: "Acme" });
        const m = await ar.memberships.createOrThrow({
          user_id: u.id,
          org_id: org.id,
          permissions: ["admin", "forum:read"],
        });
        assert.match(m.id, /^mb_/);
        assert.equal(
          (await ar.memberships.create({ user_id: u.id, org_id: org.id })).hasErrors,
          true,
        );
        const orgs = await u.orgs();
        assert.deepEqual(orgs.map((o) => o.name), ["Acme"]);
        assert.deepEqual((await org.users()).map((x) => x.username), ["sally"]);
        assert.equal(await realm.update({ jwt_algo: "rs256" }), true);
        assert.match(realm.jwt_key, /BEGIN PUBLIC KEY/);
        const { token } = await ar.users.authenticate("sally", "correct horse");
        const s = await ar.with({ jwtSecret: realm.jwt_key }).sessions.fromToken(token!);
        assert.ok(s, "RS256 token verifies with the PEM");
        const [mb] = await (await s.user()).memberships();
        assert.ok(mb.anyPermission("admin"));
        assert.equal((await mb.org())?.name, "Acme");
      });
    });

    it("pagination: after, max_results bounds, more_results; iterate() sees everyone once", async () => {
      await withClient(async (base) => {
        const { realm, ar } = await setup(base);
        for (let i = 0; i < 7; i++) {
          await ar.users.createOrThrow({ user_type: "api", username: `bot${i}` });
        }
        const page = await ar.users.all({ max_results: 3 });
        assert.equal(page.length, 3);
        assert.equal(page.moreResults, true);
        const ids: string[] = [];
        for await (const x of ar.users.iterate({ max_results: 3 })) ids.push(x.id);
        assert.equal(ids.length, 7);
        assert.equal(new Set(ids).size, 7);
        await assert.rejects(
          ar.users.all({ max_results: 0 }),
          /^ValidationError: .*between 1 and 1000/s,
        );
        assert.equal((await realm.users({ reload: true })).length, 7);
      });
    });

    it("events are recorded with the request context", async () => {
      await withClient(async (base) => {
        const { realm, ar } = await setup(base);
        await ar.users.createOrThrow({ ...sally, request: { ip: "10.9.8.7", client: "test" } });
        const evs = await realm.events();
        const created = evs.find((e) => e.event_type === "user.created");
        assert.ok(created);
        assert.deepEqual(created.request, { ip: "10.9.8.7", client: "test" });
      });
    });
  });
}

describe("emulator: bad input never corrupts state", () => {
  const api = (path: string, init: RequestInit = {}, key = emu.apiKey) =>
    emu.fetch(`${emu.origin}/v1/${path}`, {
      ...init,
      headers: { "x-authrocket-api-key": key, "content-type": "application/json", ...init.headers },
    });

  it("403 for a bad or missing API key; 404 unknown paths; 400 malformed JSON; 415; 413", async () => {
    const before = (await emu.client().realms.all()).length;
    assert.equal((await api("realms", {}, "ko_wrong")).status, 403);
    await assert.rejects(emu.client({ apiKey: "ko_wrong" }).realms.all(), AccessDenied);
    assert.equal((await api("nope")).status, 404);
    assert.equal((await api("realms/rl_x/explode")).status, 404);
    await assert.rejects(emu.client().users.find("usr_missing"), RecordNotFound);
    assert.equal(
      (await api("realms", { method: "POST", body: '{"realm": {"name": "x"' })).status,
      400,
    );
    assert.equal((await api("realms", { method: "POST", body: "[1]" })).status, 400);
    assert.equal(
      (await api("realms", {
        method: "POST",
        body: "name=x",
        headers: { "content-type": "application/x-www-form-urlencoded" },
      })).status,
      415,
    );
    assert.equal(
      (await api("realms", {
        method: "POST",
        body: JSON.stringify({ realm: { name: "x".repeat(300_000) } }),
      })).status,
      413,
    );
    assert.equal((await emu.client().realms.all()).length, before, "nothing was created");
  });

  it("concurrent writes are serialized: 20 parallel creates of one username make one user", async () => {
    const { ar } = await setup(emu.client());
    const results = await Promise.all(
      Array.from({ length: 20 }, () => ar.users.create({ user_type: "api", username: "same" })),
    );
    assert.equal(results.filter((r) => r.valid).length, 1);
    assert.equal((await ar.users.all({ username: "same" })).length, 1);
  });

  it("a page cursor survives the deletion of the record it names; desc pages walk back", async () => {
    const { ar } = await setup(emu.client());
    const made = [];
    for (let i = 0; i < 5; i++) {
      made.push(await ar.users.createOrThrow({ user_type: "api", username: `p${i}` }));
    }
    const first = await ar.users.all({ max_results: 2 });
    assert.deepEqual(first.map((u) => u.username), ["p0", "p1"]);
    assert.equal(first.moreResults, true);
    assert.equal(await made[1].delete(), true);
    const next = await ar.users.all({ max_results: 2, after: made[1].id });
    assert.deepEqual(next.map((u) => u.username), ["p2", "p3"], "continues after the gap");
    const back = await ar.users.all({ direction: "desc", after: made[3].id });
    assert.deepEqual(back.map((u) => u.username), ["p2", "p0"]);
    const bad = await emu.fetch(`${emu.origin}/v1/users?sort=nope`, {
      headers: { "x-authrocket-api-key": emu.apiKey },
    });
    assert.equal(bad.status, 422, "an unknown sort is refused");
  });
});

describe("hosted login page", () => {
  it("a good login redirects to the app with ?token= and redir; a bad one shows the form again", async () => {
    const ar0 = emu.client();
    const { realm, ar } = await setup(ar0);
    await realm.createLoginPolicyOrThrow({
      name: "App",
      login_handler: "https://app.example/login",
    });
    await ar.users.createOrThrow({ ...sally, username: "pat", email: "pat@example.com" });
    const form = await emu.fetch(`${emu.origin}/lr/login?redir=/app&realm_id=${realm.id}`);
    assert.equal(form.status, 200);
    assert.match(await form.text(), /<form method="post"/);
    /** Post the login form as a browser would. */
    const post = (password: string) =>
      emu.fetch(`${emu.origin}/lr/login`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ username: "pat", password, redir: "/app", realm_id: realm.id })
          .toString(),
      });
    const bad = await post("nope");
    assert.equal(bad.status, 200);
    assert.match(await bad.text(), /Invalid username or password/);
    const good = await post("correct horse");
    assert.equal(good.status, 302);
    const to = new URL(good.headers.get("location")!);
    assert.equal(to.origin + to.pathname, "https://app.example/login");
    assert.equal(to.searchParams.get("redir"), "/app");
    const s = await ar.with({ jwtSecret: realm.jwt_key }).sessions.fromToken(
      to.searchParams.get("token"),
    );
    assert.equal((await s!.user()).username, "pat");
  });
});
