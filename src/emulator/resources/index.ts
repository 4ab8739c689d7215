/**
 * Each resource's behaviour by object type, and the check that holds them to the resource
 * table at start-up.
 * @module
 */
import { DEFS, fieldsOf } from "../table.ts";
import { appHook } from "./app_hook.ts";
import { authProvider } from "./auth_provider.ts";
import type { Behaviour } from "./behaviour.ts";
import { credential } from "./credential.ts";
import { event } from "./event.ts";
import { jwtKey } from "./jwt_key.ts";
import { membership } from "./membership.ts";
import { org } from "./org.ts";
import { realm } from "./realm.ts";
import { session } from "./session.ts";
import { user } from "./user.ts";
import { userToken } from "./user_token.ts";

/**
 * The behaviour of each resource that has one, by object type (the login policy and the
 * notification have none: their declarations say all).
 */
export const BEHAVIOUR: Readonly<Record<string, Behaviour>> = {
  realm,
  user,
  org,
  membership,
  session,
  credential,
  auth_provider: authProvider,
  app_hook: appHook,
  event,
  jwt_key: jwtKey,
  user_token: userToken,
};

/**
 * The behaviour and the table must agree: behaviour for no resource, a required field it
 * names that the declaration does not have, or a declared action without a handler (or the
 * reverse) is a typo to catch at once, not a rule that silently never runs or a 404 in some
 * user's test.
 */
export function checkBehaviour(map: Readonly<Record<string, Behaviour>> = BEHAVIOUR): void {
  for (const [object, b] of Object.entries(map)) {
    const def = DEFS[object];
    if (!def) throw new Error(`emulator: a rule for unknown resource ${object}`);
    for (const f of b.optional ?? []) {
      if (!fieldsOf(def).has(f)) {
        throw new Error(`emulator: ${object} rule names unknown field ${f}`);
      }
    }
  }
  for (const def of Object.values(DEFS)) {
    const declared = [...(def.actions ?? [])].sort().join();
    const handled = Object.keys(map[def.object]?.actions ?? {}).sort().join();
    if (declared !== handled) {
      throw new Error(`emulator: ${def.object} actions [${handled}] ≠ table [${declared}]`);
    }
  }
}
