/**
 * Event (`events`, ids `ev_`, read-only) and its embedded notifications.
 * @module
 */
import { RecordNotFound } from "../errors.ts";
import { ArRecord } from "../record.ts";
import type { ResourceDef } from "../record.ts";
import type { BelongsTo, RecordVerbs, VerbsOf as V } from "../resource.ts";
import type { CallOptions } from "../transport.ts";
import type { AppHook } from "./app_hook.ts";
import type { AuthProvider } from "./auth_provider.ts";
import type { LoginPolicy } from "./login_policy.ts";
import type { Membership } from "./membership.ts";
import type { Notification } from "./notification.ts";
import type { Org } from "./org.ts";
import type { Realm } from "./realm.ts";
import type { User } from "./user.ts";

/**
 * The verbs the API gives events (read-only).
 *
 * @example
 * ```ts
 * import { EVENT_VERBS } from "@authrocket-edge/sdk";
 * if (EVENT_VERBS.includes("get")) console.log("get is available");
 * ```
 */
export const EVENT_VERBS = ["list", "get"] as const;

/** The events row of the resource table. */
export const eventDef: ResourceDef = {
  object: "event",
  path: "events",
  prefix: "ev_",
  verbs: EVENT_VERBS,
  fields: {
    id: "ro",
    event_type: "ro",
    event_at: "ro time",
    app_hook_id: "ro",
    auth_provider_id: "ro",
    login_policy_id: "ro",
    membership_id: "ro",
    org_id: "ro",
    realm_id: "ro",
    user_id: "ro",
    request: "ro hash",
  },
  belongsTo: {
    appHook: "app_hook",
    authProvider: "auth_provider",
    loginPolicy: "login_policy",
    membership: "membership",
    org: "org",
    realm: "realm",
    user: "user",
  },
  embeds: { notifications: "notification" },
  list: {
    max: 1000,
    sort: "id",
    sorts: ["id"],
    direction: "desc",
    filters: [
      "app_hook_id",
      "auth_provider_id",
      "login_policy_id",
      "membership_id",
      "org_id",
      "realm_id",
      "user_id",
      "event_type",
      "created_at_after",
    ],
  },
};

/** An event's verbs and associations (installed from the table). */
export interface Event
  extends
    RecordVerbs<V<typeof EVENT_VERBS>>,
    BelongsTo<"appHook", AppHook>,
    BelongsTo<"authProvider", AuthProvider>,
    BelongsTo<"loginPolicy", LoginPolicy>,
    BelongsTo<"membership", Membership>,
    BelongsTo<"org", Org>,
    BelongsTo<"realm", Realm>,
    BelongsTo<"user", User> {}

/**
 * An event.
 *
 * @example
 * ```ts
 * import { AuthRocket } from "@authrocket-edge/sdk";
 * const ar = new AuthRocket({ url: "https://api-e1.authrocket.com/v1", apiKey: "ko_…", realm: "rl_…" });
 * const [latest] = await ar.events.all({ max_results: 1 });
 * console.log(latest?.event_type, latest?.event_at, await latest?.user());
 * ```
 */
export class Event extends ArRecord {
  /** The events row of the resource table. */
  static override readonly def: ResourceDef = eventDef;
  /** Event type, e.g. `user.created`. */
  declare readonly event_type: string;
  /** When it happened. */
  declare readonly event_at: Date | null;
  /** Related user. */
  declare readonly user_id?: string | null;
  /** Related org. */
  declare readonly org_id?: string | null;
  /** Related realm. */
  declare readonly realm_id?: string | null;
  /** Request context (`ip`, `client`). */
  declare readonly request?: Record<string, unknown> | null;

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
}
