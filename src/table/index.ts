/**
 * The resource table: every AuthRocket 1 resource declared once, as data. The record classes,
 * the resource APIs, the derived params types, the generated record members
 * (`scripts/gen_records.ts`) and the emulator all read it.
 * @module
 */
import { appHook } from "./app_hook.ts";
import { authProvider } from "./auth_provider.ts";
import { credential } from "./credential.ts";
import { event } from "./event.ts";
import type { ResourceDef } from "./fields.ts";
import { jwtKey } from "./jwt_key.ts";
import { loginPolicy } from "./login_policy.ts";
import { membership } from "./membership.ts";
import { notification } from "./notification.ts";
import { org } from "./org.ts";
import { realm } from "./realm.ts";
import { session } from "./session.ts";
import { user } from "./user.ts";
import { userToken } from "./user_token.ts";

export {
  appHook,
  authProvider,
  credential,
  event,
  jwtKey,
  loginPolicy,
  membership,
  notification,
  org,
  realm,
  session,
  user,
  userToken,
};

/** Every row, by `object` type. */
export const TABLE = {
  realm,
  user,
  org,
  membership,
  session,
  credential,
  auth_provider: authProvider,
  login_policy: loginPolicy,
  app_hook: appHook,
  event,
  notification,
  jwt_key: jwtKey,
  user_token: userToken,
} as const satisfies Record<string, ResourceDef>;

/** The table's rows by object type, as the emulator and the generic client read them. */
export type Table = typeof TABLE;
