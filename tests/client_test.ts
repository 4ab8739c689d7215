// The resource client through an injected fetch: every row of api.md's table, the request that
// went out (method, path, query, headers, body) and what came back.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import {
  Collection,
  InvalidId,
  Membership,
  Org,
  RecordInvalid,
  RecordNotFound,
  unchecked,
  User,
  ValidationError,
} from "../mod.ts";
import { API_KEY, client, json, recorder, userJson } from "./helpers.ts";

describe("requests", () => {
  it("sends the headers AuthRocket 1 expects", async () => {
    const r = recorder([json(200, userJson())]);
    await client(r.fetch).users.find("usr_1");
    const h = r.last().headers;
    assert.equal(h.get("x-authrocket-api-key"), API_KEY);
    assert.equal(h.get("x-authrocket-realm"), "rl_default");
    assert.equal(h.get("accept"), "application/json");
    assert.equal(h.get("content-type"), null);
    assert.match(h.get("user-agent")!, /^authrocket-edge\/\d+\.\d+\.\d+ /);
  });

  it("builds queries the gem's way: k[]=v, null as k=, nested as k[sub]=v", async () => {
    const r = recorder([], json(200, { collection: [] }));
    await client(r.fetch).events.all(unchecked({
      event_type: ["user.created", "user.login"],
      created_at_after: null,
      empty: [],
      request: { ip: "1.2.3.4" },
      skip: undefined,
    }));
    assert.equal(
      r.last().url.search,
      "?event_type%5B%5D=user.created&event_type%5B%5D=user.login&created_at_after=&empty%5B%5D=&request%5Bip%5D=1.2.3.4",
    );
  });

  it("escapes hostile ids as one path segment", async () => {
    const r = recorder([], json(200, userJson()));
    const ar = client(r.fetch);
    for (
      const [id, seg] of [
        ["a/b", "a%2Fb"],
        ["what?x=1", "what%3Fx%3D1"],
        ["sally sue", "sally%20sue"],
        ["josé@ex.com", "jos%C3%A9%40ex.com"],
        ["#frag", "%23frag"],
        ["../realms", "..%2Frealms"],
      ]
    ) {
      await ar.users.find(id);
      assert.equal(r.last().url.pathname, `/v1/users/${seg}`, id);
      assert.equal(r.last().url.search, "");
    }
  });

  it("refuses blank, '.' and '..' ids without a request: InvalidId, not a 404 no server sent", async () => {
    const r = recorder();
    const ar = client(r.fetch);
    for (const id of ["", " ", ".", "..", undefined, 42]) {
      const bad = id as string;
      await assert.rejects(
        ar.users.find(bad),
        (e) => e instanceof InvalidId && !(e instanceof RecordNotFound) && e.code === "invalid_id",
      );
      await assert.rejects(ar.users.retrieve(bad), InvalidId, "a programming error, not null");
      await assert.rejects(ar.users.update(bad, { first_name: "x" }), InvalidId);
    }
    await assert.rejects(ar.users.delete(".."), InvalidId);
    const u = new User({ id: "..", object: "user" }, ar);
    await assert.rejects(u.update({ first_name: "x" }), InvalidId);
    await assert.rejects(u.reload(), InvalidId);
    assert.equal(r.seen.length, 0);
  });
});

