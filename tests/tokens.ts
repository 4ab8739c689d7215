// Token minting for tests, with jose (the reference implementation).
import { exportJWK, exportSPKI, generateKeyPair, SignJWT } from "jose";

export const SECRET = "jsk_Qm9ndXNTZWNyZXRGb3JUZXN0c09ubHkxMjM0NTY";
export const NOW = Date.UTC(2026, 10, 28, 12, 0, 0); // ms
export const NOW_S = Math.floor(NOW / 1000);

export const claims = (extra: Record<string, unknown> = {}) => ({
  uid: "usr_0v1zUpWdE4IiFc2w5ynShf",
  aud: "rl_0v1zUpWdE4IiFc2w5ynSaa",
  un: "sally",
  fn: "Sally",
  ln: "Sue",
  n: "Sally Sue",
  tk: "kss_0v1zUpWdE4IiFc2w5ynSbb",
  iat: NOW_S - 60,
  exp: NOW_S + 3600,
  ...extra,
});

export async function hs256(payload: Record<string, unknown>, secret = SECRET, header = {}) {
  return await new SignJWT(payload).setProtectedHeader({ alg: "HS256", ...header }).sign(
    new TextEncoder().encode(secret),
  );
}

export async function rsaKeys(bits = 2048) {
  const { publicKey, privateKey } = await generateKeyPair("RS256", {
    modulusLength: bits,
    extractable: true,
  });
  return {
    publicKey,
    privateKey,
    pem: await exportSPKI(publicKey),
    jwk: await exportJWK(publicKey),
  };
}

export async function rs256(payload: Record<string, unknown>, privateKey: CryptoKey) {
  return await new SignJWT(payload).setProtectedHeader({ alg: "RS256" }).sign(privateKey);
}

export const b64url = (s: string | Uint8Array) => {
  const bytes = typeof s === "string" ? new TextEncoder().encode(s) : s;
  let bin = "";
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
};

/** Sign any header and payload (string or object) with HS256, bypassing jose's checks. */
export function signRaw(header: unknown, payload: unknown, secret = SECRET) {
  const h = b64url(JSON.stringify(header));
  const p = b64url(typeof payload === "string" ? payload : JSON.stringify(payload));
  return signSegments(h, p, secret);
}

/** Sign two segments exactly as given (any characters, padding included) with HS256. */
export async function signSegments(h: string, p: string, secret = SECRET) {
  const key = await hmacKey("sign", secret);
  const sig = new Uint8Array(
    await crypto.subtle.sign("HMAC", key, new TextEncoder().encode(`${h}.${p}`)),
  );
  return `${h}.${p}.${b64url(sig)}`;
}

/** A PEM public key of the given size, made with WebCrypto (jose refuses < 2048 bits). */
export async function rsaPem(bits: number) {
  const pair = await crypto.subtle.generateKey(
    {
      name: "RSASSA-PKCS1-v1_5",
      modulusLength: bits,
      publicExponent: new Uint8Array([1, 0, 1]),
      hash: "SHA-256",
    },
    true,
    ["sign", "verify"],
  ) as CryptoKeyPair;
  const der = new Uint8Array(await crypto.subtle.exportKey("spki", pair.publicKey));
  let bin = "";
  for (const b of der) bin += String.fromCharCode(b);
  return `-----BEGIN PUBLIC KEY-----\n${
    btoa(bin).replace(/(.{64})/g, "$1\n")
  }\n-----END PUBLIC KEY-----\n`;
}

/** The test secret as an HMAC SHA-256 `CryptoKey` for one usage. */
export function hmacKey(usage: KeyUsage, secret = SECRET): Promise<CryptoKey> {
  return crypto.subtle.importKey(
    "raw",
    new TextEncoder().encode(secret),
    { name: "HMAC", hash: "SHA-256" },
    false,
    [usage],
  );
}

/** Count the calls of crypto.subtle.verify while `fn` runs. */
export async function verifies(fn: () => Promise<unknown>): Promise<number> {
  const subtle = crypto.subtle as unknown as Record<string, unknown>;
  const original = crypto.subtle.verify;
  let n = 0;
  Object.defineProperty(subtle, "verify", {
    configurable: true,
    value: (...args: Parameters<SubtleCrypto["verify"]>) => {
      n++;
      return original.apply(crypto.subtle, args);
    },
  });
  try {
    await fn();
  } finally {
    delete subtle.verify;
  }
  return n;
}

let imported = 0;
{
  // Every key imported to verify with (usages ["verify"]), counted from here on: the verifier's
  // imports, which tests compare before and after a call to prove its key cache works.
  const subtle = crypto.subtle as unknown as Record<string, unknown>;
  const importKey = crypto.subtle.importKey;
  Object.defineProperty(subtle, "importKey", {
    configurable: true,
    writable: true,
    value: (...args: Parameters<SubtleCrypto["importKey"]>) => {
      if ([...args[4]].join() === "verify") imported++;
      return importKey.apply(crypto.subtle, args);
    },
  });
}

/** How many keys were imported to verify with so far (see above). */
export const keyImportCount = (): number => imported;
