/**
 * Authentication and token issuing: password checks (constant work whether or not the user
 * exists), the realm's password rule, sessions and their JWTs, single-use tokens (2FA,
 * password reset, email verification) and the 2FA step with its attempt limit.
 * @module
 */
import { exportJWK, exportSPKI, generateKeyPair, importJWK, SignJWT } from "jose";
import { type Kernel, type Pending, randomB62, type Rec, userEvent } from "./kernel.ts";
import { checkPassword, hashPassword } from "./passwords.ts";
import { totpOk } from "./totp.ts";

/** Wrong 2FA codes a `kli_` token survives before it dies. */
export const MAX_CODE_TRIES = 5;

/** A user by id, or by username within a realm (in any realm when none is named). */
export function findUser(k: Kernel, idOrName: unknown, realmId?: string): Rec | undefined {
  if (typeof idOrName !== "string") return undefined;
  const direct = k.store.get("user", idOrName);
  if (direct) return !realmId || direct.realm_id === realmId ? direct : undefined;
  const name = idOrName.toLowerCase();
  return k.store.findBy("user", realmId ? { realm: realmId } : undefined, "username", name);
}

/** The realm's password rule: the smallest `min_length` of its providers (default 8). */
function minLength(k: Kernel, realmId: unknown): number {
  let min = Infinity;
  if (typeof realmId !== "string") return 8;
  for (const ap of k.store.values("auth_provider", { realm: realmId })) {
    if (typeof ap.min_length === "number") min = Math.min(min, ap.min_length);
  }
  return min === Infinity ? 8 : min;
}

/** The messages a new password earns (none when it is acceptable). */
export function passwordErrors(k: Kernel, u: { realm_id?: unknown }, attrs: Rec): string[] {
  const min = minLength(k, u.realm_id);
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

/** Store a user's new password hash. */
export async function setPassword(k: Kernel, userId: string, password: string): Promise<void> {
  const hash = await hashPassword(password, k.iterations);
  k.store.setKv("secrets", userId, { ...secretOf(k, userId), password: hash });
}

const secretOf = (k: Kernel, id: string) => k.store.getKv<Rec>("secrets", id) ?? {};

const dummies = new Map<number, Promise<string>>();
/** A hash no password matches, checked for unknown users so that they cost the same work. */
const dummyHash = (iterations: number) => {
  let h = dummies.get(iterations);
  if (!h) dummies.set(iterations, h = hashPassword(randomB62(20), iterations));
  return h;
};

/**
 * Whether a user exists, is active and has this password. The same PBKDF2 work is done in
 * every case (no user, inactive, no password), so the answer's timing names no username.
 */
export async function passwordOk(k: Kernel, user: Rec | undefined, password: string) {
  const stored = user ? secretOf(k, user.id as string).password : undefined;
  const ok = await checkPassword(
    password,
    typeof stored === "string" ? stored : await dummyHash(k.iterations),
  );
  return ok && typeof stored === "string" && user?.state === "active";
}

/** Whether `password` is a user's current one (update_password's check). */
export async function currentPasswordOk(k: Kernel, user: Rec, password: string) {
  const stored = secretOf(k, user.id as string).password;
  return await checkPassword(
    password,
    typeof stored === "string" ? stored : await dummyHash(k.iterations),
  ) &&
    typeof stored === "string";
}

/** Give a realm its signing key for its `jwt_algo` (an RS256 pair, or a `jsk_` secret). */
export async function applyJwtAlgo(k: Kernel, realm: Rec): Promise<void> {
  if (realm.jwt_algo === "rs256") {
    const { publicKey, privateKey } = await generateKeyPair("RS256", { extractable: true });
    k.store.setKv("secrets", realm.id as string, { privateJwk: await exportJWK(privateKey) });
    realm.jwt_key = await exportSPKI(publicKey);
  } else if (typeof realm.jwt_key !== "string" || !realm.jwt_key.startsWith("jsk_")) {
    realm.jwt_key = `jsk_${randomB62(40)}`;
  }
  realm.jwt_secret = realm.jwt_key;
}

/** Imported private keys, by their stored JWK (a cache, not state: rebuilt after a restore). */
const privateKeys = new WeakMap<object, Promise<CryptoKey | Uint8Array>>();

async function signToken(k: Kernel, realm: Rec, user: Rec, sessionId: string | null, min: number) {
  const iat = Math.floor(k.ts());
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
    c.m = [...k.store.values("membership", { user: user.id as string })].map((m) => {
      const x: Rec = { p: m.permissions ?? [] };
      if (m.org_id) x.oid = m.org_id;
      if (fields.includes("custom")) x.cs = m.custom ?? {};
      if (fields.includes("orgs") && m.org_id) {
        const org = k.store.get("org", m.org_id as string);
        x.o = org?.name;
        if (fields.includes("custom")) x.ocs = org?.custom ?? {};
      }
      return x;
    });
  }
  const jwt = new SignJWT(c).setIssuedAt(iat);
  if (min > 0) jwt.setExpirationTime(iat + min * 60);
  const jwk = secretOf(k, realm.id as string).privateJwk as object | undefined;
  if (realm.jwt_algo === "rs256" && jwk) {
    let key = privateKeys.get(jwk);
    if (!key) privateKeys.set(jwk, key = importJWK(jwk, "RS256"));
    return await jwt.setProtectedHeader({ alg: "RS256" }).sign(await key);
  }
  return await jwt.setProtectedHeader({ alg: "HS256" }).sign(
    new TextEncoder().encode(realm.jwt_key as string),
  );
}

