/**
 * The lines the library writes about its decisions on login tokens: why one was refused and the
 * likely fix (src/explain.ts has the words), and with `debug` every decision of the login
 * integration and of `verifySession`. Every line is redacted (the key, and anything shaped like a
 * token, a secret or a password), then made inert, before it reaches the sink: `console.warn`,
 * or the `log` setting. A sink that throws is ignored: a log never breaks a request.
 * @module
 */
import { explain, OPTIONS } from "./explain.ts";
import { jsonObject } from "./json.ts";
import { b64urlText } from "./jwt/base64url.ts";
import { keyOf } from "./jwt/verify.ts";
import { inert } from "./log.ts";
import { redact } from "./redact.ts";
import type { Debugged } from "./revalidators.ts";
import { installDebug, type Verification, verification } from "./verify.ts";
import type { RejectReason, VerifyingClient, VerifyOptions } from "./verify_options.ts";

/** Where the lines go and whether every decision is told. */
export interface Telling {
  log?: ((line: string) => void) | false;
  debug?: boolean;
  /** The key, redacted by value wherever it might appear. */
  secret?: unknown;
}

/** A text as it may be shown: redacted (the key too), then inert. */
export const clean = (text: string, secret?: unknown): string =>
  inert(redact(text, [typeof secret === "string" ? secret : undefined]));

/** Write one line, `authrocket-edge: ` and the text, cleaned. */
export function tell(t: Telling, text: string): void {
  if (t.log === false) return;
  const line = `authrocket-edge: ${clean(text, t.secret)}`;
  try {
    t.log ? t.log(line) : console.warn(line);
  } catch {
    // The app's log failed; the request goes on.
  }
}

/** When each reason was last told without `debug` (a handful of keys). */
const lastTold = new Map<string, number>();

/**
 * Whether a refusal for `reason` is told at `now` without `debug`: once per reason per minute in
 * this isolate (a clock set back tells again, so an injected clock never silences a test).
 */
export function firstThisMinute(reason: string, now: number): boolean {
  const last = lastTold.get(reason);
  if (last !== undefined && now >= last && now - last < 60_000) return false;
  lastTold.set(reason, now);
  return true;
}

/** The clock of a verification, in milliseconds. */
export const clockOf = (o: VerifyOptions): number => o.now === undefined ? Date.now() : +o.now;

/**
 * Why a token was refused and the likely fix, in the library's words: `[why, fix]`. What the
 * token says is read (not trusted) for the explanation: its realm, its times.
 */
export async function refusal(
  reason: RejectReason,
  token: string,
  o: VerifyOptions,
): Promise<[string, string]> {
  const [header, claims] = token.length < 16384
    ? token.split(".", 2).map((p) => jsonObject(b64urlText(p)))
    : [];
  const keyAlg = reason === "algorithm" ? (await keyOf(o.jwtSecret!)).alg : undefined;
  return explain(
    reason,
    { header, claims, keyAlg, now: clockOf(o), leeway: o.leeway ?? 5, within: o.within },
    OPTIONS,
  );
}

/** A verification and what a line about it needs: the token, the options, how it revalidated. */
export type Checked = Verification & { token: string; options: Debugged; by?: string };

/** What a line says of a verification: the user authenticated, or why the token was refused. */
export const said = async (c: Checked): Promise<string> =>
  c.session
    ? `authenticated ${c.session.user_id}${c.by ? `, revalidated (${c.by})` : ""}`
    : c.reason === "missing"
    ? "no token"
    : `refused (${c.reason}): ${(await refusal(c.reason, c.token, c.options)).join("; to fix: ")}`;

/**
 * Let `verifySession` tell, with `debug`: called by the client's constructor and when a login
 * integration is built (not at import: a bundle that never does either carries none of this).
 */
export const installTelling = (): void => installDebug(debugged);

/**
 * `verifySession` with `debug`: one line per verification (the user authenticated, or why the
 * token was refused). Without `debug`, the plain verification.
 */
async function debugged(
  token: string | null | undefined,
  options: VerifyOptions,
  client: VerifyingClient | undefined,
) {
  if (!(options.debug ?? client?.config.debug)) return verification(token, options, client);
  const c = { token: token ?? "" } as Checked;
  const o: Debugged = { ...options, revalidated: (b) => c.by = b };
  o.jwtSecret ??= client?.config.jwtSecret;
  Object.assign(c, await verification(token, c.options = o, client));
  tell(
    { log: options.log ?? client?.config.log, secret: o.jwtSecret },
    `verifySession: ${await said(c)}`,
  );
  return c;
}
