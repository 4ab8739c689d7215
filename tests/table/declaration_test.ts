// The declaration at run time: unknown attributes refused before any request (with the nearest
// names), the escape hatch, Dates for declared times, ids checked, malformed answers refused
// with a typed error, records that inspect as themselves, errors mapped to fields, and the
// emulator, the record classes and the table agreeing on every declared field's kind.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { inspect } from "node:util";
import {
  ArgumentError,
  type AuthRocket,
  Membership,
  Realm,
  RecordInvalid,
  ResponseError,
  Session,
  unchecked,
  UnknownAttribute,
  User,
} from "../../mod.ts";
import type { ArRecord } from "../../mod.ts";
import type { TABLE } from "../../internal.ts";
import type { Field } from "../../internal.ts";
import { createEmulator } from "../../testing.ts";
import { client, json, recorder, userJson } from "../helpers.ts";

/** Call an API the way plain JavaScript may: with whatever arguments. */
// deno-lint-ignore ban-types
const js = (f: Function, ...args: unknown[]) => f(...args) as Promise<unknown>;

describe("unknown attributes are refused before any request", () => {
  const unknown = (name: string, near: string) => (e: unknown) => {
    assert.ok(e instanceof UnknownAttribute, String(e));
    assert.equal(e.code, "unknown_attribute");
    assert.equal(e.attribute, name);
    assert.ok(e.suggestions.includes(near), `${e.suggestions} has ${near}`);
    assert.match(e.message, new RegExp(`${name}.*did you mean ${near}`));
    assert.match(e.message, /unchecked\(/, "the message names the escape hatch");
    return true;
  };

  it("in create, update, a record's update, a has_many createX and a list filter", async () => {
    const r = recorder([json(200, userJson()), json(200, { id: "rl_1", object: "realm" })]);
    const ar = client(r.fetch);
    await assert.rejects(
      js(ar.users.create, { frist_name: "Sal" }),
      unknown("frist_name", "first_name"),
    );
    await assert.rejects(
      js(ar.users.createOrThrow, { user: { usernme: "x" } }),
      unknown("usernme", "username"),
    );
    await assert.rejects(js(ar.users.update, "usr_1", { emial: "x" }), unknown("emial", "email"));
    await assert.rejects(js(ar.users.all, { user_typ: "api" }), unknown("user_typ", "user_type"));
    await assert.rejects(js(ar.users.first, { srot: "id" }), unknown("srot", "sort"));
    assert.equal(r.seen.length, 0, "no request was sent");
    const user = await ar.users.find("usr_1");
    const realm = await ar.realms.find("rl_1");
    await assert.rejects(
      js(user.update.bind(user), { lst_name: "x" }),
      unknown("lst_name", "last_name"),
    );
    await assert.rejects(
      js(realm.createOrgOrThrow.bind(realm), { nmae: "Acme" }),
      unknown("nmae", "name"),
    );
    await assert.rejects(js(realm.users.bind(realm), { stat: "active" }), unknown("stat", "state"));
    // A read-only field is not an attribute of a write either.
    await assert.rejects(js(user.update.bind(user), { created_at: 1 }), UnknownAttribute);
    assert.equal(r.seen.length, 2, "only the two finds were sent");
  });

  it("unchecked() sends fields the declaration does not know yet, as given", async () => {
    const r = recorder([], json(200, userJson()));
    const ar = client(r.fetch);
    await ar.users.create(unchecked({ username: "x", brand_new_field: true }));
    assert.deepEqual(r.last().body as Record<string, Record<string, unknown>>, {
      user: { username: "x", brand_new_field: true },
    });
    await ar.users.all(unchecked({ future_filter: "1" }));
    assert.equal(r.last().url.search, "?future_filter=1");
  });

  it("create() without attributes (plain JavaScript) is a clear ArgumentError, not a TypeError", async () => {
    const r = recorder();
    const ar = client(r.fetch);
    for (const bad of [undefined, null, "sally", ["x"]]) {
      await assert.rejects(js(ar.users.create, bad), (e) => {
        assert.ok(e instanceof ArgumentError && !(e instanceof TypeError), String(e));
        assert.match(e.message, /user create takes an object of attributes/);
        return true;
      });
    }
    assert.equal(r.seen.length, 0);
  });

  it("a time field given as a Date is sent as Unix seconds (declared time, not named _at)", async () => {
    const r = recorder([], json(200, { id: "mb_1", object: "membership" }));
    await client(r.fetch).memberships.create({
      user_id: "usr_1",
      expires_at: new Date(1_700_000_000_000),
    });
    assert.equal(
      (r.last().body as Record<string, Record<string, unknown>>).membership.expires_at,
      1_700_000_000,
    );
  });
});

describe("malformed answers are a ResponseError, never a TypeError or a fake record", () => {
  const malformed = (e: unknown) => {
    assert.ok(e instanceof ResponseError, `${e}`);
    assert.match(e.message, /Malformed response/);
    return true;
  };
  const list = (collection: unknown) => json(200, { more_results: false, collection });

  for (
    const [what, body] of [
      ["collection holding null", list([null])],
      ["collection holding a number", list([42])],
      ["collection holding a string", list(["usr_1"])],
      ["collection not an array", list({ id: "usr_1" })],
      [
        "a collection record whose object is constructor",
        list([{ id: "x", object: "constructor" }]),
      ],
    ] as const
  ) {
    it(what, async () => {
      const r = recorder([], body);
      await assert.rejects(client(r.fetch).users.all(), malformed);
    });
  }

  for (const object of ["constructor", "toString", "__proto__", "hasOwnProperty"]) {
    it(`object: ${JSON.stringify(object)}`, async () => {
      const r = recorder([], () => new Response(`{"id":"usr_1","object":"${object}"}`));
      await assert.rejects(client(r.fetch).users.find("usr_1"), malformed);
    });
  }

  for (const field of ["toString", "valueOf", "constructor", "__proto__"]) {
    it(`a record field named ${field}`, async () => {
      const body = `{"id":"usr_1","object":"user","${field}":{"x":1}}`;
      const r = recorder([], () => new Response(body));
      await assert.rejects(client(r.fetch).users.find("usr_1"), (e) => {
        return malformed(e) && (e as ResponseError).status === 200;
      });
    });
  }

  it("a created record (201) with a field named constructor: the error carries 201", async () => {
    const body = `{"id":"usr_1","object":"user","constructor":1}`;
    const r = recorder([], () => new Response(body, { status: 201 }));
    await assert.rejects(client(r.fetch).users.create({ username: "sam" }), (e) => {
      return malformed(e) && (e as ResponseError).status === 201 &&
        /constructor/.test((e as Error).message);
    });
  });

  it("errors as a string: the record holds it, and createOrThrow throws RecordInvalid", async () => {
    const r = recorder([], json(422, { errors: "Username has already been taken" }));
    const ar = client(r.fetch);
    const u = await ar.users.create({ username: "x" });
    assert.deepEqual(u.errors, ["Username has already been taken"]);
    await assert.rejects(ar.users.createOrThrow({ username: "x" }), RecordInvalid);
  });

  it("iterate() stops with a ResponseError when the next page does not advance", async () => {
    const page = json(200, { more_results: true, collection: [userJson("usr_1")] });
    const r = recorder([], () => page.clone());
    const seen: string[] = [];
    await assert.rejects(async () => {
      for await (const u of client(r.fetch).users.iterate()) seen.push(u.id);
    }, malformed);
    assert.deepEqual(seen, ["usr_1", "usr_1"]);
    assert.equal(r.seen.length, 2, "two pages, then the loop is refused");
  });
});

describe("records inspect as themselves", () => {
  it("console.log / util.inspect shows the class, the id and the fields, never a token or key", () => {
    const u = new User(userJson("usr_1", {
      token: "kli_SECRETTOKEN123",
      api_key: "ko_SECRETAPIKEY123456",
      password_reset_token: "kpw_SECRET",
    }));
    const shown = inspect(u);
    assert.match(shown, /^User \{/);
    assert.match(shown, /usr_1/);
    assert.match(shown, /sally/);
    for (const secret of ["kli_SECRETTOKEN123", "ko_SECRETAPIKEY123456", "kpw_SECRET"]) {
      assert.ok(!shown.includes(secret), `${secret} hidden`);
    }
    assert.match(
      inspect(new Realm({ id: "rl_1", object: "realm", jwt_key: "jsk_SECRET" })),
      /^Realm \{/,
    );
    assert.ok(!inspect(new Realm({ id: "rl_1", jwt_key: "jsk_SECRET" })).includes("jsk_SECRET"));
    assert.notEqual(inspect(new Session({ id: "kss_1", user_id: "usr_1" })), "Session {}");
  });
});

describe("validation errors mapped to fields", () => {
  it("errorsOn(field) reads the API's messages that start with the field's human name", async () => {
    const r = recorder(
      [],
      json(422, {
        errors: [
          "Username has already been taken",
          "Password is too short (minimum is 8 characters)",
          "Password confirmation doesn't match Password",
          "First name is invalid",
          "Something else went wrong",
        ],
      }),
    );
    const u = await client(r.fetch).users.create({ username: "x" });
    assert.equal(u.errors.length, 5, "the API's messages are kept as sent");
    assert.deepEqual(u.errorsOn("username"), ["Username has already been taken"]);
    assert.deepEqual(u.errorsOn("password"), ["Password is too short (minimum is 8 characters)"]);
    assert.deepEqual(u.errorsOn("password_confirmation"), [
      "Password confirmation doesn't match Password",
    ]);
    assert.deepEqual(u.errorsOn("first_name"), ["First name is invalid"]);
    assert.deepEqual(u.errorsOn("email"), []);
  });
});

// ---------------------------------------------------------------------------------------------
// Every declared field through the emulator: create → find → list, and each decoded value is of
// its declared kind. A record class, a param type or an emulator rule that disagrees fails here.

const KIND: Record<Field["kind"], (v: unknown, f: Field) => boolean> = {
  string: (v) => typeof v === "string",
  int: (v) => Number.isInteger(v),
  bool: (v) => typeof v === "boolean",
  time: (v) => v instanceof Date && !Number.isNaN(v.getTime()),
  hash: (v) => typeof v === "object" && v !== null && !Array.isArray(v),
  array: (v) => Array.isArray(v),
  enum: (v, f) => typeof v === "string" && f.values!.includes(v),
};

function assertKinds(rec: ArRecord, where: string) {
  const def = (rec.constructor as unknown as { def: typeof TABLE.user }).def;
  const fields = def.fields as Record<string, Field>;
  for (const [name, f] of Object.entries(fields)) {
    if (f.wo) {
      assert.equal(rec.get(name), undefined, `${where}: write-only ${name} never sent back`);
      continue;
    }
    const v = (rec as unknown as Record<string, unknown>)[name];
    // Absent is null-like (the emulator omits what was never set); optional fields may be absent.
    if (v === undefined && f.optional) continue;
    if (v === null || v === undefined) {
      const nullable = !(f.kind === "enum" || f.kind === "array" || f.always ||
        f.req === true || f.req === "realm" || f.default !== undefined);
      assert.ok(nullable, `${where}: ${name} is null but declared never null`);
      continue;
    }
    assert.ok(KIND[f.kind](v, f), `${where}: ${name} = ${inspect(v)} is not a ${f.kind}`);
  }
}

describe("the emulator, the record classes and the declaration agree on every field", () => {
  const emu = createEmulator({ passwordIterations: 1000 });

  it("for each resource created, found and listed, every value is of its declared kind", async () => {
    const base: AuthRocket = emu.client();
    const realm = await base.realms.createOrThrow({
      name: `Kinds ${Math.random()}`,
      custom: { a: 1 },
      jwt_fields: ["custom"],
      resource_links: [{ title: "Help", url: "https://help.example" }],
    });
    const ar = base.withRealm(realm.id);
    const user = await ar.users.createOrThrow({
      user_type: "human",
      username: "Kinds",
      email: "Kinds@Example.com",
      password: "correct horse",
      first_name: "K",
      reference: "ref-1",
      custom: { b: 2 },
    });
    assert.equal(user.username, "kinds", "declared lower");
    assert.equal(user.email, "kinds@example.com", "declared lower");
    const org = await ar.orgs.createOrThrow({ name: "Kinds Inc", reference: "o-1" });
    const made: ArRecord[] = [
      realm,
      user,
      org,
      await ar.memberships.createOrThrow({
        user_id: user.id,
        org_id: org.id,
        permissions: ["read"],
        expires_at: new Date(Date.now() + 86_400_000),
      }),
      await ar.sessions.createOrThrow({ user_id: user.id }),
      await ar.authProviders.createOrThrow({
        provider_type: "github",
        client_id: "cid",
        name: "GH",
      }),
      await ar.loginPolicies.createOrThrow({
        name: "App",
        login_handler: "https://app.example/login",
      }),
      await ar.appHooks.createOrThrow({
        event_type: ["user.created"],
        hook_type: "webhook",
        destination: "https://hooks.example/1",
      }),
      await ar.jwtKeys.createOrThrow({ algo: "hs256", use: "sign" }),
      await ar.credentials.createOrThrow({
        user_id: user.id,
        credential_type: "totp",
        name: "Phone",
      }),
    ];
    for (const rec of made) {
      const def =
        (rec.constructor as unknown as { def: { object: string; verbs: readonly string[] } })
          .def;
      assertKinds(rec, `${def.object} (create)`);
      const api = ar.resource(def.object);
      assertKinds(await api.find(rec.id), `${def.object} (find)`);
      if (def.verbs.includes("list")) {
        const filter = def.object === "membership" || def.object === "session"
          ? { user_id: user.id }
          : {};
        const page = await api.all(filter);
        assert.ok(page.length > 0, `${def.object} listed`);
        for (const r of page) assertKinds(r, `${def.object} (list)`);
      }
    }
    for (const e of await ar.events.all({ max_results: 20 })) assertKinds(e, "event (list)");
    assert.ok(made.some((r) => r instanceof Membership));
  });
});
