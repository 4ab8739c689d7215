/**
 * The session: made through the same path as a login's (a managed session is stored, an
 * unmanaged one only signed), found by its id or by its token while it lasts.
 * @module
 */
import { startSession } from "../auth.ts";
import type { Behaviour } from "./behaviour.ts";

/** The session's behaviour. */
export const session: Behaviour = {
  check: ({ k, rec }) => k.store.has("user", rec.user_id as string) ? [] : ["User not found"],
  create: ({ k, rec, request }) =>
    startSession(k, k.store.get("user", rec.user_id as string)!, request),
  // By id or by its token (the JWT), through the token's index: a check of a login token
  // costs the same with 100 sessions or 100,000.
  lookup({ k, key, realm }) {
    const s = k.store.get("session", key) ??
      k.store.findBy("session", realm ? { realm } : undefined, "token", key);
    return s && (!s.expires_at || (s.expires_at as number) >= k.ts()) ? s : undefined;
  },
};
