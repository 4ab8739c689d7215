// Login tokens (src/verify.ts): every claim mapped to the Session, every bad token null, and managed
// sessions through the API. The keys: tests/jwt/keys_test.ts, tests/jwt/keys_cache_test.ts.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { ConfigError, Membership, Org, Session, User, verifySession } from "../mod.ts";
import { b64url, claims, hs256, NOW, NOW_S, SECRET, signRaw } from "./tokens.ts";
import { client, json, recorder, userJson } from "./helpers.ts";

const opts = { jwtSecret: SECRET, now: NOW };

describe("claims", () => {
  it("maps tk, iat, exp, uid, aud, un, fn, ln, n, cs to the Session and its User", async () => {
    const token = await hs256(claims({ cs: { plan: "pro" } }));
    const s = await verifySession(token, opts);
    assert.ok(s instanceof Session);
    assert.equal(s.id, "kss_0v1zUpWdE4IiFc2w5ynSbb");
    assert.equal(s.token, token);
    assert.equal(s.user_id, "usr_0v1zUpWdE4IiFc2w5ynShf");
    assert.deepEqual(s.created_at, new Date((NOW_S - 60) * 1000));
    assert.deepEqual(s.expires_at, new Date((NOW_S + 3600) * 1000));
    const u = await s.user();
    assert.ok(u instanceof User);
    assert.equal(u.id, "usr_0v1zUpWdE4IiFc2w5ynShf");
    assert.equal(u.realm_id, "rl_0v1zUpWdE4IiFc2w5ynSaa");
    assert.equal(u.username, "sally");
    assert.equal(u.first_name, "Sally");
    assert.equal(u.last_name, "Sue");
    assert.equal(u.name, "Sally Sue");
    assert.deepEqual(u.custom, { plan: "pro" });
    assert.equal(await s.user(), u);
  });

  it("without exp, cs or m: open-ended session, null custom", async () => {
    const { exp: _e, ...rest } = claims();
    const s = (await verifySession(await hs256(rest), opts))!;
    assert.equal(s.expires_at, null);
    assert.equal((await s.user()).custom, null);
  });

  it("m: memberships with p, cs, oid; o and ocs build the Org, all with no API call", async () => {
    const token = await hs256(claims({
      m: [
        { p: ["admin", "forum:*"], cs: { seat: 1 }, oid: "org_A", o: "Acme", ocs: { tier: 2 } },
        { p: ["read"], oid: "org_B" },
        { p: [] },
      ],
    }));
    const r = recorder();
    const s =
      (await client(r.fetch, { jwtSecret: SECRET }).sessions.fromToken(token, { now: NOW }))!;
    const ms = await (await s.user()).memberships();
    assert.equal(ms.length, 3);
    assert.ok(ms[0] instanceof Membership);
    assert.deepEqual(ms[0].permissions, ["admin", "forum:*"]);
    assert.deepEqual(ms[0].custom, { seat: 1 });
    assert.equal(ms[0].org_id, "org_A");
    assert.equal(ms[0].user_id, "usr_0v1zUpWdE4IiFc2w5ynShf");
    assert.equal(ms[0].id, undefined, "memberships from tokens have no id");
    assert.ok(ms[0].anyPermission(/^forum:/));
    const org = (await ms[0].org())!;
    assert.ok(org instanceof Org);
    assert.deepEqual(
      { id: org.id, name: org.name, realm_id: org.realm_id, custom: org.custom },
      { id: "org_A", name: "Acme", realm_id: "rl_0v1zUpWdE4IiFc2w5ynSaa", custom: { tier: 2 } },
    );
    assert.equal(ms[2].org_id, null);
    assert.equal(await ms[2].org(), null, "an org-less membership has no org");
    assert.equal((await ms[0].user()).id, s.user_id);
    assert.equal(r.seen.length, 0, "no API call");
  });

  it("a session from fromToken carries the client: user().reload() calls the API", async () => {
    const r = recorder([json(200, userJson("usr_0v1zUpWdE4IiFc2w5ynShf", { email: "s@x.y" }))]);
    const s =
      (await client(r.fetch, { jwtSecret: SECRET }).sessions.fromToken(await hs256(claims()), {
        now: NOW,
      }))!;
    const u = await s.user();
    await (u as unknown as { reload(): Promise<unknown> }).reload();
    assert.equal(r.last().path, "users/usr_0v1zUpWdE4IiFc2w5ynShf");
    assert.equal(u.email, "s@x.y");
  });

  it("a session from bare verifySession has no client: API calls throw ConfigError", async () => {
    const s = (await verifySession(await hs256(claims()), opts))!;
    const u = await s.user();
    await assert.rejects((u as unknown as { reload(): Promise<unknown> }).reload(), ConfigError);
  });
});

