/**
 * Compact JWS verification of login tokens: a token and a key in, the verified claims or the
 * reason it was refused out. Signature before claims, the algorithm pinned by the key, strict
 * base64url and UTF-8, no `crit`, and a bounded cache of tokens already verified. Part of the
 * JWT core: imports no record class.
 * @module
 */
import { ConfigError } from "../errors.ts";
import { b64urlBytes, b64urlText, jsonObject } from "./base64url.ts";
import { type KeyEntry, keyForOptions, type TokenAlgorithm } from "./keys.ts";

/**
 * Why a token was refused (see `onReject`): no token; not a well-formed compact JWS of a JSON
 * object (or a time claim that is not a number); a header `alg` the key does not verify; a
 * signature that does not match; `exp` passed; `nbf` not reached; `iat` in the future; older
 * than `within` (or no `iat` with `within`); with `revalidate`: a managed session the API no
 * longer has (`revoked`), or one the API could not be asked about while no answer within
 * `maxStale` was kept (`unchecked`: refused, fail closed).
 *
 * @example
 * ```ts
 * import { verifySession, type RejectReason } from "@authrocket-edge/sdk";
 * const seen: RejectReason[] = [];
 * await verifySession("not-a-token", { jwtSecret: "jsk_…", onReject: (r) => seen.push(r) }); // ["malformed"]
 * ```
 */
export type RejectReason =
  | "missing"
  | "malformed"
  | "algorithm"
  | "signature"
  | "expired"
  | "not_yet_valid"
  | "issued_in_future"
  | "too_old"
  | "revoked"
  | "unchecked";

/**
 * The options the JWT core reads: the key and the checks (`VerifyOptions` adds the session
 * layer's).
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
  jwtSecret?: string | CryptoKey | JsonWebKey;
  /** Pin the accepted algorithms (default: from the key: HS256 for secrets, RS256 for RSA). */
  algorithms?: TokenAlgorithm[];
  /** Shorthand for a one-element `algorithms` (`"hs256"` and `"rs256"` are accepted too). */
  algo?: TokenAlgorithm | "hs256" | "rs256";
  /** Refuse tokens issued more than this many seconds ago (no leeway); a finite number ≥ 0. */
  within?: number;
  /** Clock skew allowed on `exp`, `nbf` and a future `iat`, in seconds (default 5; finite, ≥ 0). */
  leeway?: number;
  /** The clock: a valid `Date` or finite milliseconds since the epoch (default: now). */
  now?: Date | number;
  /** Remember verified tokens, so that the next request with the same one skips the signature
   * check (default `true`; `exp`, `nbf`, `iat` and `within` are checked on every call). */
  tokenCache?: boolean;
}

/** The claims of a verified token. */
export type Claims = Record<string, unknown>;

/** Tokens longer than this are refused unread. */
export const MAX_TOKEN_LENGTH = 16 * 1024;

/** How many verified tokens the token cache keeps (least recently used dropped first). */
export const TOKEN_CACHE_SIZE = 2048;

/**
 * A token whose signature verified with `entry`: its claims (their time claims are numbers or
 * absent) and, when a claim holds an object or array, the JSON text to parse a fresh copy from
 * (records handed out share no state between calls).
 */
interface Verified {
  entry: KeyEntry;
  claims: Claims;
  text: string | undefined;
}
const tokens = new Map<string, Verified>();

/** Decoded header segments (a realm's tokens share one): segment → `alg`, or "" if refused. */
const headers = new Map<string, string>();

function headerAlg(segment: string): string {
  let alg = headers.get(segment);
  if (alg === undefined) {
    const h = jsonObject(b64urlText(segment));
    alg = h && typeof h.alg === "string" && h.crit === undefined ? h.alg : "";
    if (headers.size >= 32) headers.delete(headers.keys().next().value!);
    headers.set(segment, alg);
  }
  return alg;
}

const encoder = new TextEncoder();
const RS = { name: "RSASSA-PKCS1-v1_5" } as const;

/** A setting in seconds: absent, or a finite number ≥ 0; anything else would switch a check off. */
function seconds(v: unknown, name: string): number | undefined {
  if (v === undefined || (typeof v === "number" && v >= 0 && v < Infinity)) return v;
  throw new ConfigError(`${name} must be a finite number of seconds ≥ 0 (got ${describe(v)})`);
}

const describe = (v: unknown) => typeof v === "number" || v instanceof Date ? String(v) : typeof v;

/** The clock in whole seconds: `now` must be a valid Date or finite milliseconds. */
function nowSeconds(now: unknown): number {
  const ms = now === undefined ? Date.now() : now instanceof Date ? now.getTime() : now;
  if (typeof ms === "number" && ms > -Infinity && ms < Infinity) return Math.floor(ms / 1000);
  throw new ConfigError(
    `now must be a valid Date or epoch milliseconds (got ${describe(now)})`,
  );
}