describe("the api.md table, on users", () => {
  it("all(params) → Collection with moreResults and metadata", async () => {
    const r = recorder([
      json(200, {
        more_results: true,
        total: 3,
        collection: [userJson("usr_1"), userJson("usr_2", { username: "bob" })],
      }),
    ]);
    const page = await client(r.fetch).users.all({ max_results: 2, user_type: "human" });
    assert.equal(r.last().method, "GET");
    assert.equal(r.last().path, "users");
    assert.equal(r.last().url.search, "?max_results=2&user_type=human");
    assert.ok(page instanceof Collection);
    assert.ok(Array.isArray(page));
    assert.equal(page.length, 2);
    assert.equal(page.moreResults, true);
    assert.deepEqual(page.metadata, { more_results: true, total: 3 });
    assert.ok(page[0] instanceof User);
    assert.equal(page[1].username, "bob");
    assert.ok(!(page.map((u) => u.id) instanceof Collection));
  });

  it("an empty or null collection is an empty page", async () => {
    const r = recorder([json(200, { collection: null }), json(200, { more_results: false })]);
    const ar = client(r.fetch);
    assert.equal((await ar.users.all()).length, 0);
    const p = await ar.users.all();
    assert.equal(p.length, 0);
    assert.equal(p.moreResults, false);
  });

  it("all() on 422 throws ValidationError with the messages", async () => {
    const r = recorder([json(422, { errors: { max_results: ["is out of range"] } })]);
    await assert.rejects(client(r.fetch).users.all({ max_results: 0 }), (e) => {
      assert.ok(e instanceof ValidationError);
      assert.deepEqual(e.errors, ["is out of range"]);
      return true;
    });
  });

  it("iterate() walks every page with after = last id", async () => {
    const r = recorder([
      json(200, { more_results: true, collection: [userJson("usr_1"), userJson("usr_2")] }),
      json(200, { more_results: true, collection: [userJson("usr_3")] }),
      json(200, { more_results: false, collection: [userJson("usr_4")] }),
    ]);
    const ids: string[] = [];
    for await (const u of client(r.fetch).users.iterate({ max_results: 2 })) ids.push(u.id);
    assert.deepEqual(ids, ["usr_1", "usr_2", "usr_3", "usr_4"]);
    assert.deepEqual(r.seen.map((s) => s.url.search), [
      "?max_results=2",
      "?max_results=2&after=usr_2",
      "?max_results=2&after=usr_3",
    ]);
  });

  it("first() sends max_results=1 and gives the record or null", async () => {
    const r = recorder([json(200, { collection: [userJson()] }), json(200, { collection: [] })]);
    const ar = client(r.fetch);
    const u = await ar.users.first({ username: "sally" });
    assert.equal(r.seen[0].url.search, "?username=sally&max_results=1");
    assert.equal(u?.id, "usr_1");
    assert.equal(await ar.users.first(), null);
  });

  it("find(idOrUsername) → record; 404 → RecordNotFound", async () => {
    const r = recorder([json(200, userJson()), json(404, { error: "not found" })]);
    const ar = client(r.fetch);
    const u = await ar.users.find("sally", { realm_id: "rl_x" });
    assert.equal(r.seen[0].path, "users/sally");
    assert.equal(r.seen[0].url.search, "?realm_id=rl_x");
    assert.ok(u instanceof User);
    assert.equal(u.username, "sally");
    await assert.rejects(ar.users.find("nobody"), RecordNotFound);
  });

  it("retrieve(id) → record, or null (never false) on 404", async () => {
    const r = recorder([json(200, userJson()), json(404, {})]);
    const ar = client(r.fetch);
    assert.equal((await ar.users.retrieve("usr_1"))?.id, "usr_1");
    assert.strictEqual(await ar.users.retrieve("usr_x"), null);
  });

  it("create(attrs) wraps in the root, keeps request outside, returns the record", async () => {
    const r = recorder([json(201, userJson("usr_9", { username: "dave" }))]);
    const u = await client(r.fetch).users.create({
      username: "dave",
      password: "secret123",
      request: { ip: "10.0.0.1", client: "test" },
    });
    assert.equal(r.last().method, "POST");
    assert.equal(r.last().path, "users");
    assert.equal(r.last().headers.get("content-type"), "application/json");
    assert.deepEqual(r.last().body, {
      user: { username: "dave", password: "secret123" },
      request: { ip: "10.0.0.1", client: "test" },
    });
    assert.equal(u.id, "usr_9");
    assert.ok(u.valid);
    assert.equal(u.hasErrors, false);
  });

  it("create does not wrap twice when the root is given", async () => {
    const r = recorder([json(201, userJson())]);
    await client(r.fetch).users.create({ user: { username: "x" }, request: { ip: "1" } });
    assert.deepEqual(r.last().body, { user: { username: "x" }, request: { ip: "1" } });
  });

  it("create on 422 returns the record with errors and the submitted attributes", async () => {
    const r = recorder([json(422, { errors: { username: ["Username can't be blank"] } })]);
    const u = await client(r.fetch).users.create({ email: "a@b.c", password: "pw" });
    assert.deepEqual(u.errors, ["Username can't be blank"]);
    assert.equal(u.hasErrors, true);
    assert.equal(u.valid, false);
    assert.equal(u.email, "a@b.c");
    assert.equal(u.get("password"), undefined);
  });

  it("a 409/422 without messages synthesises 'Validation error'", async () => {
    const r = recorder([json(409, {})]);
    const u = await client(r.fetch).users.create({ username: "x" });
    assert.deepEqual(u.errors, ["Validation error"]);
  });

  it("createOrThrow throws RecordInvalid with .record and .errors", async () => {
    const r = recorder([json(422, { errors: { username: ["Username can't be blank"] } })]);
    await assert.rejects(client(r.fetch).users.createOrThrow({}), (e) => {
      assert.ok(e instanceof RecordInvalid);
      assert.deepEqual(e.errors, ["Username can't be blank"]);
      assert.ok(e.record instanceof User);
      assert.equal(e.message, "User Invalid: Username can't be blank");
      return true;
    });
  });

  it("record.update(attrs) → true and refreshed, or false with errors; later success clears", async () => {
    const r = recorder([
      json(200, userJson()),
      json(200, userJson("usr_1", { first_name: "Sal" })),
      json(422, { errors: { email: ["Email is invalid"] } }),
      json(200, userJson("usr_1", { email: "ok@x.y" })),
    ]);
    const u = await client(r.fetch).users.find("usr_1");
    assert.equal(await u.update({ first_name: "Sal" }), true);
    assert.equal(r.seen[1].method, "PUT");
    assert.equal(r.seen[1].path, "users/usr_1");
    assert.deepEqual(r.seen[1].body, { user: { first_name: "Sal" } });
    assert.equal(u.first_name, "Sal");
    assert.equal(await u.update({ email: "bad" }), false);
    assert.deepEqual(u.errors, ["Email is invalid"]);
    assert.equal(u.first_name, "Sal", "a failed update keeps the fields");
    assert.equal(await u.update({ email: "ok@x.y" }), true);
    assert.deepEqual(u.errors, []);
    assert.equal(u.email, "ok@x.y");
  });

  it("record.updateOrThrow throws RecordInvalid", async () => {
    const r = recorder([json(200, userJson()), json(422, { errors: { x: ["bad"] } })]);
    const u = await client(r.fetch).users.find("usr_1");
    await assert.rejects(u.updateOrThrow({ email: "" }), RecordInvalid);
  });

  it("users.update(id, attrs) and updateOrThrow(id, attrs)", async () => {
    const r = recorder([
      json(200, userJson("usr_1", { last_name: "Z" })),
      json(422, { errors: { last_name: ["too long"] } }),
      json(422, { errors: { last_name: ["too long"] } }),
    ]);
    const ar = client(r.fetch);
    const u = await ar.users.update("usr_1", { last_name: "Z" });
    assert.equal(u.last_name, "Z");
    const bad = await ar.users.update("usr_1", { last_name: "…" });
    assert.deepEqual(bad.errors, ["too long"]);
    assert.equal(bad.id, "usr_1");
    await assert.rejects(ar.users.updateOrThrow("usr_1", { last_name: "…" }), RecordInvalid);
  });

  it("record.delete(params) → true, or false with errors", async () => {
    const r = recorder([
      json(200, userJson()),
      new Response(null, { status: 204 }),
      json(409, {
        errors: { base: ["Cannot delete"] },
      }),
    ]);
    const u = await client(r.fetch).users.find("usr_1");
    assert.equal(await u.delete({ request: { ip: "1.1.1.1" } }), true);
    assert.equal(r.seen[1].method, "DELETE");
    assert.equal(r.seen[1].url.search, "?request%5Bip%5D=1.1.1.1");
    assert.equal(r.seen[1].body, undefined);
    assert.equal(await u.delete(), false);
    assert.deepEqual(u.errors, ["Cannot delete"]);
  });

  it("users.delete(id) → true; throws RecordInvalid on errors", async () => {
    const r = recorder([json(200, {}), json(409, { errors: { base: ["in use"] } })]);
    const ar = client(r.fetch);
    assert.equal(await ar.users.delete("usr_1"), true);
    await assert.rejects(
      ar.users.delete("usr_1"),
      (e) => e instanceof RecordInvalid && e.errors[0] === "in use",
    );
  });

  it("record.reload() refreshes the fields", async () => {
    const r = recorder([json(200, userJson()), json(200, userJson("usr_1", { name: "New" }))]);
    const u = await client(r.fetch).users.find("usr_1");
    const same = await u.reload();
    assert.equal(same, u);
    assert.equal(u.name, "New");
    assert.equal(r.last().path, "users/usr_1");
  });
});

