/**
 * A small synchronous SHA-256, used to key the verifier's key cache by the secret's digest
 * without an async `crypto.subtle.digest` on the hot path.
 * @module
 */

/**
 * The round constants and initial hash, derived as FIPS 180-4 defines them (the first 32 bits
 * of the fractional parts of the cube roots of the first 64 primes, and of the square roots of
 * the first 8) instead of spelled out: a smaller bundle. The tests check the digests against
 * WebCrypto in every runtime.
 */
const K = new Uint32Array(64);
const H0 = new Uint32Array(8);
for (let p = 2, n = 0; n < 64; p++) {
  let prime = true;
  for (let q = 2; q * q <= p; q++) if (p % q === 0) prime = false;
  if (!prime) continue;
  const frac = (x: number) => ((x - Math.floor(x)) * 2 ** 32) >>> 0;
  if (n < 8) H0[n] = frac(Math.sqrt(p));
  K[n++] = frac(Math.cbrt(p));
}
const encoder = new TextEncoder();
const S = new Uint32Array(64);
const H = new Uint32Array(8);
let bytes = new Uint8Array(256);
let words = new Uint32Array(64);
const HEX: string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));

/** SHA-256 of a string's UTF-8 bytes, as lower-case hex. Allocation-free but for the result. */
export function sha256Hex(text: string): string {
  if (bytes.length < text.length * 3) bytes = new Uint8Array(text.length * 3 + 64);
  const len = encoder.encodeInto(text, bytes).written;
  const blocks = ((len + 8) >> 6) + 1;
  if (words.length < blocks * 16) words = new Uint32Array(blocks * 16);
  const w = words;
  w.fill(0, 0, blocks * 16);
  for (let i = 0; i < len; i++) w[i >> 2] |= bytes[i] << (24 - (i & 3) * 8);
  w[len >> 2] |= 0x80 << (24 - (len & 3) * 8);
  w[blocks * 16 - 1] = len * 8;
  const h = H;
  for (let i = 0; i < 8; i++) h[i] = H0[i];
  const s = S;
  for (let b = 0; b < blocks; b++) {
    for (let i = 0; i < 16; i++) s[i] = w[b * 16 + i];
    for (let i = 16; i < 64; i++) {
      const x = s[i - 15], y = s[i - 2];
      const s0 = ((x >>> 7) | (x << 25)) ^ ((x >>> 18) | (x << 14)) ^ (x >>> 3);
      const s1 = ((y >>> 17) | (y << 15)) ^ ((y >>> 19) | (y << 13)) ^ (y >>> 10);
      s[i] = (s[i - 16] + s0 + s[i - 7] + s1) | 0;
    }
    let a = h[0], bb = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], hh = h[7];
    for (let i = 0; i < 64; i++) {
      const S1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
      const t1 = (hh + S1 + ((e & f) ^ (~e & g)) + K[i] + s[i]) | 0;
      const S0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
      const t2 = (S0 + ((a & bb) ^ (a & c) ^ (bb & c))) | 0;
      hh = g;
      g = f;
      f = e;
      e = (d + t1) | 0;
      d = c;
      c = bb;
      bb = a;
      a = (t1 + t2) | 0;
    }
    h[0] += a;
    h[1] += bb;
    h[2] += c;
    h[3] += d;
    h[4] += e;
    h[5] += f;
    h[6] += g;
    h[7] += hh;
  }
  let out = "";
  for (let i = 0; i < 8; i++) {
    const v = h[i];
    out += HEX[v >>> 24] + HEX[(v >>> 16) & 255] + HEX[(v >>> 8) & 255] + HEX[v & 255];
  }
  return out;
}
