/**
 * Org (`orgs`, root `org`, ids `org_`).
 * @module
 */
import { RecordNotFound } from "../api_errors.ts";
import { ArRecord } from "../record.ts";
import type { ResourceDef } from "../record.ts";
import { org } from "../table/org.ts";
import type { User } from "./user.ts";
// #region generated imports (scripts/gen_records.ts): do not edit
import type { Collection } from "../collection.ts";
import type { MembershipUpdateParams, OrgUpdateParams } from "../generated/params.ts";
import type { Unchecked } from "../table/check.ts";
import type { TABLE } from "../table/index.ts";
import type { AssociationParamsOf, OwnedCreateParams } from "../table/types.ts";
import type { CallOptions, Params } from "../transport.ts";
import type { Event } from "./event.ts";
import type { Membership } from "./membership.ts";
import type { Realm } from "./realm.ts";
// #endregion generated imports

/**
 * An org.
 *
 * @example
 * ```ts
 * import type { AuthRocket } from "@authrocket-edge/sdk";
 * export async function openOrg(ar: AuthRocket) {
 *   const acme = await ar.orgs.createOrThrow({ name: "Acme" });
 *   return acme.memberships();
 * }
 * ```
 */
export class Org extends ArRecord {
  /** The orgs row of the resource table. */
  static override readonly def: ResourceDef = org;
  /** The users of the org's memberships (embedded in the list filtered by `org_id`). */
  async users(options?: CallOptions & { reload?: boolean }): Promise<User[]> {
    const ms = await this.memberships(options?.reload ? { reload: true } : undefined, options);
    const out: User[] = [];
    for (const m of ms) {
      const u = await m.user(options);
      if (u) out.push(u);
    }
    return out;
  }

  /** One of the org's users; throws `RecordNotFound` when not a member. */
  async findUser(id: string, options?: CallOptions): Promise<User> {
    const ms = await this.memberships({ user_id: id }, options);
    const user = ms.length ? await ms[0].user(options) : null;
    if (!user) throw new RecordNotFound(`Cannot find user id=${id} in this org`);
    return user;
  }

  // #region generated members (scripts/gen_records.ts): do not edit
  /** Required on create; the client's `realm` setting gives it. */
  declare readonly realm_id: string;
  /** Required on create. */
  declare readonly name: string;
  /** Default: `"active"`. */
  declare readonly state: "active" | "inactive";
  /** Your own reference. */
  declare readonly reference: string | null;
  /** Your own data: a JSON object, stored and returned as sent. */
  declare readonly custom: Record<string, unknown> | null;
  /** Set by the API (never in params). */
  declare readonly created_at: Date | null;

  /** Refetch the org from the API (`GET orgs/:id`). */
  reload(options?: CallOptions): Promise<this> {
    return this._methods().reload(this, options);
  }

  /** Update it (`PUT orgs/:id`): `true`, or `false` with `errors` filled. */
  update(attrs: OrgUpdateParams, options?: CallOptions): Promise<boolean> {
    return this._methods().update(this, attrs, options);
  }

  /** Update it, or throw `RecordInvalid`. */
  updateOrThrow(attrs: OrgUpdateParams, options?: CallOptions): Promise<true> {
    return this._methods().updateOrThrow(this, attrs, options);
  }

  /** Delete it (`DELETE orgs/:id`): `true`, or `false` with `errors` filled. */
  delete(params?: Params, options?: CallOptions): Promise<boolean> {
    return this._methods().delete(this, params, options);
  }

  /** Its realm (belongs_to, by `realm_id`; cached once loaded), or `null` without one. */
  realm(options?: CallOptions & { reload?: boolean }): Promise<Realm | null> {
    return this._methods().belongsTo(this, "realm", options);
  }

  /** Its events (has_many: `GET events?org_id=`); an unfiltered load is cached. */
  events(
    params?: AssociationParamsOf<typeof TABLE.event, "org_id">,
    options?: CallOptions,
  ): Promise<Collection<Event>> {
    return this._methods().hasMany(this, "events", params, options);
  }

  /** One of its events, by id; throws `RecordNotFound`. */
  findEvent(id: string, params?: Params, options?: CallOptions): Promise<Event> {
    return this._methods().findChild(this, "event", id, params, options);
  }

  /** Its memberships (has_many: `GET memberships?org_id=`); an unfiltered load is cached. */
  memberships(
    params?: AssociationParamsOf<typeof TABLE.membership, "org_id">,
    options?: CallOptions,
  ): Promise<Collection<Membership>> {
    return this._methods().hasMany(this, "memberships", params, options);
  }

  /** One of its memberships, by id; throws `RecordNotFound`. */
  findMembership(id: string, params?: Params, options?: CallOptions): Promise<Membership> {
    return this._methods().findChild(this, "membership", id, params, options);
  }

  /** Create a membership with its `org_id`; on validation errors the result holds `errors`. */
  createMembership(
    attrs: OwnedCreateParams<typeof TABLE.membership, "org_id"> | Unchecked,
    options?: CallOptions,
  ): Promise<Membership> {
    return this._methods().createChild(this, "membership", attrs, options);
  }

  /** Create a membership with its `org_id`, or throw `RecordInvalid`. */
  createMembershipOrThrow(
    attrs: OwnedCreateParams<typeof TABLE.membership, "org_id"> | Unchecked,
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

  // #endregion generated members
}
