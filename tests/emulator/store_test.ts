// The store's value indexes answer every lookup a request makes by value: idsWhere equals a
// scan of Store.values through a random history (puts, re-puts, in-place changes, deletes,
// realm moves, restores), and each lookup of the API (a list filter, a username, a session
// token, an API key, a page) reads only the rows it answers with, however big the realm.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { type Emulator, Store, type StoredRecord } from "../../testing.ts";
import { prng } from "../helpers.ts";
import { emulatorRealm } from "../realm.ts";

describe("emulator store: idsWhere ≡ a scan of values", () => {
  it("agrees with a scan after every step of a random history", () => {
    const rand = prng(7);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];
    const store = new Store(["user"]);
    const realms = ["rl_a", "rl_b", undefined];
    const states = ["active", "inactive", null, undefined, 3];
    const ids = Array.from({ length: 14 }, (_, i) => `usr_${String(i).padStart(2, "0")}`);
    const texts = ["active", "inactive", "", "3", "none"];
    const probe = () => {
      for (const realm of ["rl_a", "rl_b", "rl_c", undefined]) {
        const by = realm === undefined ? undefined : { realm };
        const match = [pick(texts), pick(texts)];
        const want = [...store.values("user", by)]
          .filter((r) => match.includes(String(r.state ?? "")))
          .map((r) => r.id);
        const got = store.idsWhere("user", by, "state", match).flat().sort();
        assert.deepEqual(got, want, `${realm} ${match}`);
        const prefix = [...store.values("user", by)]
          .filter((r) => String(r.state ?? "").startsWith("in")).map((r) => r.id);
        const byPrefix = store.idsWhere("user", by, "state", (k) => k.startsWith("in"));
        assert.deepEqual(byPrefix.flat().sort(), prefix);
        for (const l of byPrefix) assert.deepEqual([...l].sort(), l, "each list ascending");
      }
    };
    probe();
    for (let step = 0; step < 800; step++) {
      const id = pick(ids);
      const live = store.get("user", id);
      const roll = rand();
      if (roll < 0.45) {
        const rec: StoredRecord = { id, realm_id: pick(realms), state: pick(states) };
        if (rec.state === undefined) delete rec.state;
        store.put("user", rec);
      } else if (roll < 0.7 && live) {
        live.state = pick(states); // changed in place, then put
        if (rand() < 0.3) live.realm_id = pick(realms);
        store.put("user", live);
      } else if (roll < 0.9) store.del("user", id);
      else store.restore(store.snapshot());
      probe();
    }
  });
});

describe("emulator store: it never holds what it cannot clone and persist", () => {
  it("put and setKv refuse a value nested deeper than MAX_DEPTH or holding a BigInt; nothing changes", () => {
    const store = new Store(["user"]);
    store.put("user", { id: "usr_1", realm_id: "rl_1", username: "ann" });
    store.takeChanges();
    const before = JSON.stringify(store.snapshot());
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i++) deep = [deep];
    const refused: [string, () => void][] = [
      ["deep put", () => store.put("user", { id: "usr_2", realm_id: "rl_1", custom: deep })],
      ["deep re-put", () => store.put("user", { id: "usr_1", realm_id: "rl_1", custom: deep })],
      ["BigInt put", () => store.put("user", { id: "usr_3", realm_id: "rl_1", n: 1n })],
      ["deep kv", () => store.setKv("secrets", "usr_1", { deep })],
    ];
    for (const [what, f] of refused) {
      assert.throws(f, (e) => e instanceof TypeError && /cannot be stored/.test(e.message), what);
    }
    assert.equal(store.changed, false, "nothing marked");
    assert.equal(JSON.stringify(store.snapshot()), before);
    assert.equal(store.ids("user", { realm: "rl_1" }).length, 1);
    // 32 levels (the record itself is the first) are kept.
    let ok: unknown = {};
    for (let i = 0; i < 30; i++) ok = { a: ok };
    store.put("user", { id: "usr_4", realm_id: "rl_1", custom: ok });
    assert.equal(JSON.parse(JSON.stringify(store.snapshot())).tables.user.length, 2);
  });
});

/** Count the rows a request reads: through rows(), get() and values() (every way to a row). */
function countReads(emu: Emulator) {
  const store = emu.store;
  const counter = { reads: 0 };
  const rows = store.rows.bind(store);
  const get = store.get.bind(store);
  const values = store.values.bind(store);
  store.rows = (table) => {
    const m = rows(table);
    return {
      get: (id: string) => (counter.reads++, m.get(id)),
      has: (id: string) => m.has(id),
      get size() {
        return m.size;
      },
    } as ReadonlyMap<string, StoredRecord>;
  };
  store.get = (table, id) => (counter.reads++, get(table, id));
  store.values = (table, by) => {
    const all = [...values(table, by)];
    counter.reads += all.length;
    return all.values();
  };
  return counter;
}

