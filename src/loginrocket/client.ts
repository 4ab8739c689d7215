/**
 * The LoginRocket client: logins (with the 2FA step), signups and logouts through LoginRocket's
 * JSON API, for apps that draw their own forms — in a browser, a Worker, Deno, Bun or Node.
 * Fetch only, no API key ever, and none of the REST client: only the error classes.
 * @module
 */
import { ArgumentError } from "../argument_error.ts";
import { ConfigError, ConnectionError } from "../errors.ts";
import {
  AuthenticationFailed,
  ClientError,
  EndpointNotFound,
  RateLimited,
  ResponseError,
  ServerError,
} from "../api_errors.ts";
import { excerpt, redact } from "../redact.ts";
import { RecordInvalid, ValidationError } from "../validation_errors.ts";
import type {
  CodeRequired,
  LoggedIn,
  LoggedOut,
  LoginParams,
  LoginRocketConfig,
  RedirParams,
  SignupParams,
  SignupToken,
} from "./types.ts";

/** A call's answer: its fields, or the errors it carried (with the status its error takes). */
type Answer =
  | { ok: true; a: Record<string, unknown>; requestId?: string }
  | { ok: false; fieldErrors: Record<string, string[]>; errors: string[]; requestId?: string };

/**
 * LoginRocket's API, for an app that draws its own login and signup forms.
 *
 * @example
 * ```ts
 * import { LoginRocket } from "@authrocket-edge/sdk/loginrocket";
 * const lr = new LoginRocket({ url: "https://my-app.e1.loginrocket.com/" });
 * const r = await lr.login({ username: "sally", password: "correct horse" });
 * if (r.status === "logged_in") console.log(r.url); // the app's login handler, with ?token=
 * ```
 */
export class LoginRocket {
  readonly #url: string;
  readonly #fetch: NonNullable<LoginRocketConfig["fetch"]>;
  readonly #timeout: number;

  /**
   * A client of one LoginRocket URL. A missing or bad URL, an `apiKey` (never sent to a
   * browser) or a bad `timeout` is a `ConfigError`.
   */
  constructor(config: LoginRocketConfig) {
    const c = (config ?? {}) as LoginRocketConfig & { apiKey?: unknown };
    let u: URL | undefined;
    try {
      u = new URL(c.url);
    } catch { /* below */ }
    if (!u || !/^https?:$/.test(u.protocol) || u.username || u.password) {
      throw new ConfigError(
        `${
          c.url ? "Bad" : "Missing"
        } LoginRocket url (env AUTHROCKET_LOGIN_URL): an http(s) URL without a user or password, e.g. https://my-app.e1.loginrocket.com/`,
      );
    }
    if ("apiKey" in c) throw new ConfigError("LoginRocket takes no apiKey: it runs in browsers");
    this.#url = u.origin + u.pathname.replace(/\/?$/, "/");
    const t = this.#timeout = c.timeout ?? 30_000;
    if (!(t > 0 && t < 2 ** 31)) throw new ConfigError("LoginRocket timeout: 1 to 2147483647 ms");
    const f = c.fetch;
    // Called with globalThis as `this`: a Worker's fetch throws "Illegal invocation" otherwise.
    this.#fetch = f ? (i, o) => f(i, o) : (i, o) => globalThis.fetch(i, o);
  }

  /**
   * A client of `AUTHROCKET_LOGIN_URL` (from `Deno.env.toObject()`, `process.env` or a Worker's
   * `env`). Only that variable is read.
   *
   * @example
   * ```ts
   * import { LoginRocket } from "@authrocket-edge/sdk/loginrocket";
   * const lr = LoginRocket.fromEnv({ AUTHROCKET_LOGIN_URL: "https://my-app.e1.loginrocket.com/" });
   * ```
   */
  static fromEnv(env: Readonly<Record<string, unknown>>): LoginRocket {
    return new LoginRocket({ url: env?.AUTHROCKET_LOGIN_URL as string });
  }

  /** LoginRocket's URL, with its trailing slash. */
  get url(): string {
    return this.#url;
  }

