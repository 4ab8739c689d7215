/**
 * Compact JWS verification of login tokens: a token and a key in, the verified claims or the
 * reason it was refused out. Signature before claims, the algorithm pinned by the key, strict
 * base64url and UTF-8, no `crit`, and bounded caches of keys and of tokens already verified.
 * Part of the JWT core: imports no record class, and its reasons are its own.
 * @module
 */
import { ConfigError } from "../errors.ts";
import { type Lru, lru } from "../lru.ts";
import { jsonObject } from "../json.ts";
import { b64urlBytes, b64urlText, encoder } from "./base64url.ts";
import {
  checkKey,
  type Jwk,
  type JwtSecret,
  KEY_CACHE_SIZE,
  type KeyCache,
  type KeyEntry,
  keyFor,
  RS,
  secretId,
  type TokenAlgorithm,
  type WebCryptoKey,
} from "./keys.ts";

/**
 * Why the JWT core refused a token: no token; not a well-formed compact JWS of a JSON object
 * (or a time claim that is not a number); a header `alg` the key does not verify; a signature
 * that does not match; `exp` passed; `nbf` not reached; `iat` in the future; older than
 * `within` (or no `iat` with `within`). The session layer adds its own (`RejectReason`).
 *
 * @example
 * ```ts
 * import type { RejectReason, TokenRejectReason } from "@authrocket-edge/sdk";
 * // The session layer's reasons are the JWT core's plus its own two.
 * const fromTheToken = (r: RejectReason): r is TokenRejectReason => r !== "revoked" && r !== "unchecked";
 * ```
 */
export type TokenRejectReason =
  | "missing"
  | "malformed"
  | "algorithm"
  | "signature"
  | "expired"
  | "not_yet_valid"
  | "issued_in_future"
  | "too_old";

/**
 * The options the JWT core reads: the key, the checks and the caches' bounds
 * (`VerifyOptions` adds the session layer's).
 *
 * @example
 * ```ts
 * import { verifySession, type JwtOptions } from "@authrocket-edge/sdk";
 * const checks: JwtOptions = { jwtSecret: "jsk_…", algorithms: ["HS256"], within: 300, leeway: 5 };
 * const session = await verifySession("eyJ…", checks);
 * ```
 */
export interface JwtOptions {
  /** The realm's `jsk_…` secret, an RSA public key (PEM), a `CryptoKey` or a public JWK. */
  jwtSecret?: JwtSecret;
  /** Pin the accepted algorithms (default: from the key: HS256 for secrets, RS256 for RSA). */
  algorithms?: TokenAlgorithm[];
  /** Shorthand for a one-element `algorithms` (`"hs256"` and `"rs256"` are accepted too). */
  algo?: TokenAlgorithm | "hs256" | "rs256";
  /** Refuse tokens issued more than this many seconds ago (no leeway); a finite number ≥ 0. */
  within?: number;
  /**
   * Clock skew allowed on `exp`, `nbf` and a future `iat`, in seconds (default 5; finite, from
   * 0 to 300: a larger skew is a broken clock, not a tolerance, and would accept expired tokens).
   */
  leeway?: number;
  /** The clock: a valid `Date` or finite milliseconds since the epoch (default: now). */
  now?: Date | number;
  /** Remember verified tokens, so that the next request with the same one skips the signature
   * check (default `true`; `exp`, `nbf`, `iat` and `within` are checked on every call). */
  tokenCache?: boolean;
  /**
   * How many imported keys are kept, a whole number ≥ 1 (default 2,048; the 1,024 most
   * recently used always are): one per realm verified; past it a key is imported again, never
   * refused. Calls with the same bound share one cache.
   */
  keyCacheSize?: number;
  /**
   * How many verified tokens are kept, a whole number ≥ 1 (default 2,048; the 1,024 most
   * recently used always are). Calls with the same bound share one cache.
   */
  tokenCacheSize?: number;
}

/** The claims of a verified token. */
export type Claims = Record<string, unknown>;

/** Tokens longer than this are refused unread. */
export const MAX_TOKEN_LENGTH = 16 * 1024;

/** How many verified tokens are kept by default (`tokenCacheSize`). */
export const TOKEN_CACHE_SIZE = 2048;

/** The largest `leeway`, in seconds (5 minutes): beyond it, expiry would be switched off. */
export const MAX_LEEWAY = 300;

