/**
 * User (`users`, root `user`, ids `usr_`): human and API users, and their actions.
 * @module
 */
import { AuthenticationFailed, RecordNotFound, ValidationError } from "../errors.ts";
import { ArRecord } from "../record.ts";
import type { ResourceDef } from "../record.ts";
import { recordAction } from "../resource.ts";
import { segment } from "../transport.ts";
import type { BelongsTo, HasMany, RecordVerbs, Resource, VerbsOf as V } from "../resource.ts";
import type { CallOptions, Params } from "../transport.ts";
import type { Credential } from "./credential.ts";
import type { Event, EVENT_VERBS } from "./event.ts";
import type { Membership, MEMBERSHIP_VERBS } from "./membership.ts";
import type { Org } from "./org.ts";
import type { Realm } from "./realm.ts";
import type { Session, SESSION_VERBS } from "./session.ts";

/**
 * The verbs the API gives users.
 *
 * @example
 * ```ts
 * import { USER_VERBS } from "@authrocket-edge/sdk";
 * if (USER_VERBS.includes("list")) console.log("list is available");
 * ```
 */
export const USER_VERBS = ["list", "get", "create", "update", "delete"] as const;

/** The users row of the resource table. */
export const userDef: ResourceDef = {
  object: "user",
  path: "users",
  prefix: "usr_",
  verbs: USER_VERBS,
  fields: {
    id: "ro",
    realm_id: "req",
    user_type: "=human|api",
    state: "=active|inactive",
    username: "",
    email: "",
    email_verification: "=none|requested|verified",
    first_name: "",
    last_name: "",
    name: "",
    password: "wo",
    password_confirmation: "wo",
    api_key: "",
    reference: "",
    custom: "hash",
    created_at: "ro time",
    last_login_at: "ro time",
    token: "ro",
    password_reset_token: "ro",
  },
  belongsTo: { realm: "realm" },
  hasMany: { events: "event", memberships: "membership", sessions: "session" },
  embeds: { credentials: "credential" },
  actions: [
    "POST :id/authenticate",
    "POST authenticate_key",
    "POST :id/authenticate_code",
    "POST :id/generate_password_token",
    "POST :id/reset_password_with_token",
    "PUT :id/update_password",
    "POST :id/request_email_verification",
    "POST :id/verify_email",
  ],
  list: {
    max: 1000,
    sort: "id",
    sorts: ["id", "username", "created_at"],
    direction: "asc",
    filters: ["realm_id", "user_type", "state", "username", "email", "reference"],
  },
};

/** A user's verbs and associations (installed from the table). */
export interface User
  extends
    RecordVerbs<V<typeof USER_VERBS>>,
    BelongsTo<"realm", Realm>,
    HasMany<"events", "Event", Event, V<typeof EVENT_VERBS>>,
    HasMany<"memberships", "Membership", Membership, V<typeof MEMBERSHIP_VERBS>>,
    HasMany<"sessions", "Session", Session, V<typeof SESSION_VERBS>> {}

/**
 * A user (human or API).
 *
 * @example
 * ```ts
 * import { AuthRocket } from "@authrocket-edge/sdk";
 * const ar = new AuthRocket({ url: "https://api-e1.authrocket.com/v1", apiKey: "ko_…", realm: "rl_…" });
 * const sally = await ar.users.createOrThrow({
 *   user_type: "human", username: "sally", email: "sally@example.com", password: "correct horse",
 * });
 * const [password] = await sally.credentials();
 * ```
 */
export class User extends ArRecord {
  /** The users row of the resource table. */
  static override readonly def: ResourceDef = userDef;
  /** Realm id. */
  declare readonly realm_id: string;
  /** `human` or `api`. */
  declare readonly user_type: "human" | "api";
  /** `active` or `inactive`. */
  declare readonly state: "active" | "inactive";
  /** Username (lower-cased). */
  declare readonly username: string;
  /** Email (lower-cased). */
  declare readonly email: string | null;
  /** `none`, `requested` or `verified`. */
  declare readonly email_verification: "none" | "requested" | "verified";
  /** First name. */
  declare readonly first_name: string | null;
  /** Last name. */
  declare readonly last_name: string | null;
  /** Display name. */
  declare readonly name: string;
  /** API key (API users; returned on create). */
  declare readonly api_key?: string;
  /** Your own reference. */
  declare readonly reference: string | null;
  /** Custom attributes. */
  declare readonly custom: Record<string, unknown> | null;
  /** Creation time. */
  declare readonly created_at: Date | null;
  /** Last login time. */
  declare readonly last_login_at: Date | null;
  /** Login token (auth actions) or email verification token. */
  declare readonly token?: string;
  /** Password reset token `kpw_…` (from `generatePasswordToken`). */
  declare readonly password_reset_token?: string;

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
    return recordAction(this, "PUT", "update_password", { user: attrs }, options);
  }

  /** `POST users/:id/request_email_verification`: `true` (with `token`), or `false`. */
  requestEmailVerification(params?: Params, options?: CallOptions): Promise<boolean> {
    return recordAction(this, "POST", "request_email_verification", params ?? {}, options);
  }

  /** `POST users/:id/verify_email`: `true`, or `false` with `errors`. */
  verifyEmail(attrs: { token: string }, options?: CallOptions): Promise<boolean> {
    return recordAction(this, "POST", "verify_email", { user: attrs }, options);
  }
}

/**
 * The class actions of users (`ar.users.authenticate(…)`, …).
 *
 * @example
 * ```ts
 * import { AuthRocket } from "@authrocket-edge/sdk";
 * const ar = new AuthRocket({ url: "https://api-e1.authrocket.com/v1", apiKey: "ko_…", realm: "rl_…" });
 * const { password_reset_token } = await ar.users.generatePasswordToken("sally");
 * await ar.users.resetPasswordWithToken({ token: password_reset_token!, password: "new horse!" });
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
  const act = async (path: string, body: unknown, options?: CallOptions) => {
    const r = await res.request("POST", `users/${path}`, { body, options });
    if (r.errors.length) throw new ValidationError(r.errors, r);
    return res.build(r.data);
  };
  const who = (u: string | undefined) => (u ? segment(u) : "--");
  const need = (u: unknown) => {
    if (typeof u !== "string" || !u) throw new AuthenticationFailed();
    return u;
  };
  return {
    authenticate: (username, password, params, options) =>
      act(`${segment(need(username))}/authenticate`, { ...params, password }, options),
    authenticateKey: (apiKey, params, options) =>
      act("authenticate_key", { ...params, api_key: apiKey }, options),
    authenticateCode: ({ username, ...user }, options) =>
      act(`${who(username)}/authenticate_code`, { user }, options),
    generatePasswordToken: (username, params, options) =>
      act(`${segment(need(username))}/generate_password_token`, { ...params }, options),
    resetPasswordWithToken: ({ username, ...user }, options) =>
      act(`${who(username)}/reset_password_with_token`, { user }, options),
  };
}
