/**
 * LoginRocket's API for apps that draw their own login and signup forms (in a browser, a Worker,
 * Deno, Bun or Node): `login` with its 2FA step, `signup`, `logout`. Fetch only, no API key, and
 * none of the REST client; the errors it throws are the library's own, exported here too.
 *
 * @example
 * ```ts
 * import { AuthenticationFailed, LoginRocket } from "@authrocket-edge/sdk/loginrocket";
 * const lr = LoginRocket.fromEnv({ AUTHROCKET_LOGIN_URL: "https://my-app.e1.loginrocket.com/" });
 * try {
 *   const r = await lr.login({ username: "sally", password: "correct horse" });
 *   if (r.status === "code_required") console.log("ask for the code, then login({ token, code })");
 *   else console.log(r.url); // the app's login handler, with ?token=
 * } catch (e) {
 *   if (e instanceof AuthenticationFailed) console.log(e.fieldErrors);
 * }
 * ```
 * @module
 */
export { LoginRocket } from "./src/loginrocket/client.ts";
export type {
  CodeRequired,
  LoggedIn,
  LoggedOut,
  LoginParams,
  LoginRocketConfig,
  RedirParams,
  SignupParams,
  SignupToken,
} from "./src/loginrocket/types.ts";
export { ApiError, AuthRocketError, ConfigError, ConnectionError } from "./src/errors.ts";
export {
  AuthenticationFailed,
  ClientError,
  EndpointNotFound,
  RateLimited,
  ResponseError,
  ServerError,
} from "./src/api_errors.ts";
export type { ApiErrorOptions, AuthRocketErrorCode } from "./src/errors.ts";
export { RecordInvalid, ValidationError } from "./src/validation_errors.ts";
export { ArgumentError } from "./src/argument_error.ts";
