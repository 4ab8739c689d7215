/**
 * `authrocket-edge token decode|verify <jwt>`: a login token read from the shell. `decode`
 * shows what a token says and checks nothing; `verify` runs the library's own verifier (the
 * JWT core, with its `within`, `leeway` and algorithm options) and prints the claims, or the
 * reason it refused the token and what to do about it. The token and the key are never
 * printed, and whatever the token holds is shown inert.
 * @module
 */
import { ConfigError } from "../errors.ts";
import { explain, type Names, NOT_A_TOKEN } from "../explain.ts";
import { jsonObject } from "../json.ts";
import { b64urlText } from "../jwt/base64url.ts";
import {
  type Claims,
  keyOf,
  MAX_TOKEN_LENGTH,
  type TokenRejectReason as RejectReason,
  verifyToken,
} from "../jwt/verify.ts";
import { UNSAFE_CHARS } from "../log.ts";
import { redact } from "../redact.ts";
import { type Args, parseArgs, usageError } from "./args.ts";
import { envDenied, envVar, err, out, readStdin, readText } from "./host.ts";

/** The token commands' help. */
export const TOKEN_USAGE = `Usage: authrocket-edge token decode <jwt> [--now T] [--json]
       authrocket-edge token verify <jwt> [--key-file F | --secret S] [options]

  decode   the token's header, claims and times (ISO 8601); nothing is verified
  verify   the signature and the times, checked with the realm's key by the library's
           verifier: prints the claims (exit 0) or why it refused the token (exit 1)

<jwt> may be - to read the token from stdin (it then stays out of the shell's history).

Options of verify:
  --key-file F   a file holding the realm's key: its jsk_ secret, or its RSA public key
                 (PEM, or a JWK as JSON)
  --secret S     the key itself (it lands in the shell's history: prefer --key-file)
                 without either: AUTHROCKET_JWT_SECRET from the environment
  --alg A        accept only this algorithm: HS256 or RS256 (default: the key's)
  --within N     refuse a token issued more than N seconds ago
  --leeway N     clock skew allowed on exp, nbf and iat, in seconds (default 5)
Options of both:
  --now T        check at T instead of now: ISO 8601 (2026-11-28T12:00:00Z) or epoch seconds
  --json         one JSON object on stdout instead of text
  -h, --help     this text

Exit codes: 0 decoded or valid, 1 not a token or refused, 2 bad usage (a bad key too).`;

const TIME_CLAIMS = ["iat", "nbf", "exp"] as const;

/** A decoded (not verified) token. */
interface Decoded {
  header: Record<string, unknown>;
  claims: Claims;
}

/** Run `token decode|verify`. */
export function tokenCommand(argv: readonly string[]): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === undefined || sub === "-h" || sub === "--help" || sub === "help") {
    (sub === undefined ? err : out)(`${TOKEN_USAGE}\n`);
    return Promise.resolve(sub === undefined ? 2 : 0);
  }
  if (sub === "decode") {
    const a = parseArgs(rest, { valued: ["--now"], flags: ["--json"], positionals: 1 });
    return a.help ? help() : decodeCommand(a);
  }
  if (sub === "verify") {
    const valued = ["--now", "--secret", "--key-file", "--alg", "--within", "--leeway"];
    const a = parseArgs(rest, { valued, flags: ["--json"], positionals: 1 });
    return a.help ? help() : verifyCommand(a);
  }
  throw usageError(`unknown token command "${sub.slice(0, 12)}" (decode or verify)`);
}

const help = () => (out(`${TOKEN_USAGE}\n`), Promise.resolve(0));

async function decodeCommand(a: Args): Promise<number> {
  const token = await tokenArg(a);
  const now = nowArg(a);
  const d = decode(token);
  if (!d) {
    if (a.flags.has("--json")) out(`${json({ verified: false, error: UNDECODABLE })}\n`);
    else err(`authrocket-edge token decode: ${UNDECODABLE}\n`);
    return 1;
  }
  if (a.flags.has("--json")) {
    out(`${json({ verified: false, header: d.header, claims: d.claims, times: times(d) })}\n`);
    return 0;
  }
  out(
    `header: ${json(d.header)}\nclaims: ${json(d.claims, 2)}\n${timeLines(d, now)}` +
      "NOT VERIFIED: this shows what the token says; its signature and times were not checked " +
      "(authrocket-edge token verify checks them).\n",
  );
  return 0;
}

