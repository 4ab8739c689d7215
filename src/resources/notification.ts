/**
 * Notification (ids `ent_`): a delivery of an event to an app hook. No endpoint of its own;
 * reached through `event.notifications()`.
 * @module
 */
import { ArRecord } from "../record.ts";
import type { ResourceDef } from "../record.ts";
import { notification } from "../table/notification.ts";
// #region generated imports (scripts/gen_records.ts): do not edit
import type { CallOptions } from "../transport.ts";
import type { AppHook } from "./app_hook.ts";
import type { Event } from "./event.ts";
// #endregion generated imports

/**
 * A webhook or email delivery of an event.
 *
 * @example
 * ```ts
 * import type { AuthRocket } from "@authrocket-edge/sdk";
 * export async function logDeliveries(ar: AuthRocket) {
 *   const [event] = await ar.events.all({ expand: "notifications", max_results: 1 });
 *   for (const n of (await event?.notifications()) ?? []) console.log(n.state);
 * }
 * ```
 */
export class Notification extends ArRecord {
  /** The notifications row of the resource table. */
  static override readonly def: ResourceDef = notification;
  // #region generated members (scripts/gen_records.ts): do not edit
  /** The hook that fired. Set by the API (never in params). */
  declare readonly app_hook_id: string;
  /** The parent event. Set by the API (never in params). */
  declare readonly event_id: string;
  /** Set by the API (never in params). */
  declare readonly hook_type: "webhook" | "email";
  /** Set by the API (never in params). */
  declare readonly state: "in_progress" | "completed" | "failed" | "canceled";
  /** Delivery attempts so far. Set by the API (never in params). */
  declare readonly attempts: number;
  /** Set by the API (never in params). */
  declare readonly last_attempt_at: Date | null;
  /** URL or email of the last attempt. Set by the API (never in params). */
  declare readonly last_destination: string | null;
  /** Result of the last attempt. Set by the API (never in params). */
  declare readonly last_result: string | null;

  /** Its app hook (belongs_to, by `app_hook_id`; cached once loaded), or `null` without one. */
  appHook(options?: CallOptions & { reload?: boolean }): Promise<AppHook | null> {
    return this._methods().belongsTo(this, "appHook", options);
  }

  /** Its event (belongs_to, by `event_id`; cached once loaded), or `null` without one. */
  event(options?: CallOptions & { reload?: boolean }): Promise<Event | null> {
    return this._methods().belongsTo(this, "event", options);
  }

  // #endregion generated members
}
