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
import { codeForm, consentForm, html, loginForm, messagePage, signupForm } from "./pages.ts";
import { checkPassword, hashPassword } from "./passwords.ts";
import { fieldsOf, human, lowerBound, Table } from "./table.ts";
import { base32Decode, base32Encode, totp, totpOk } from "./totp.ts";

type Rec = Record<string, unknown>;

/**
 * Options of {@link createEmulator}.
 *
 * @example
 * ```ts
 * import { createEmulator, type EmulatorOptions } from "@authrocket-edge/sdk/testing";
 * const options: EmulatorOptions = { apiKey: "ko_test", now: () => Date.UTC(2026, 0, 1), passwordIterations: 1_000 };
 * const emu = createEmulator(options);
 * ```
 */
export interface EmulatorOptions {
  /** The API key the emulator accepts (default: a random `ko_…`). */
  apiKey?: string;
  /** The clock, in ms since the epoch (default: `Date.now`). */
  now?: () => number;
  /** PBKDF2 iterations for stored passwords (default 10,000; lower it in big test suites). */
  passwordIterations?: number;
}

/**
 * A running emulator server.
 *
 * @example
 * ```ts
 * import { AuthRocket } from "@authrocket-edge/sdk";
 * import { createEmulator } from "@authrocket-edge/sdk/testing";
 * const emu = createEmulator();
 * const server = await emu.listen();
 * const ar = new AuthRocket({ url: server.url, apiKey: emu.apiKey, loginUrl: server.loginUrl });
 * await server.close();
 * ```
 */
export interface EmulatorServer {
  /** The API base URL, `http://127.0.0.1:<port>/v1`. */
  url: string;
  /** The hosted login pages' base URL (LoginRocket), ending in `/`. */
  loginUrl: string;
  /** Stop the server. */
  close(): Promise<void>;
}

/**
 * The emulator.
 *
 * @example
 * ```ts
 * import { createEmulator, type Emulator } from "@authrocket-edge/sdk/testing";
 * const emu: Emulator = createEmulator();
 * const server = await emu.listen(); // or emu.client() for no network at all
 * console.log(server.url, emu.apiKey);
 * await server.close();
 * ```
 */
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
  /**
   * The current 6-digit code of a TOTP credential's `otp_secret` (what the user's authenticator
   * app would show), on the emulator's clock.
   */
  totp(otpSecret: string): Promise<string>;
  /**
   * An access token for a social auth provider, as a native SDK would obtain it, for
   * `provider.authorizeToken({ access_token })`: the emulated provider vouches for `profile`.
   */
  socialAccessToken(providerId: string, profile: { email: string; name?: string }): string;
}