/**
 * A token whose signature verified with the key of secret `id`: its claims (their time claims
 * are numbers or absent) and, when a claim holds an object or array, the JSON text to parse a
 * fresh copy from (records handed out share no state between calls). Tied to the secret, not
 * to the imported key object: a key evicted and imported again still finds its tokens.
 */
interface CachedToken {
  id: string | WebCryptoKey;
  claims: Claims;
  text: string | undefined;
}

/**
 * The caches by bound (a process uses one or two bounds; the defaults are made at load): keyed
 * by the bound as a number (`+k`: a string such as "__proto__" finds nothing), and made once the
 * bound was checked, so a bad one is never kept.
 */
const keyCaches: Record<number, KeyCache> = { [KEY_CACHE_SIZE]: lru(KEY_CACHE_SIZE) };
const tokenCaches: Record<number, Lru<string, CachedToken>> = {
  [TOKEN_CACHE_SIZE]: lru(TOKEN_CACHE_SIZE),
};

/**
 * The key of a secret, through the default key cache (the CLI names the algorithm a key verifies
 * when it explains a refused token).
 */
export const keyOf = (secret: JwtSecret): KeyEntry | Promise<KeyEntry> =>
  secret instanceof CryptoKey
    ? checkKey(secret)
    : keyFor(keyCaches[KEY_CACHE_SIZE], secretId(secret), secret);

/**
 * An optional setting in seconds: absent, or finite from 0 to `max` (leeway's ceiling); anything
 * else would switch a check off.
 */
function optionalSeconds(name: string, v: unknown, max = Infinity): number | undefined {
  if (v === undefined || (Number.isFinite(v) && (v as number) >= 0 && (v as number) <= max)) {
    return v as number | undefined;
  }
  throw new ConfigError(
    `${name} must be a finite number of seconds ${
      max < Infinity ? `from 0 to ${max}` : "≥ 0"
    } (got ${describe(v)})`,
  );
}

const describe = (v: unknown) => typeof v === "number" || v instanceof Date ? String(v) : typeof v;

/** The clock in whole seconds: `now` must be a valid Date or finite milliseconds. */
function nowSeconds(now: unknown): number {
  const ms = now === undefined ? Date.now() : now instanceof Date ? now.getTime() : now;
  if (Number.isFinite(ms)) return Math.floor((ms as number) / 1000);
  throw new ConfigError(
    `now must be a valid Date or epoch milliseconds (got ${describe(now)})`,
  );
}

/** The key, if the options allow the algorithm it verifies. */
function allowedFor(entry: KeyEntry, options: JwtOptions): KeyEntry {
  let algs = options.algorithms;
  if (options.algo) algs = [options.algo.toUpperCase() as TokenAlgorithm];
  if (algs && !algs.includes(entry.alg)) {
    // Only the known names are echoed: a secret passed here by mistake must not reach a log.
    const named = algs.map((a) => a === "HS256" || a === "RS256" ? a : "(not HS256 or RS256)");
    throw new ConfigError(
      `Algorithm ${named.join(", ")} cannot be used with this jwtSecret (it is a ${entry.alg} key)`,
    );
  }
  return entry;
}

/**
 * The options of one verification, checked and resolved once (jose's `prepareVerify`): the
 * key, its identity in the caches, the clock and tolerances, and the token cache if on.
 */
interface Prepared {
  id: string | WebCryptoKey;
  /** The key, checked against `algorithms` / `algo`. */
  entry: KeyEntry;
  now: number;
  leeway: number;
  within: number | undefined;
  tokens: Lru<string, CachedToken> | undefined;
}

/**
 * Check the options and find the key: a `ConfigError` for a missing or unusable key and for a
 * setting that would switch a check off, before any token is looked at.
 */
function prepare(
  options: JwtOptions,
  secret: JwtOptions["jwtSecret"],
): Prepared | Promise<Prepared> {
  if (secret === undefined || secret === null || secret === "") {
    throw new ConfigError("Missing jwtSecret (or AUTHROCKET_JWT_SECRET)");
  }
  const leeway = optionalSeconds("leeway", options.leeway, MAX_LEEWAY) ?? 5;
  const within = optionalSeconds("within", options.within);
  const now = nowSeconds(options.now);
  const { keyCacheSize: k = KEY_CACHE_SIZE, tokenCacheSize: t = TOKEN_CACHE_SIZE } = options;
  const keys = keyCaches[+k] ??= lru(k, "keyCacheSize");
  const tokens = options.tokenCache !== false
    ? tokenCaches[+t] ??= lru(t, "tokenCacheSize")
    : undefined;
  const done = (id: string | WebCryptoKey, entry: KeyEntry): Prepared => ({
    id,
    entry: allowedFor(entry, options),
    now,
    leeway,
    within,
    tokens,
  });
  if (secret instanceof CryptoKey) {
    return done(secret, checkKey(secret));
  }
  const id = secretId(secret as string | Jwk);
  const entry = keyFor(keys, id, secret as string | Jwk);
  return entry instanceof Promise ? entry.then((e) => done(id, e)) : done(id, entry);
}

