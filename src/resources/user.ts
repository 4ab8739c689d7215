/**
 * User (`users`, root `user`, ids `usr_`): human and API users, and their actions.
 * @module
 */
import { AuthenticationFailed, RecordNotFound } from "../api_errors.ts";
import { ValidationError } from "../validation_errors.ts";
import { ArRecord } from "../record.ts";
import type { ResourceDef } from "../record.ts";
import { segment } from "../transport.ts";
import type { Resource } from "../resource.ts";
import { user } from "../table/user.ts";
import type { Credential } from "./credential.ts";
import type { Org } from "./org.ts";
// #region generated imports (scripts/gen_records.ts): do not edit
import type { Collection } from "../collection.ts";
import type { MembershipUpdateParams, UserUpdateParams } from "../generated/params.ts";
import type { Unchecked } from "../table/check.ts";
import type { TABLE } from "../table/index.ts";
import type { AssociationParamsOf, OwnedCreateParams } from "../table/types.ts";
import type { CallOptions, Params } from "../transport.ts";
import type { Event } from "./event.ts";
import type { Membership } from "./membership.ts";
import type { Realm } from "./realm.ts";
import type { Session } from "./session.ts";
// #endregion generated imports

/**
 * A user (human or API).
 *
 * @example
 * ```ts
 * import type { AuthRocket } from "@authrocket-edge/sdk";
 * export async function signUp(ar: AuthRocket) {
 *   const sally = await ar.users.createOrThrow({
 *     user_type: "human", username: "sally", email: "sally@example.com", password: "correct horse",
 *   });
 *   return sally.credentials(); // [its password credential]
 * }
 * ```
 */
export class User extends ArRecord {
  /** The users row of the resource table. */
  static override readonly def: ResourceDef = user;
  /** `true` for human users. */
  get isHuman(): boolean {
    return this.user_type === "human";
  }
  /** `true` for API users. */
  get isApi(): boolean {
    return this.user_type === "api";
  }

  /** The user's credentials (embedded in the user; reloads the user when absent). */
  async credentials(options?: CallOptions & { reload?: boolean }): Promise<Credential[]> {
    const make = (raw: unknown) => {
      const Cred = this._requireClient().recordClass("credential");
      const list = Array.isArray(raw) ? raw : [];
      return list.map((c) => new Cred({ user_id: this.id, ...c }, this.client) as Credential);
    };
    if (!options?.reload) {
      const hit = this._cached<Credential[]>("credentials", make);
      if (hit) return hit;
    }
    await (this as unknown as { reload(o?: CallOptions): Promise<unknown> }).reload(options);
    return this._cached<Credential[]>("credentials", make) ?? this._store("credentials", []);
  }

  /** The orgs of the user's memberships (embedded in the list filtered by `user_id`). */
  async orgs(options?: CallOptions & { reload?: boolean }): Promise<Org[]> {
    const ms = await this.memberships(options?.reload ? { reload: true } : undefined, options);
    const out: Org[] = [];
    for (const m of ms) {
      const o = await m.org(options);
      if (o) out.push(o);
    }
    return out;
  }

  /** One of the user's orgs; throws `RecordNotFound` when the user is not a member. */
  async findOrg(id: string, options?: CallOptions): Promise<Org> {
    const ms = await this.memberships({ org_id: id }, options);
    const org = ms.length ? await ms[0].org(options) : null;
    if (!org) throw new RecordNotFound(`Cannot find org id=${id} for this user`);
    return org;
  }

  /** `PUT users/:id/update_password`: `true`, or `false` with `errors`. */
  updatePassword(
    attrs: { current_password?: string; password: string; password_confirmation?: string },
    options?: CallOptions,
  ): Promise<boolean> {
    return this._methods().action(this, "PUT", "update_password", { user: attrs }, options);
  }

  /** `POST users/:id/request_email_verification`: `true` (with `token`), or `false`. */
  requestEmailVerification(params?: Params, options?: CallOptions): Promise<boolean> {
    return this._methods().action(
      this,
      "POST",
      "request_email_verification",
      params ?? {},
      options,
    );
  }

  /** `POST users/:id/verify_email`: `true`, or `false` with `errors`. */
  verifyEmail(attrs: { token: string }, options?: CallOptions): Promise<boolean> {
    return this._methods().action(this, "POST", "verify_email", { user: attrs }, options);
  }