async function verifyCommand(a: Args): Promise<number> {
  const token = await tokenArg(a);
  const secret = keyArg(a);
  const hide = (s: string) => redact(s, [secret, token]);
  const now = nowArg(a);
  const algo = a.values.get("--alg")?.toUpperCase();
  if (algo !== undefined && algo !== "HS256" && algo !== "RS256") {
    throw usageError("--alg must be HS256 or RS256");
  }
  const within = secondsArg(a, "--within");
  const leeway = secondsArg(a, "--leeway") ?? 5;
  let result: Claims | RejectReason;
  try {
    result = await verifyToken(token, {
      jwtSecret: typeof secret === "string" && secret.startsWith("{") ? jwk(secret) : secret,
      algo: algo as "HS256" | "RS256" | undefined,
      within,
      leeway,
      now,
      tokenCache: false,
    });
  } catch (e) {
    if (e instanceof ConfigError) throw usageError(`the key: ${hide(e.message)}`);
    throw e;
  }
  const d = decode(token);
  if (typeof result !== "string") {
    const header = d?.header ?? {};
    if (a.flags.has("--json")) {
      out(
        `${
          json({ valid: true, header, claims: result, times: times({ header, claims: result }) })
        }\n`,
      );
      return 0;
    }
    out(
      `valid: the ${header.alg} signature matches the key, and the times hold at ${
        iso(now / 1000)
      } (leeway ${leeway} s${within === undefined ? "" : `, within ${within} s`})\n` +
        `claims: ${json(result, 2)}\n${timeLines({ header, claims: result }, now)}`,
    );
    return 0;
  }
  const [why, fix] = await refusal(result, d, { secret, now, leeway, within });
  if (a.flags.has("--json")) out(`${json({ valid: false, reason: result, message: why, fix })}\n`);
  else err(`refused (${result}): ${why}\nTo fix: ${fix}\n`);
  return 1;
}

const UNDECODABLE = `${NOT_A_TOKEN}; copy the whole token`;

/** The header and claims of a compact JWS, unverified; null if it is not one. */
function decode(token: string): Decoded | null {
  const parts = token.split(".");
  if (parts.length !== 3 || parts.some((p) => p === "")) return null;
  const header = jsonObject(b64urlText(parts[0]));
  const claims = jsonObject(b64urlText(parts[1]));
  return header && claims ? { header, claims } : null;
}

/** The key and the settings as the CLI names them, for the explanations (src/explain.ts). */
const FLAGS: Names = {
  key: "this key",
  use: "use",
  leeway: "--leeway N",
  within: "--within",
  later: " (--now T checks it at another time)",
  at: (s, now) => `${iso(s)} (${ago(s, now)})`,
};

/** Why the verifier refused the token, and what to do. */
async function refusal(
  reason: RejectReason,
  d: Decoded | null,
  o: { secret: string; now: number; leeway: number; within?: number },
): Promise<[string, string]> {
  const keyAlg = reason === "algorithm"
    ? (await keyOf(o.secret.startsWith("{") ? jwk(o.secret) : o.secret)).alg
    : undefined;
  return explain(reason, { ...d, keyAlg, now: o.now, leeway: o.leeway, within: o.within }, FLAGS);
}

/** The token: the argument, or stdin for `-`. */
async function tokenArg(a: Args): Promise<string> {
  const arg = a.positionals[0];
  if (arg === undefined) {
    throw usageError("give the token: token decode|verify <jwt>, or - to read it from stdin");
  }
  const token = (arg === "-" ? await readStdin(4 * MAX_TOKEN_LENGTH) : arg).trim();
  if (!token) throw usageError(arg === "-" ? "stdin held no token" : "the token is empty");
  return token;
}

