// Associations (has_many with cache, belongs_to, helpers) and every resource action.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import {
  Credential,
  Event,
  Notification,
  Org,
  Realm,
  RecordInvalid,
  RecordNotFound,
  User,
} from "../../mod.ts";
import { client, json, recorder, userJson } from "../helpers.ts";

const list = (items: unknown[], more = false) =>
  json(200, { more_results: more, collection: items });

describe("has_many", () => {
  it("realm.users(params) lists with realm_id; an unfiltered load is cached; reload refetches", async () => {
    const r = recorder([
      json(200, { id: "rl_1", object: "realm", name: "R" }),
      list([userJson()]),
      list([userJson("usr_2")]),
      list([userJson("usr_3")]),
    ]);
    const realm = await client(r.fetch).realms.find("rl_1");
    assert.ok(realm instanceof Realm);
    const a = await realm.users();
    assert.equal(r.seen[1].url.search, "?realm_id=rl_1");
    assert.equal(await realm.users(), a, "cached");
    assert.equal(r.seen.length, 2);
    const filtered = await realm.users({ user_type: "api" });
    assert.equal(r.seen[2].url.search, "?user_type=api&realm_id=rl_1");
    assert.equal(filtered[0].id, "usr_2");
    const b = await realm.users({ reload: true });
    assert.equal(b[0].id, "usr_3");
    assert.equal(r.seen[3].url.search, "?realm_id=rl_1");
  });

  it("every realm association and its helpers follow the child's verbs", async () => {
    const r = recorder([], list([]));
    const realm = new Realm({ id: "rl_1" }, client(r.fetch));
    for (
      const [method, path] of [
        ["orgs", "orgs"],
        ["appHooks", "app_hooks"],
        ["authProviders", "auth_providers"],
        ["loginPolicies", "login_policies"],
        ["jwtKeys", "jwt_keys"],
        ["events", "events"],
      ] as const
    ) {
      await realm[method]();
      assert.equal(r.last().path, path);
      assert.equal(r.last().url.searchParams.get("realm_id"), "rl_1");
    }
    const rr = realm as unknown as Record<string, unknown>;
    assert.equal(typeof rr.findEvent, "function");
    assert.equal(rr.createEvent, undefined, "events cannot be created");
    assert.equal(rr.updateJwtKey, undefined, "jwt keys cannot be updated");
    assert.equal(typeof rr.deleteJwtKey, "function");
  });

  it("findX, createX, createXOrThrow, updateX, updateXOrThrow, deleteX add the owner id", async () => {
    const r = recorder([
      json(200, userJson()),
      json(201, userJson("usr_9", { username: "dave" })),
      json(422, { errors: { username: ["Username can't be blank"] } }),
      json(200, userJson("usr_9")),
      json(422, { errors: { x: ["bad"] } }),
      json(200, {}),
    ]);
    const realm = new Realm({ id: "rl_1" }, client(r.fetch));
    await realm.findUser("sally");
    assert.equal(r.seen[0].path, "users/sally");
    assert.equal(r.seen[0].url.search, "?realm_id=rl_1");
    const dave = await realm.createUser({ username: "dave", request: { ip: "1" } });
    assert.deepEqual(r.seen[1].body, {
      user: { realm_id: "rl_1", username: "dave" },
      request: { ip: "1" },
    });
    assert.equal(dave.username, "dave");
    await assert.rejects(realm.createUserOrThrow({}), RecordInvalid);
    await realm.updateUser("usr_9", { first_name: "D" });
    assert.equal(r.seen[3].method, "PUT");
    assert.deepEqual(r.seen[3].body, { user: { realm_id: "rl_1", first_name: "D" } });
    await assert.rejects(realm.updateUserOrThrow("usr_9", {}), RecordInvalid);
    assert.equal(await realm.deleteUser("usr_9"), true);
    assert.equal(r.seen[5].method, "DELETE");
    assert.equal(r.seen[5].url.search, "?realm_id=rl_1");
  });

  it("user.memberships(), sessions(), events(); org.memberships(); membership/appHook events()", async () => {
    const r = recorder([], list([]));
    const ar = client(r.fetch);
    const u = new User({ id: "usr_1" }, ar);
    await u.memberships();
    assert.equal(r.last().url.search, "?user_id=usr_1");
    await u.sessions();
    assert.equal(r.last().path, "sessions");
    await u.events();
    assert.equal(r.last().path, "events");
    const o = new Org({ id: "org_1" }, ar);
    await o.memberships();
    assert.equal(r.last().url.search, "?org_id=org_1");
    await o.events();
    assert.equal(r.last().url.search, "?org_id=org_1");
  });
});

