/**
 * Login-token verification (the Ruby gem's `Session.from_token`), over WebCrypto alone.
 * Keys are imported once and cached; the hot path is one `crypto.subtle.verify`.
 * @module
 */
import { ConfigError } from "./errors.ts";
import type { RecordClient } from "./record.ts";
import { Collection } from "./record.ts";
import { Membership } from "./resources/membership.ts";
import { Org } from "./resources/org.ts";
import { Session } from "./resources/session.ts";
import { User } from "./resources/user.ts";
import { sha256Hex } from "./sha256.ts";

/**
 * The algorithms AuthRocket 1 signs login tokens with.
 *
 * @example
 * ```ts
 * import { verifySession, type TokenAlgorithm } from "@authrocket-edge/sdk";
 * const algorithms: TokenAlgorithm[] = ["RS256"];
 * const session = await verifySession("eyJ…", { jwtSecret: "-----BEGIN PUBLIC KEY-----…", algorithms });
 * ```
 */
export type TokenAlgorithm = "HS256" | "RS256";

/**
 * Options of {@link verifySession} and `ar.sessions.fromToken`.
 *
 * @example
 * ```ts
 * import { verifySession, type VerifyOptions } from "@authrocket-edge/sdk";
 * const options: VerifyOptions = { jwtSecret: "jsk_…", within: 300, leeway: 5 };
 * const session = await verifySession("eyJ…", options); // reuse the object: its key is found at once
 * ```
 */
export interface VerifyOptions {
  /** The realm's `jsk_…` secret, an RSA public key (PEM), a `CryptoKey` or a public JWK. */
  jwtSecret?: string | CryptoKey | JsonWebKey;
  /** Pin the accepted algorithms (default: from the key: HS256 for secrets, RS256 for RSA). */
  algorithms?: TokenAlgorithm[];
  /** Shorthand for a one-element `algorithms` (`"hs256"` and `"rs256"` are accepted too). */
  algo?: TokenAlgorithm | "hs256" | "rs256";
  /** Refuse tokens issued more than this many seconds ago (no leeway). */
  within?: number;
  /** Clock skew allowed on `exp`, `nbf` and a future `iat`, in seconds (default 5). */
  leeway?: number;
  /** The clock: a `Date` or milliseconds since the epoch (default: now). */
  now?: Date | number;
}

/** Tokens longer than this are refused unread. */
export const MAX_TOKEN_LENGTH = 16 * 1024;

interface KeyEntry {
  key: CryptoKey;
  alg: TokenAlgorithm;
}

const CACHE_SIZE = 64;
/**
 * Imported keys by the secret's digest, least recently used first. An entry is the import's
 * promise until it settles, then the key itself, so a hit needs no `await`.
 */
const keyCache = new Map<string, KeyEntry | Promise<KeyEntry>>();
let importCount = 0;

/** How many keys have been imported so far (tests use it to prove the cache works). */
export function keyImportCount(): number {
  return importCount;
}

function isRsaString(secret: string): boolean {
  return secret.includes("-----BEGIN") || secret.length > 256;
}

