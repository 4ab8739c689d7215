/**
 * The embedded AuthRocket 1 emulator: an in-memory API driven by the same resource table as
 * the client, served through a fetch-compatible function. Runs on Web APIs alone.
 * @module
 */
import { exportSPKI, generateKeyPair, SignJWT } from "jose";
import { AuthRocket } from "../client.ts";
import type { AuthRocketConfig, FetchLike } from "../config.ts";
import type { ResourceDef } from "../record.ts";
import { RESOURCE_TABLE } from "../resources/index.ts";

type Rec = Record<string, unknown>;

/** Options of {@link createEmulator}. */
export interface EmulatorOptions {
  /** The API key the emulator accepts (default: a random `ko_…`). */
  apiKey?: string;
  /** The clock, in ms since the epoch (default: `Date.now`). */
  now?: () => number;
  /** PBKDF2 iterations for stored passwords (default 10,000; lower it in big test suites). */
  passwordIterations?: number;
}

/** A running emulator server. */
export interface EmulatorServer {
  /** The API base URL, `http://127.0.0.1:<port>/v1`. */
  url: string;
  /** The hosted login pages' base URL (LoginRocket), ending in `/`. */
  loginUrl: string;
  /** Stop the server. */
  close(): Promise<void>;
}

/** The emulator. */
export interface Emulator {
  /** The API key it accepts. */
  readonly apiKey: string;
  /** A fetch-compatible function serving the API (`/v1/…`) and the hosted login pages. */
  readonly fetch: FetchLike;
  /** The origin used by the injected fetch (`http://authrocket.emulator`). */
  readonly origin: string;
  /** An `AuthRocket` client wired to this emulator through `fetch` (no network). */
  client(config?: AuthRocketConfig): AuthRocket;
  /** Serve the same over real HTTP on 127.0.0.1 (Deno, Bun or Node). */
  listen(options?: { port?: number }): Promise<EmulatorServer>;
  /** Handle one request (what `fetch` and the server call). */
  handle(request: Request): Promise<Response>;
}

const MAX_BODY = 256 * 1024;
const B62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

function randomB62(n: number): string {
  const bytes = crypto.getRandomValues(new Uint8Array(n));
  let s = "";
  for (const b of bytes) s += B62[b % 62];
  return s;
}

const json = (status: number, body?: unknown, headers: Record<string, string> = {}) =>
  new Response(body === undefined ? null : JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json", ...headers },
  });
const errors = (status: number, field: string, ...messages: string[]) =>
  json(status, { errors: { [field]: messages } });

/** Parse a field DSL string into flags. */
function flags(dsl: string) {
  const parts = dsl.split(/\s+/).filter(Boolean);
  const enumPart = parts.find((p) => p.startsWith("="));
  const defPart = parts.find((p) => p.startsWith("~"));
  let def: unknown = enumPart ? enumPart.slice(1).split("|")[0] : undefined;
  if (defPart) {
    const v = defPart.slice(1);
    def = v === "true" ? true : v === "false" ? false : /^-?\d+$/.test(v) ? Number(v) : v;
  }
  if (def === undefined && parts.includes("array")) def = [];
  return {
    ro: parts.includes("ro"),
    wo: parts.includes("wo"),
    req: parts.includes("req"),
    time: parts.includes("time"),
    enumValues: enumPart ? enumPart.slice(1).split("|") : undefined,
    def,
  };
}

type Flags = ReturnType<typeof flags>;
const parsedFields = new WeakMap<ResourceDef, Map<string, Flags>>();

/** A table row's fields with their DSL parsed, once per row (not per field per request). */
function fieldsOf(def: ResourceDef): Map<string, Flags> {
  let m = parsedFields.get(def);
  if (!m) {
    m = new Map(Object.entries(def.fields).map(([k, dsl]) => [k, flags(dsl)]));
    parsedFields.set(def, m);
  }
  return m;
}

const human = (field: string) => field.charAt(0).toUpperCase() + field.slice(1).replace(/_/g, " ");