const isTime = (v: unknown) => v === undefined || Number.isFinite(v);

/**
 * Verify a compact JWS: its claims, or why it was refused. Throws `ConfigError` for a missing
 * or unusable key and for options that would switch a check off; never for a bad token.
 * Synchronous when the key and the token are cached. `secret` defaults to `options.jwtSecret`
 * (a client passes its own without copying the options).
 */
export function verifyToken(
  token: unknown,
  options: JwtOptions,
  secret: JwtOptions["jwtSecret"] = options.jwtSecret,
): Claims | TokenRejectReason | Promise<Claims | TokenRejectReason> {
  const p = prepare(options, secret);
  return p instanceof Promise ? p.then((p) => withKey(token, p)) : withKey(token, p);
}

function withKey(
  token: unknown,
  p: Prepared,
): Claims | TokenRejectReason | Promise<Claims | TokenRejectReason> {
  if (typeof token !== "string" || token === "") return "missing";
  const hit = p.tokens?.get(token);
  if (hit !== undefined && hit.id === p.id) {
    const claims = hit.text === undefined ? hit.claims : JSON.parse(hit.text);
    return timeCheck(claims, p) ?? claims;
  }
  if (token.length > MAX_TOKEN_LENGTH) return "malformed";
  // Three non-empty segments; their characters are checked as each one is decoded.
  const d1 = token.indexOf(".");
  const d2 = token.indexOf(".", d1 + 1);
  if (d1 < 1 || d2 < d1 + 2 || d2 + 1 >= token.length || token.indexOf(".", d2 + 1) !== -1) {
    return "malformed";
  }
  const h = jsonObject(b64urlText(token.slice(0, d1)));
  if (!h || typeof h.alg !== "string" || h.crit !== undefined) return "malformed";
  const alg = p.entry.alg;
  if (h.alg !== alg) return "algorithm";
  const sig = b64urlBytes(token.slice(d2 + 1));
  if (!sig) return "malformed";
  const data = encoder.encode(token.slice(0, d2));
  const verified = crypto.subtle.verify(alg === "HS256" ? "HMAC" : RS, p.entry.key, sig, data);
  return checked(token, d1, d2, verified, p);
}

async function checked(
  token: string,
  d1: number,
  d2: number,
  verified: Promise<boolean>,
  p: Prepared,
): Promise<Claims | TokenRejectReason> {
  // The payload is decoded while the signature is being checked (off the main thread where the
  // runtime can), but nothing of it is looked at before the signature has been accepted. One
  // microtask first, so that a burst of calls hands all its signatures to the runtime before
  // any payload is decoded.
  await undefined;
  const text = b64urlText(token.slice(d1 + 1, d2));
  let ok = false;
  try {
    ok = await verified;
  } catch { /* a key the runtime cannot verify with: refused below, as a bad signature */ }
  if (ok !== true) return "signature";
  const claims = jsonObject(text);
  if (!claims || !isTime(claims.exp) || !isTime(claims.nbf) || !isTime(claims.iat)) {
    return "malformed";
  }
  if (p.tokens) {
    let nested = false;
    for (const k in claims) if (typeof claims[k] === "object" && claims[k] !== null) nested = true;
    p.tokens.set(token, { id: p.id, claims, text: nested ? text! : undefined });
  }
  return timeCheck(claims, p) ?? claims;
}

/** Why a verified token's time claims refuse it now, if they do. */
function timeCheck(c: Claims, p: Prepared): TokenRejectReason | undefined {
  const { exp, nbf, iat } = c as { exp?: number; nbf?: number; iat?: number };
  const { now, leeway, within } = p;
  if (exp !== undefined && exp <= now - leeway) return "expired";
  if (nbf !== undefined && nbf > now + leeway) return "not_yet_valid";
  if (iat !== undefined && iat > now + leeway) return "issued_in_future";
  if (within !== undefined && (iat === undefined || iat < now - within)) return "too_old";
}