/** The key: --secret, --key-file or AUTHROCKET_JWT_SECRET, exactly one. */
function keyArg(a: Args): string {
  const secret = a.values.get("--secret");
  const file = a.values.get("--key-file");
  if (secret !== undefined && file !== undefined) {
    throw usageError("give the key once: --secret or --key-file, not both");
  }
  const key = secret ?? (file === undefined ? undefined : readText(file, "--key-file").trim()) ??
    envVar("AUTHROCKET_JWT_SECRET");
  if (!key) {
    const deno = envDenied("AUTHROCKET_JWT_SECRET") ? " (Deno reads it with --allow-env)" : "";
    throw usageError(
      `no key: pass --key-file F (the realm's jsk_ secret or RSA public key), --secret S, or set AUTHROCKET_JWT_SECRET${deno}`,
    );
  }
  return key;
}

/** A JWK given as JSON text. */
function jwk(text: string): JsonWebKey {
  try {
    return JSON.parse(text);
  } catch {
    throw usageError("the key starts with { but is not JSON (a JWK is a JSON object)");
  }
}

function nowArg(a: Args): number {
  const v = a.values.get("--now");
  if (v === undefined) return Date.now();
  const ms = /^\d+$/.test(v) ? Number(v) * 1000 : /\dT\d/.test(v) ? Date.parse(v) : NaN;
  if (!Number.isFinite(ms)) {
    throw usageError(
      `--now must be an ISO 8601 time (2026-11-28T12:00:00Z) or epoch seconds, not ${
        v.slice(0, 40)
      }`,
    );
  }
  return ms;
}

function secondsArg(a: Args, name: string): number | undefined {
  const v = a.values.get(name);
  if (v === undefined) return undefined;
  if (!/^\d+(\.\d+)?$/.test(v)) throw usageError(`${name} must be a number of seconds ≥ 0`);
  return Number(v);
}

/**
 * JSON with the characters JSON leaves raw (DEL, C1, separators, bidi) escaped: inert, and still
 * JSON. A raw C0 character in JSON's output can only be the indentation's line break.
 */
const json = (v: unknown, indent?: number) =>
  JSON.stringify(v, null, indent).replace(
    UNSAFE_CHARS,
    (c) => c === "\n" ? c : `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );

/** Epoch seconds in ISO 8601 (whole seconds without the `.000`). */
function iso(s: unknown): string {
  if (typeof s !== "number" || !Number.isFinite(s)) return `(not a time: ${json(s)})`;
  const d = new Date(s * 1000);
  return isNaN(d.getTime()) ? `(out of range: ${s})` : d.toISOString().replace(".000Z", "Z");
}

/** How far `s` (epoch seconds) is from `now` (ms): "in 1h 2m", "3m 5s ago". */
function ago(s: number, now: number): string {
  let left = Math.round(Math.abs(s - now / 1000));
  const parts: string[] = [];
  for (const [unit, size] of [["d", 86400], ["h", 3600], ["m", 60], ["s", 1]] as const) {
    if (left >= size || (unit === "s" && !parts.length)) {
      parts.push(`${Math.floor(left / size)}${unit}`);
      left %= size;
    }
  }
  const span = parts.slice(0, 2).join(" ");
  return s * 1000 >= now ? `in ${span}` : `${span} ago`;
}

/** The time claims in ISO 8601. */
const times = (d: Decoded) =>
  Object.fromEntries(TIME_CLAIMS.filter((k) => k in d.claims).map((k) => [k, iso(d.claims[k])]));

/** One line per time claim: its ISO 8601 time and how far from now it is. */
function timeLines(d: Decoded, now: number): string {
  return TIME_CLAIMS.filter((k) => k in d.claims).map((k) => {
    const v = d.claims[k];
    const rel = typeof v === "number" && Number.isFinite(v) ? ` (${ago(v, now)})` : "";
    return `${k}: ${iso(v)}${rel}\n`;
  }).join("");
}