  // #region generated members (scripts/gen_records.ts): do not edit
  /** Required on create; the client's `realm` setting gives it. */
  declare readonly realm_id: string;
  /** Default: `"human"`. */
  declare readonly user_type: "human" | "api";
  /** Default: `"active"`. */
  declare readonly state: "active" | "inactive";
  /**
   * API users get one generated. Required on create for human users. Lower-cased by the API. Unique
   * in its realm.
   */
  declare readonly username: string;
  /** Required on create for human users. Lower-cased by the API. */
  declare readonly email: string | null;
  /** Default: `"none"`. */
  declare readonly email_verification: "none" | "requested" | "verified";
  /** Part of `name` for human users. */
  declare readonly first_name: string | null;
  /** Part of `name` for human users. */
  declare readonly last_name: string | null;
  /** Display name (human users: first and last name, else the username). */
  declare readonly name: string;
  /** API key (API users; returned on create). */
  declare readonly api_key: string | null | undefined;
  /** Your own reference. */
  declare readonly reference: string | null;
  /** Your own data: a JSON object, stored and returned as sent. */
  declare readonly custom: Record<string, unknown> | null;
  /** Set by the API (never in params). */
  declare readonly created_at: Date | null;
  /** Set by the API (never in params). */
  declare readonly last_login_at: Date | null;
  /** Login token (auth actions) or email verification token. Set by the API (never in params). */
  declare readonly token: string | null | undefined;
  /**
   * Password reset token `kpw_…` (from `generatePasswordToken`). Set by the API (never in params).
   */
  declare readonly password_reset_token: string | null | undefined;

  /** Refetch the user from the API (`GET users/:id`). */
  reload(options?: CallOptions): Promise<this> {
    return this._methods().reload(this, options);
  }

  /** Update it (`PUT users/:id`): `true`, or `false` with `errors` filled. */
  update(attrs: UserUpdateParams, options?: CallOptions): Promise<boolean> {
    return this._methods().update(this, attrs, options);
  }

  /** Update it, or throw `RecordInvalid`. */
  updateOrThrow(attrs: UserUpdateParams, options?: CallOptions): Promise<true> {
    return this._methods().updateOrThrow(this, attrs, options);
  }

  /** Delete it (`DELETE users/:id`): `true`, or `false` with `errors` filled. */
  delete(params?: Params, options?: CallOptions): Promise<boolean> {
    return this._methods().delete(this, params, options);
  }

  /** Its realm (belongs_to, by `realm_id`; cached once loaded), or `null` without one. */
  realm(options?: CallOptions & { reload?: boolean }): Promise<Realm | null> {
    return this._methods().belongsTo(this, "realm", options);
  }

  /** Its events (has_many: `GET events?user_id=`); an unfiltered load is cached. */
  events(
    params?: AssociationParamsOf<typeof TABLE.event, "user_id">,
    options?: CallOptions,
  ): Promise<Collection<Event>> {
    return this._methods().hasMany(this, "events", params, options);
  }

  /** One of its events, by id; throws `RecordNotFound`. */
  findEvent(id: string, params?: Params, options?: CallOptions): Promise<Event> {
    return this._methods().findChild(this, "event", id, params, options);
  }

  /** Its memberships (has_many: `GET memberships?user_id=`); an unfiltered load is cached. */
  memberships(
    params?: AssociationParamsOf<typeof TABLE.membership, "user_id">,
    options?: CallOptions,
  ): Promise<Collection<Membership>> {
    return this._methods().hasMany(this, "memberships", params, options);
  }

  /** One of its memberships, by id; throws `RecordNotFound`. */
  findMembership(id: string, params?: Params, options?: CallOptions): Promise<Membership> {
    return this._methods().findChild(this, "membership", id, params, options);
  }

  /** Create a membership with its `user_id`; on validation errors the result holds `errors`. */
  createMembership(
    attrs: OwnedCreateParams<typeof TABLE.membership, "user_id"> | Unchecked,
    options?: CallOptions,
  ): Promise<Membership> {
    return this._methods().createChild(this, "membership", attrs, options);
  }

  /** Create a membership with its `user_id`, or throw `RecordInvalid`. */
  createMembershipOrThrow(
    attrs: OwnedCreateParams<typeof TABLE.membership, "user_id"> | Unchecked,
    options?: CallOptions,
  ): Promise<Membership> {
    return this._methods().createChildOrThrow(this, "membership", attrs, options);
  }

  /** Update one of its memberships; on validation errors the result holds `errors`. */
  updateMembership(
    id: string,
    attrs: MembershipUpdateParams,
    options?: CallOptions,
  ): Promise<Membership> {
    return this._methods().updateChild(this, "membership", id, attrs, options);
  }

  /** Update one of its memberships, or throw `RecordInvalid`. */
  updateMembershipOrThrow(
    id: string,
    attrs: MembershipUpdateParams,
    options?: CallOptions,
  ): Promise<Membership> {
    return this._methods().updateChildOrThrow(this, "membership", id, attrs, options);
  }

