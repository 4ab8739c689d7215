/**
 * The LoginRocket client's settings, parameters and results (the client is client.ts).
 * @module
 */

/**
 * Settings of `LoginRocket`.
 *
 * @example
 * ```ts
 * import { LoginRocket, type LoginRocketConfig } from "@authrocket-edge/sdk/loginrocket";
 * const config: LoginRocketConfig = { url: "https://my-app.e1.loginrocket.com/", timeout: 10_000 };
 * const lr = new LoginRocket(config);
 * ```
 */
export interface LoginRocketConfig {
  /** LoginRocket's URL (`AUTHROCKET_LOGIN_URL`, e.g. `https://my-app.e1.loginrocket.com/`). */
  url: string;
  /** A fetch-compatible function (default: the global `fetch`). */
  fetch?: (input: string, init: RequestInit) => Promise<Response>;
  /** Milliseconds a call may take before it fails with a `ConnectionError` (default 30,000). */
  timeout?: number;
}

/**
 * What every call may also take: where the app should send the user afterwards.
 *
 * @example
 * ```ts
 * import type { RedirParams } from "@authrocket-edge/sdk/loginrocket";
 * const after: RedirParams = { redir: "/inbox?tab=2" };
 * ```
 */
export interface RedirParams {
  /** A path in the app, handed back in `url` (LoginRocket reduces a full URL to its path). */
  redir?: string;
}

/**
 * What `login` takes: a username (or email) and password, or — when the first step answered
 * `code_required` — its token and the user's 6-digit code.
 *
 * @example
 * ```ts
 * import type { LoginParams } from "@authrocket-edge/sdk/loginrocket";
 * const step1: LoginParams = { username: "sally", password: "correct horse", redir: "/inbox" };
 * const step2: LoginParams = { token: "kli_…", code: "123456" };
 * ```
 */
export type LoginParams =
  & RedirParams
  & (
    | { username: string; password: string; email?: never; token?: never; code?: never }
    | { email: string; password: string; username?: never; token?: never; code?: never }
    | { token: string; code: string; username?: never; email?: never; password?: never }
  );

/**
 * What `signup` takes. Which fields the realm needs depends on its settings; `org_name` is for
 * realms whose signups make an org, and a blank `username` is the email.
 *
 * @example
 * ```ts
 * import type { SignupParams } from "@authrocket-edge/sdk/loginrocket";
 * const params: SignupParams = { email: "tom@example.com", password: "long enough", first_name: "Tom" };
 * ```
 */
export interface SignupParams extends RedirParams {
  /** The username (blank: the email). */
  username?: string;
  /** The email. */
  email?: string;
  /** The password, as the realm's rules want it. */
  password: string;
  /** The password again (checked when given). */
  password_confirmation?: string;
  /** The email again (checked when given). */
  email_confirmation?: string;
  /** First name. */
  first_name?: string;
  /** Last name. */
  last_name?: string;
  /** The new org's name, in a realm whose signups make one. */
  org_name?: string;
}

/**
 * Logged in: the login token (a JWT) and `url`, the app's login handler with the token (and
 * `redir`, and `signup=true` after a signup) appended: send the browser there.
 *
 * @example
 * ```ts
 * import { LoginRocket, type LoggedIn } from "@authrocket-edge/sdk/loginrocket";
 * const lr = new LoginRocket({ url: "https://my-app.e1.loginrocket.com/" });
 * const r = await lr.login({ username: "sally", password: "correct horse" });
 * if (r.status === "logged_in") location.assign((r satisfies LoggedIn).url);
 * ```
 */
export interface LoggedIn {
  /** Logged in. */
  readonly status: "logged_in";
  /** The login token. */
  readonly token: string;
  /** The login handler's URL with the token. */
  readonly url: string;
}

/**
 * The user has 2FA: ask for the code, then call `login({ token, code })` with this token.
 *
 * @example
 * ```ts
 * import { LoginRocket, type CodeRequired } from "@authrocket-edge/sdk/loginrocket";
 * const lr = new LoginRocket({ url: "https://my-app.e1.loginrocket.com/" });
 * const r = await lr.login({ username: "sally", password: "correct horse" });
 * if (r.status === "code_required") await lr.login({ token: (r satisfies CodeRequired).token, code: "123456" });
 * ```
 */
export interface CodeRequired {
  /** The 2FA code is needed. */
  readonly status: "code_required";
  /** The 2FA token (`kli_…`) to send back with the code. */
  readonly token: string;
}

/**
 * A signup in a realm that makes signup tokens: the token (`utk_…`) and the app's signup handler
 * with it; the app turns it into a user through the API.
 *
 * @example
 * ```ts
 * import { LoginRocket, type SignupToken } from "@authrocket-edge/sdk/loginrocket";
 * const lr = new LoginRocket({ url: "https://my-app.e1.loginrocket.com/" });
 * const r = await lr.signup({ email: "tom@example.com", password: "long enough" });
 * if (r.status === "signup_token") console.log((r satisfies SignupToken).token); // utk_…
 * ```
 */
export interface SignupToken {
  /** A signup token was made. */
  readonly status: "signup_token";
  /** The signup token. */
  readonly token: string;
  /** The signup handler's URL with the token. */
  readonly url: string;
}

/**
 * Logged out: `url` is LoginRocket's login page (with `redir` when one was given).
 *
 * @example
 * ```ts
 * import { LoginRocket, type LoggedOut } from "@authrocket-edge/sdk/loginrocket";
 * const lr = new LoginRocket({ url: "https://my-app.e1.loginrocket.com/" });
 * const out: LoggedOut = await lr.logout("eyJ…");
 * ```
 */
export interface LoggedOut {
  /** Logged out. */
  readonly status: "logged_out";
  /** Where to log in again. */
  readonly url: string;
}
