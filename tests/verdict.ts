// What a verification decided, told through `onReject`: one helper instead of capturing the
// reasons by hand in each test.
import assert from "node:assert/strict";
import {
  ConfigError,
  type RejectReason,
  type Session,
  type VerifyOptions,
  verifySession,
} from "../mod.ts";
import { NOW, SECRET } from "./tokens.ts";

/**
 * A recorder for `onReject`: pass `told.onReject`, then read `told.reasons` (in call order). A
 * call with anything but the reason alone fails the test.
 */
export function rejections(): { reasons: RejectReason[]; onReject: (r: RejectReason) => void } {
  const reasons: RejectReason[] = [];
  const onReject = (...args: unknown[]) => {
    assert.equal(args.length, 1, "onReject gets the reason alone");
    reasons.push(args[0] as RejectReason);
  };
  return { reasons, onReject };
}

/**
 * Verify `token` through `verifySession` (the test secret and clock unless `options` says
 * otherwise) or through `via` (e.g. `ar.sessions.fromToken`; the test clock unless told) and say
 * what happened: "accepted", or the one reason onReject was told. A session with a reason, or a
 * refusal with none or several, fails the test.
 */
export async function verdict(
  token: unknown,
  options: VerifyOptions = {},
  via: (token: string, options: VerifyOptions) => Promise<Session | null> = verifySession,
): Promise<"accepted" | RejectReason> {
  const told = rejections();
  // The test secret only for verifySession: a client's sessions.fromToken has its own.
  const defaults = via === verifySession ? { jwtSecret: SECRET, now: NOW } : { now: NOW };
  const session = await via(token as string, { ...defaults, ...options, onReject: told.onReject });
  if (session) {
    assert.deepEqual(told.reasons, [], "a session with a reason");
    return "accepted";
  }
  assert.equal(told.reasons.length, 1, "onReject is told exactly one reason per refusal");
  return told.reasons[0];
}

/**
 * What a verification with these settings gives: "accepted", "refused", or the message of the
 * ConfigError it throws (any other error fails the test). The test clock unless told.
 */
export async function outcome(
  token: string,
  extra: Record<string, unknown>,
): Promise<string> {
  try {
    return (await verifySession(token, { now: NOW, ...extra })) ? "accepted" : "refused";
  } catch (e) {
    assert.ok(e instanceof ConfigError, `a ConfigError, not ${e}`);
    return e.message;
  }
}
