/**
 * authrocket-edge: the AuthRocket 1 client for the edge (Deno, Cloudflare Workers, Bun, Node),
 * on Web Fetch and WebCrypto alone.
 *
 * @example
 * ```ts
 * import { AuthRocket, verifySession } from "@authrocket-edge/sdk";
 * const ar = AuthRocket.fromEnv({ AUTHROCKET_URL: "https://api-e1.authrocket.com/v1" });
 * const session = await verifySession("eyJ…", { jwtSecret: "jsk_…" });
 * ```
 * @module
 */
export { AuthRocket } from "./src/client.ts";
export type {
  AppHooksApi,
  AuthProvidersApi,
  CredentialsApi,
  EventsApi,
  JwtKeysApi,
  LoginPoliciesApi,
  MembershipsApi,
  OrgsApi,
  RealmsApi,
  SessionActions,
  SessionsApi,
  UsersApi,
  UserTokensApi,
} from "./src/client.ts";
export type {
  AuthRocketConfig,
  AuthRocketEnv,
  FetchLike,
  RequestInfo,
  ResponseInfo,
} from "./src/config.ts";
export type { SessionCache } from "./src/cache/types.ts";
export {
  AccessDenied,
  AccountInactive,
  ApiError,
  AuthenticationFailed,
  AuthRocketError,
  ClientError,
  ConfigError,
  ConnectionError,
  EndpointNotFound,
  RateLimited,
  RecordInvalid,
  RecordNotFound,
  RedirectError,
  ResponseError,
  ServerError,
  ValidationError,
} from "./src/errors.ts";
export type { ApiErrorOptions } from "./src/errors.ts";
export { ArRecord, Collection } from "./src/record.ts";
export type { RecordClass, RecordClient, ResourceDef, ResourceLike, Verb } from "./src/record.ts";
export { Resource } from "./src/resource.ts";
export type {
  AssociationParams,
  BelongsTo,
  BelongsToRequired,
  HasMany,
  ListParams,
  RecordVerbMethods,
  RecordVerbs,
  ResourceApi,
  ResourceHost,
  VerbMethods,
  VerbsOf,
} from "./src/resource.ts";
export { APP_HOOK_EVENT_TYPES, APP_HOOK_VERBS, AppHook } from "./src/resources/app_hook.ts";
export { AUTH_PROVIDER_VERBS, AuthProvider } from "./src/resources/auth_provider.ts";
export type { AuthProviderActions } from "./src/resources/auth_provider.ts";
export { Credential, CREDENTIAL_VERBS } from "./src/resources/credential.ts";
export { Event, EVENT_VERBS } from "./src/resources/event.ts";
export { JWT_KEY_VERBS, JwtKey } from "./src/resources/jwt_key.ts";
export { LOGIN_POLICY_VERBS, LoginPolicy } from "./src/resources/login_policy.ts";
export { Membership, MEMBERSHIP_VERBS } from "./src/resources/membership.ts";
export { Notification, NOTIFICATION_VERBS } from "./src/resources/notification.ts";
export { Org, ORG_VERBS } from "./src/resources/org.ts";
export { Realm, REALM_VERBS } from "./src/resources/realm.ts";
export { Session, SESSION_VERBS } from "./src/resources/session.ts";
export { User, USER_VERBS } from "./src/resources/user.ts";
export type { UserActions } from "./src/resources/user.ts";
export { USER_TOKEN_VERBS, UserToken } from "./src/resources/user_token.ts";
export type { ApiResult, CallOptions, Params } from "./src/transport.ts";
export { Transport } from "./src/transport.ts";
export { verifySession } from "./src/verify.ts";
export type { JwtOptions, RejectReason, TokenAlgorithm, VerifyOptions } from "./src/verify.ts";