/** A session and its token; stored only when the realm manages sessions (human users). */
export async function startSession(k: Kernel, user: Rec, request: unknown): Promise<Rec> {
  const realm = k.store.get("realm", user.realm_id as string)!;
  const managed = realm.session_type !== "unmanaged" && user.user_type === "human";
  const minutes = user.user_type === "api"
    ? Number(realm.api_key_minutes ?? 0)
    : Number(realm.session_minutes ?? 360);
  const now = k.ts();
  const expires = minutes ? now + minutes * 60 : null;
  if (!managed) {
    const token = await signToken(k, realm, user, null, minutes);
    return { id: null, user_id: user.id, created_at: now, expires_at: expires, token };
  }
  const id = k.newId("kss_");
  const session: Rec = {
    id,
    user_id: user.id,
    realm_id: realm.id,
    created_at: now,
    expires_at: expires,
    request,
  };
  session.token = await signToken(k, realm, user, id, minutes);
  return k.store.put("session", session);
}

/** Log a user in: a managed session when the realm keeps them, and a login token. */
export async function login(k: Kernel, user: Rec, request: unknown): Promise<Rec> {
  const { token } = await startSession(k, user, request);
  user.last_login_at = k.ts();
  k.store.put("user", user);
  userEvent(k, "user.login.succeeded", user, request);
  return { ...k.out(k.def("user"), user), token };
}

/** Issue a single-use token for a user, valid for `seconds`. */
export function issue(k: Kernel, kind: Pending["kind"], u: Rec, seconds: number): string {
  const token = kind === "login"
    ? `kli_${randomB62(30)}`
    : kind === "password"
    ? `kpw_${randomB62(30)}`
    : randomB62(32);
  const p: Pending = { kind, userId: u.id as string, expires: k.ts() + seconds };
  k.store.setKv("tokens", token, p);
  return token;
}

/** The pending entry of a single-use token of this kind, while it is still valid. */
function pending(k: Kernel, kind: Pending["kind"], token: unknown): Pending | undefined {
  const key = String(token ?? "");
  const p = k.store.getKv<Pending>("tokens", key);
  if (!p || p.kind !== kind) return undefined;
  if (p.expires <= k.ts()) {
    k.store.setKv("tokens", key, undefined);
    return undefined;
  }
  return p;
}

/** The user a single-use token was issued to, while it is still valid. */
export function holder(k: Kernel, kind: Pending["kind"], token: unknown): Rec | undefined {
  const p = pending(k, kind, token);
  return p && k.store.get("user", p.userId);
}

/** Spend a single-use token. */
export const spend = (k: Kernel, token: unknown): void =>
  k.store.setKv("tokens", String(token), undefined);

/** Drop the tokens in flight of a realm's users (realm reset). */
export function dropRealmTokens(k: Kernel, realmId: string): void {
  for (const [t, p] of k.store.entries<Pending>("tokens")) {
    if ("userId" in p && k.store.get("user", p.userId)?.realm_id === realmId) spend(k, t);
  }
}

/** A user's active TOTP credential, if any (then a password alone does not log in). */
const activeTotp = (k: Kernel, u: Rec) =>
  [...k.store.values("credential", { user: u.id as string })].find((c) =>
    c.credential_type === "totp" && c.state === "active"
  );

/** After a good password: log in, or start 2FA with a `kli_` token when TOTP is active. */
export async function passwordLogin(k: Kernel, u: Rec, request: unknown): Promise<Rec> {
  if (!activeTotp(k, u)) return await login(k, u, request);
  const token = issue(k, "login", u, 600);
  userEvent(k, "user.login.initiated", u, request);
  return { ...k.out(k.def("user"), u), token };
}

/**
 * Finish a 2FA login: the `kli_` token and a code of the user's TOTP credential. The token
 * dies after {@link MAX_CODE_TRIES} wrong codes.
 */
export async function codeLogin(
  k: Kernel,
  token: unknown,
  code: unknown,
  username: string | undefined,
): Promise<{ user: Rec } | { error: [string, string] }> {
  const p = pending(k, "login", token);
  const u = p && k.store.get("user", p.userId);
  if (!p || !u || (username !== undefined && findUser(k, username, u.realm_id as string) !== u)) {
    return { error: ["token", "Token is invalid or expired"] };
  }
  const cred = activeTotp(k, u);
  if (!cred || !(await totpOk(cred.otp_secret as string, String(code ?? ""), k.ts()))) {
    const tries = (p.tries ?? 0) + 1;
    k.store.setKv("tokens", String(token), tries >= MAX_CODE_TRIES ? undefined : { ...p, tries });
    userEvent(k, "user.login.failed", u, null);
    return { error: ["code", "Verification failed"] };
  }
  spend(k, token);
  return { user: u };
}
