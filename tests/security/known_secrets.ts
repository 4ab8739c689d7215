// The secrets the secrets battery (tests/security/secrets_test.ts) and redaction's exact-output
// tests (tests/redact_test.ts) drive through the library: shaped like AuthRocket's (ko_, jsk_,
// kli_, kpw_, a JWT, a PEM private key) and not (an API key and a JWT secret without prefix).
export const API_KEY = "PlainApiKey-NoPrefix-4f9a2c"; // configured, shaped like nothing
export const KO_KEY = "ko_BatteryKey7Hq2LmZx9";
export const JWT_SECRET = "hs-secret-without-prefix-Zq81xV"; // configured, not jsk_
export const JSK = "jsk_RealmSecret3kP9wQ";
export const KLI = "kli_TwoFactor8sTq4Lw";
export const KPW = "kpw_ResetTok5nV2xQ";
export const JWT = "eyJhbGciOiJIUzI1NiJ9.eyJ1aWQiOiJ1c3JfOTkifQ.SigNaTuRe_Xy12";
export const PASSWORD = "Tr0ub4dor&3-horse";
export const EMAIL_TOKEN = "EmailVerif9Tok3nQx7Pz";
export const PEM = [
  "-----BEGIN PRIVATE KEY-----",
  "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7VJTUt9Us8cKj",
  "MzEfYyjiWA4R4/M2bS1GB4t7NXp98C3SC6dVMvDuictGeurT8jNbvJZHtCSuYEvu",
  "-----END PRIVATE KEY-----",
].join("\n");
