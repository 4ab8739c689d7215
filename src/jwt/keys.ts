/**
 * The verification keys: a `jsk_` secret, an RSA public key (PEM, bare base64 or JWK) or a
 * `CryptoKey`, each checked (RFC 7518 §3.1–3.3: HMAC SHA-256, RSASSA-PKCS1-v1_5 SHA-256
 * with at least 2048 bits), imported once and kept in a bounded cache keyed by the secret
 * itself. Part of the JWT core: imports only the error classes and the LRU.
 * @module
 */
import { ConfigError } from "../errors.ts";
import type { Lru } from "../lru.ts";
import { b64urlBytes, encoder } from "./base64url.ts";

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
 * WebCrypto's `CryptoKey`, named through the `crypto` global that Node's, Deno's, Bun's and
 * Workers' typings all declare (as jose names it), so the published types need no DOM lib: a
 * Node project (`types: ["node"]`, no `"dom"`) type-checks them as a browser or Workers one does.
 *
 * @example
 * ```ts
 * import { verifySession, type WebCryptoKey } from "@authrocket-edge/sdk";
 * const key: WebCryptoKey = await crypto.subtle.importKey(
 *   "raw", new TextEncoder().encode("jsk_…"), { name: "HMAC", hash: "SHA-256" }, false, ["verify"],
 * );
 * const session = await verifySession("eyJ…", { jwtSecret: key });
 * ```
 */
export type WebCryptoKey = Extract<
  Awaited<ReturnType<typeof crypto.subtle.generateKey>>,
  { type: string }
>;

/**
 * A JSON Web Key (RFC 7517) as WebCrypto reads it: the realm's RSA public key (`kty: "RSA"`, `n`,
 * `e`) or an HMAC secret (`kty: "oct"`, `k`). Declared here rather than taken from the DOM lib,
 * for the same reason as {@link WebCryptoKey}.
 *
 * @example
 * ```ts
 * import { verifySession, type Jwk } from "@authrocket-edge/sdk";
 * const jwk: Jwk = { kty: "oct", k: "anNrX2V4YW1wbGU" };
 * const session = await verifySession("eyJ…", { jwtSecret: jwk });
 * ```
 */
export interface Jwk {
  /** The key type: `"RSA"` or `"oct"` here. */
  kty?: string;
  /** The algorithm it is meant for. */
  alg?: string;
  /** What it is for (`"sig"`). */
  use?: string;
  /** The operations it may be used for. */
  key_ops?: string[];
  /** Whether it may be exported again. */
  ext?: boolean;
  /** An RSA modulus and exponent (base64url). */
  n?: string;
  /** An RSA public exponent (base64url). */
  e?: string;
  /** An HMAC secret (base64url). */
  k?: string;
  /** An elliptic curve and its point (not used by AuthRocket). */
  crv?: string;
  /** An elliptic curve point's x (not used by AuthRocket). */
  x?: string;
  /** An elliptic curve point's y (not used by AuthRocket). */
  y?: string;
  /** A private member: a private JWK verifies as its public half. */
  d?: string;
  /** A private member. */
  p?: string;
  /** A private member. */
  q?: string;
  /** A private member. */
  dp?: string;
  /** A private member. */
  dq?: string;
  /** A private member. */
  qi?: string;
  /** A private member. */
  oth?: { d?: string; r?: string; t?: string }[];
}

/**
 * What `jwtSecret` may be: the realm's `jsk_…` HS256 secret, its RSA public key (PEM, or any key
 * over 256 characters, as the gem decides), an imported {@link WebCryptoKey} or a {@link Jwk}.
 *
 * @example
 * ```ts
 * import { AuthRocket, type JwtSecret } from "@authrocket-edge/sdk";
 * const jwtSecret: JwtSecret = "jsk_…";
 * const ar = new AuthRocket({ jwtSecret, loginUrl: "https://my-app.e1.loginrocket.com/" });
 * ```
 */
export type JwtSecret = string | WebCryptoKey | Jwk;

/** A key ready to verify with, and the one algorithm it verifies. */
export interface KeyEntry {
  key: WebCryptoKey;
  alg: TokenAlgorithm;
}

/**
 * Imported keys by their secret's {@link secretId}. An entry is the import's promise until it
 * settles, then the key itself, so a hit needs no `await`.
 */
export type KeyCache = Lru<string, KeyEntry | Promise<KeyEntry>>;

/** How many imported keys are kept by default (`keyCacheSize`): realms verified by one process. */
export const KEY_CACHE_SIZE = 2048;

/** RSASSA-PKCS1-v1_5 with SHA-256 (to `verify`, the hash is the key's own: ignored there). */
export const RS = { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" } as const;
const HS = { name: "HMAC", hash: "SHA-256" } as const;

function pemToDer(pem: string): Uint8Array<ArrayBuffer> {
  const body = pem.replace(/-----(BEGIN|END)[^-]*-----|\s+/g, "").replace(/=+$/, "");
  const der = /^[A-Za-z0-9+/]+$/.test(body) &&
    b64urlBytes(body.replace(/\+/g, "-").replace(/\//g, "_"));
  if (!der) throw new ConfigError("The JWT key is not a valid PEM");
  return der;
}

async function importSecret(secret: string | Jwk): Promise<KeyEntry> {
  try {
    let key: WebCryptoKey;
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
      key = await crypto.subtle.importKey("raw", encoder.encode(secret), HS, false, ["verify"]);
    }
    return checkKey(key);
  } catch (e) {
    if (e instanceof ConfigError) throw e;
    throw new ConfigError("Unable to import the JWT key (jwtSecret / AUTHROCKET_JWT_SECRET)");
  }
}

/** An RSA JWK without its private members (a private JWK verifies as its public half). */
function publicJwk(jwk: Jwk): Jwk {
  // A private JWK (WebCrypto exports it with key_ops ["sign"]) verifies as its public half.
  const { d: _d, p: _p, q: _q, dp: _dp, dq: _dq, qi: _qi, oth: _oth, key_ops: _ops, ...pub } = jwk;
  return pub;
}

/**
 * The one check every key goes through, imported or handed over as a `CryptoKey` (that one on
 * every use: reading its algorithm costs less than a lookup, and the key itself is its identity
 * in the token cache): it must be able to verify, with SHA-256, and an RSA modulus of at least
 * 2048 bits. Anything else would verify tokens with an algorithm the realm never signs with (or
 * not at all), so it is refused.
 */
export function checkKey(key: WebCryptoKey): KeyEntry {
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

/**
 * A secret's identity in the key and token caches: a string secret is its own (no copy, no
 * hashing beyond the `Map`'s), a JWK its public members as JSON after a NUL, and a string
 * secret that itself starts with NUL gets a second one, so the two kinds never meet.
 */
export function secretId(secret: string | Jwk): string {
  if (typeof secret === "string") return secret[0] === "\0" ? "\0" + secret : secret;
  return "\0" + JSON.stringify(secret.kty === "RSA" ? publicJwk(secret) : secret);
}

/** The key for a secret: from `cache` when it was imported before, else imported (a promise). */
export function keyFor(
  cache: KeyCache,
  id: string,
  secret: string | Jwk,
): KeyEntry | Promise<KeyEntry> {
  const hit = cache.get(id);
  if (hit !== undefined) return hit;
  const p = importSecret(secret);
  // Settled: the key itself (a hit needs no await), unless it was evicted or replaced meanwhile.
  p.then((entry) => {
    if (cache.get(id) === p) cache.set(id, entry);
  }, () => {
    if (cache.get(id) === p) cache.delete(id);
  });
  cache.set(id, p);
  return p;
}
