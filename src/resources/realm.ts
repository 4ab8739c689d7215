/**
 * Realm (`realms`, root `realm`, ids `rl_`): the container of users, orgs and settings.
 * @module
 */
import { ArRecord } from "../record.ts";
import type { ResourceDef } from "../record.ts";
import { realm } from "../table/realm.ts";
// #region generated imports (scripts/gen_records.ts): do not edit
import type { Collection } from "../collection.ts";
import type {
  AppHookUpdateParams,
  AuthProviderUpdateParams,
  LoginPolicyUpdateParams,
  OrgUpdateParams,
  RealmUpdateParams,
  UserUpdateParams,
} from "../generated/params.ts";
import type { Unchecked } from "../table/check.ts";
import type { TABLE } from "../table/index.ts";
import type { AssociationParamsOf, OwnedCreateParams } from "../table/types.ts";
import type { CallOptions, Params } from "../transport.ts";
import type { AppHook } from "./app_hook.ts";
import type { AuthProvider } from "./auth_provider.ts";
import type { Event } from "./event.ts";
import type { JwtKey } from "./jwt_key.ts";
import type { LoginPolicy } from "./login_policy.ts";
import type { Org } from "./org.ts";
import type { User } from "./user.ts";
// #endregion generated imports

/**
 * A realm.
 *
 * @example
 * ```ts
 * import type { AuthRocket } from "@authrocket-edge/sdk";
 * export async function stagingRealm(ar: AuthRocket) {
 *   const realm = await ar.realms.createOrThrow({ name: "Staging", jwt_algo: "rs256" });
 *   return realm.jwt_key; // the PEM public key to verify its tokens with
 * }
 * ```
 */
export class Realm extends ArRecord {
  /** The realms row of the resource table. */
  static override readonly def: ResourceDef = realm;
  /** Wipe the realm's data (`POST realms/:id/reset`): `true`, or `false` with `errors`. */
  reset(params?: Params, options?: CallOptions): Promise<boolean> {
    return this._methods().action(this, "POST", "reset", params ?? {}, options);
  }

  // #region generated members (scripts/gen_records.ts): do not edit
  /** Required on create. */
  declare readonly name: string;
  /** Default: `"active"`. */
  declare readonly state: "active" | "inactive";
  /** Your own reference. */
  declare readonly reference: string | null;
  /** Your own data: a JSON object, stored and returned as sent. */
  declare readonly custom: Record<string, unknown> | null;
  /** How human usernames are checked. Default: `"standard"`. */
  declare readonly username_validation_human: "standard" | "email";
  /** Whether emails must be unique. Default: `true`. */
  declare readonly require_unique_emails: boolean;
  /** Prefix of generated API keys. */
  declare readonly api_key_prefix: string | null;
  /** Default: `"hash"`. */
  declare readonly api_key_policy: "hash" | "encrypt";
  /** The algorithm of its login tokens. Default: `"hs256"`. */
  declare readonly jwt_algo: "hs256" | "rs256";
  /** Extra token content: `custom`, `memberships`, `orgs`. */
  declare readonly jwt_fields: string[];
  /**
   * The token key: `jsk_…` (HS256) or a PEM public key (RS256). Set by the API (never in params).
   */
  declare readonly jwt_key: string;
  /** Deprecated alias of `jwt_key`. Set by the API (never in params). */
  declare readonly jwt_secret: string;
  /** Default: `"managed"`. */
  declare readonly session_type: "managed" | "unmanaged";
  /** Lifetime of login tokens, in minutes. Default: `360`. */
  declare readonly session_minutes: number;
  /** Lifetime of API-key login tokens, in minutes. Default: `0`. */
  declare readonly api_key_minutes: number;
  /** Links shown to users (`{ title, url }`). */
  declare readonly resource_links: Record<string, unknown>[];
  /** Set by the API (never in params). */
  declare readonly created_at: Date | null;

  /** Refetch the realm from the API (`GET realms/:id`). */
  reload(options?: CallOptions): Promise<this> {
    return this._methods().reload(this, options);
  }

  /** Update it (`PUT realms/:id`): `true`, or `false` with `errors` filled. */
  update(attrs: RealmUpdateParams, options?: CallOptions): Promise<boolean> {
    return this._methods().update(this, attrs, options);
  }

  /** Update it, or throw `RecordInvalid`. */
  updateOrThrow(attrs: RealmUpdateParams, options?: CallOptions): Promise<true> {
    return this._methods().updateOrThrow(this, attrs, options);
  }

