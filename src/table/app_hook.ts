/** The app_hooks row: webhooks and email hooks. @module */
import type { ApiDef, ResourceDef } from "./fields.ts";

/** App hooks (`app_hooks`, root `app_hook`, ids `hk_`). */
export const appHook = {
  object: "app_hook",
  path: "app_hooks",
  prefix: "hk_",
  verbs: ["list", "get", "create", "update", "delete"],
  fields: {
    /** The record's id. */
    id: { kind: "string", ro: true, always: true },
    state: { kind: "enum", values: ["active", "inactive"] },
    /** How it delivers: a POST to `destination`, or an email. */
    hook_type: { kind: "enum", values: ["webhook", "email"] },
    /** Event types (see `APP_HOOK_EVENT_TYPES`). */
    event_type: { kind: "array", req: true },
    /** Realm id (`null`: every realm). */
    realm_id: { kind: "string" },
    /** Delay before the first delivery, in seconds. */
    delay: { kind: "int", default: 0 },
    /** Webhook URL. */
    destination: { kind: "string" },
    /** Sender address of email hooks. */
    email_from: { kind: "string", default: "noreply@loginrocket.com" },
    /** Sender name of email hooks. */
    email_from_name: { kind: "string" },
    /** How `email_template` is rendered. */
    email_renderer: { kind: "enum", values: ["markdown", "html", "html+text", "text"] },
    /** Subject of email hooks. */
    email_subject: { kind: "string" },
    /** Template of email hooks. */
    email_template: { kind: "string" },
    /** Recipient of email hooks. */
    email_to: { kind: "string" },
    /** Which users' events: `all`, `human` or `api`. */
    user_type: { kind: "enum", values: ["all", "human", "api"] },
    created_at: { kind: "time", ro: true },
  },
  belongsTo: { realm: "realm" },
  hasMany: { events: "event" },
} as const satisfies ResourceDef;

/** What the app hook API offers beyond a record: its actions and how it lists. */
export const appHookApi = {
  list: { max: 1000, sort: "id", sorts: ["id"], direction: "asc", filters: ["realm_id"] },
} as const satisfies ApiDef;
