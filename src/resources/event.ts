/**
 * Event (`events`, ids `ev_`, read-only) and its embedded notifications.
 * @module
 */
import { RecordNotFound } from "../api_errors.ts";
import { ArRecord } from "../record.ts";
import type { ResourceDef } from "../record.ts";
import { event } from "../table/event.ts";
import type { Notification } from "./notification.ts";
// #region generated imports (scripts/gen_records.ts): do not edit
import type { CallOptions } from "../transport.ts";
import type { AppHook } from "./app_hook.ts";
import type { AuthProvider } from "./auth_provider.ts";
import type { LoginPolicy } from "./login_policy.ts";
import type { Membership } from "./membership.ts";
import type { Org } from "./org.ts";
import type { Realm } from "./realm.ts";
import type { User } from "./user.ts";
// #endregion generated imports

/**
 * An event.
 *
 * @example
 * ```ts
 * import type { AuthRocket } from "@authrocket-edge/sdk";
 * export async function logLatestEvent(ar: AuthRocket) {
 *   const [latest] = await ar.events.all({ max_results: 1 });
 *   console.log(latest?.event_type, latest?.event_at, await latest?.user());
 * }
 * ```
 */
export class Event extends ArRecord {
  /** The events row of the resource table. */
  static override readonly def: ResourceDef = event;
  /** The event's notifications (embedded by `GET events/:id`; reloads the event if absent). */
  async notifications(options?: CallOptions & { reload?: boolean }): Promise<Notification[]> {
    const make = (raw: unknown) => {
      const N = this._requireClient().recordClass("notification");
      const list = Array.isArray(raw) ? raw : [];
      return list.map((n) => new N({ ...n, event_id: this.id }, this.client) as Notification);
    };
    if (!options?.reload) {
      const hit = this._cached<Notification[]>("notifications", make);
      if (hit) return hit;
    }
    await (this as unknown as { reload(o?: CallOptions): Promise<unknown> }).reload(options);
    return this._cached<Notification[]>("notifications", make) ??
      this._store("notifications", []);
  }

  /** One of the event's notifications; throws `RecordNotFound`. */
  async findNotification(id: string, options?: CallOptions): Promise<Notification> {
    const n = (await this.notifications(options)).find((x) => x.id === id);
    if (!n) throw new RecordNotFound(`Cannot find notification id=${id}`);
    return n;
  }

  // #region generated members (scripts/gen_records.ts): do not edit
  /** Event type, e.g. `user.created`. Set by the API (never in params). */
  declare readonly event_type: string;
  /** When it happened. Set by the API (never in params). */
  declare readonly event_at: Date | null;
  /** Related app hook. Set by the API (never in params). */
  declare readonly app_hook_id: string | null | undefined;
  /** Related auth provider. Set by the API (never in params). */
  declare readonly auth_provider_id: string | null | undefined;
  /** Related login policy. Set by the API (never in params). */
  declare readonly login_policy_id: string | null | undefined;
  /** Related membership. Set by the API (never in params). */
  declare readonly membership_id: string | null | undefined;
  /** Related org. Set by the API (never in params). */
  declare readonly org_id: string | null | undefined;
  /** Related realm. Set by the API (never in params). */
  declare readonly realm_id: string | null | undefined;
  /** Related user. Set by the API (never in params). */
  declare readonly user_id: string | null | undefined;
  /** Request context (`ip`, `client`). Set by the API (never in params). */
  declare readonly request: Record<string, unknown> | null | undefined;

  /** Refetch the event from the API (`GET events/:id`). */
  reload(options?: CallOptions): Promise<this> {
    return this._methods().reload(this, options);
  }

  /** Its app hook (belongs_to, by `app_hook_id`; cached once loaded), or `null` without one. */
  appHook(options?: CallOptions & { reload?: boolean }): Promise<AppHook | null> {
    return this._methods().belongsTo(this, "appHook", options);
  }

  /**
   * Its auth provider (belongs_to, by `auth_provider_id`; cached once loaded), or `null` without
   * one.
   */
  authProvider(options?: CallOptions & { reload?: boolean }): Promise<AuthProvider | null> {
    return this._methods().belongsTo(this, "authProvider", options);
  }

  /**
   * Its login policy (belongs_to, by `login_policy_id`; cached once loaded), or `null` without one.
   */
  loginPolicy(options?: CallOptions & { reload?: boolean }): Promise<LoginPolicy | null> {
    return this._methods().belongsTo(this, "loginPolicy", options);
  }

  /** Its membership (belongs_to, by `membership_id`; cached once loaded), or `null` without one. */
  membership(options?: CallOptions & { reload?: boolean }): Promise<Membership | null> {
    return this._methods().belongsTo(this, "membership", options);
  }

  /** Its org (belongs_to, by `org_id`; cached once loaded), or `null` without one. */
  org(options?: CallOptions & { reload?: boolean }): Promise<Org | null> {
    return this._methods().belongsTo(this, "org", options);
  }

  /** Its realm (belongs_to, by `realm_id`; cached once loaded), or `null` without one. */
  realm(options?: CallOptions & { reload?: boolean }): Promise<Realm | null> {
    return this._methods().belongsTo(this, "realm", options);
  }

  /** Its user (belongs_to, by `user_id`; cached once loaded), or `null` without one. */
  user(options?: CallOptions & { reload?: boolean }): Promise<User | null> {
    return this._methods().belongsTo(this, "user", options);
  }

  // #endregion generated members
}