  /** Delete it (`DELETE realms/:id`): `true`, or `false` with `errors` filled. */
  delete(params?: Params, options?: CallOptions): Promise<boolean> {
    return this._methods().delete(this, params, options);
  }

  /** Its app hooks (has_many: `GET app_hooks?realm_id=`); an unfiltered load is cached. */
  appHooks(
    params?: AssociationParamsOf<typeof TABLE.app_hook, "realm_id">,
    options?: CallOptions,
  ): Promise<Collection<AppHook>> {
    return this._methods().hasMany(this, "appHooks", params, options);
  }

  /** One of its app hooks, by id; throws `RecordNotFound`. */
  findAppHook(id: string, params?: Params, options?: CallOptions): Promise<AppHook> {
    return this._methods().findChild(this, "app_hook", id, params, options);
  }

  /** Create an app hook with its `realm_id`; on validation errors the result holds `errors`. */
  createAppHook(
    attrs: OwnedCreateParams<typeof TABLE.app_hook, "realm_id"> | Unchecked,
    options?: CallOptions,
  ): Promise<AppHook> {
    return this._methods().createChild(this, "app_hook", attrs, options);
  }

  /** Create an app hook with its `realm_id`, or throw `RecordInvalid`. */
  createAppHookOrThrow(
    attrs: OwnedCreateParams<typeof TABLE.app_hook, "realm_id"> | Unchecked,
    options?: CallOptions,
  ): Promise<AppHook> {
    return this._methods().createChildOrThrow(this, "app_hook", attrs, options);
  }

  /** Update one of its app hooks; on validation errors the result holds `errors`. */
  updateAppHook(id: string, attrs: AppHookUpdateParams, options?: CallOptions): Promise<AppHook> {
    return this._methods().updateChild(this, "app_hook", id, attrs, options);
  }

  /** Update one of its app hooks, or throw `RecordInvalid`. */
  updateAppHookOrThrow(
    id: string,
    attrs: AppHookUpdateParams,
    options?: CallOptions,
  ): Promise<AppHook> {
    return this._methods().updateChildOrThrow(this, "app_hook", id, attrs, options);
  }

  /** Delete one of its app hooks (`DELETE app_hooks/:id`); `RecordInvalid` if refused. */
  deleteAppHook(id: string, params?: Params, options?: CallOptions): Promise<true> {
    return this._methods().deleteChild(this, "app_hook", id, params, options);
  }

  /**
   * Its auth providers (has_many: `GET auth_providers?realm_id=`); an unfiltered load is cached.
   */
  authProviders(
    params?: AssociationParamsOf<typeof TABLE.auth_provider, "realm_id">,
    options?: CallOptions,
  ): Promise<Collection<AuthProvider>> {
    return this._methods().hasMany(this, "authProviders", params, options);
  }

  /** One of its auth providers, by id; throws `RecordNotFound`. */
  findAuthProvider(id: string, params?: Params, options?: CallOptions): Promise<AuthProvider> {
    return this._methods().findChild(this, "auth_provider", id, params, options);
  }

  /**
   * Create an auth provider with its `realm_id`; on validation errors the result holds `errors`.
   */
  createAuthProvider(
    attrs: OwnedCreateParams<typeof TABLE.auth_provider, "realm_id"> | Unchecked,
    options?: CallOptions,
  ): Promise<AuthProvider> {
    return this._methods().createChild(this, "auth_provider", attrs, options);
  }

  /** Create an auth provider with its `realm_id`, or throw `RecordInvalid`. */
  createAuthProviderOrThrow(
    attrs: OwnedCreateParams<typeof TABLE.auth_provider, "realm_id"> | Unchecked,
    options?: CallOptions,
  ): Promise<AuthProvider> {
    return this._methods().createChildOrThrow(this, "auth_provider", attrs, options);
  }

  /** Update one of its auth providers; on validation errors the result holds `errors`. */
  updateAuthProvider(
    id: string,
    attrs: AuthProviderUpdateParams,
    options?: CallOptions,
  ): Promise<AuthProvider> {
    return this._methods().updateChild(this, "auth_provider", id, attrs, options);
  }

  /** Update one of its auth providers, or throw `RecordInvalid`. */
  updateAuthProviderOrThrow(
    id: string,
    attrs: AuthProviderUpdateParams,
    options?: CallOptions,
  ): Promise<AuthProvider> {
    return this._methods().updateChildOrThrow(this, "auth_provider", id, attrs, options);
  }