describe("records", () => {
  it("timestamps are Dates (int or float seconds), null stays null; toJSON gives the API's shape", async () => {
    const r = recorder([json(200, userJson("usr_1", { extra_field: { a: 1 } }))]);
    const u = await client(r.fetch).users.find("usr_1");
    assert.ok(u.created_at instanceof Date);
    assert.equal(u.created_at!.getTime(), 1396582483874);
    assert.equal(u.last_login_at, null);
    assert.deepEqual(u.get("extra_field"), { a: 1 }, "unknown fields are kept");
    assert.equal((u as unknown as Record<string, unknown>).extra_field !== undefined, true);
    assert.deepEqual(u.toJSON(), userJson("usr_1", { extra_field: { a: 1 } }));
    assert.deepEqual(JSON.parse(JSON.stringify(u)), userJson("usr_1", { extra_field: { a: 1 } }));
  });

  it("fields are read-only at run time, and a timestamp reads as the same Date each time", () => {
    const u = new User(userJson());
    assert.throws(() => {
      (u as unknown as Record<string, unknown>).username = "mallory";
    }, TypeError);
    assert.equal(u.username, "sally");
    assert.equal(u.created_at, u.created_at);
    assert.deepEqual(Object.keys(u), [], "declared fields live on the prototype");
    assert.equal(new User({ id: "x", brand_new_at: 1700000000 }).get("brand_new_at"), 1700000000);
    assert.equal(
      (new User({ id: "x", brand_new_at: 1700000000 }) as unknown as Record<string, unknown>)
        .brand_new_at,
      1700000000,
      "a Date only when declared time, not because of an _at suffix",
    );
    assert.ok(new User({ id: "x", last_login_at: 1700000000 }).last_login_at instanceof Date);
  });

  it("records remember their client: associations use its realm and key", async () => {
    const r = recorder([
      json(200, userJson()),
      json(200, { collection: [{ id: "mb_1", object: "membership", user_id: "usr_1" }] }),
    ]);
    const ar = client(r.fetch).withRealm("rl_scoped");
    const u = await ar.users.find("usr_1");
    assert.equal(u.client, ar);
    await u.memberships();
    assert.equal(r.last().headers.get("x-authrocket-realm"), "rl_scoped");
    assert.equal(r.last().url.search, "?user_id=usr_1");
  });

  it("the class is chosen by `object` when present", async () => {
    const r = recorder([json(200, { collection: [{ id: "org_1", object: "org", name: "O" }] })]);
    const page = await client(r.fetch).users.all();
    assert.ok(page[0] instanceof Org);
  });

  it("isHuman / isApi", () => {
    assert.equal(new User({ user_type: "human" }).isHuman, true);
    assert.equal(new User({ user_type: "api" }).isApi, true);
    assert.equal(new User({ user_type: "api" }).isHuman, false);
  });

  it("membership.anyPermission with strings and RegExps", () => {
    const m = new Membership({ permissions: ["forum:read", "admin"] });
    assert.equal(m.anyPermission("admin"), true);
    assert.equal(m.anyPermission("nope", /^forum:/), true);
    assert.equal(m.anyPermission("nope", /^x/), false);
    assert.equal(m.anyPermission(/adm/g), true);
    assert.equal(m.anyPermission(/adm/g), true, "a global RegExp is not stateful");
    assert.equal(new Membership({}).anyPermission("a"), false);
  });
});