/** The algorithm the key verifies, if the options allow it. */
function allowedFor(entry: KeyEntry, options: JwtOptions): TokenAlgorithm {
  let algs = options.algorithms;
  if (options.algo) algs = [options.algo.toUpperCase() as TokenAlgorithm];
  if (algs && !algs.includes(entry.alg)) {
    // Only the known names are echoed: a secret passed here by mistake must not reach a log.
    const named = algs.map((a) => a === "HS256" || a === "RS256" ? a : "(not HS256 or RS256)");
    throw new ConfigError(
      `Algorithm ${named.join(", ")} cannot be used with this jwtSecret (it is a ${entry.alg} key)`,
    );
  }
  return entry.alg;
}

const isTime = (v: unknown) => v === undefined || (typeof v === "number" && isFinite(v));

/**
 * Verify a compact JWS: its claims, or why it was refused. Throws `ConfigError` for a missing
 * or unusable key and for options that would switch a check off; never for a bad token.
 * Synchronous when the key and the token are cached.
 */
export function verifyToken(
  token: unknown,
  options: JwtOptions,
): Claims | RejectReason | Promise<Claims | RejectReason> {
  const secret = options.jwtSecret;
  if (secret === undefined || secret === null || secret === "") {
    throw new ConfigError("Missing jwtSecret (or AUTHROCKET_JWT_SECRET)");
  }
  const leeway = seconds(options.leeway, "leeway") ?? 5;
  const within = seconds(options.within, "within");
  const now = nowSeconds(options.now);
  const k = keyForOptions(options, secret);
  if (k instanceof Promise) {
    return k.then((entry) => withKey(token, options, entry, now, leeway, within));
  }
  return withKey(token, options, k, now, leeway, within);
}

function withKey(
  token: unknown,
  options: JwtOptions,
  entry: KeyEntry,
  now: number,
  leeway: number,
  within: number | undefined,
): Claims | RejectReason | Promise<Claims | RejectReason> {
  const alg = allowedFor(entry, options);
  if (typeof token !== "string" || token === "") return "missing";
  const cache = options.tokenCache !== false;
  const hit = cache ? tokens.get(token) : undefined;
  if (hit !== undefined && hit.entry === entry) {
    tokens.delete(token); // LRU: move to the end
    tokens.set(token, hit);
    const claims = hit.text === undefined ? hit.claims : JSON.parse(hit.text);
    return timeCheck(claims, now, leeway, within) ?? claims;
  }
  if (token.length > MAX_TOKEN_LENGTH) return "malformed";
  // Three non-empty segments; their characters are checked as each one is decoded.
  const d1 = token.indexOf(".");
  const d2 = token.indexOf(".", d1 + 1);
  if (d1 < 1 || d2 < d1 + 2 || d2 + 1 >= token.length || token.indexOf(".", d2 + 1) !== -1) {
    return "malformed";
  }
  const headerAlgorithm = headerAlg(token.slice(0, d1));
  if (headerAlgorithm === "") return "malformed";
  if (headerAlgorithm !== alg) return "algorithm";
  const sig = b64urlBytes(token.slice(d2 + 1));
  if (!sig) return "malformed";
  const data = encoder.encode(token.slice(0, d2));
  const verified = crypto.subtle.verify(alg === "HS256" ? "HMAC" : RS, entry.key, sig, data);
  return checked(token, d1, d2, verified, entry, cache, now, leeway, within);
}

async function checked(
  token: string,
  d1: number,
  d2: number,
  verified: Promise<boolean>,
  entry: KeyEntry,
  cache: boolean,
  now: number,
  leeway: number,
  within: number | undefined,
): Promise<Claims | RejectReason> {
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
  if (cache) {
    let nested = false;
    for (const k in claims) if (typeof claims[k] === "object" && claims[k] !== null) nested = true;
    tokens.set(token, { entry, claims, text: nested ? text! : undefined });
    if (tokens.size > TOKEN_CACHE_SIZE) tokens.delete(tokens.keys().next().value!);
  }
  return timeCheck(claims, now, leeway, within) ?? claims;
}

/** Why a verified token's time claims refuse it now, if they do. */
function timeCheck(
  c: Claims,
  now: number,
  leeway: number,
  within: number | undefined,
): RejectReason | undefined {
  const { exp, nbf, iat } = c as { exp?: number; nbf?: number; iat?: number };
  if (exp !== undefined && exp <= now - leeway) return "expired";
  if (nbf !== undefined && nbf > now + leeway) return "not_yet_valid";
  if (iat !== undefined && iat > now + leeway) return "issued_in_future";
  if (within !== undefined && (iat === undefined || iat < now - within)) return "too_old";
}
