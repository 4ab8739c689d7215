/**
 * Membership (`memberships`, root `membership`, ids `mb_`): a user's permissions, in an org
 * or on their own.
 * @module
 */
import { ArRecord } from "../record.ts";
import type { ResourceDef } from "../record.ts";
import { membership } from "../table/membership.ts";
// #region generated imports (scripts/gen_records.ts): do not edit
import type { Collection } from "../collection.ts";
import type { MembershipUpdateParams } from "../generated/params.ts";
import type { TABLE } from "../table/index.ts";
import type { AssociationParamsOf } from "../table/types.ts";
import type { CallOptions, Params } from "../transport.ts";
import type { Event } from "./event.ts";
import type { Org } from "./org.ts";
import type { User } from "./user.ts";
// #endregion generated imports

/**
 * A membership.
 *
 * @example
 * ```ts
 * import type { AuthRocket } from "@authrocket-edge/sdk";
 * export async function grantRead(ar: AuthRocket, user_id: string, org_id: string) {
 *   const m = await ar.memberships.createOrThrow({ user_id, org_id, permissions: ["forum:read"] });
 *   return m.anyPermission("forum:read", /:admin$/); // true
 * }
 * ```
 */
export class Membership extends ArRecord {
  /** The memberships row of the resource table. */
  static override readonly def: ResourceDef = membership;
  /** `true` if any given string is a permission, or any given RegExp matches one. */
  anyPermission(...perms: (string | RegExp)[]): boolean {
    const have = Array.isArray(this.permissions) ? this.permissions : [];
    return perms.some((p) =>
      typeof p === "string" ? have.includes(p) : have.some((h) => {
        p.lastIndex = 0;
        return p.test(h);
      })
    );
  }

  // #region generated members (scripts/gen_records.ts): do not edit
  /** Required on create. */
  declare readonly user_id: string;
  /** Org id (`null` for a membership of the user alone). */
  declare readonly org_id: string | null;
  /** Tags such as `forum:read` (see `anyPermission`). */
  declare readonly permissions: string[];
  /** When the membership ends, if it does. */
  declare readonly expires_at: Date | null;
  /** Your own data: a JSON object, stored and returned as sent. */
  declare readonly custom: Record<string, unknown> | null;
  /** Set by the API (never in params). */
  declare readonly created_at: Date | null;

  /** Refetch the membership from the API (`GET memberships/:id`). */
  reload(options?: CallOptions): Promise<this> {
    return this._methods().reload(this, options);
  }

  /** Update it (`PUT memberships/:id`): `true`, or `false` with `errors` filled. */
  update(attrs: MembershipUpdateParams, options?: CallOptions): Promise<boolean> {
    return this._methods().update(this, attrs, options);
  }

  /** Update it, or throw `RecordInvalid`. */
  updateOrThrow(attrs: MembershipUpdateParams, options?: CallOptions): Promise<true> {
    return this._methods().updateOrThrow(this, attrs, options);
  }

  /** Delete it (`DELETE memberships/:id`): `true`, or `false` with `errors` filled. */
  delete(params?: Params, options?: CallOptions): Promise<boolean> {
    return this._methods().delete(this, params, options);
  }

  /** Its org (belongs_to, by `org_id`; cached once loaded), or `null` without one. */
  org(options?: CallOptions & { reload?: boolean }): Promise<Org | null> {
    return this._methods().belongsTo(this, "org", options);
  }

  /** Its user (belongs_to, by `user_id`; cached once loaded). */
  user(options?: CallOptions & { reload?: boolean }): Promise<User> {
    return this._methods().belongsTo(this, "user", options);
  }

  /** Its events (has_many: `GET events?membership_id=`); an unfiltered load is cached. */
  events(
    params?: AssociationParamsOf<typeof TABLE.event, "membership_id">,
    options?: CallOptions,
  ): Promise<Collection<Event>> {
    return this._methods().hasMany(this, "events", params, options);
  }

  /** One of its events, by id; throws `RecordNotFound`. */
  findEvent(id: string, params?: Params, options?: CallOptions): Promise<Event> {
    return this._methods().findChild(this, "event", id, params, options);
  }

  // #endregion generated members
}
