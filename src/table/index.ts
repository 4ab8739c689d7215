/**
 * The resource table: every AuthRocket 1 resource declared once, as data. The record classes,
 * the resource APIs, the derived params types, the generated record members
 * (`scripts/gen_records.ts`) and the emulator all read it.
 * @module
 */
import type { ApiDef, ResourceDef } from "./fields.ts";
import { appHook, appHookApi } from "./app_hook.ts";
import { authProvider, authProviderApi } from "./auth_provider.ts";
import { credential, credentialApi } from "./credential.ts";
import { event, eventApi } from "./event.ts";
import { jwtKey, jwtKeyApi } from "./jwt_key.ts";
import { loginPolicy, loginPolicyApi } from "./login_policy.ts";
import { membership, membershipApi } from "./membership.ts";
import { notification, notificationApi } from "./notification.ts";
import { org, orgApi } from "./org.ts";
import { realm, realmApi } from "./realm.ts";
import { session, sessionApi } from "./session.ts";
import { user, userApi } from "./user.ts";
import { userToken, userTokenApi } from "./user_token.ts";

export {
  appHook,
  appHookApi,
  authProvider,
  authProviderApi,
  credential,
  credentialApi,
  event,
  eventApi,
  jwtKey,
  jwtKeyApi,
  loginPolicy,
  loginPolicyApi,
  membership,
  membershipApi,
  notification,
  notificationApi,
  org,
  orgApi,
  realm,
  realmApi,
  session,
  sessionApi,
  user,
  userApi,
  userToken,
  userTokenApi,
};

/** Every row, by `object` type: each resource's record part and API part together. */
export const TABLE: {
  readonly realm: typeof realm & typeof realmApi;
  readonly user: typeof user & typeof userApi;
  readonly org: typeof org & typeof orgApi;
  readonly membership: typeof membership & typeof membershipApi;
  readonly session: typeof session & typeof sessionApi;
  readonly credential: typeof credential & typeof credentialApi;
  readonly auth_provider: typeof authProvider & typeof authProviderApi;
  readonly login_policy: typeof loginPolicy & typeof loginPolicyApi;
  readonly app_hook: typeof appHook & typeof appHookApi;
  readonly event: typeof event & typeof eventApi;
  readonly notification: typeof notification & typeof notificationApi;
  readonly jwt_key: typeof jwtKey & typeof jwtKeyApi;
  readonly user_token: typeof userToken & typeof userTokenApi;
} = /* @__PURE__ */ (() => {
  // Each row keyed by its own `object`, its record part and API part merged (built in a loop:
  // the object types are written once, in the rows).
  const rows: Record<string, ResourceDef> = {};
  for (
    const [row, api] of [
      [realm, realmApi],
      [user, userApi],
      [org, orgApi],
      [membership, membershipApi],
      [session, sessionApi],
      [credential, credentialApi],
      [authProvider, authProviderApi],
      [loginPolicy, loginPolicyApi],
      [appHook, appHookApi],
      [event, eventApi],
      [notification, notificationApi],
      [jwtKey, jwtKeyApi],
      [userToken, userTokenApi],
    ] as [ResourceDef, ApiDef][]
  ) rows[row.object] = { ...row, ...api };
  return Object.freeze(rows) as unknown as Table;
})();

/** The table's rows by object type, as the emulator and the generic client read them. */
export type Table = typeof TABLE;
