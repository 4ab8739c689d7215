/**
 * The verification keys: a `jsk_` secret, an RSA public key (PEM, bare base64 or JWK) or a
 * `CryptoKey`, each checked once (RFC 7518 §3.1–3.3: HMAC SHA-256, RSASSA-PKCS1-v1_5 SHA-256
 * with at least 2048 bits), imported once and cached. Part of the JWT core: imports only the
 * error classes.
 * @module
 */
import { ConfigError } from "../errors.ts";
import { b64urlBytes } from "./base64url.ts";

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

/** A key ready to verify with, and the one algorithm it verifies. */
export interface KeyEntry {
  key: CryptoKey;
  alg: TokenAlgorithm;
}

/** What `jwtSecret` may be. */
export type JwtSecret = string | CryptoKey | JsonWebKey;

const CACHE_SIZE = 64;
/**
 * Imported keys by their secret (a JWK: its public members), least recently used first. The
 * secret as a Map key holds nothing the imported key beside it does not hold already. An entry
 * is the import's promise until it settles, then the key itself, so a hit needs no `await`.
 */
const keyCache = new Map<string, KeyEntry | Promise<KeyEntry>>();
/** Checked `CryptoKey`s: each is checked once, and keeps one entry (the token cache's identity). */
const cryptoKeys = new WeakMap<CryptoKey, KeyEntry>();
let importCount = 0;

/** How many keys have been imported so far (tests use it to prove the cache works). */
export function keyImportCount(): number {
  return importCount;
}

const RS = { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" } as const;
const HS = { name: "HMAC", hash: "SHA-256" } as const;

function pemToDer(pem: string): Uint8Array<ArrayBuffer> {
  const body = pem.replace(/-----(BEGIN|END)[^-]*-----|\s+/g, "").replace(/=+$/, "");
  const der = /^[A-Za-z0-9+/]+$/.test(body) &&
    b64urlBytes(body.replace(/\+/g, "-").replace(/\//g, "_"));
  if (!der) throw new ConfigError("The JWT key is not a valid PEM");
  return der;
}

async function importSecret(secret: string | JsonWebKey): Promise<KeyEntry> {
  importCount++;
  try {
    let key: CryptoKey;
    if (typeof secret !== "string") {
      if (secret.kty === "RSA") {
        key = await crypto.subtle.importKey("jwk", publicJwk(secret), RS, false, ["verify"]);
      } else if (secret.kty === "oct") {
        key = await crypto.subtle.importKey("jwk", secret, HS, false, ["verify"]);
      } else throw new ConfigError("Unsupported JWK for jwtSecret (need kty RSA or oct)");
      // A string over 256 characters is an RSA key, as the gem decides.
    } else if (secret.includes("-----BEGIN") || secret.length > 256) {
      if (/BEGIN (RSA |ENCRYPTED )?PRIVATE KEY/.test(secret)) {
        throw new ConfigError("jwtSecret must be the realm's public key, not a private key");
      }
      key = await crypto.subtle.importKey("spki", pemToDer(secret), RS, false, ["verify"]);
    } else {
      key = await crypto.subtle.importKey("raw", encode(secret), HS, false, ["verify"]);
    }
    return checkKey(key);
  } catch (e) {
    if (e instanceof ConfigError) throw e;
    throw new ConfigError("Unable to import the JWT key (jwtSecret / AUTHROCKET_JWT_SECRET)");
  }
}

const encode = (s: string) => new TextEncoder().encode(s);

/** An RSA JWK without its private members (a private JWK verifies as its public half). */
function publicJwk(jwk: JsonWebKey): JsonWebKey {
  // A private JWK (WebCrypto exports it with key_ops ["sign"]) verifies as its public half.
  const { d: _d, p: _p, q: _q, dp: _dp, dq: _dq, qi: _qi, oth: _oth, key_ops: _ops, ...pub } = jwk;
  return pub;
}

/**
 * The one check every key goes through, imported or handed over as a `CryptoKey`: it must be
 * able to verify, with SHA-256, and an RSA modulus of at least 2048 bits. Anything else would
 * verify tokens with an algorithm the realm never signs with (or not at all), so it is refused.
 */
function checkKey(key: CryptoKey): KeyEntry {
  const a = key.algorithm as RsaHashedKeyAlgorithm;
  const hash = a.hash?.name;
  const alg = hash !== "SHA-256"
    ? undefined
    : a.name === "HMAC"
    ? "HS256"
    : a.name === "RSASSA-PKCS1-v1_5"
    ? "RS256"
    : undefined;
  if (!alg) {
    throw new ConfigError(
      `Unsupported jwtSecret (${a.name} ${hash}): need HMAC SHA-256 or RSASSA-PKCS1-v1_5 SHA-256`,
    );
  }
  if (!key.usages.includes("verify")) {
    throw new ConfigError(
      'This jwtSecret CryptoKey cannot verify: give it usages ["verify"]',
    );
  }
  const bits = a.modulusLength;
  if (alg === "RS256" && !(bits >= 2048)) {
    throw new ConfigError(`The RSA JWT key is too short (${bits} bits; need 2048 or more)`);
  }
  return { key, alg };
}

/** The key for a secret: from the caches when it was seen before, else imported (a promise). */
export function keyFor(secret: JwtSecret): KeyEntry | Promise<KeyEntry> {
  if (typeof CryptoKey !== "undefined" && secret instanceof CryptoKey) {
    let entry = cryptoKeys.get(secret);
    if (!entry) cryptoKeys.set(secret, entry = checkKey(secret));
    return entry;
  }
  const jwk = secret as JsonWebKey;
  const id = typeof secret === "string"
    ? "s:" + secret
    : "j:" + JSON.stringify(jwk.kty === "RSA" ? publicJwk(jwk) : jwk);
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

/**
 * Per-options-object handles: a caller (or a client) that passes the same options object on
 * every call skips even the digest. The entry remembers which secret it was made for (the
 * caller's own string, not a copy), so a replaced `jwtSecret` is noticed; it dies with the
 * options. Only string secrets get one (a JWK object could be edited in place).
 */
const handles = new WeakMap<object, { secret: string; entry: KeyEntry }>();

/** The key for `options.jwtSecret`, through the options object's handle when it has one. */
export function keyForOptions(
  options: object,
  secret: JwtSecret,
): KeyEntry | Promise<KeyEntry> {
  if (typeof secret !== "string") return keyFor(secret);
  const h = handles.get(options);
  if (h !== undefined && h.secret === secret) return h.entry;
  const k = keyFor(secret);
  if (!(k instanceof Promise)) handles.set(options, { secret, entry: k });
  return k;
}