function pemToDer(pem: string): Uint8Array<ArrayBuffer> {
  const body = pem.replace(/-----(BEGIN|END)[^-]*-----|\s+/g, "").replace(/=+$/, "");
  const der = /^[A-Za-z0-9+/]+$/.test(body) &&
    b64urlBytes(body.replace(/\+/g, "-").replace(/\//g, "_"));
  if (!der) throw new ConfigError("The JWT key is not a valid PEM");
  return der;
}

const RS = { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" } as const;
const HS = { name: "HMAC", hash: "SHA-256" } as const;

async function importSecret(secret: string | JsonWebKey): Promise<KeyEntry> {
  importCount++;
  try {
    if (typeof secret !== "string") {
      if (secret.kty === "RSA") {
        const { d: _d, p: _p, q: _q, dp: _dp, dq: _dq, qi: _qi, ...pub } = secret;
        const key = await crypto.subtle.importKey("jwk", pub, RS, false, ["verify"]);
        return checkRsa({ key, alg: "RS256" });
      }
      if (secret.kty === "oct") {
        const key = await crypto.subtle.importKey("jwk", secret, HS, false, ["verify"]);
        return { key, alg: "HS256" };
      }
      throw new ConfigError("Unsupported JWK for jwtSecret (need kty RSA or oct)");
    }
    if (isRsaString(secret)) {
      if (/BEGIN (RSA |ENCRYPTED )?PRIVATE KEY/.test(secret)) {
        throw new ConfigError("jwtSecret must be the realm's public key, not a private key");
      }
      const key = await crypto.subtle.importKey("spki", pemToDer(secret), RS, false, ["verify"]);
      return checkRsa({ key, alg: "RS256" });
    }
    const bytes = new TextEncoder().encode(secret);
    const key = await crypto.subtle.importKey("raw", bytes, HS, false, ["verify"]);
    return { key, alg: "HS256" };
  } catch (e) {
    if (e instanceof ConfigError) throw e;
    throw new ConfigError("Unable to import the JWT key (jwtSecret / AUTHROCKET_JWT_SECRET)");
  }
}

function checkRsa(entry: KeyEntry): KeyEntry {
  const bits = (entry.key.algorithm as RsaHashedKeyAlgorithm).modulusLength;
  if (!(bits >= 2048)) {
    throw new ConfigError(`The RSA JWT key is too short (${bits} bits; 2048 or more required)`);
  }
  return entry;
}

/**
 * Per-options-object handles: a caller (or a client) that passes the same options object on
 * every call skips even the digest. The entry remembers which secret it was made for (the
 * caller's own string, not a copy), so a replaced `jwtSecret` is noticed; it dies with the
 * options. Only string secrets get one (a JWK object could be edited in place).
 */
const handles = new WeakMap<VerifyOptions, { secret: string; entry: KeyEntry }>();

function keyForOptions(options: VerifyOptions, secret: string | CryptoKey | JsonWebKey) {
  if (typeof secret !== "string") return keyFor(secret);
  const h = handles.get(options);
  if (h !== undefined && h.secret === secret) return h.entry;
  const k = keyFor(secret);
  if (!(k instanceof Promise)) handles.set(options, { secret, entry: k });
  return k;
}

function keyFor(secret: string | CryptoKey | JsonWebKey): KeyEntry | Promise<KeyEntry> {
  if (typeof CryptoKey !== "undefined" && secret instanceof CryptoKey) {
    const name = secret.algorithm.name;
    if (name === "HMAC") return { key: secret, alg: "HS256" };
    if (name === "RSASSA-PKCS1-v1_5") return { key: secret, alg: "RS256" };
    throw new ConfigError(`Unsupported CryptoKey algorithm ${name}`);
  }
  const id = sha256Hex(typeof secret === "string" ? "s:" + secret : "j:" + JSON.stringify(secret));
  const hit = keyCache.get(id);
  if (hit) {
    keyCache.delete(id); // LRU: move to the end
    keyCache.set(id, hit);
    return hit;
  }
  const p = importSecret(secret as string | JsonWebKey);
  p.then((entry) => {
    if (keyCache.get(id) === p) keyCache.set(id, entry);
  }, () => {
    if (keyCache.get(id) === p) keyCache.delete(id);
  });
  keyCache.set(id, p);
  if (keyCache.size > CACHE_SIZE) keyCache.delete(keyCache.keys().next().value!);
  return p;
}

/** base64url character → its 6 bits, or -1 (anything else, `=` and `+/` included). */
const B64URL = /* @__PURE__ */ (() => {
  const t = new Int8Array(128).fill(-1);
  const abc = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  for (let i = 0; i < 64; i++) t[abc.charCodeAt(i)] = i;
  return t;
})();

/**
 * Strict base64url (RFC 7515: no padding, no whitespace) straight into bytes, in one pass with no
 * intermediate strings; `null` on any other character or an impossible length. Trailing bits
 * are ignored, as `atob` and jose do.
 */
function b64urlBytes(s: string): Uint8Array<ArrayBuffer> | null {
  const n = s.length;
  if (n % 4 === 1) return null;
  const out = new Uint8Array((n * 3) >> 2);
  let o = 0;
  let i = 0;
  const at = (k: number) => {
    const c = s.charCodeAt(k);
    return c < 128 ? B64URL[c] : -1;
  };
  for (; i + 4 <= n; i += 4) {
    const a = at(i), b = at(i + 1), c = at(i + 2), d = at(i + 3);
    if ((a | b | c | d) < 0) return null;
    const v = (a << 18) | (b << 12) | (c << 6) | d;
    out[o++] = v >> 16;
    out[o++] = (v >> 8) & 255;
    out[o++] = v & 255;
  }
  if (i < n) {
    const a = at(i), b = at(i + 1), c = n - i === 3 ? at(i + 2) : 0;
    if ((a | b | c) < 0) return null;
    out[o++] = (a << 2) | (b >> 4);
    if (n - i === 3) out[o++] = ((b & 15) << 4) | (c >> 2);
  }
  return out;
}

const decoder = new TextDecoder("utf-8", { fatal: true });
const encoder = new TextEncoder();
/** Decoded header segments (a realm's tokens share one): segment → `alg`, or "" if refused. */
const headers = new Map<string, string>();

function headerAlg(segment: string): string {
  let alg = headers.get(segment);
  if (alg === undefined) {
    const h = b64urlJson(segment);
    alg = h && typeof h.alg === "string" && h.crit === undefined ? h.alg : "";
    if (headers.size >= 32) headers.delete(headers.keys().next().value!);
    headers.set(segment, alg);
  }
  return alg;
}

function b64urlJson(s: string): Record<string, unknown> | null {
  const bytes = b64urlBytes(s);
  if (!bytes) return null;
  try {
    const v = JSON.parse(decoder.decode(bytes));
    return v !== null && typeof v === "object" && !Array.isArray(v) ? v : null;
  } catch {
    return null;
  }
}

const isNum = (v: unknown): v is number => typeof v === "number" && Number.isFinite(v);

/** Decide the algorithms allowed for a key. @internal */
function allowedFor(entry: KeyEntry, options: VerifyOptions): TokenAlgorithm {
  let algs = options.algorithms;
  if (options.algo) algs = [options.algo.toUpperCase() as TokenAlgorithm];
  if (algs && !algs.includes(entry.alg)) {
    throw new ConfigError(
      `Algorithm ${algs.join(", ")} cannot be used with this jwtSecret (it is a ${entry.alg} key)`,
    );
  }
  return entry.alg;
}

/**
 * Verify a login token and return its `Session` — or `null` for a missing, malformed, forged,
 * expired or too old token. Throws `ConfigError` when no key is configured or the key cannot
 * be imported.
 *
 * @example
 * ```ts
 * import { verifySession } from "@authrocket-edge/sdk";
 * const session = await verifySession("eyJ…", { jwtSecret: "jsk_…", within: 60 });
 * if (session) console.log((await session.user()).username);
 * ```
 */
export function verifySession(
  token: string | null | undefined,
  options: VerifyOptions = {},
): Promise<Session | null> {
  return verifyWith(token, options, undefined);
}

/** Verify with a client attached to the records (used by `ar.sessions.fromToken`). @internal */
export async function verifyWith(
  token: string | null | undefined,
  options: VerifyOptions,
  client: RecordClient | undefined,
): Promise<Session | null> {
  const secret = options.jwtSecret;
  if (secret === undefined || secret === null || secret === "") {
    throw new ConfigError("Missing jwtSecret (or AUTHROCKET_JWT_SECRET)");
  }
  const k = keyForOptions(options, secret);
  const entry = k instanceof Promise ? await k : k;
  const alg = allowedFor(entry, options);
  if (typeof token !== "string" || token.length > MAX_TOKEN_LENGTH) return null;
  // Three non-empty segments; their characters are checked as each one is decoded.
  const d1 = token.indexOf(".");
  const d2 = token.indexOf(".", d1 + 1);
  if (d1 < 1 || d2 < d1 + 2 || d2 + 1 >= token.length || token.indexOf(".", d2 + 1) !== -1) {
    return null;
  }
  if (headerAlg(token.slice(0, d1)) !== alg) return null;
  const sig = b64urlBytes(token.slice(d2 + 1));
  if (!sig) return null;
  const data = encoder.encode(token.slice(0, d2));
  let verified: Promise<boolean>;
  try {
    verified = crypto.subtle.verify(alg === "HS256" ? "HMAC" : RS, entry.key, sig, data);
  } catch {
    return null;
  }
  // The payload is decoded while the signature is being checked (off the main thread where the
  // runtime can), but nothing of it is looked at before the signature has been accepted. One
  // microtask first, so that a burst of calls hands all its signatures to the runtime before
  // any payload is decoded.
  await undefined;
  const claims = b64urlJson(token.slice(d1 + 1, d2));
  try {
    if (!(await verified)) return null;
  } catch {
    return null;
  }
  if (!claims) return null;
  const nowMs = options.now === undefined
    ? Date.now()
    : typeof options.now === "number"
    ? options.now
    : options.now.getTime();
  const now = Math.floor(nowMs / 1000);
  const leeway = options.leeway ?? 5;
  const { exp, nbf, iat } = claims;
  if (exp !== undefined && (!isNum(exp) || exp <= now - leeway)) return null;
  if (nbf !== undefined && (!isNum(nbf) || nbf > now + leeway)) return null;
  if (iat !== undefined && (!isNum(iat) || iat > now + leeway)) return null;
  if (options.within !== undefined && (!isNum(iat) || iat < now - options.within)) return null;
  return sessionFromClaims(token, claims, client);
}

const str = (v: unknown): string | null => (typeof v === "string" ? v : null);

/** Build the Session, its User and their memberships from verified claims. @internal */
export function sessionFromClaims(
  token: string,
  c: Record<string, unknown>,
  client: RecordClient | undefined,
): Session {
  const uid = str(c.uid);
  const aud = Array.isArray(c.aud) ? str(c.aud[0]) : str(c.aud);
  const session = new Session({
    object: "session",
    id: str(c.tk),
    created_at: isNum(c.iat) ? c.iat : null,
    expires_at: isNum(c.exp) ? c.exp : null,
    token,
    user_id: uid,
  }, client);
  const user = new User({
    object: "user",
    id: uid,
    realm_id: aud,
    username: str(c.un),
    first_name: str(c.fn),
    last_name: str(c.ln),
    name: str(c.n),
    custom: c.cs ?? null,
  }, client);
  if (Array.isArray(c.m)) {
    const ms = new Collection<Membership>();
    for (const m of c.m as Record<string, unknown>[]) {
      if (!m || typeof m !== "object") continue;
      const oid = str(m.oid);
      const data: Record<string, unknown> = {
        object: "membership",
        permissions: Array.isArray(m.p) ? m.p : [],
        custom: m.cs ?? null,
        user_id: uid,
        org_id: oid,
      };
      const mb = new Membership(data, client);
      mb._store("user", user);
      if (oid && m.o !== undefined) {
        const org = { object: "org", id: oid, realm_id: aud, name: m.o, custom: m.ocs ?? null };
        mb._store("org", new Org(org, client));
      }
      ms.push(mb);
    }
    user._store("memberships", ms);
  }
  session._store("user", user);
  return session;
}
