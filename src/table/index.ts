/**
 * The resource table: every AuthRocket 1 resource declared once, as data. The record classes,
 * the resource APIs, the derived params types, the generated record members
 * (`scripts/gen_records.ts`) and the emulator all read it.
 * @module
 */
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
} = /* @__PURE__ */ Object.freeze({
  realm: /* @__PURE__ */ Object.assign({}, realm, realmApi),
  user: /* @__PURE__ */ Object.assign({}, user, userApi),
  org: /* @__PURE__ */ Object.assign({}, org, orgApi),
  membership: /* @__PURE__ */ Object.assign({}, membership, membershipApi),
  session: /* @__PURE__ */ Object.assign({}, session, sessionApi),
  credential: /* @__PURE__ */ Object.assign({}, credential, credentialApi),
  auth_provider: /* @__PURE__ */ Object.assign({}, authProvider, authProviderApi),
  login_policy: /* @__PURE__ */ Object.assign({}, loginPolicy, loginPolicyApi),
  app_hook: /* @__PURE__ */ Object.assign({}, appHook, appHookApi),
  event: /* @__PURE__ */ Object.assign({}, event, eventApi),
  notification: /* @__PURE__ */ Object.assign({}, notification, notificationApi),
  jwt_key: /* @__PURE__ */ Object.assign({}, jwtKey, jwtKeyApi),
  user_token: /* @__PURE__ */ Object.assign({}, userToken, userTokenApi),
});

/** The table's rows by object type, as the emulator and the generic client read them. */
export type Table = typeof TABLE;
