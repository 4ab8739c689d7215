/**
 * Why a login token was refused and what to do about it, in words: the one table that the login
 * integration's log lines and refusal page, `debug`, and the CLI's `token verify` all read. A
 * leaf: it is given what the token says (decoded, never trusted) and the checks' settings, and
 * names the settings as its reader knows them (the library's options or the CLI's flags). Kept
 * out of `src/verify.ts`, so that the verify-only bundle carries none of these words.
 * @module
 */
import type { RejectReason } from "./verify_options.ts";

/**
 * What an explanation is made of: the token's header and claims (decoded, not verified; absent
 * when they do not decode), the algorithm the key verifies, and the checks' clock and settings.
 */
export interface Facts {
  header?: Record<string, unknown> | null;
  claims?: Record<string, unknown> | null;
  /** The algorithm the key verifies (`HS256`, `RS256`), for an `algorithm` refusal. */
  keyAlg?: string;
  /** The clock, in milliseconds. */
  now: number;
  leeway: number;
  within?: number;
}

/** How the reader names the key and the settings. */
export interface Names {
  /** The key (`this key`, `jwtSecret`). */
  key: string;
  /** How to put another key in its place (`use`, `set jwtSecret … to`). */
  use: string;
  leeway: string;
  within: string;
  /** Said after a clock fix (the CLI: how to check at another time). */
  later: string;
  /** A time claim as the reader shows it (default: ISO 8601 and the seconds from now). */
  at?: (seconds: number, now: number) => string;
}

/** The library's names: its options and environment. */
export const OPTIONS: Names = {
  key: "jwtSecret",
  use: "set jwtSecret (env AUTHROCKET_JWT_SECRET) to",
  leeway: "the `leeway` option",
  within: "`within`",
  later: "",
};

/** What a token must be, said when it is not one. */
export const NOT_A_TOKEN =
  "not a login token: a JWT is three base64url parts (header.payload.signature) whose header " +
  "and payload are JSON objects";

/** ISO 8601 (whole seconds) and how far from `now`: the skew, in seconds. */
const seconds = (s: number, now: number) => {
  const d = Math.round(s - now / 1000);
  return `${new Date(s * 1000).toISOString().replace(".000", "")} (${
    d < 0 ? `${-d} s ago` : `in ${d} s`
  })`;
};

/**
 * Why a token was refused, and the likely fix: `[why, fix]`, each a phrase without a final stop.
 *
 * @example
 * ```ts
 * import { explain, OPTIONS } from "./explain.ts";
 * const [why, fix] = explain("expired", { claims: { exp: 1_800_000_000 }, now: 1_800_000_060_000, leeway: 5 }, OPTIONS);
 * // why: "it expired at 2027-01-15T08:00:00Z (60 s ago), leeway 5 s"
 * ```
 */
export function explain(reason: RejectReason, f: Facts, n: Names): [string, string] {
  const c = f.claims ?? {};
  const at = (k: string) => (n.at ?? seconds)(c[k] as number, f.now);
  const again = "log in again for a fresh token";
  switch (reason) {
    case "missing":
      return [
        "no token came",
        "LoginRocket sends it in the query of the login route: check that nothing drops the query",
      ];
    case "algorithm":
      return [
        `the token is signed with ${String(f.header?.alg)}, ${n.key} verifies ${f.keyAlg} only`,
        `${n.use} the issuing realm's key of that kind: its jsk_ secret verifies HS256, its RSA public key RS256`,
      ];
    case "signature":
      return [
        `the signature does not match ${n.key}: the token was signed with another key, or changed`,
        `${n.use} the key of the realm that issued the token${
          typeof c.aud === "string" ? ` (it names the realm ${c.aud} in aud)` : ""
        }; a realm's key changes when it is rotated`,
      ];
    case "expired":
      return [`it expired at ${at("exp")}, leeway ${f.leeway} s`, again + n.later];
    case "not_yet_valid":
      return [
        `it is not valid before ${at("nbf")}, leeway ${f.leeway} s`,
        `check this machine's clock, or wait${n.later}`,
      ];
    case "issued_in_future":
      return [
        `it was issued at ${at("iat")}, in the future beyond the leeway of ${f.leeway} s`,
        `the issuer's clock or this one is off: fix the clock, or allow more skew with ${n.leeway}`,
      ];
    case "too_old":
      return [
        c.iat === undefined
          ? `it has no iat, so its age cannot be checked against ${n.within}`
          : `it was issued at ${at("iat")}, more than ${n.within} ${f.within} s before`,
        `${again}, or allow a larger ${n.within}`,
      ];
    case "revoked":
      return ["its session was ended (logged out elsewhere, or deleted through the API)", again];
    case "unchecked":
      return [
        "AuthRocket's API could not say whether its session still exists",
        "check that the API is reachable (url, apiKey), or raise maxStale",
      ];
    default: // "malformed"
      return [NOT_A_TOKEN, "copy the whole token: nothing on its way may cut or change it"];
  }
}