  /** Delete one of its auth providers (`DELETE auth_providers/:id`); `RecordInvalid` if refused. */
  deleteAuthProvider(id: string, params?: Params, options?: CallOptions): Promise<true> {
    return this._methods().deleteChild(this, "auth_provider", id, params, options);
  }

  /** Its events (has_many: `GET events?realm_id=`); an unfiltered load is cached. */
  events(
    params?: AssociationParamsOf<typeof TABLE.event, "realm_id">,
    options?: CallOptions,
  ): Promise<Collection<Event>> {
    return this._methods().hasMany(this, "events", params, options);
  }

  /** One of its events, by id; throws `RecordNotFound`. */
  findEvent(id: string, params?: Params, options?: CallOptions): Promise<Event> {
    return this._methods().findChild(this, "event", id, params, options);
  }

  /** Its jwt keys (has_many: `GET jwt_keys?realm_id=`); an unfiltered load is cached. */
  jwtKeys(
    params?: AssociationParamsOf<typeof TABLE.jwt_key, "realm_id">,
    options?: CallOptions,
  ): Promise<Collection<JwtKey>> {
    return this._methods().hasMany(this, "jwtKeys", params, options);
  }

  /** One of its jwt keys, by id; throws `RecordNotFound`. */
  findJwtKey(id: string, params?: Params, options?: CallOptions): Promise<JwtKey> {
    return this._methods().findChild(this, "jwt_key", id, params, options);
  }

  /** Create a jwt key with its `realm_id`; on validation errors the result holds `errors`. */
  createJwtKey(
    attrs: OwnedCreateParams<typeof TABLE.jwt_key, "realm_id"> | Unchecked,
    options?: CallOptions,
  ): Promise<JwtKey> {
    return this._methods().createChild(this, "jwt_key", attrs, options);
  }

  /** Create a jwt key with its `realm_id`, or throw `RecordInvalid`. */
  createJwtKeyOrThrow(
    attrs: OwnedCreateParams<typeof TABLE.jwt_key, "realm_id"> | Unchecked,
    options?: CallOptions,
  ): Promise<JwtKey> {
    return this._methods().createChildOrThrow(this, "jwt_key", attrs, options);
  }

  /** Delete one of its jwt keys (`DELETE jwt_keys/:id`); `RecordInvalid` if refused. */
  deleteJwtKey(id: string, params?: Params, options?: CallOptions): Promise<true> {
    return this._methods().deleteChild(this, "jwt_key", id, params, options);
  }

  /**
   * Its login policies (has_many: `GET login_policies?realm_id=`); an unfiltered load is cached.
   */
  loginPolicies(
    params?: AssociationParamsOf<typeof TABLE.login_policy, "realm_id">,
    options?: CallOptions,
  ): Promise<Collection<LoginPolicy>> {
    return this._methods().hasMany(this, "loginPolicies", params, options);
  }

  /** One of its login policies, by id; throws `RecordNotFound`. */
  findLoginPolicy(id: string, params?: Params, options?: CallOptions): Promise<LoginPolicy> {
    return this._methods().findChild(this, "login_policy", id, params, options);
  }

  /** Create a login policy with its `realm_id`; on validation errors the result holds `errors`. */
  createLoginPolicy(
    attrs: OwnedCreateParams<typeof TABLE.login_policy, "realm_id"> | Unchecked,
    options?: CallOptions,
  ): Promise<LoginPolicy> {
    return this._methods().createChild(this, "login_policy", attrs, options);
  }

  /** Create a login policy with its `realm_id`, or throw `RecordInvalid`. */
  createLoginPolicyOrThrow(
    attrs: OwnedCreateParams<typeof TABLE.login_policy, "realm_id"> | Unchecked,
    options?: CallOptions,
  ): Promise<LoginPolicy> {
    return this._methods().createChildOrThrow(this, "login_policy", attrs, options);
  }

  /** Update one of its login policies; on validation errors the result holds `errors`. */
  updateLoginPolicy(
    id: string,
    attrs: LoginPolicyUpdateParams,
    options?: CallOptions,
  ): Promise<LoginPolicy> {
    return this._methods().updateChild(this, "login_policy", id, attrs, options);
  }

