/**
 * What the standalone emulator server creates on start: the records of a `--seed` file, the
 * default realm when the store has none, and the env lines a client needs. Web APIs only; it
 * works through the client, so seeded records pass the same validation as any request.
 * @module
 */
import type { AuthRocket } from "../client.ts";
import { RecordInvalid } from "../validation_errors.ts";
import type { OrgCreateParams, RealmCreateParams, UserCreateParams } from "../generated/apis.ts";
import type { Realm } from "../resources/realm.ts";

type Rec = Record<string, unknown>;

/**
 * A `--seed` file: realms, each with its users, orgs and memberships. A membership names its
 * user by username (or id) and its org by name (or id); other keys are the API's fields.
 */
export interface Seed {
  realms: (Rec & { users?: Rec[]; orgs?: Rec[]; memberships?: Rec[] })[];
}

/** A seed file that cannot be used; the message says where and why. */
export class SeedError extends Error {
  override name = "SeedError";
}

const list = (v: unknown, where: string): Rec[] => {
  if (v === undefined) return [];
  if (!Array.isArray(v) || v.some((x) => !x || typeof x !== "object" || Array.isArray(x))) {
    throw new SeedError(`${where} must be a list of objects`);
  }
  return v as Rec[];
};

/** Check a parsed seed file's shape (the records' fields are the API's to check). */
export function parseSeed(data: unknown): Seed {
  if (!data || typeof data !== "object" || Array.isArray(data)) {
    throw new SeedError('the seed must be a JSON object like {"realms": [...]}');
  }
  const extra = Object.keys(data).filter((k) => k !== "realms");
  if (extra.length) throw new SeedError(`unknown key ${extra[0]} (only "realms" is read)`);
  const realms = list((data as Rec).realms, "realms");
  realms.forEach((r, i) => {
    for (const k of ["users", "orgs", "memberships"]) list(r[k], `realms[${i}].${k}`);
  });
  return { realms } as Seed;
}

/** Create a seed's records; the first realm is the one returned (the default realm). */
export async function applySeed(ar: AuthRocket, seed: Seed): Promise<Realm[]> {
  const made: Realm[] = [];
  for (const [i, spec] of seed.realms.entries()) {
    const { users = [], orgs = [], memberships = [], ...attrs } = spec;
    const realm = await create(
      `realms[${i}]`,
      () => ar.realms.createOrThrow(attrs as RealmCreateParams),
    );
    const scoped = ar.withRealm(realm.id);
    const userIds = new Map<string, string>();
    for (const [j, u] of users.entries()) {
      const user = await create(
        `realms[${i}].users[${j}]`,
        () => scoped.users.createOrThrow({ user_type: "human", ...u } as UserCreateParams),
      );
      userIds.set(user.username, user.id).set(user.id, user.id);
    }
    const orgIds = new Map<string, string>();
    for (const [j, o] of orgs.entries()) {
      const org = await create(
        `realms[${i}].orgs[${j}]`,
        () => scoped.orgs.createOrThrow(o as OrgCreateParams),
      );
      orgIds.set(org.name, org.id).set(org.id, org.id);
    }
    for (const [j, m] of memberships.entries()) {
      const where = `realms[${i}].memberships[${j}]`;
      const { user, org, ...rest } = m;
      const userId = userIds.get(String(user ?? m.user_id ?? "").toLowerCase()) ??
        userIds.get(String(user ?? m.user_id ?? ""));
      if (!userId) throw new SeedError(`${where}: no user ${JSON.stringify(user ?? m.user_id)}`);
      const orgName = org ?? m.org_id;
      const orgId = orgName === undefined || orgName === null ? null : orgIds.get(String(orgName));
      if (orgId === undefined) throw new SeedError(`${where}: no org ${JSON.stringify(orgName)}`);
      await create(
        where,
        () => scoped.memberships.createOrThrow({ ...rest, user_id: userId, org_id: orgId }),
      );
    }
    made.push(realm);
  }
  return made;
}

async function create<T>(where: string, f: () => Promise<T>): Promise<T> {
  try {
    return await f();
  } catch (e) {
    if (e instanceof RecordInvalid) throw new SeedError(`${where}: ${e.errors.join("; ")}`);
    throw e;
  }
}

/** What the env lines need of a realm. */
export interface RealmKeys {
  id: string;
  jwt_key: string;
}

/**
 * The realm the env lines name: the oldest active realm of the store (read directly: a
 * restart should not wait for requests), created (named "Default") when there is none; with
 * a login handler, its login policy redirects there.
 */
export async function defaultRealm(
  emu: {
    client(): AuthRocket;
    handle(req: Request): Promise<Response>;
    apiKey: string;
    origin: string;
    store: { values(table: string): Iterable<Rec> };
  },
  loginHandler?: string,
): Promise<RealmKeys> {
  let realm = [...emu.store.values("realm")].find((r) => r.state === "active") as
    | RealmKeys
    | undefined;
  if (!realm) {
    // A plain request, not the client: its first call costs start-up time for nothing here.
    const res = await emu.handle(
      new Request(`${emu.origin}/v1/realms`, {
        method: "POST",
        headers: { "x-authrocket-api-key": emu.apiKey, "content-type": "application/json" },
        body: JSON.stringify({ realm: { name: "Default" } }),
      }),
    );
    if (res.status !== 201) throw new Error(`the default realm was refused (${res.status})`);
    realm = await res.json() as RealmKeys;
  }
  if (loginHandler) {
    const scoped = emu.client().withRealm(realm.id);
    const policy = (await scoped.loginPolicies.all({ realm_id: realm.id }))[0];
    if (policy) {
      await scoped.loginPolicies.updateOrThrow(policy.id, { login_handler: loginHandler });
    } else {
      await scoped.loginPolicies.createOrThrow({ name: "Emulator", login_handler: loginHandler });
    }
  }
  return { id: realm.id, jwt_key: realm.jwt_key };
}

/** A value as a dotenv line takes it: bare when plain, else double-quoted with escapes. */
const quote = (v: string) =>
  /^[\w@%+=:,./~-]*$/.test(v) ? v : `"${v.replace(/[\\"$`]/g, "\\$&").replace(/\n/g, "\\n")}"`;

/** The env lines a client needs (dotenv format, also `KEY=value` for a POSIX shell). */
export function envLines(
  server: { url: string; loginUrl: string },
  apiKey: string,
  realm: RealmKeys,
): string[] {
  return [
    ["AUTHROCKET_URL", server.url],
    ["AUTHROCKET_API_KEY", apiKey],
    ["AUTHROCKET_REALM", realm.id],
    ["AUTHROCKET_JWT_SECRET", realm.jwt_key],
    ["AUTHROCKET_LOGIN_URL", server.loginUrl],
  ].map(([k, v]) => `${k}=${quote(v)}`);
}