const SOCIAL = new Set(["facebook", "github", "google", "linkedin", "oauth2", "slack", "yahoo"]);
/** A single-use token and whom it is for. */
interface Pending {
  userId: string;
  expires: number;
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

/** What an action handler gets. */
interface Ctx {
  req: Request;
  def: ResourceDef;
  /** The path segment after the resource (`--` stays `--`), decoded. */
  id: string | undefined;
  body: Rec;
  /** The body's root object (`body.user`), or the flat body. */
  root: Rec;
  request: unknown;
  query: URLSearchParams;
}
type Handler = (c: Ctx) => Response | Promise<Response>;

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
  const tables = new Map<string, Table>();
  for (const object of Object.keys(RESOURCE_TABLE)) tables.set(object, new Table());
  const secrets = new Map<string, Rec>(); // per id: password hashes, private keys
  const userCreds = new Map<string, string[]>(); // user id → credential ids
  const loginTokens = new Map<string, Pending>(); // kli_ → the user half-way through 2FA
  const passwordTokens = new Map<string, Pending>(); // kpw_
  const emailTokens = new Map<string, Pending>();
  const socialStates = new Map<string, { apId: string; redirectUri: string; nonce: string }>();
  const socialGrants = new Map<string, { apId: string; state?: string; profile: Rec }>();
  let seq = 0;
  const newId = (prefix: string) =>
    `${prefix}${(seq++).toString(36).padStart(6, "0")}${randomB62(15)}`;
  const ts = () => now() / 1000;
  const byPath = new Map(
    Object.values(RESOURCE_TABLE).filter((d) => d.path).map((d) => [d.path, d]),
  );
  // Writes are applied one at a time, so concurrent requests cannot interleave half-writes.
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(f: () => T | Promise<T>): Promise<T> => {
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
    if (def.object === "credential" && r.state !== "new") {
      delete o.otp_secret; // shown only until the first verification
      delete o.provisioning_uri;
    }
    if (def.object === "user") {
      o.credentials = (userCreds.get(r.id as string) ?? []).map((id) =>
        out(RESOURCE_TABLE.credential, table("credential").get(id)!)
      );
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
  const userEvent = (type: string, u: Rec, request: unknown) =>
    event(type, { user_id: u.id, realm_id: u.realm_id }, request);

  /** The realm a record lives in: its own, its user's, or itself for a realm. */
  const realmIdOf = (r: Rec): string | null =>
    (r.realm_id as string) ??
      (r.user_id ? table("user").get(r.user_id as string)?.realm_id as string : undefined) ??
      (String(r.id).startsWith("rl_") ? r.id as string : null);
  const realmHeader = (req: Request) => req.headers.get("x-authrocket-realm") ?? undefined;
  function realmOf(r: Rec, req: Request, query: URLSearchParams): string | undefined {
    return (r.realm_id as string) ?? query.get("realm_id") ?? realmHeader(req);
  }

  /** The realm's password rule: the smallest `min_length` of its providers (default 8). */
  function minLength(realmId: unknown): number {
    let min = Infinity;
    for (const ap of table("auth_provider").values()) {
      if (ap.realm_id === realmId && typeof ap.min_length === "number") {
        min = Math.min(min, ap.min_length);
      }
    }
    return min === Infinity ? 8 : min;
  }

  /** The messages a new password earns (none when it is acceptable). */
  function passwordErrors(u: Rec | { realm_id: unknown }, attrs: Rec): string[] {
    const min = minLength(u.realm_id);
    if (!attrs.password) return ["Password can't be blank"];
    if (String(attrs.password).length < min) {
      return [`Password is too short (minimum is ${min} characters)`];
    }
    if (
      attrs.password_confirmation !== undefined && attrs.password_confirmation !== attrs.password
    ) {
      return ["Password confirmation doesn't match Password"];
    }
    return [];
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

  /** Log a user in: a managed session when the realm keeps them, and a login token. */
  async function login(user: Rec, request: unknown): Promise<Rec> {
    const { token } = await startSession(user, request);
    user.last_login_at = ts();
    userEvent("user.login.succeeded", user, request);
    return { ...out(RESOURCE_TABLE.user, user), token };
  }

  /** A session and its token; stored only when the realm manages sessions (human users). */
  async function startSession(user: Rec, request: unknown): Promise<Rec> {
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
      return session;
    }
    const iat = ts();
    return {
      id: null,
      user_id: user.id,
      created_at: iat,
      expires_at: minutes ? iat + minutes * 60 : null,
      token,
    };
  }

  /** Issue a single-use token (2FA, password reset, email verification) for a user. */
  const issue = (m: Map<string, Pending>, token: string, u: Rec, seconds: number) =>
    m.set(token, { userId: u.id as string, expires: ts() + seconds });
  /** The user a single-use token was issued to, while it is still valid. */
  const holder = (m: Map<string, Pending>, token: unknown): Rec | undefined => {
    const p = m.get(String(token ?? ""));
    return p && p.expires > ts() ? table("user").get(p.userId) : undefined;
  };

  /** A user's active TOTP credential, if any (then a password alone does not log in). */
  const activeTotp = (u: Rec) =>
    (userCreds.get(u.id as string) ?? []).map((id) => table("credential").get(id)!).find((c) =>
      c.credential_type === "totp" && c.state === "active"
    );

  /** After a good password: log in, or start 2FA with a `kli_` token when TOTP is active. */
  async function passwordLogin(u: Rec, request: unknown): Promise<Rec> {
    if (!activeTotp(u)) return await login(u, request);
    const token = `kli_${randomB62(30)}`;
    issue(loginTokens, token, u, 600);
    userEvent("user.login.initiated", u, request);
    return { ...out(RESOURCE_TABLE.user, u), token };
  }

  /** Finish a 2FA login: the `kli_` token and a code of the user's TOTP credential. */
  async function codeLogin(
    token: unknown,
    code: unknown,
    username: string | undefined,
  ): Promise<{ user: Rec } | { error: [string, string] }> {
    const u = holder(loginTokens, token);
    if (!u || (username !== undefined && findUser(username, u.realm_id as string) !== u)) {
      return { error: ["token", "Token is invalid or expired"] };
    }
    const cred = activeTotp(u);
    if (!cred || !(await totpOk(cred.otp_secret as string, String(code ?? ""), ts()))) {
      userEvent("user.login.failed", u, null);
      return { error: ["code", "Verification failed"] };
    }
    loginTokens.delete(String(token));
    return { user: u };
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

  function addCredential(user: Rec, c: Rec): Rec {
    const id = newId("crd_");
    const rec = { id, user_id: user.id, created_at: ts(), ...c };
    table("credential").set(id, rec);
    const list = userCreds.get(user.id as string) ?? [];
    list.push(id);
    userCreds.set(user.id as string, list);
    return rec;
  }

  /** Validate and store a new record; the messages when it is refused. */
  async function insert(
    def: ResourceDef,
    attrs: Rec,
    realmId: string | undefined,
    request: unknown,
  ): Promise<{ rec: Rec } | { errors: string[] }> {
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
      if (realmId) rec.realm_id = realmId;
      if (rec.realm_id && !table("realm").has(rec.realm_id as string)) msgs.push("Realm not found");
    }
    const owner = def.object === "credential" ? table("user").get(rec.user_id as string) : null;
    // Per-resource rules.
    if (def.object === "user") {
      if (rec.user_type === "human") {
        for (const k of ["username", "email"]) {
          if (!rec[k]) msgs.push(`${human(k)} can't be blank`);
        }
        msgs.push(...passwordErrors(rec, attrs));
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
      if (def.object === "credential") {
        if (rec.user_id && !owner) msgs.push("User not found");
        if (rec.credential_type === "totp" && !rec.name) msgs.push("Name can't be blank");
        if (rec.credential_type === "password" && owner) {
          msgs.push(...passwordErrors(owner, attrs));
        }
      }
    }
    if (def.object === "session" && !table("user").has(rec.user_id as string)) {
      msgs.push("User not found");
    }
    if (msgs.length) return { errors: msgs };
    if (def.object === "credential" && owner) return { rec: await credential(owner, rec, attrs) };
    if (def.object === "session") {
      return { rec: await startSession(table("user").get(rec.user_id as string)!, request) };
    }
    if (def.object === "jwt_key" && !rec.key) {
      if (rec.algo === "rs256") {
        const { publicKey } = await generateKeyPair("RS256", { extractable: true });
        rec.key = await exportSPKI(publicKey);
      } else rec.key = `jsk_${randomB62(40)}`;
    }
    const id = newId(def.prefix);
    rec.id = id;
    rec.created_at = ts();
    if (def.object === "realm") {
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
    table(def.object).set(id, rec);
    if (def.object === "user") {
      if (rec.user_type === "human") {
        secrets.set(id, { password: await hashPassword(String(attrs.password), iterations) });
        addCredential(rec, { credential_type: "password" });
      } else {
        const key = (attrs.api_key as string) ||
          `${table("realm").get(rec.realm_id as string)?.api_key_prefix ?? ""}ko_${randomB62(30)}`;
        rec.api_key = key;
        addCredential(rec, { credential_type: "api_key", api_key: key });
      }
      if (rec.email_verification === "requested") {
        userEvent("user.email.verification_requested", rec, request);
      }
    }
    event(`${def.object}.created`, { [`${def.object}_id`]: id, realm_id: realmIdOf(rec) }, request);
    return { rec };
  }

  /** A credential added through the API: TOTP gets a secret, passwords are hashed. */
  async function credential(user: Rec, rec: Rec, attrs: Rec): Promise<Rec> {
    const c: Rec = { ...rec };
    delete c.password;
    delete c.password_confirmation;
    if (c.credential_type === "totp") {
      const realm = table("realm").get(user.realm_id as string);
      const secret = base32Encode(crypto.getRandomValues(new Uint8Array(20)));
      const issuer = encodeURIComponent(String(realm?.name ?? "AuthRocket"));
      c.state = "new";
      c.otp_secret = secret;
      c.provisioning_uri = `otpauth://totp/${issuer}:${
        encodeURIComponent(String(user.username))
      }?secret=${secret}&issuer=${issuer}`;
      c.auth_provider_id ??= [...table("auth_provider").values()].find((ap) =>
        ap.realm_id === user.realm_id && ap.provider_type === "totp"
      )?.id ?? null;
    } else if (c.credential_type === "password") {
      secrets.set(user.id as string, {
        password: await hashPassword(String(attrs.password), iterations),
      });
    } else if (c.credential_type === "api_key" && (!c.api_key || c.api_key === "generate")) {
      c.api_key = `ko_${randomB62(30)}`;
    }
    const stored = addCredential(user, c);
    userEvent("user.updated", user, attrs.request);
    return stored;
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
    const sort = query.get("sort") ?? spec.sort;
    const dir = query.get("direction") ?? spec.direction;
    if (!(spec.sorts ?? [spec.sort]).includes(sort)) {
      return errors(422, "sort", "Sort is not included in the list");
    }
    if (dir !== "asc" && dir !== "desc") {
      return errors(422, "direction", "Direction is not included in the list");
    }
    // One predicate from the filters, tested row by row.
    const tests: ((r: Rec) => boolean)[] = [];
    for (const f of spec.filters ?? []) {
      if (f === "created_at_after" || f === "event_type") continue;
      const v = query.get(f);
      if (v !== null && v !== "") tests.push((r) => String(r[f] ?? "") === v);
    }
    const realmId = realmHeader(req);
    if (realmId && !query.has("realm_id") && "realm_id" in def.fields && def.object !== "realm") {
      tests.push((r) => r.realm_id === realmId || r.realm_id == null);
    }
    const types = query.getAll("event_type[]").concat(query.getAll("event_type"));
    if (types.length) tests.push((r) => types.some((t) => String(r.event_type).startsWith(t)));
    const match = (r: Rec) => tests.every((t) => t(r));
    const rows = table(def.object);
    const after = query.get("after");
    const page: Rec[] = [];
    let more = false;
    if (sort === "id") {
      // Ids are kept sorted: find `after` by binary search and walk from there, so a page
      // costs its own rows, not the table's.
      const ids = rows.ids;
      const step = dir === "desc" ? -1 : 1;
      let i = step === 1 ? 0 : ids.length - 1;
      if (after !== null) {
        const at = lowerBound(ids, after); // `after` itself, or where it was
        i = step === 1 ? (ids[at] === after ? at + 1 : at) : at - 1;
      }
      for (; i >= 0 && i < ids.length; i += step) {
        const r = rows.get(ids[i])!;
        if (!match(r)) continue;
        if (page.length === max) {
          more = true;
          break;
        }
        page.push(r);
      }
    } else {
      const all = [...rows.values()].filter(match).sort((a, b) => {
        const x = String(a[sort] ?? ""), y = String(b[sort] ?? "");
        const c = x < y ? -1 : x > y ? 1 : String(a.id) < String(b.id) ? -1 : 1;
        return dir === "desc" ? -c : c;
      });
      // Here an unknown `after` ends the list (there is no order to place it in).
      const rest = after === null
        ? all
        : all.slice(all.findIndex((r) => r.id === after) + 1 || all.length);
      page.push(...rest.slice(0, max));
      more = rest.length > max;
    }
    const collection = page.map((r) => {
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
    return json(200, { more_results: more, collection });
  }

  // ---- Social logins: an emulated provider whose consent page vouches for whoever is typed.

  function socialProviders(realmId: string | undefined): Rec[] {
    return [...table("auth_provider").values()].filter((ap) =>
      SOCIAL.has(ap.provider_type as string) && ap.state !== "inactive" &&
      (!realmId || ap.realm_id === realmId)
    );
  }

  function authorizeUrl(ap: Rec, req: Request, redirectUri: string, nonce: string): Rec {
    const state = randomB62(24);
    socialStates.set(state, { apId: ap.id as string, redirectUri, nonce });
    const url = new URL(`/lr/oauth/${ap.id}`, req.url);
    url.searchParams.set("state", state);
    return { object: "auth_provider", id: ap.id, provider_type: ap.provider_type, url: url.href };
  }

  /** Log in (or sign up) the person a provider vouched for. */
  async function socialLogin(apId: string, profile: Rec, request: unknown): Promise<Rec> {
    const ap = table("auth_provider").get(apId)!;
    const email = String(profile.email ?? "").toLowerCase();
    const pid = `${ap.provider_type}:${email}`;
    const cred = [...table("credential").values()].find((c) =>
      c.auth_provider_id === apId && c.provider_user_id === pid
    );
    let u = cred ? table("user").get(cred.user_id as string) : undefined;
    u ??= [...table("user").values()].find((x) =>
      x.realm_id === ap.realm_id && x.email === email && x.user_type === "human"
    );
    if (!u) {
      const [first, ...rest] = String(profile.name ?? "").split(" ");
      const id = newId("usr_");
      u = {
        id,
        realm_id: ap.realm_id,
        user_type: "human",
        state: "active",
        username: findUser(email, ap.realm_id as string) ? `${email}-${randomB62(4)}` : email,
        email,
        email_verification: "verified",
        first_name: first || null,
        last_name: rest.join(" ") || null,
        name: profile.name || email,
        custom: {},
        created_at: ts(),
      };
      table("user").set(id, u);
      event("user.created", { user_id: id, realm_id: ap.realm_id }, request);
    }
    if (!cred) {
      addCredential(u, {
        credential_type: ap.provider_type,
        auth_provider_id: apId,
        provider_user_id: pid,
        access_token: randomB62(24),
      });
    }
    return await login(u, request);
  }

  // ---- Actions, one handler per entry of the resource table's `actions`.

  const realmPending = (m: Map<string, Pending>, realmId: string) => {
    for (const [k, p] of m) if (table("user").get(p.userId)?.realm_id === realmId) m.delete(k);
  };
  /** The user an action's path names (id or username, in the request's realm). */
  const userAt = (c: Ctx) => findUser(c.id ?? "", realmHeader(c.req));
  const notFound = () => json(404, { error: "Not found" });
  const ACTIONS: Record<string, Record<string, Handler>> = {
    user: {
      "POST :id/authenticate": (c) =>
        serial(async () => {
          const u = userAt(c);
          if (!u || !(await passwordOk(u, String(c.body.password ?? "")))) {
            if (u) userEvent("user.login.failed", u, c.request);
            return json(401, {});
          }
          return json(200, await passwordLogin(u, c.request));
        }),
      "POST authenticate_key": (c) =>
        serial(async () => {
          const u = [...table("user").values()].find((x) =>
            x.api_key === c.body.api_key && x.user_type === "api"
          );
          if (!u || u.state !== "active") return json(401, {});
          return json(200, await login(u, c.request));
        }),
      "POST :id/authenticate_code": (c) =>
        serial(async () => {
          const r = await codeLogin(c.root.token, c.root.code, c.id === "--" ? undefined : c.id);
          if ("error" in r) return errors(422, r.error[0], r.error[1]);
          return json(200, await login(r.user, c.request));
        }),
      "POST :id/generate_password_token": (c) =>
        serial(() => {
          const u = userAt(c);
          if (!u) return notFound();
          const token = `kpw_${randomB62(30)}`;
          issue(passwordTokens, token, u, 86_400);
          userEvent("user.password_token.created", u, c.request);
          return json(200, { ...out(c.def, u), password_reset_token: token });
        }),
      "POST :id/reset_password_with_token": (c) =>
        serial(async () => {
          const u = holder(passwordTokens, c.root.token);
          if (!u || (c.id !== "--" && findUser(c.id!, u.realm_id as string) !== u)) {
            if (u) userEvent("user.password_token.failed", u, c.request);
            return errors(422, "token", "Token is invalid or expired");
          }
          const msgs = passwordErrors(u, c.root);
          if (msgs.length) return errors(422, "password", ...msgs);
          secrets.set(u.id as string, {
            password: await hashPassword(String(c.root.password), iterations),
          });
          passwordTokens.delete(String(c.root.token));
          userEvent("user.password_token.consumed", u, c.request);
          return json(200, out(c.def, u));
        }),
      "PUT :id/update_password": (c) =>
        serial(async () => {
          const u = userAt(c);
          if (!u) return notFound();
          const stored = secrets.get(u.id as string)?.password as string | undefined;
          if (!stored || !(await checkPassword(String(c.root.current_password ?? ""), stored))) {
            return errors(422, "current_password", "Current password does not match");
          }
          const msgs = passwordErrors(u, c.root);
          if (msgs.length) return errors(422, "password", ...msgs);
          secrets.set(u.id as string, {
            password: await hashPassword(String(c.root.password), iterations),
          });
          userEvent("user.updated", u, c.request);
          return json(200, out(c.def, u));
        }),
      "POST :id/request_email_verification": (c) =>
        serial(() => {
          const u = userAt(c);
          if (!u) return notFound();
          if (!u.email) return errors(422, "email", "Email can't be blank");
          const token = randomB62(32);
          issue(emailTokens, token, u, 86_400);
          u.email_verification = "requested";
          userEvent("user.email.verification_requested", u, c.request);
          return json(200, { ...out(c.def, u), token });
        }),
      "POST :id/verify_email": (c) =>
        serial(() => {
          const u = userAt(c);
          if (!u) return notFound();
          if (holder(emailTokens, c.root.token) !== u) {
            return errors(422, "token", "Token is invalid or expired");
          }
          emailTokens.delete(String(c.root.token));
          u.email_verification = "verified";
          userEvent("user.email.verified", u, c.request);
          return json(200, out(c.def, u));
        }),
    },
    credential: {
      "POST :id/verify": (c) =>
        serial(async () => {
          const cred = table("credential").get(c.id!);
          if (!cred) return notFound();
          const ok = cred.credential_type === "totp" &&
            await totpOk(cred.otp_secret as string, String(c.root.code ?? ""), ts());
          if (!ok) return errors(422, "code", "Verification failed");
          cred.state = "active";
          return json(200, out(c.def, cred));
        }),
    },
    auth_provider: {
      "GET authorize": (c) => {
        const redirect = c.query.get("redirect_uri");
        if (!redirect) return errors(422, "redirect_uri", "Redirect uri can't be blank");
        const nonce = c.query.get("nonce") ?? "";
        const realmId = c.query.get("realm_id") ?? realmHeader(c.req);
        const collection = socialProviders(realmId).map((ap) =>
          authorizeUrl(ap, c.req, redirect, nonce)
        );
        return json(200, { more_results: false, collection });
      },
      "GET :id/authorize": (c) => {
        const ap = socialProviders(undefined).find((x) => x.id === c.id);
        if (!ap) return notFound();
        const redirect = c.query.get("redirect_uri");
        if (!redirect) return errors(422, "redirect_uri", "Redirect uri can't be blank");
        return json(200, authorizeUrl(ap, c.req, redirect, c.query.get("nonce") ?? ""));
      },
      "POST authorize": (c) =>
        serial(async () => {
          const state = socialStates.get(String(c.body.state ?? ""));
          const grant = socialGrants.get(String(c.body.code ?? ""));
          if (
            !state || !grant || grant.state !== c.body.state ||
            state.nonce !== String(c.body.nonce ?? "")
          ) {
            const ap = state && table("auth_provider").get(state.apId);
            const retry = ap ? authorizeUrl(ap, c.req, state.redirectUri, state.nonce).url : null;
            return json(422, { errors: { code: ["Error validating code"] }, retry_url: retry });
          }
          socialGrants.delete(String(c.body.code));
          socialStates.delete(String(c.body.state));
          return json(200, await socialLogin(grant.apId, grant.profile, c.request));
        }),
      "POST :id/authorize": (c) =>
        serial(async () => {
          const grant = socialGrants.get(String(c.body.access_token ?? ""));
          if (!grant || grant.apId !== c.id || grant.state !== undefined) {
            return errors(422, "access_token", "Error validating access token");
          }
          return json(200, await socialLogin(grant.apId, grant.profile, c.request));
        }),
    },
    realm: {
      "POST :id/reset": (c) =>
        serial(() => {
          const realm = table("realm").get(c.id!);
          if (!realm) return notFound();
          // Pending tokens first: they are found through their users, deleted next.
          for (const m of [loginTokens, passwordTokens, emailTokens]) realmPending(m, c.id!);
          for (const t of ["user", "org", "membership", "session", "event", "credential"]) {
            for (const [k, r] of [...table(t)]) {
              const owner = (r.realm_id ?? table("user").get(r.user_id as string)?.realm_id) as
                | string
                | undefined;
              if (
                owner === c.id || (t === "membership" && !table("user").has(r.user_id as string))
              ) {
                table(t).delete(k);
              }
            }
          }
          for (const id of [...userCreds.keys()]) if (!table("user").has(id)) userCreds.delete(id);
          return json(200, out(c.def, realm));
        }),
    },
  };
  // The table and the handlers must agree: a declared action without a handler (or the
  // reverse) is a bug to catch at once, not a 404 in some user's test.
  for (const def of Object.values(RESOURCE_TABLE)) {
    const declared = [...(def.actions ?? [])].sort().join();
    const handled = Object.keys(ACTIONS[def.object] ?? {}).sort().join();
    if (declared !== handled) {
      throw new Error(`emulator: ${def.object} actions [${handled}] ≠ table [${declared}]`);
    }
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
    if (!def || extra !== undefined) return notFound();
    let id: string | undefined;
    try {
      id = rawId === undefined ? undefined : decodeURIComponent(rawId);
    } catch {
      return notFound();
    }
    const root = (body[def.object] ?? body) as Rec;
    const ctx: Ctx = { req, def, id, body, root, request: body.request ?? null, query };
    const verbs = new Set(def.verbs);
    const m = req.method;

    // Actions: `METHOD :id/name` on a record, `METHOD name` on the collection.
    const handlers = ACTIONS[def.object];
    if (handlers && id !== undefined) {
      const h = action !== undefined ? handlers[`${m} :id/${action}`] : handlers[`${m} ${id}`];
      if (h) return await h(ctx);
    }
    if (action !== undefined) return notFound();

    // CRUD from the table.
    if (id === undefined) {
      if (m === "GET" && verbs.has("list")) return list(def, req, query);
      if (m === "POST" && verbs.has("create")) {
        return serial(async () => {
          const r = await insert(def, root, realmOf(root, req, query), ctx.request);
          return "errors" in r ? errors(422, "base", ...r.errors) : json(201, out(def, r.rec));
        });
      }
      return json(405, { error: "Method not allowed" });
    }
    let rec: Rec | undefined = table(def.object).get(id);
    if (!rec && def.object === "user") rec = findUser(id, realmHeader(req));
    if (!rec && def.object === "session") {
      rec = [...table("session").values()].find((s) => s.token === id);
    }
    if (def.object === "session" && rec && rec.expires_at && (rec.expires_at as number) < ts()) {
      rec = undefined;
    }
    if (!rec) return notFound();
    if (m === "GET" && verbs.has("get")) return json(200, out(def, rec));
    if (m === "PUT" && verbs.has("update")) {
      return serial(async () => {
        const r = rec!;
        const fields = fieldsOf(def);
        const changes: Rec = {};
        for (const [k, v] of Object.entries(root)) {
          const f = fields.get(k);
          if (!f || k === "id" || f.ro || f.wo) continue;
          if (f.enumValues && !f.enumValues.includes(String(v))) {
            return errors(422, k, `${human(k)} is not included in the list`);
          }
          changes[k] = v;
        }
        Object.assign(r, changes); // all or nothing: applied only once every field passed
        if (def.object === "realm" && "jwt_algo" in root) await applyJwtAlgo(r);
        if (def.object === "user" && r.user_type === "human") {
          r.name = [r.first_name, r.last_name].filter(Boolean).join(" ") || r.username;
        }
        event(
          `${def.object}.updated`,
          { [`${def.object}_id`]: r.id, realm_id: realmIdOf(r) },
          ctx.request,
        );
        return json(200, out(def, r));
      });
    }
    if (m === "DELETE" && verbs.has("delete")) {
      return serial(() => {
        const r = rec!;
        table(def.object).delete(r.id as string);
        if (def.object === "user") {
          for (const t of ["membership", "session", "credential"]) {
            for (const [k, x] of [...table(t)]) if (x.user_id === r.id) table(t).delete(k);
          }
          userCreds.delete(r.id as string);
        }
        if (def.object === "credential") {
          const list = userCreds.get(r.user_id as string) ?? [];
          userCreds.set(r.user_id as string, list.filter((x) => x !== r.id));
        }
        event(
          `${def.object}.deleted`,
          { [`${def.object}_id`]: r.id, realm_id: realmIdOf(r) },
          ctx.request,
        );
        return new Response(null, { status: 204 });
      });
    }
    return json(405, { error: "Method not allowed" });
  }

  // ---- Hosted pages (LoginRocket): login (with the 2FA step), signup, a social consent page.

  function loginRealm(params: URLSearchParams): Rec | undefined {
    const id = params.get("realm_id");
    if (id) return table("realm").get(id);
    for (const lp of table("login_policy").values()) {
      return table("realm").get(lp.realm_id as string);
    }
    return table("realm").values().next().value;
  }

  /** Back to the app with `?token=` (and `redir`), as LoginRocket does after a login. */
  function backToApp(req: Request, realm: Rec, token: string, redir: string | null): Response {
    const policy = [...table("login_policy").values()].find((p) => p.realm_id === realm.id);
    const target = new URL((policy?.login_handler as string) ?? "/login", req.url);
    target.searchParams.set("token", token);
    if (redir) target.searchParams.set("redir", redir);
    return new Response(null, { status: 302, headers: { location: target.href } });
  }

  async function loginRocket(req: Request, page: string[], query: URLSearchParams) {
    const [name, arg] = page;
    if (name === "oauth" && arg) return consent(req, arg, query);
    if ((name !== "login" && name !== "signup") || arg !== undefined) {
      return messagePage("Not found", "There is no such page.", 404);
    }
    let form = query;
    if (req.method === "POST") {
      const text = await req.text();
      if (text.length > MAX_BODY) return messagePage("Too large", "The form is too large.", 413);
      form = new URLSearchParams(text);
    }
    const realm = loginRealm(form.get("realm_id") ? form : query);
    if (!realm) return html(loginForm(form, "No realm is set up for logins."), 400);
    const client = { client: req.headers.get("user-agent") ?? "" };
    if (name === "signup") {
      const lr = [...table("auth_provider").values()].find((ap) =>
        ap.realm_id === realm.id && ap.provider_type === "login_rocket"
      );
      if (!lr?.signup) {
        return messagePage("Sign up", "Signups are not enabled for this realm.", 403);
      }
      if (req.method !== "POST") return html(signupForm(form));
      const attrs: Rec = { user_type: "human" };
      for (const k of ["username", "email", "first_name", "last_name", "password"]) {
        attrs[k] = form.get(k) ?? "";
      }
      attrs.username ||= attrs.email;
      const r = await serial(() => insert(RESOURCE_TABLE.user, attrs, realm.id as string, client));
      if ("errors" in r) return html(signupForm(form, r.errors.join(". ")), 422);
      const user = await serial(() => login(r.rec, client));
      return backToApp(req, realm, user.token as string, form.get("redir"));
    }
    if (req.method !== "POST") return html(loginForm(form));
    const kli = form.get("kli");
    if (kli) {
      const r = await serial(() => codeLogin(kli, form.get("code"), undefined));
      if ("error" in r) return html(codeForm(form, kli, "That code is not right."), 200);
      const user = await serial(() => login(r.user, client));
      return backToApp(req, realm, user.token as string, form.get("redir"));
    }
    const u = findUser(form.get("username") ?? "", realm.id as string);
    if (!u || !(await passwordOk(u, form.get("password") ?? ""))) {
      if (u) userEvent("user.login.failed", u, client);
      return html(loginForm(form, "Invalid username or password."), 200);
    }
    const user = await serial(() => passwordLogin(u, client));
    const token = user.token as string;
    if (token.startsWith("kli_")) return html(codeForm(form, token));
    return backToApp(req, realm, token, form.get("redir"));
  }

  /** The emulated provider: GET shows who-are-you, POST sends the code back to the app. */
  async function consent(req: Request, apId: string, query: URLSearchParams) {
    const ap = table("auth_provider").get(apId);
    if (!ap || !SOCIAL.has(ap.provider_type as string)) {
      return messagePage("Not found", "Unknown provider.", 404);
    }
    if (req.method !== "POST") {
      const state = query.get("state") ?? "";
      if (!socialStates.has(state)) return messagePage("Expired", "This link has expired.", 400);
      return html(consentForm(String(ap.provider_type), state));
    }
    const form = new URLSearchParams((await req.text()).slice(0, MAX_BODY));
    const state = form.get("state") ?? "";
    const st = socialStates.get(state);
    if (!st || st.apId !== apId) return messagePage("Expired", "This link has expired.", 400);
    const code = randomB62(24);
    socialGrants.set(code, {
      apId,
      state,
      profile: { email: form.get("email") ?? "", name: form.get("name") ?? "" },
    });
    const back = new URL(st.redirectUri);
    back.searchParams.set("code", code);
    back.searchParams.set("state", state);
    return new Response(null, { status: 302, headers: { location: back.href } });
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
      if (parts[0] === "lr") return await loginRocket(req, parts.slice(1), url.searchParams);
      return notFound();
    } catch (e) {
      return json(500, { error: `Emulator error: ${(e as Error).message}` });
    }
  }

  const fetchFn: FetchLike = (input, init) =>
    handle(new Request(input instanceof Request ? input : new URL(String(input), origin), init));

  return {
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
    totp: (otpSecret) => {
      const bytes = base32Decode(otpSecret);
      if (!bytes) throw new TypeError("Not a base32 TOTP secret");
      return totp(bytes, Math.floor(ts()));
    },
    socialAccessToken: (providerId, profile) => {
      const token = randomB62(32);
      socialGrants.set(token, { apId: providerId, profile: { ...profile } });
      return token;
    },
  };
}
