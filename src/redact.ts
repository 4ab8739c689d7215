/**
 * Scrubbing of secrets from anything a user may see: error messages, hook arguments, logs.
 * API keys (`ko_`, `key_`), JWT secrets (`jsk_`), login tokens (JWTs), 2FA and password-reset
 * tokens (`kli_`, `kpw_`) are replaced by their prefix and `[redacted]`.
 * @module
 */

const SECRET =
  /\b(ko_|key_|jsk_|kli_|kpw_)[A-Za-z0-9_-]+|\beyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*(?:\.[A-Za-z0-9_-]*)?/g;

/** Replace every secret-looking token in `text` (and any of the given literal secrets). */
export function redact(text: string, secrets: readonly (string | undefined)[] = []): string {
  let out = text;
  for (const s of secrets) {
    if (s && s.length >= 4 && out.includes(s)) out = out.split(s).join("[redacted]");
  }
  return out.replace(SECRET, (_m, prefix: string | undefined) => `${prefix ?? "eyJ"}[redacted]`);
}
