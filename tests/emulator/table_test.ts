// The declaration, the client's records and the emulator agree: every writable
// field of every creatable resource is given a value of its declared kind, the record goes
// through create → find → list in the emulator, and every field the client decodes has the
// type its kind says (a `time` is a Date, an `int` an integer, an enum one of its values, an
// `always` field never null).
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { DEFS } from "../../src/emulator/table.ts";
import { fieldsOf } from "../../src/emulator/table.ts";
import { emulatorRealm } from "../realm.ts";

type Rec = Record<string, unknown>;
type Api = {
  createOrThrow(attrs: Rec): Promise<{ id: string; get(k: string): unknown }>;
  find(id: string): Promise<{ id: string; get(k: string): unknown }>;
  all(filter?: Rec): Promise<{ id: string; get(k: string): unknown }[]>;
};

/** A value of a field's declared kind. */
function sample(name: string, kind: string, values?: readonly string[]): unknown {
  switch (kind) {
    case "int":
      return 9;
    case "bool":
      return true;
    case "time":
      return 1_767_225_600;
    case "hash":
      return { from: name };
    case "array":
      return [`${name}-1`];
    case "enum":
      return values![0];
    default:
      return `${name}-x`;
  }
}

/** Whether a decoded value has the type its declared kind says. */
function ofKind(v: unknown, kind: string, values?: readonly string[]): boolean {
  switch (kind) {
    case "int":
      return Number.isInteger(v);
    case "bool":
      return typeof v === "boolean";
    case "time":
      return v instanceof Date && !Number.isNaN(v.getTime());
    case "hash":
      return typeof v === "object" && v !== null && !Array.isArray(v);
    case "array":
      return Array.isArray(v);
    case "enum":
      return typeof v === "string" && values!.includes(v);
    default:
      return typeof v === "string";
  }
}

describe("emulator: the declaration, the records and the emulator agree", () => {
  it("every declared field of every creatable resource, through create → find → list", async () => {
    const { ar } = await emulatorRealm({ name: "Declared" });
    const user = await ar.users.createOrThrow({
      user_type: "human",
      username: "decl",
      email: "decl@example.com",
      password: "correct horse",
    });
    const org = await ar.orgs.createOrThrow({ name: "Org" });
    // What each resource needs to be made at all; every other writable field gets a sample.
    const needs: Record<string, Rec> = {
      realm: {},
      user: {
        user_type: "human",
        username: "u2",
        email: "u2@example.com",
        password: "pw123456789",
      },
      org: {},
      membership: { user_id: user.id, org_id: org.id },
      session: { user_id: user.id },
      credential: { user_id: user.id, credential_type: "totp" },
      auth_provider: { provider_type: "totp" },
      login_policy: {},
      app_hook: {},
      jwt_key: { algo: "hs256" },
      user_token: { password: "pw123456789" },
    };
    const apis = ar as unknown as Record<string, Api>;
    let checked = 0;
    for (const def of Object.values(DEFS)) {
      if (!def.verbs.includes("create")) continue;
      assert.ok(needs[def.object], `a fixture for ${def.object}`);
      const attrs: Rec = { ...needs[def.object] };
      for (const [name, f] of fieldsOf(def)) {
        if (f.ro || f.wo || name === "id" || name.endsWith("_id") || name in attrs) continue;
        if (def.object === "user" && name === "name") continue; // derived for human users
        attrs[name] = sample(name, f.kind, f.enumValues);
      }
      const api = apis[def.path.replace(/_(\w)/g, (_, c: string) => c.toUpperCase())];
      const made = await api.createOrThrow(attrs);
      const seen = [made];
      if (def.verbs.includes("get") && made.id) seen.push(await api.find(made.id));
      if (def.verbs.includes("list")) {
        const filter = fieldsOf(def).has("user_id") ? { user_id: user.id } : {};
        const listed = (await api.all(filter)).find((r) => r.id === made.id);
        if (made.id) assert.ok(listed, `${def.object} listed`);
        if (listed) seen.push(listed);
      }
      for (const rec of seen) {
        for (const [name, f] of fieldsOf(def)) {
          if (f.wo) continue;
          const v = (rec as unknown as Rec)[name]; // the property, decoded as declared
          const spec = def.fields[name] as { always?: true };
          if (v === undefined || v === null) {
            assert.ok(
              !spec.always || def.object === "session",
              `${def.object}.${name} is always set`,
            );
            continue;
          }
          assert.ok(
            ofKind(v, f.kind, f.enumValues),
            `${def.object}.${name}: ${JSON.stringify(v)} is not a ${f.kind}`,
          );
          checked++;
        }
      }
    }
    assert.ok(checked > 100, `${checked} decoded values checked`);
  });
});
