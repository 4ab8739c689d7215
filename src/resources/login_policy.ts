/**
 * LoginPolicy, a.k.a. Connected App (`login_policies`, root `login_policy`, ids `lpl_`).
 * @module
 */
import { ArRecord } from "../record.ts";
import type { ResourceDef } from "../record.ts";
import { loginPolicy } from "../table/login_policy.ts";
// #region generated imports (scripts/gen_records.ts): do not edit
import type { Collection } from "../collection.ts";
import type { LoginPolicyUpdateParams } from "../generated/params.ts";
import type { TABLE } from "../table/index.ts";
import type { AssociationParamsOf } from "../table/types.ts";
import type { CallOptions, Params } from "../transport.ts";
import type { Event } from "./event.ts";
import type { Realm } from "./realm.ts";
// #endregion generated imports

/**
 * A connected app (login policy).
 *
 * @example
 * ```ts
 * import type { AuthRocket } from "@authrocket-edge/sdk";
 * export async function loginHandler(ar: AuthRocket) {
 *   const [app] = await ar.loginPolicies.all();
 *   return app?.login_handler; // where LoginRocket sends ?token=
 * }
 * ```
 */
export class LoginPolicy extends ArRecord {
  /** The login_policies row of the resource table. */
  static override readonly def: ResourceDef = loginPolicy;
  // #region generated members (scripts/gen_records.ts): do not edit
  /** Required on create; the client's `realm` setting gives it. */
  declare readonly realm_id: string;
  /** Required on create. */
  declare readonly name: string;
  /** LoginRocket subdomain. */
  declare readonly subdomain: string | null;
  /**
   * Every login domain of the app (absent until it has a subdomain or a custom domain). Set by the
   * API (never in params).
   */
  declare readonly domains: string[] | undefined;
  /** The LoginRocket base domain. Set by the API (never in params). */
  declare readonly base_domain: string | null;
  /** Custom login domains. */
  declare readonly custom_domains: string[];
  /** The domain links point to. */
  declare readonly primary_domain: string | null;
  /** Page header (HTML). */
  declare readonly header: string | null;
  /** Page footer (HTML). */
  declare readonly footer: string | null;
  /** A stylesheet URL for the login pages. */
  declare readonly external_css: string | null;
  /** Where LoginRocket sends `?token=` after a login. Required on create. */
  declare readonly login_handler: string;
  /** Where signup tokens go. */
  declare readonly signup_handler: string | null;
  /** Allowed `redirect_uri` values. */
  declare readonly redirect_uris: string[];
  /** Set by the API (never in params). */
  declare readonly created_at: Date | null;

  /** Refetch the login policy from the API (`GET login_policies/:id`). */
  reload(options?: CallOptions): Promise<this> {
    return this._methods().reload(this, options);
  }

  /** Update it (`PUT login_policies/:id`): `true`, or `false` with `errors` filled. */
  update(attrs: LoginPolicyUpdateParams, options?: CallOptions): Promise<boolean> {
    return this._methods().update(this, attrs, options);
  }

  /** Update it, or throw `RecordInvalid`. */
  updateOrThrow(attrs: LoginPolicyUpdateParams, options?: CallOptions): Promise<true> {
    return this._methods().updateOrThrow(this, attrs, options);
  }

  /** Delete it (`DELETE login_policies/:id`): `true`, or `false` with `errors` filled. */
  delete(params?: Params, options?: CallOptions): Promise<boolean> {
    return this._methods().delete(this, params, options);
  }

  /** Its realm (belongs_to, by `realm_id`; cached once loaded), or `null` without one. */
  realm(options?: CallOptions & { reload?: boolean }): Promise<Realm | null> {
    return this._methods().belongsTo(this, "realm", options);
  }

  /** Its events (has_many: `GET events?login_policy_id=`); an unfiltered load is cached. */
  events(
    params?: AssociationParamsOf<typeof TABLE.event, "login_policy_id">,
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