  /** Delete one of its memberships (`DELETE memberships/:id`); `RecordInvalid` if refused. */
  deleteMembership(id: string, params?: Params, options?: CallOptions): Promise<true> {
    return this._methods().deleteChild(this, "membership", id, params, options);
  }

  /** Its sessions (has_many: `GET sessions?user_id=`); an unfiltered load is cached. */
  sessions(
    params?: AssociationParamsOf<typeof TABLE.session, "user_id">,
    options?: CallOptions,
  ): Promise<Collection<Session>> {
    return this._methods().hasMany(this, "sessions", params, options);
  }

  /** One of its sessions, by id; throws `RecordNotFound`. */
  findSession(id: string, params?: Params, options?: CallOptions): Promise<Session> {
    return this._methods().findChild(this, "session", id, params, options);
  }

  /** Create a session with its `user_id`; on validation errors the result holds `errors`. */
  createSession(
    attrs: OwnedCreateParams<typeof TABLE.session, "user_id"> | Unchecked,
    options?: CallOptions,
  ): Promise<Session> {
    return this._methods().createChild(this, "session", attrs, options);
  }

  /** Create a session with its `user_id`, or throw `RecordInvalid`. */
  createSessionOrThrow(
    attrs: OwnedCreateParams<typeof TABLE.session, "user_id"> | Unchecked,
    options?: CallOptions,
  ): Promise<Session> {
    return this._methods().createChildOrThrow(this, "session", attrs, options);
  }

  /** Delete one of its sessions (`DELETE sessions/:id`); `RecordInvalid` if refused. */
  deleteSession(id: string, params?: Params, options?: CallOptions): Promise<true> {
    return this._methods().deleteChild(this, "session", id, params, options);
  }

  // #endregion generated members
}

/**
 * The class actions of users (`ar.users.authenticate(…)`, …).
 *
 * @example
 * ```ts
 * import type { AuthRocket } from "@authrocket-edge/sdk";
 * export async function resetPassword(ar: AuthRocket, username: string, password: string) {
 *   const { password_reset_token } = await ar.users.generatePasswordToken(username);
 *   return ar.users.resetPasswordWithToken({ token: password_reset_token!, password });
 * }
 * ```
 */
export interface UserActions {
  /** `POST users/:username/authenticate`; throws `AuthenticationFailed` on a wrong password. */
  authenticate(
    username: string,
    password: string,
    params?: Params,
    options?: CallOptions,
  ): Promise<User>;
  /** `POST users/authenticate_key`: the API user owning `apiKey`, with a token. */
  authenticateKey(apiKey: string, params?: Params, options?: CallOptions): Promise<User>;
  /** `POST users/:username/authenticate_code`: finish a TOTP login. */
  authenticateCode(
    attrs: { username?: string; token: string; code: string },
    options?: CallOptions,
  ): Promise<User>;
  /** `POST users/:username/generate_password_token`: the user with `password_reset_token`. */
  generatePasswordToken(username: string, params?: Params, options?: CallOptions): Promise<User>;
  /** `POST users/:username/reset_password_with_token`. */
  resetPasswordWithToken(
    attrs: { username?: string; token: string; password: string; password_confirmation?: string },
    options?: CallOptions,
  ): Promise<User>;
}

/** Build the users' class actions over the generic resource. */
export function userActions(res: Resource<User>): UserActions {
  // The path is built inside the async call, so a refused username rejects the promise.
  const act = async (path: () => string, body: unknown, options?: CallOptions) => {
    const r = await res.request("POST", `users/${path()}`, { body, options });
    if (r.errors.length) throw new ValidationError(r.errors, r);
    return res.build(r.data);
  };
  const who = (u: string | undefined, what: string) => (u ? segment(u, what) : "--");
  // A login form's username: one that cannot name a user (blank, `.`, `..`) is a failed login,
  // as an empty one always was, not the programming error `segment` reports.
  const login = (u: unknown) => {
    try {
      return segment(u);
    } catch {
      throw new AuthenticationFailed();
    }
  };
  return {
    authenticate: (username, password, params, options) =>
      act(() => `${login(username)}/authenticate`, { ...params, password }, options),
    authenticateKey: (apiKey, params, options) =>
      act(() => "authenticate_key", { ...params, api_key: apiKey }, options),
    authenticateCode: ({ username, ...user }, options) =>
      act(() => `${who(username, "authenticateCode")}/authenticate_code`, { user }, options),
    generatePasswordToken: (username, params, options) =>
      act(() => `${login(username)}/generate_password_token`, { ...params }, options),
    resetPasswordWithToken: ({ username, ...user }, options) =>
      act(() => `${who(username, "resetPasswordWithToken")}/reset_password_with_token`, {
        user,
      }, options),
  };
}