describe("bad tokens are null, never thrown", () => {
  const cases: [string, () => Promise<string | null | undefined>, object?][] = [
    ["missing", () => Promise.resolve(undefined)],
    ["null", () => Promise.resolve(null)],
    ["empty", () => Promise.resolve("")],
    ["expired", () => hs256(claims({ exp: NOW_S - 6 }))],
    ["not yet valid (nbf)", () => hs256(claims({ nbf: NOW_S + 6 }))],
    ["issued in the future (iat)", () => hs256(claims({ iat: NOW_S + 6 }))],
    ["too old for within", () => hs256(claims({ iat: NOW_S - 61 })), { within: 60 }],
    ["within without iat", () => hs256({ uid: "usr_1" }), { within: 60 }],
    ["non-numeric exp", () => hs256(claims({ exp: "never" }))],
    ["wrong secret", () => hs256(claims(), "jsk_other")],
    ["tampered header", async () => {
      const [, p, s] = (await hs256(claims())).split(".");
      return `${b64url('{"alg":"HS256","typ":"JWT","x":1}')}.${p}.${s}`;
    }],
    ["tampered payload", async () => {
      const [h, , s] = (await hs256(claims())).split(".");
      return `${h}.${b64url(JSON.stringify(claims({ uid: "usr_admin" })))}.${s}`;
    }],
    ["tampered signature", async () => {
      const t = await hs256(claims());
      return t.slice(0, -3) + (t.endsWith("AAA") ? "BBB" : "AAA");
    }],
    ["truncated", async () => (await hs256(claims())).slice(0, -10)],
    ["two segments", async () => (await hs256(claims())).split(".").slice(0, 2).join(".")],
    ["extra segments", async () => (await hs256(claims())) + ".abc"],
    ["non-base64url characters", async () => (await hs256(claims())).replace(/^(.{10})./, "$1*")],
    ["padding", async () => (await hs256(claims())) + "="],
    ["whitespace", async () => " " + (await hs256(claims()))],
    ["non-JSON payload", () => signRaw({ alg: "HS256" }, "not json")],
    ["payload is a JSON array", () => signRaw({ alg: "HS256" }, "[1,2]")],
    [
      "alg none",
      () => Promise.resolve(`${b64url('{"alg":"none"}')}.${b64url(JSON.stringify(claims()))}.`),
    ],
    [
      "alg none with a signature",
      () => Promise.resolve(`${b64url('{"alg":"none"}')}.${b64url(JSON.stringify(claims()))}.AAAA`),
    ],
    ["crit header", () => signRaw({ alg: "HS256", crit: ["exp"] }, claims())],
    ["huge token (> 16 KiB)", () => hs256(claims({ pad: "x".repeat(17000) }))],
  ];
  for (const [name, make, extra] of cases) {
    it(name, async () => {
      const token = await make();
      assert.equal(await verifySession(token, { ...opts, ...extra }), null);
    });
  }

  it("a good token passes the same options (the cases above are not vacuous)", async () => {
    assert.ok(await verifySession(await hs256(claims()), { ...opts, within: 60 }));
    assert.ok(await verifySession(await hs256(claims({ exp: NOW_S - 4 })), opts), "leeway 5 s");
    assert.equal(
      await verifySession(await hs256(claims({ exp: NOW_S - 4 })), { ...opts, leeway: 0 }),
      null,
    );
    assert.ok(await verifySession(await hs256(claims({ nbf: NOW_S + 4, iat: NOW_S + 4 })), opts));
    assert.ok(await verifySession(await hs256(claims()), { ...opts, now: new Date(NOW) }));
  });
});

describe("managed sessions through the API", () => {
  it("sessions.retrieve(token) and retrieve(kss_) → Session, null when unknown; delete(kss_)", async () => {
    const token = await hs256(claims());
    const r = recorder([
      json(200, {
        id: "kss_1",
        object: "session",
        user_id: "usr_1",
        token,
        created_at: NOW_S,
        expires_at: NOW_S + 60,
      }),
      json(404, {}),
      json(200, { id: "kss_1", object: "session", user_id: "usr_1" }),
      json(200, {}),
    ]);
    const ar = client(r.fetch);
    const s = await ar.sessions.retrieve(token);
    assert.equal(r.seen[0].path, `sessions/${token}`);
    assert.ok(s instanceof Session);
    assert.equal(s.id, "kss_1");
    assert.equal(await ar.sessions.retrieve("kss_gone"), null);
    assert.equal((await ar.sessions.retrieve("kss_1"))?.user_id, "usr_1");
    assert.equal(await ar.sessions.delete("kss_1"), true);
    assert.equal(r.last().method, "DELETE");
    assert.equal(r.last().path, "sessions/kss_1");
  });
});
