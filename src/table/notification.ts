/** The notifications row: deliveries of an event to a hook, embedded in events. @module */
import type { ApiDef, ResourceDef } from "./fields.ts";

/** Notifications (ids `ent_`): no path of their own; they come inside events. */
export const notification = {
  object: "notification",
  path: "",
  prefix: "ent_",
  verbs: [],
  fields: {
    /** The record's id. */
    id: { kind: "string", ro: true, always: true },
    /** The hook that fired. */
    app_hook_id: { kind: "string", ro: true, always: true },
    /** The parent event. */
    event_id: { kind: "string", ro: true, always: true },
    hook_type: { kind: "enum", values: ["webhook", "email"], ro: true },
    state: { kind: "enum", values: ["in_progress", "completed", "failed", "canceled"], ro: true },
    /** Delivery attempts so far. */
    attempts: { kind: "int", ro: true, always: true },
    last_attempt_at: { kind: "time", ro: true },
    /** URL or email of the last attempt. */
    last_destination: { kind: "string", ro: true },
    /** Result of the last attempt. */
    last_result: { kind: "string", ro: true },
  },
  belongsTo: { appHook: "app_hook", event: "event" },
} as const satisfies ResourceDef;

/** Notifications have no API of their own. */
export const notificationApi: ApiDef = {};
