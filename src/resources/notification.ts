/**
 * Notification (ids `ent_`): a delivery of an event to an app hook. No endpoint of its own;
 * reached through `event.notifications()`.
 * @module
 */
import { ArRecord } from "../record.ts";
import type { ResourceDef } from "../record.ts";
import type { BelongsTo } from "../resource.ts";
import type { AppHook } from "./app_hook.ts";
import type { Event } from "./event.ts";

/**
 * Notifications have no verbs of their own.
 *
 * @example
 * ```ts
 * import { NOTIFICATION_VERBS } from "@authrocket-edge/sdk";
 * console.log(NOTIFICATION_VERBS.length); // 0: notifications come inside events
 * ```
 */
export const NOTIFICATION_VERBS: readonly [] = [];

/** The notifications row of the resource table (no path: they live inside events). */
export const notificationDef: ResourceDef = {
  object: "notification",
  path: "",
  prefix: "ent_",
  verbs: NOTIFICATION_VERBS,
  fields: {
    id: "ro",
    app_hook_id: "ro",
    event_id: "ro",
    hook_type: "ro",
    state: "ro =in_progress|completed|failed|canceled",
    attempts: "ro int",
    last_attempt_at: "ro time",
    last_destination: "ro",
    last_result: "ro",
  },
  belongsTo: { appHook: "app_hook", event: "event" },
};

/**
 * A notification's associations (installed from the table).
 *
 * @example
 * ```ts
 * import { AuthRocket } from "@authrocket-edge/sdk";
 * const ar = new AuthRocket({ url: "https://api-e1.authrocket.com/v1", apiKey: "ko_…", realm: "rl_…" });
 * const [event] = await ar.events.all({ expand: "notifications", max_results: 1 });
 * for (const n of (await event?.notifications()) ?? []) console.log(n.state);
 * ```
 */
export interface Notification extends BelongsTo<"appHook", AppHook>, BelongsTo<"event", Event> {}

/** A webhook or email delivery of an event. */
export class Notification extends ArRecord {
  /** The notifications row of the resource table. */
  static override readonly def: ResourceDef = notificationDef;
  /** The hook that fired. */
  declare readonly app_hook_id: string;
  /** The parent event. */
  declare readonly event_id: string;
  /** `webhook` or `email`. */
  declare readonly hook_type: "webhook" | "email";
  /** `in_progress`, `completed`, `failed` or `canceled`. */
  declare readonly state: string;
  /** Delivery attempts so far. */
  declare readonly attempts: number;
  /** Last attempt. */
  declare readonly last_attempt_at: Date | null;
  /** URL or email of the last attempt. */
  declare readonly last_destination: string | null;
  /** Result of the last attempt. */
  declare readonly last_result: string | null;
}
