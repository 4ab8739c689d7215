/**
 * The client: a request-scoped configuration plus typed resource APIs. Nothing is global:
 * `withRealm()` and `with()` derive new, immutable clients.
 * @module
 */
import { configFromEnv, describeConfig, validateConfig } from "./config.ts";
import type { AuthRocketConfig, AuthRocketEnv } from "./config.ts";
import { installTelling } from "./decisions.ts";
import { ConfigError } from "./errors.ts";
import type { ArRecord, RecordClass, RecordMethods } from "./record.ts";
import { RECORD_METHODS } from "./record_methods.ts";
import { Resource, restrict } from "./resource.ts";
import type { ResourceHost } from "./resource.ts";
import type {
  AppHooksApi,
  AuthProvidersApi,
  CredentialsApi,
  EventsApi,
  JwtKeysApi,
  LoginPoliciesApi,
  MembershipsApi,
  OrgsApi,
  RealmsApi,
  SessionsApi,
  UsersApi,
  UserTokensApi,
} from "./generated/apis.ts";
import type { AuthProvider } from "./resources/auth_provider.ts";
import { authProviderActions } from "./resources/auth_provider.ts";
import { RECORD_CLASSES } from "./resources/index.ts";
import type { User } from "./resources/user.ts";
import { userActions } from "./resources/user.ts";
import { createRevalidator } from "./revalidate.ts";
import { sessionCheckOf } from "./revalidators.ts";
import { Transport } from "./transport.ts";
import { installRevalidation, verifySession } from "./verify.ts";
import type { VerifyOptions } from "./verify_options.ts";

// What console.log / util.inspect / Deno.inspect call: registry symbols, not runtime APIs (the
// second is spelled in two parts because the purity test looks for `Deno.` calls).
const NODE_INSPECT: unique symbol = Symbol.for("nodejs.util.inspect.custom");
const DENO_INSPECT: unique symbol = Symbol.for("Deno" + ".customInspect");

// Installed by the first constructor, not written as computed class members: a class with
// computed keys counts as a side effect for bundlers, and would pull the whole client into a
// Worker that only imports verifySession (the 6 KB budget).
let inspectable = false;
function installInspect(proto: { toJSON(): unknown }): void {
  if (inspectable) return;
  inspectable = true;
  const show = (
    self: { toJSON(): unknown },
    inspect: (v: unknown, o: unknown) => string,
    o: unknown,
  ) => `AuthRocket ${inspect(self.toJSON(), o)}`;
  Object.defineProperties(proto, {
    // Node's and Bun's util.inspect / console.log: the masked settings.
    [NODE_INSPECT]: {
      value(
        this: { toJSON(): unknown },
        _d: number,
        o: unknown,
        inspect: (v: unknown, o: unknown) => string,
      ) {
        return show(this, inspect, o);
      },
      configurable: true,
    },
    // Deno.inspect / console.log in Deno: the masked settings.
    [DENO_INSPECT]: {
      value(this: { toJSON(): unknown }, inspect: (v: unknown, o: unknown) => string, o: unknown) {
        return show(this, inspect, o);
      },
      configurable: true,
    },
  });
}

const revalidateWith = (o: VerifyOptions, client: Parameters<typeof sessionCheckOf>[1]) =>
  sessionCheckOf(o, client, createRevalidator);

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

  /**
   * A client; nothing is sent until a call needs the API.
   * @param config settings (see {@link AuthRocketConfig}), validated here: a bad one is a
   * `ConfigError` now, not at the first call
   */
  constructor(config: AuthRocketConfig = {}) {
    installInspect(AuthRocket.prototype);
    // Here, not at import: the verify-only bundle does not carry revalidation.
    installRevalidation(revalidateWith);
    installTelling(); // verifySession's `debug` lines: their words come with the client
    this.#config = validateConfig(config);
    this.#transport = new Transport(this.#config);
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

  /** The record class of an object type (own table rows only: never `constructor`). */
  recordClass(object: string): RecordClass {
    if (!this.knows(object)) throw new ConfigError(`Unknown AuthRocket object type ${object}`);
    return RECORD_CLASSES[object];
  }

  /** Whether `object` is a type of the resource table. */
  knows(object: string): boolean {
    return Object.prototype.hasOwnProperty.call(RECORD_CLASSES, object);
  }

  /** The verbs and associations of records, which their generated members call. */
  get recordMethods(): RecordMethods {
    return RECORD_METHODS;
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
      fromToken: (token: string | null | undefined, options: VerifyOptions = {}) =>
        verifySession(token, { ...options, client: this }),
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
