/**
 * The emulator's stored passwords: PBKDF2-SHA-256 over WebCrypto with a random salt, never
 * kept or returned in clear, compared in constant time.
 * @module
 */

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

/** Hash a password for storage: `pbkdf2$<iterations>$<salt>$<hash>`. */
export async function hashPassword(password: string, iterations: number): Promise<string> {
  const salt = crypto.getRandomValues(new Uint8Array(16));
  return `pbkdf2$${iterations}$${hex(salt)}$${await derive(password, salt, iterations)}`;
}

/** Whether `password` matches a stored hash. */
export async function checkPassword(password: string, stored: string): Promise<boolean> {
  const [, it, saltHex, hashHex] = stored.split("$");
  const salt = new Uint8Array(saltHex.match(/../g)!.map((h) => parseInt(h, 16)));
  const got = await derive(password, salt, Number(it));
  let diff = got.length ^ hashHex.length;
  for (let i = 0; i < got.length && i < hashHex.length; i++) {
    diff |= got.charCodeAt(i) ^ hashHex.charCodeAt(i);
  }
  return diff === 0;
}
