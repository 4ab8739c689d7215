/**
 * TOTP (RFC 6238) over WebCrypto, for the emulator's 2FA credentials: base32 secrets, HMAC
 * codes, and a check that accepts one step of clock drift either way.
 * @module
 */

const B32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/** Base32 (RFC 4648, no padding), the form authenticator apps take secrets in. */
export function base32Encode(bytes: Uint8Array): string {
  let out = "";
  let bits = 0;
  let value = 0;
  for (const b of bytes) {
    value = (value << 8) | b;
    bits += 8;
    while (bits >= 5) {
      out += B32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += B32[(value << (5 - bits)) & 31];
  return out;
}

/** Decode base32 (case-insensitive, padding and spaces ignored); `null` if malformed. */
export function base32Decode(text: string): Uint8Array<ArrayBuffer> | null {
  const clean = text.replace(/[\s=]/g, "").toUpperCase();
  const out = new Uint8Array(Math.floor((clean.length * 5) / 8));
  let bits = 0;
  let value = 0;
  let i = 0;
  for (const c of clean) {
    const v = B32.indexOf(c);
    if (v < 0) return null;
    value = ((value << 5) | v) & 0xffff;
    bits += 5;
    if (bits >= 8) {
      out[i++] = (value >>> (bits - 8)) & 255;
      bits -= 8;
    }
  }
  return out;
}

/** Options of {@link totp}. */
export interface TotpOptions {
  /** Digits of the code (default 6). */
  digits?: number;
  /** Step in seconds (default 30). */
  period?: number;
  /** HMAC hash (default SHA-1, what authenticator apps use). */
  hash?: "SHA-1" | "SHA-256" | "SHA-512";
}

/** The TOTP code of `secret` at `unixSeconds` (RFC 6238, dynamic truncation of RFC 4226). */
export async function totp(
  secret: Uint8Array<ArrayBuffer>,
  unixSeconds: number,
  options: TotpOptions = {},
): Promise<string> {
  const digits = options.digits ?? 6;
  const counter = Math.floor(unixSeconds / (options.period ?? 30));
  const msg = new Uint8Array(8);
  const view = new DataView(msg.buffer);
  view.setUint32(0, Math.floor(counter / 2 ** 32));
  view.setUint32(4, counter >>> 0);
  const key = await crypto.subtle.importKey(
    "raw",
    secret,
    { name: "HMAC", hash: options.hash ?? "SHA-1" },
    false,
    ["sign"],
  );
  const mac = new Uint8Array(await crypto.subtle.sign("HMAC", key, msg));
  const off = mac[mac.length - 1] & 15;
  const bin = ((mac[off] & 0x7f) << 24) | (mac[off + 1] << 16) | (mac[off + 2] << 8) |
    mac[off + 3];
  return String(bin % 10 ** digits).padStart(digits, "0");
}

/** Whether `code` is the 6-digit code of the base32 `secret` now, one step either way. */
export async function totpOk(secret: string, code: string, unixSeconds: number): Promise<boolean> {
  const bytes = base32Decode(secret);
  if (!bytes || !/^\d{6}$/.test(code)) return false;
  for (const drift of [0, -30, 30]) {
    if ((await totp(bytes, unixSeconds + drift)) === code) return true;
  }
  return false;
}