const hex = (a: Uint8Array) => Array.from(a, (b) => b.toString(16).padStart(2, "0")).join("");

/** PBKDF2-SHA-256 of a password, as hex: the one derivation both hashing and checking use. */
async function derive(password: string, salt: Uint8Array<ArrayBuffer>, iterations: number) {
  const key = await crypto.subtle.importKey(
    "raw",
    new TextEncoder().encode(password),
    "PBKDF2",
    false,
    ["deriveBits"],
  );
  const bits = await crypto.subtle.deriveBits(
    { name: "PBKDF2", hash: "SHA-256", salt, iterations },
    key,
    256,
  );
  return hex(new Uint8Array(bits));
}

async function hashPassword(password: string, iterations: number): Promise<string> {
  const salt = crypto.getRandomValues(new Uint8Array(16));
  return `pbkdf2$${iterations}$${hex(salt)}$${await derive(password, salt, iterations)}`;
}

async function checkPassword(password: string, stored: string): Promise<boolean> {
  const [, it, saltHex, hashHex] = stored.split("$");
  const salt = new Uint8Array(saltHex.match(/../g)!.map((h) => parseInt(h, 16)));
  const got = await derive(password, salt, Number(it));
  let diff = got.length ^ hashHex.length;
  for (let i = 0; i < got.length && i < hashHex.length; i++) {
    diff |= got.charCodeAt(i) ^ hashHex.charCodeAt(i);
  }
  return diff === 0;
}

const escapeHtml = (s: string) =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!,
  );

/**
 * Create an in-memory AuthRocket 1.
 *
 * @example
 * ```ts
 * import { createEmulator } from "@authrocket-edge/sdk/testing";
 * const emu = createEmulator();
 * const ar = emu.client();
 * const realm = await ar.realms.createOrThrow({ name: "Test" });
 * ```
 */