  /** Update one of its login policies, or throw `RecordInvalid`. */
  updateLoginPolicyOrThrow(
    id: string,
    attrs: LoginPolicyUpdateParams,
    options?: CallOptions,
  ): Promise<LoginPolicy> {
    return this._methods().updateChildOrThrow(this, "login_policy", id, attrs, options);
  }

  /** Delete one of its login policies (`DELETE login_policies/:id`); `RecordInvalid` if refused. */
  deleteLoginPolicy(id: string, params?: Params, options?: CallOptions): Promise<true> {
    return this._methods().deleteChild(this, "login_policy", id, params, options);
  }

  /** Its orgs (has_many: `GET orgs?realm_id=`); an unfiltered load is cached. */
  orgs(
    params?: AssociationParamsOf<typeof TABLE.org, "realm_id">,
    options?: CallOptions,
  ): Promise<Collection<Org>> {
    return this._methods().hasMany(this, "orgs", params, options);
  }

  /** One of its orgs, by id; throws `RecordNotFound`. */
  findOrg(id: string, params?: Params, options?: CallOptions): Promise<Org> {
    return this._methods().findChild(this, "org", id, params, options);
  }

  /** Create an org with its `realm_id`; on validation errors the result holds `errors`. */
  createOrg(
    attrs: OwnedCreateParams<typeof TABLE.org, "realm_id"> | Unchecked,
    options?: CallOptions,
  ): Promise<Org> {
    return this._methods().createChild(this, "org", attrs, options);
  }

  /** Create an org with its `realm_id`, or throw `RecordInvalid`. */
  createOrgOrThrow(
    attrs: OwnedCreateParams<typeof TABLE.org, "realm_id"> | Unchecked,
    options?: CallOptions,
  ): Promise<Org> {
    return this._methods().createChildOrThrow(this, "org", attrs, options);
  }

  /** Update one of its orgs; on validation errors the result holds `errors`. */
  updateOrg(id: string, attrs: OrgUpdateParams, options?: CallOptions): Promise<Org> {
    return this._methods().updateChild(this, "org", id, attrs, options);
  }

  /** Update one of its orgs, or throw `RecordInvalid`. */
  updateOrgOrThrow(id: string, attrs: OrgUpdateParams, options?: CallOptions): Promise<Org> {
    return this._methods().updateChildOrThrow(this, "org", id, attrs, options);
  }

  /** Delete one of its orgs (`DELETE orgs/:id`); `RecordInvalid` if refused. */
  deleteOrg(id: string, params?: Params, options?: CallOptions): Promise<true> {
    return this._methods().deleteChild(this, "org", id, params, options);
  }

  /** Its users (has_many: `GET users?realm_id=`); an unfiltered load is cached. */
  users(
    params?: AssociationParamsOf<typeof TABLE.user, "realm_id">,
    options?: CallOptions,
  ): Promise<Collection<User>> {
    return this._methods().hasMany(this, "users", params, options);
  }

  /** One of its users, by id; throws `RecordNotFound`. */
  findUser(id: string, params?: Params, options?: CallOptions): Promise<User> {
    return this._methods().findChild(this, "user", id, params, options);
  }

  /** Create a user with its `realm_id`; on validation errors the result holds `errors`. */
  createUser(
    attrs: OwnedCreateParams<typeof TABLE.user, "realm_id"> | Unchecked,
    options?: CallOptions,
  ): Promise<User> {
    return this._methods().createChild(this, "user", attrs, options);
  }

  /** Create a user with its `realm_id`, or throw `RecordInvalid`. */
  createUserOrThrow(
    attrs: OwnedCreateParams<typeof TABLE.user, "realm_id"> | Unchecked,
    options?: CallOptions,
  ): Promise<User> {
    return this._methods().createChildOrThrow(this, "user", attrs, options);
  }

  /** Update one of its users; on validation errors the result holds `errors`. */
  updateUser(id: string, attrs: UserUpdateParams, options?: CallOptions): Promise<User> {
    return this._methods().updateChild(this, "user", id, attrs, options);
  }

  /** Update one of its users, or throw `RecordInvalid`. */
  updateUserOrThrow(id: string, attrs: UserUpdateParams, options?: CallOptions): Promise<User> {
    return this._methods().updateChildOrThrow(this, "user", id, attrs, options);
  }

  /** Delete one of its users (`DELETE users/:id`); `RecordInvalid` if refused. */
  deleteUser(id: string, params?: Params, options?: CallOptions): Promise<true> {
    return this._methods().deleteChild(this, "user", id, params, options);
  }

  // #endregion generated members
}