describe("emulator lookups read only the rows they answer with", () => {
  it("with 1,500 users and their sessions in a realm, each lookup reads a handful of rows", async () => {
    const N = 1500;
    const { emu, base, realm, ar } = await emulatorRealm({ name: "Big" }, {
      passwordIterations: 1,
    });
    const org = await ar.orgs.createOrThrow({ name: "Org" });
    let token = "";
    let userId = "";
    let middle = "";
    for (let i = 0; i < N; i++) {
      const u = await ar.users.createOrThrow({
        user_type: "human",
        username: `u${i}`,
        email: `u${i}@example.com`,
        password: "correct horse",
        reference: `ref${i}`,
        state: i === 700 ? "inactive" : "active",
      });
      const s = await ar.sessions.createOrThrow({ user_id: u.id });
      if (i === 600) [token, userId] = [s.token, u.id];
      if (i === 800) middle = u.id;
      if (i % 500 === 0) await ar.memberships.createOrThrow({ user_id: u.id, org_id: org.id });
    }
    const bot = await ar.users.createOrThrow({ user_type: "api", username: "bot" });
    const google = await ar.authProviders.createOrThrow({
      provider_type: "google",
      client_id: "cid",
      client_secret: "shh",
    });
    // A social login of a user who has one already (found by the provider's id), and the
    // first of another (found by email).
    const social = (email: string) => emu.socialAccessToken(google.id, { email });
    await google.authorizeToken({ access_token: social("u5@example.com") });
    await ar.users.authenticate("u3", "correct horse");
    const headers = { "x-authrocket-api-key": emu.apiKey, "x-authrocket-realm": realm.id };
    const counter = countReads(emu);
    const request = async (path: string, init: RequestInit = {}) => {
      counter.reads = 0;
      const res = await emu.fetch(`/v1/${path}`, { headers, ...init });
      assert.ok(res.status < 300, `${path}: ${res.status}`);
      const body = await res.json();
      return { reads: counter.reads, body };
    };
    const lookups: [string, RequestInit?][] = [
      ["users?username=u1234"],
      ["users?email=u42%40example.com"],
      ["users?reference=ref7"],
      ["users?state=inactive"],
      ["users?user_type=api"],
      ["users/u1001"],
      [`users/${userId}`],
      [`sessions/${encodeURIComponent(token)}`],
      [`sessions?user_id=${userId}`],
      [`memberships?org_id=${org.id}`],
      ["events?event_type=user.login"],
      [`users?max_results=5&after=${middle}`],
      ...["u5@example.com", "u6@example.com"].map((email): [string, RequestInit] => [
        `auth_providers/${google.id}/authorize`,
        {
          method: "POST",
          headers: { ...headers, "content-type": "application/json" },
          body: JSON.stringify({ access_token: social(email) }),
        },
      ]),
      [
        "users/authenticate_key",
        {
          method: "POST",
          headers: { ...headers, "content-type": "application/json" },
          body: JSON.stringify({ api_key: bot.api_key }),
        },
      ],
    ];
    const scans: string[] = [];
    for (const [path, init] of lookups) {
      const { reads, body } = await request(path, init);
      const found = Array.isArray(body.collection) ? body.collection.length : 1;
      assert.ok(found >= 1, `${path} found something`);
      // The rows answered, their credentials (a user shows them), the next row for
      // more_results, and a few more: never the realm's 1,500.
      if (reads > 3 * found + 8) scans.push(`${path} read ${reads} rows for ${found}`);
    }
    assert.deepEqual(scans, []);

    // Pages in another order than the ids': the realm is sorted once for the whole walk while
    // its users do not change, and a change is seen at once.
    let total = 0;
    let after = "";
    const seen: string[] = [];
    for (;;) {
      const q = `users?sort=username&direction=desc&max_results=100${after}`;
      const { body, reads } = await request(q);
      total += reads;
      seen.push(...body.collection.map((u: { username: string }) => u.username));
      if (!body.more_results) break;
      after = `&after=${body.collection.at(-1).id}`;
    }
    assert.equal(seen.length, N + 1);
    assert.deepEqual(seen, [...seen].sort().reverse());
    // Each user's row (and its credential) once a page, plus the one sort: not a sort a page.
    assert.ok(total < 4 * (N + 1), `${total} reads for ${seen.length} users`);
    await base.users.update(userId, { username: "zzz" });
    const { body } = await request("users?sort=username&direction=desc&max_results=1");
    assert.equal(body.collection[0].username, "zzz", "a write is seen by the next page");
  });
});