export function createEmulator(options: EmulatorOptions = {}): Emulator {
  const apiKey = options.apiKey ?? `ko_${randomB62(24)}`;
  const now = options.now ?? Date.now;
  const iterations = options.passwordIterations ?? 10_000;
  const origin = "http://authrocket.emulator";
  const tables = new Map<string, Map<string, Rec>>();
  for (const object of Object.keys(RESOURCE_TABLE)) tables.set(object, new Map());
  const secrets = new Map<string, Rec>(); // per id: password hashes, private keys
  let seq = 0;
  const newId = (prefix: string) =>
    `${prefix}${(seq++).toString(36).padStart(6, "0")}${randomB62(15)}`;
  const ts = () => now() / 1000;
  const byPath = new Map(
    Object.values(RESOURCE_TABLE).filter((d) => d.path).map((d) => [d.path, d]),
  );
  // Writes are applied one at a time, so concurrent requests cannot interleave half-writes.
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(f: () => Promise<T>): Promise<T> => {
    const p = queue.then(f, f);
    queue = p.catch(() => {});
    return p;
  };

  const table = (object: string) => tables.get(object)!;
  const out = (def: ResourceDef, r: Rec): Rec => {
    const o: Rec = { object: def.object };
    const fields = fieldsOf(def);
    for (const [k, v] of Object.entries(r)) {
      if (fields.get(k)?.wo) continue;
      o[k] = v;
    }
    return o;
  };

  function event(type: string, ids: Rec, request: unknown) {
    const id = newId("ev_");
    table("event").set(id, {
      id,
      event_type: type,
      event_at: ts(),
      created_at: ts(),
      ...ids,
      request: request && typeof request === "object" ? request : null,
      notifications: [],
    });
  }

  function realmOf(r: Rec, req: Request, query: URLSearchParams): string | undefined {
    return (r.realm_id as string) ?? query.get("realm_id") ??
      req.headers.get("x-authrocket-realm") ?? undefined;
  }

  async function signToken(realm: Rec, user: Rec, sessionId: string | null, minutes: number) {
    const iat = Math.floor(ts());
    const c: Rec = {
      uid: user.id,
      aud: realm.id,
      un: user.username,
      fn: user.first_name ?? null,
      ln: user.last_name ?? null,
      n: user.name,
      tk: sessionId ?? `kss_u${randomB62(20)}`,
    };
    const fields = (realm.jwt_fields as string[]) ?? [];
    if (fields.includes("custom")) c.cs = user.custom ?? {};
    if (fields.includes("memberships")) {
      c.m = [...table("membership").values()].filter((m) => m.user_id === user.id).map((m) => {
        const x: Rec = { p: m.permissions ?? [] };
        if (m.org_id) x.oid = m.org_id;
        if (fields.includes("custom")) x.cs = m.custom ?? {};
        if (fields.includes("orgs") && m.org_id) {
          const org = table("org").get(m.org_id as string);
          x.o = org?.name;
          if (fields.includes("custom")) x.ocs = org?.custom ?? {};
        }
        return x;
      });
    }
    const jwt = new SignJWT(c).setIssuedAt(iat);
    if (minutes > 0) jwt.setExpirationTime(iat + minutes * 60);
    const priv = secrets.get(realm.id as string)?.privateKey as CryptoKey | undefined;
    if (realm.jwt_algo === "rs256" && priv) {
      return await jwt.setProtectedHeader({ alg: "RS256" }).sign(priv);
    }
    return await jwt.setProtectedHeader({ alg: "HS256" }).sign(
      new TextEncoder().encode(realm.jwt_key as string),
    );
  }

  async function login(user: Rec, request: unknown): Promise<Rec> {
    const realm = table("realm").get(user.realm_id as string)!;
    const managed = realm.session_type !== "unmanaged" && user.user_type === "human";
    const minutes = user.user_type === "api"
      ? Number(realm.api_key_minutes ?? 0)
      : Number(realm.session_minutes ?? 360);
    let sid: string | null = null;
    let session: Rec | undefined;
    if (managed) {
      sid = newId("kss_");
      session = {
        id: sid,
        user_id: user.id,
        realm_id: realm.id,
        created_at: ts(),
        expires_at: minutes ? ts() + minutes * 60 : null,
        request,
      };
    }
    const token = await signToken(realm, user, sid, minutes);
    if (session) {
      session.token = token;
      table("session").set(sid!, session);
    }
    user.last_login_at = ts();
    event("user.login.succeeded", { user_id: user.id, realm_id: realm.id }, request);
    return { ...out(RESOURCE_TABLE.user, user), token };
  }

  /** Whether an active user's stored password matches (the API's and the login page's check). */
  async function passwordOk(user: Rec, password: string): Promise<boolean> {
    const stored = secrets.get(user.id as string)?.password;
    return typeof stored === "string" && user.state === "active" &&
      await checkPassword(password, stored);
  }

  function findUser(idOrName: string, realmId?: string): Rec | undefined {
    const users = table("user");
    const direct = users.get(idOrName);
    if (direct) return direct;
    const name = idOrName.toLowerCase();
    for (const u of users.values()) {
      if (u.username === name && (!realmId || u.realm_id === realmId)) return u;
    }
    return undefined;
  }

  async function createRecord(
    def: ResourceDef,
    attrs: Rec,
    req: Request,
    query: URLSearchParams,
    request: unknown,
  ) {
    const msgs: string[] = [];
    const rec: Rec = {};
    for (const [k, f] of fieldsOf(def)) {
      if (f.ro || k === "id") continue;
      let v = attrs[k];
      if (v === undefined || v === "") v = f.def;
      if (f.enumValues && v !== undefined && v !== null && !f.enumValues.includes(String(v))) {
        msgs.push(`${human(k)} is not included in the list`);
      }
      if (v !== undefined) rec[k] = v;
    }
    if ("realm_id" in def.fields) {
      const realmId = realmOf(attrs, req, query);
      if (realmId) rec.realm_id = realmId;
      if (rec.realm_id && !table("realm").has(rec.realm_id as string)) msgs.push("Realm not found");
    }
    // Per-resource rules.
    if (def.object === "user") {
      if (rec.user_type === "human") {
        for (const k of ["username", "email"]) {
          if (!rec[k]) msgs.push(`${human(k)} can't be blank`);
        }
        if (!attrs.password) msgs.push("Password can't be blank");
        else if (String(attrs.password).length < 8) {
          msgs.push("Password is too short (minimum is 8 characters)");
        }
        if (
          attrs.password_confirmation !== undefined &&
          attrs.password_confirmation !== attrs.password
        ) {
          msgs.push("Password confirmation doesn't match Password");
        }
      } else if (!rec.username) rec.username = `api_${randomB62(10).toLowerCase()}`;
      if (typeof rec.username === "string") rec.username = rec.username.toLowerCase();
      if (typeof rec.email === "string") rec.email = rec.email.toLowerCase();
      if (rec.username && findUser(rec.username as string, rec.realm_id as string)) {
        msgs.push("Username has already been taken");
      }
      if (!rec.name || rec.user_type === "human") {
        rec.name = [rec.first_name, rec.last_name].filter(Boolean).join(" ") || rec.username;
      }
    } else {
      for (const [k, f] of fieldsOf(def)) {
        if (f.req && (rec[k] === undefined || rec[k] === null || rec[k] === "")) {
          msgs.push(`${human(k)} can't be blank`);
        }
      }
      if (def.object === "membership") {
        if (!table("user").has(rec.user_id as string)) msgs.push("User not found");
        if (rec.org_id && !table("org").has(rec.org_id as string)) msgs.push("Org not found");
        for (const m of table("membership").values()) {
          if (m.user_id === rec.user_id && (m.org_id ?? null) === (rec.org_id ?? null)) {
            msgs.push("Membership already exists");
          }
        }
        if (typeof rec.permissions === "string") rec.permissions = [rec.permissions];
      }
    }
    if (msgs.length) return errors(422, "base", ...msgs);
    const id = newId(def.prefix);
    rec.id = id;
    rec.created_at = ts();
    if (def.object === "realm") {
      rec.jwt_key = `jsk_${randomB62(40)}`;
      rec.jwt_secret = rec.jwt_key;
      table("realm").set(id, rec);
      await applyJwtAlgo(rec);
      const apId = newId("ap_");
      table("auth_provider").set(apId, {
        id: apId,
        realm_id: id,
        name: "LoginRocket",
        provider_type: "login_rocket",
        state: "active",
        login: true,
        signup: false,
        min_length: 8,
        created_at: ts(),
      });
    }
    if (def.object === "user") {
      const creds: Rec[] = [];
      if (rec.user_type === "human") {
        secrets.set(id, { password: await hashPassword(String(attrs.password), iterations) });
        creds.push({
          id: newId("crd_"),
          object: "credential",
          credential_type: "password",
          user_id: id,
        });
      } else {
        const key = (attrs.api_key as string) ||
          `${table("realm").get(rec.realm_id as string)?.api_key_prefix ?? ""}ko_${randomB62(30)}`;
        rec.api_key = key;
        creds.push({
          id: newId("crd_"),
          object: "credential",
          credential_type: "api_key",
          user_id: id,
          api_key: key,
        });
      }
      for (const c of creds) table("credential").set(c.id as string, c);
      rec.credentials = creds;
    }
    table(def.object).set(id, rec);
    event(`${def.object}.created`, {
      [`${def.object}_id`]: id,
      realm_id: rec.realm_id ?? (def.object === "realm" ? id : null),
    }, request);
    return json(201, out(def, rec));
  }

  async function applyJwtAlgo(realm: Rec) {
    if (realm.jwt_algo === "rs256") {
      const { publicKey, privateKey } = await generateKeyPair("RS256", { extractable: true });
      secrets.set(realm.id as string, { privateKey });
      realm.jwt_key = await exportSPKI(publicKey);
    } else if (typeof realm.jwt_key !== "string" || !realm.jwt_key.startsWith("jsk_")) {
      realm.jwt_key = `jsk_${randomB62(40)}`;
    }
    realm.jwt_secret = realm.jwt_key;
  }

  function list(def: ResourceDef, req: Request, query: URLSearchParams): Response {
    const spec = def.list!;
    const max = query.has("max_results") ? Number(query.get("max_results")) : 100;
    if (!Number.isInteger(max) || max < 1 || max > spec.max) {
      return errors(422, "max_results", `Max results must be between 1 and ${spec.max}`);
    }
    const realmId = req.headers.get("x-authrocket-realm");
    let rows = [...table(def.object).values()];
    for (const f of spec.filters ?? []) {
      if (f === "created_at_after" || f === "event_type") continue;
      const v = query.get(f);
      if (v !== null && v !== "") rows = rows.filter((r) => String(r[f] ?? "") === v);
    }
    if (realmId && !query.has("realm_id") && "realm_id" in def.fields && def.object !== "realm") {
      rows = rows.filter((r) => r.realm_id === realmId || r.realm_id == null);
    }
    const types = query.getAll("event_type[]").concat(query.getAll("event_type"));
    if (types.length) {
      rows = rows.filter((r) => types.some((t) => String(r.event_type).startsWith(t)));
    }
    const sort = query.get("sort") ?? spec.sort;
    const dir = query.get("direction") ?? spec.direction;
    rows.sort((a, b) => {
      const x = String(a[sort] ?? ""), y = String(b[sort] ?? "");
      const c = x < y ? -1 : x > y ? 1 : String(a.id) < String(b.id) ? -1 : 1;
      return dir === "desc" ? -c : c;
    });
    const after = query.get("after");
    if (after) {
      const i = rows.findIndex((r) => r.id === after);
      rows = i >= 0 ? rows.slice(i + 1) : [];
    }
    const page = rows.slice(0, max).map((r) => {
      const o = out(def, r);
      if (def.object === "membership") {
        if (query.get("user_id") && !query.get("org_id") && r.org_id) {
          const org = table("org").get(r.org_id as string);
          if (org) o.org = out(RESOURCE_TABLE.org, org);
        }
        if (query.get("org_id") && !query.get("user_id")) {
          const u = table("user").get(r.user_id as string);
          if (u) o.user = out(RESOURCE_TABLE.user, u);
        }
      }
      if (def.object === "event" && query.get("expand") !== "notifications") delete o.notifications;
      return o;
    });
    return json(200, { more_results: rows.length > max, collection: page });
  }

  async function api(req: Request, path: string[], query: URLSearchParams): Promise<Response> {
    const key = req.headers.get("x-authrocket-api-key");
    if (key !== apiKey) return json(403, { error: "Access denied" });
    let body: Rec = {};
    if (req.method === "POST" || req.method === "PUT" || req.method === "DELETE") {
      const text = await req.text();
      if (text.length > MAX_BODY) return json(413, { error: "Request too large" });
      if (text.trim()) {
        const ct = req.headers.get("content-type") ?? "";
        if (!ct.startsWith("application/json")) {
          return json(415, { error: "Unsupported content type" });
        }
        try {
          const parsed = JSON.parse(text);
          if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) throw new Error();
          body = parsed;
        } catch {
          return json(400, { error: "Malformed JSON" });
        }
      }
    }
    const [resource, rawId, action, extra] = path;
    const def = byPath.get(resource);
    if (!def || extra !== undefined) return json(404, { error: "Not found" });
    const id = rawId === undefined ? undefined : decodeURIComponent(rawId);
    const root = (body[def.object] ?? body) as Rec;
    const request = body.request ?? null;
    const verbs = new Set(def.verbs);
    const m = req.method;

    // Actions.
    if (def.object === "user" && id && (action === "authenticate" || id === "authenticate_key")) {
      return serial(async () => {
        if (id === "authenticate_key") {
          const u = [...table("user").values()].find((x) =>
            x.api_key === body.api_key && x.user_type === "api"
          );
          if (!u || u.state !== "active") return json(401, {});
          return json(200, await login(u, request));
        }
        const u = findUser(id, req.headers.get("x-authrocket-realm") ?? undefined);
        if (!u || !(await passwordOk(u, String(body.password ?? "")))) {
          if (u) event("user.login.failed", { user_id: u.id, realm_id: u.realm_id }, request);
          return json(401, {});
        }
        return json(200, await login(u, request));
      });
    }
    if (def.object === "user" && id && action === "update_password" && m === "PUT") {
      return serial(async () => {
        const u = findUser(id);
        if (!u) return json(404, {});
        const stored = secrets.get(u.id as string)?.password as string | undefined;
        if (!stored || !(await checkPassword(String(root.current_password ?? ""), stored))) {
          return errors(422, "current_password", "Current password does not match");
        }
        if (!root.password || String(root.password).length < 8) {
          return errors(422, "password", "Password is too short (minimum is 8 characters)");
        }
        if (
          root.password_confirmation !== undefined && root.password_confirmation !== root.password
        ) {
          return errors(
            422,
            "password_confirmation",
            "Password confirmation doesn't match Password",
          );
        }
        secrets.set(u.id as string, {
          password: await hashPassword(String(root.password), iterations),
        });
        event("user.updated", { user_id: u.id, realm_id: u.realm_id }, request);
        return json(200, out(def, u));
      });
    }
    if (def.object === "realm" && id && action === "reset" && m === "POST") {
      return serial(() => {
        const realm = table("realm").get(id);
        if (!realm) return Promise.resolve(json(404, {}));
        for (const t of ["user", "org", "membership", "session", "event", "credential"]) {
          for (const [k, r] of table(t)) {
            const owner = (r.realm_id ?? table("user").get(r.user_id as string)?.realm_id) as
              | string
              | undefined;
            if (owner === id || (t === "membership" && !table("user").has(r.user_id as string))) {
              table(t).delete(k);
            }
          }
        }
        return Promise.resolve(json(200, out(def, realm)));
      });
    }
    if (action !== undefined) return json(404, { error: "Not found" });

    // CRUD from the table.
    if (id === undefined) {
      if (m === "GET" && verbs.has("list")) return list(def, req, query);
      if (m === "POST" && verbs.has("create")) {
        return serial(() => createRecord(def, root, req, query, request));
      }
      return json(405, { error: "Method not allowed" });
    }
    let rec: Rec | undefined = table(def.object).get(id);
    if (!rec && def.object === "user") {
      rec = findUser(id, req.headers.get("x-authrocket-realm") ?? undefined);
    }
    if (!rec && def.object === "session") {
      rec = [...table("session").values()].find((s) => s.token === id);
    }
    if (def.object === "session" && rec && rec.expires_at && (rec.expires_at as number) < ts()) {
      rec = undefined;
    }
    if (!rec) return json(404, { error: "Not found" });
    if (m === "GET" && verbs.has("get")) return json(200, out(def, rec));
    if (m === "PUT" && verbs.has("update")) {
      return serial(async () => {
        const r = rec!;
        for (const [k, v] of Object.entries(root)) {
          const f = fieldsOf(def).get(k);
          if (!f || k === "id" || f.ro || f.wo) continue;
          if (f.enumValues && !f.enumValues.includes(String(v))) {
            return errors(422, k, `${human(k)} is not included in the list`);
          }
          r[k] = v;
        }
        if (def.object === "realm" && "jwt_algo" in root) await applyJwtAlgo(r);
        if (def.object === "user" && r.user_type === "human") {
          r.name = [r.first_name, r.last_name].filter(Boolean).join(" ") || r.username;
        }
        event(
          `${def.object}.updated`,
          { [`${def.object}_id`]: r.id, realm_id: r.realm_id ?? null },
          request,
        );
        return json(200, out(def, r));
      });
    }
    if (m === "DELETE" && verbs.has("delete")) {
      return serial(() => {
        table(def.object).delete(rec!.id as string);
        if (def.object === "user") {
          for (const t of ["membership", "session", "credential"]) {
            for (const [k, r] of table(t)) if (r.user_id === rec!.id) table(t).delete(k);
          }
        }
        event(`${def.object}.deleted`, {
          [`${def.object}_id`]: rec!.id,
          realm_id: rec!.realm_id ?? null,
        }, request);
        return Promise.resolve(new Response(null, { status: 204 }));
      });
    }
    return json(405, { error: "Method not allowed" });
  }

  function loginRealm(query: URLSearchParams): Rec | undefined {
    const id = query.get("realm_id");
    if (id) return table("realm").get(id);
    for (const lp of table("login_policy").values()) {
      return table("realm").get(lp.realm_id as string);
    }
    return [...table("realm").values()][0];
  }

  function loginPage(query: URLSearchParams, error?: string, status = 200): Response {
    const redir = query.get("redir") ?? "";
    const realmId = query.get("realm_id") ?? "";
    const html = `<!doctype html><html><head><title>Log in</title></head><body>
<h1>Log in</h1>${error ? `<p class="error" role="alert">${escapeHtml(error)}</p>` : ""}
<form method="post" action="login">
<input type="hidden" name="redir" value="${escapeHtml(redir)}">
<input type="hidden" name="realm_id" value="${escapeHtml(realmId)}">
<label>Username <input name="username" autocomplete="username"></label>
<label>Password <input name="password" type="password" autocomplete="current-password"></label>
<button type="submit">Log in</button>
</form></body></html>`;
    return new Response(html, { status, headers: { "content-type": "text/html; charset=utf-8" } });
  }

  async function loginRocket(
    req: Request,
    page: string,
    query: URLSearchParams,
  ): Promise<Response> {
    if (page !== "login" && page !== "signup") return new Response("Not found", { status: 404 });
    if (req.method === "GET") return loginPage(query);
    const text = await req.text();
    if (text.length > MAX_BODY) return new Response("Too large", { status: 413 });
    const form = new URLSearchParams(text);
    const realm = loginRealm(form.get("realm_id") ? form : query);
    if (!realm) return loginPage(form, "No realm is set up for logins.", 400);
    const u = findUser(form.get("username") ?? "", realm.id as string);
    if (!u || !(await passwordOk(u, form.get("password") ?? ""))) {
      return loginPage(form, "Invalid username or password.", 200);
    }
    const user = await serial(() => login(u, { client: req.headers.get("user-agent") ?? "" }));
    const policy = [...table("login_policy").values()].find((p) => p.realm_id === realm.id);
    const handler = (policy?.login_handler as string) ?? "/login";
    const target = new URL(handler, req.url);
    target.searchParams.set("token", user.token as string);
    const redir = form.get("redir");
    if (redir) target.searchParams.set("redir", redir);
    return new Response(null, { status: 302, headers: { location: target.href } });
  }

  async function handle(req: Request): Promise<Response> {
    let url: URL;
    try {
      url = new URL(req.url);
    } catch {
      return json(400, { error: "Bad request" });
    }
    const parts = url.pathname.split("/").filter(Boolean);
    try {
      if (parts[0] === "v1") return await api(req, parts.slice(1), url.searchParams);
      if (parts[0] === "lr") return await loginRocket(req, parts[1] ?? "", url.searchParams);
      return json(404, { error: "Not found" });
    } catch (e) {
      return json(500, { error: `Emulator error: ${(e as Error).message}` });
    }
  }

  const fetchFn: FetchLike = (input, init) =>
    handle(new Request(input instanceof Request ? input : new URL(String(input), origin), init));

  const emu: Emulator = {
    apiKey,
    fetch: fetchFn,
    origin,
    handle,
    client: (config = {}) =>
      new AuthRocket({
        url: `${origin}/v1`,
        apiKey,
        loginUrl: `${origin}/lr/`,
        fetch: fetchFn,
        ...config,
      }),
    listen: async (o = {}) => {
      const { serve } = await import("./serve.ts");
      return serve(handle, o.port ?? 0);
    },
  };
  return emu;
}
