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
export { verifySession } from "./src/verify.ts";
export type {
  Jwk,
  JwtOptions,
  JwtSecret,
  RejectReason,
  TokenAlgorithm,
  TokenRejectReason,
  VerifyingClient,
  VerifyOptions,
  WebCryptoKey,
} from "./src/verify.ts";

// Records.
export { ArRecord, Collection } from "./src/record.ts";
export { APP_HOOK_EVENT_TYPES, AppHook } from "./src/resources/app_hook.ts";
export { AuthProvider } from "./src/resources/auth_provider.ts";
export type { AuthProviderActions } from "./src/resources/auth_provider.ts";
export { Credential } from "./src/resources/credential.ts";
export { Event } from "./src/resources/event.ts";
export { JwtKey } from "./src/resources/jwt_key.ts";
export { LoginPolicy } from "./src/resources/login_policy.ts";
export { Membership } from "./src/resources/membership.ts";
export { Notification } from "./src/resources/notification.ts";
export { Org } from "./src/resources/org.ts";
export { Realm } from "./src/resources/realm.ts";
export { Session } from "./src/resources/session.ts";
export type { SessionActions } from "./src/resources/session.ts";
export { User } from "./src/resources/user.ts";
export type { UserActions } from "./src/resources/user.ts";
export { UserToken } from "./src/resources/user_token.ts";

// Errors.
export { ApiError, AuthRocketError, ConfigError, ConnectionError } from "./src/errors.ts";
export {
  AccessDenied,
  AccountInactive,
  AuthenticationFailed,
  ClientError,
  EndpointNotFound,
  RateLimited,
  RecordNotFound,
  RedirectError,
  ResponseError,
  ServerError,
} from "./src/api_errors.ts";
export { RecordInvalid, ValidationError } from "./src/validation_errors.ts";
export type { ApiErrorOptions, AuthRocketErrorCode } from "./src/errors.ts";
export { ArgumentError, InvalidId, UnknownAttribute } from "./src/argument_error.ts";

// The resource APIs (`ar.users` …) and their params, generated from the resource table.
export type * from "./src/generated/apis.ts";
export { unchecked } from "./src/table/check.ts";
export type { Unchecked } from "./src/table/check.ts";
export type {
  AssociationParamsOf,
  CreateParams,
  FieldType,
  ListParamsOf,
  OwnedCreateParams,
  RecordFields,
  UpdateParams,
} from "./src/table/types.ts";

// Settings and hooks.
export type {
  AuthRocketConfig,
  AuthRocketEnv,
  FetchLike,
  RequestInfo,
  ResponseInfo,
} from "./src/config.ts";
export type { SessionCache } from "./src/cache/types.ts";
export type { ApiResult, CallOptions, Params } from "./src/transport.ts";