describe("belongs_to and embedded data", () => {
  it("membership.org() / user() resolve embedded records with no API call", async () => {
    const r = recorder([
      list([{
        id: "mb_1",
        object: "membership",
        user_id: "usr_1",
        org_id: "org_1",
        org: { id: "org_1", object: "org", name: "Acme" },
      }]),
    ]);
    const u = new User({ id: "usr_1" }, client(r.fetch));
    const orgs = await u.orgs();
    assert.equal(r.seen.length, 1);
    assert.equal(orgs.length, 1);
    assert.ok(orgs[0] instanceof Org);
    assert.equal(orgs[0].name, "Acme");
    const ms = await u.memberships();
    assert.equal(
      (ms[0] as unknown as Record<string, unknown>).org,
      ms[0].org,
      "org is a method, not data",
    );
    assert.equal(typeof ms[0].org, "function");
    assert.deepEqual(ms[0].toJSON().org, { id: "org_1", object: "org", name: "Acme" });
  });

  it("belongs_to loads by foreign key once, then caches; null without a key", async () => {
    const r = recorder([json(200, { id: "rl_1", object: "realm", name: "R" })]);
    const u = new User({ id: "usr_1", realm_id: "rl_1" }, client(r.fetch));
    const realm = await u.realm();
    assert.equal(r.last().path, "realms/rl_1");
    assert.equal(await u.realm(), realm);
    assert.equal(r.seen.length, 1);
    assert.equal(await new User({ id: "usr_2" }, client(r.fetch)).realm(), null);
  });

  it("user.findOrg and org.findUser / org.users()", async () => {
    const r = recorder([
      list([{
        id: "mb_1",
        object: "membership",
        org_id: "org_1",
        user_id: "usr_1",
        org: { id: "org_1", object: "org", name: "A" },
      }]),
      list([]),
      list([{
        id: "mb_1",
        object: "membership",
        org_id: "org_1",
        user_id: "usr_1",
        user: userJson(),
      }]),
    ]);
    const ar = client(r.fetch);
    const org = await new User({ id: "usr_1" }, ar).findOrg("org_1");
    assert.equal(r.seen[0].url.search, "?org_id=org_1&user_id=usr_1");
    assert.equal(org.name, "A");
    await assert.rejects(new User({ id: "usr_1" }, ar).findOrg("org_2"), RecordNotFound);
    const users = await new Org({ id: "org_1" }, ar).users();
    assert.equal(users[0].username, "sally");
  });

  it("user.credentials() uses the embedded list, else reloads the user", async () => {
    const withCreds = () =>
      json(
        200,
        userJson("usr_1", {
          credentials: [{ id: "crd_1", object: "credential", credential_type: "password" }],
        }),
      );
    const r = recorder([], withCreds());
    const ar = client(r.fetch);
    const u = await ar.users.find("usr_1");
    const creds = await u.credentials();
    assert.equal(r.seen.length, 1);
    assert.ok(creds[0] instanceof Credential);
    assert.equal(creds[0].credential_type, "password");
    assert.equal(creds[0].user_id, "usr_1");
    const bare = new User({ id: "usr_1" }, ar);
    const again = await bare.credentials();
    assert.equal(r.last().path, "users/usr_1");
    assert.equal(again[0].id, "crd_1");
  });

  it("event.notifications() and findNotification", async () => {
    const r = recorder([
      json(200, {
        id: "ev_1",
        object: "event",
        event_type: "user.created",
        event_at: 1700000000,
        notifications: [{ id: "ent_1", object: "notification", state: "completed", attempts: 1 }],
      }),
    ]);
    const ev = new Event({ id: "ev_1" }, client(r.fetch));
    const ns = await ev.notifications();
    assert.equal(r.last().path, "events/ev_1");
    assert.ok(ns[0] instanceof Notification);
    assert.equal(ns[0].event_id, "ev_1");
    assert.equal((await ev.findNotification("ent_1")).attempts, 1);
    await assert.rejects(ev.findNotification("ent_x"), RecordNotFound);
    assert.equal(r.seen.length, 1);
    assert.ok(ev.event_at instanceof Date);
  });
});