  /**
   * Log in: `{ username | email, password }`, then — for a user with 2FA — `{ token, code }`.
   * Wrong credentials, a wrong code or a spent token throw `AuthenticationFailed` (its
   * `fieldErrors` say which); too many failures, `RateLimited`.
   *
   * @example
   * ```ts
   * import { AuthenticationFailed, LoginRocket } from "@authrocket-edge/sdk/loginrocket";
   * const lr = new LoginRocket({ url: "https://my-app.e1.loginrocket.com/" });
   * try {
   *   let r = await lr.login({ username: "sally", password: "correct horse" });
   *   if (r.status === "code_required") r = await lr.login({ token: r.token, code: "123456" });
   *   if (r.status === "logged_in") location.assign(r.url);
   * } catch (e) {
   *   if (e instanceof AuthenticationFailed) console.log(e.errors); // ["Invalid username or password"]
   * }
   * ```
   */
  async login(params: LoginParams): Promise<LoggedIn | CodeRequired> {
    const p = (params ?? {}) as unknown as Record<string, string>;
    const step2 = p.token !== undefined;
    const r = await this.#call(
      "login",
      p,
      step2 ? ["token", "code"] : [p.email === undefined ? "username" : "email", "password"],
    );
    if (!r.ok) {
      throw new AuthenticationFailed(`Login failed: ${r.errors.join("; ")}`, r);
    }
    const token = r.a.token as string;
    return !step2 && token?.startsWith?.("kli_")
      ? { status: "code_required", token }
      : { status: "logged_in", ...done(r) };
  }

  /**
   * Sign up, as the realm's signup mode says: logged in at once (`url` carries `signup=true`),
   * or a signup token for the app. Refusals (taken username, short password, signups off)
   * throw `RecordInvalid` with `fieldErrors`.
   *
   * @example
   * ```ts
   * import { LoginRocket, RecordInvalid } from "@authrocket-edge/sdk/loginrocket";
   * const lr = new LoginRocket({ url: "https://my-app.e1.loginrocket.com/" });
   * const r = await lr.signup({ email: "tom@example.com", password: "long enough" }).catch((e) => {
   *   if (e instanceof RecordInvalid) console.log(e.fieldErrors); // { password: ["Password is too short …"] }
   *   throw e;
   * });
   * location.assign(r.url);
   * ```
   */
  async signup(params: SignupParams): Promise<LoggedIn | SignupToken> {
    const r = await this.#call("signup", params as unknown as Record<string, string>, [
      "password",
    ]);
    if (!r.ok) throw new RecordInvalid(r, "Signup", r);
    const d = done(r);
    return { status: d.token.startsWith("utk_") ? "signup_token" : "logged_in", ...d };
  }

  /**
   * Log out: the token's managed session ends (an unknown or unmanaged token gets the same
   * answer). `url` is LoginRocket's login page.
   *
   * @example
   * ```ts
   * import { LoginRocket } from "@authrocket-edge/sdk/loginrocket";
   * const lr = new LoginRocket({ url: "https://my-app.e1.loginrocket.com/" });
   * const { url } = await lr.logout("eyJ…", { redir: "/" });
   * ```
   */
  async logout(token: string, params: RedirParams = {}): Promise<LoggedOut> {
    const r = await this.#call("logout", { ...params, token }, ["token"]);
    if (!r.ok) throw new ValidationError(r.errors, r);
    const url = r.a.url;
    if (typeof url !== "string") throw invalid(200, "(no url)", r);
    return { status: "logged_out", url };
  }

  /**
   * POST a call (form-encoded: no CORS preflight in a browser); its answer, or the errors it
   * carried. `need`: the parameters it cannot do without (an `ArgumentError`, nothing sent).
   */
  async #call(call: string, params: Record<string, string>, need: string[]): Promise<Answer> {
    const body = new URLSearchParams();
    for (const k in params) if (params[k] !== undefined) body.set(k, params[k]);
    for (const k of need) {
      if (!body.get(k)) throw new ArgumentError(`LoginRocket ${call} needs ${need.join(", ")}`);
    }
    // Long values under secret names are redacted by value from anything built of the answer.
    const secrets = ["password", "password_confirmation", "token"].map((k) => body.get(k))
      .filter((v): v is string => !!v && v.length > 7);
    const url = `${this.#url}v1/${call}`;
    // A timer of our own, not AbortSignal.timeout: Node does not wait for that one's timer, so
    // a call in flight on a quiet event loop would end the process instead of timing out.
    const ac = new AbortController();
    const timer = setTimeout(() => ac.abort(), this.#timeout);
    let res: Response;
    let text: string;
    try {
      res = await this.#fetch(url, {
        method: "POST",
        headers: { accept: "application/json" },
        body,
        redirect: "manual",
        signal: ac.signal,
      });
      text = await res.text();
    } catch (e) {
      const timeout = ac.signal.aborted;
      throw new ConnectionError(
        `LoginRocket at ${new URL(url).host}: ${
          timeout
            ? `timed out after ${this.#timeout} ms`
            : redact(`${(e as Error)?.message}`, secrets)
        }`,
        { cause: e, timeout },
      );
    } finally {
      clearTimeout(timer);
    }
    const s = res.status;
    const o = { requestId: res.headers.get("x-request-id") ?? undefined };
    if (s === 429) throw new RateLimited(retryAfter(res.headers.get("retry-after")), o);
    if (s > 499) throw new ServerError(`LoginRocket server error: ${s}`, s, o);
    if (s === 404) {
      throw new EndpointNotFound(`No LoginRocket API at ${url}: check AUTHROCKET_LOGIN_URL`, s, o);
    }
    let a: Record<string, unknown> | undefined;
    try {
      a = JSON.parse(text);
    } catch { /* not JSON: below */ }
    const e = a?.errors;
    if (e && typeof e === "object" && (s === 200 || s === 401 || s === 422)) {
      const fieldErrors: Record<string, string[]> = {};
      for (const [k, v] of Object.entries(e)) {
        fieldErrors[k] = [v].flat().map((m) => redact(`${m}`, secrets));
      }
      return { ok: false, fieldErrors, errors: Object.values(fieldErrors).flat(), ...o };
    }
    if (s > 399) throw new ClientError(`LoginRocket refused the call: ${s}`, s, o);
    if (s !== 200 || !a || typeof a !== "object") throw invalid(s, excerpt(text, secrets), o);
    return { ok: true, a, ...o };
  }
}

/** A token and a URL, or a `ResponseError`. */
function done(r: Answer & { ok: true }): { token: string; url: string } {
  const { token, url } = r.a;
  if (typeof token !== "string" || typeof url !== "string") {
    throw invalid(200, "(no token, url)", r);
  }
  return { token, url };
}

const invalid = (status: number, text: string, o: { requestId?: string }) =>
  new ResponseError("LoginRocket's answer is not the JSON it promises", status, text, o);

/** `Retry-After` in seconds (seconds, or an HTTP date), else `undefined`. */
function retryAfter(h: string | null): number | undefined {
  if (!h) return undefined;
  const t = /^\s*\d+\s*$/.test(h) ? +h * 1000 + Date.now() : Date.parse(h);
  return Number.isNaN(t) ? undefined : Math.max(0, Math.ceil((t - Date.now()) / 1000));
}
