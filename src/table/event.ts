/** The events row (read-only): what happened, with its notifications embedded. @module */
import type { ApiDef, ResourceDef } from "./fields.ts";

/** Events (`events`, root `event`, ids `ev_`), newest first. */
export const event = {
  object: "event",
  path: "events",
  prefix: "ev_",
  verbs: ["list", "get"],
  fields: {
    /** The record's id. */
    id: { kind: "string", ro: true, always: true },
    /** Event type, e.g. `user.created`. */
    event_type: { kind: "string", ro: true, always: true },
    /** When it happened. */
    event_at: { kind: "time", ro: true },
    /** Related app hook. */
    app_hook_id: { kind: "string", ro: true, optional: true },
    /** Related auth provider. */
    auth_provider_id: { kind: "string", ro: true, optional: true },
    /** Related login policy. */
    login_policy_id: { kind: "string", ro: true, optional: true },
    /** Related membership. */
    membership_id: { kind: "string", ro: true, optional: true },
    /** Related org. */
    org_id: { kind: "string", ro: true, optional: true },
    /** Related realm. */
    realm_id: { kind: "string", ro: true, optional: true },
    /** Related user. */
    user_id: { kind: "string", ro: true, optional: true },
    /** Request context (`ip`, `client`). */
    request: { kind: "hash", ro: true, optional: true },
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
} as const satisfies ResourceDef;

/** What the event API offers beyond a record: its actions and how it lists. */
export const eventApi = {
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
    params: ["expand"],
  },
} as const satisfies ApiDef;
