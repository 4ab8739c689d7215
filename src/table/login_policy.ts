/** The login_policies row: connected apps (LoginRocket). @module */
import type { ApiDef, ResourceDef } from "./fields.ts";

/** Login policies (`login_policies`, root `login_policy`, ids `lpl_`). */
export const loginPolicy = {
  object: "login_policy",
  path: "login_policies",
  prefix: "lpl_",
  verbs: ["list", "get", "create", "update", "delete"],
  fields: {
    /** The record's id. */
    id: { kind: "string", ro: true, always: true },
    realm_id: { kind: "string", req: "realm" },
    name: { kind: "string", req: true },
    /** LoginRocket subdomain. */
    subdomain: { kind: "string" },
    /** Every login domain of the app (absent until it has a subdomain or a custom domain). */
    domains: { kind: "array", ro: true, optional: true },
    /** The LoginRocket base domain. */
    base_domain: { kind: "string", ro: true },
    /** Custom login domains. */
    custom_domains: { kind: "array" },
    /** The domain links point to. */
    primary_domain: { kind: "string" },
    /** Page header (HTML). */
    header: { kind: "string" },
    /** Page footer (HTML). */
    footer: { kind: "string" },
    /** A stylesheet URL for the login pages. */
    external_css: { kind: "string" },
    /** Where LoginRocket sends `?token=` after a login. */
    login_handler: { kind: "string", req: true },
    /** Where signup tokens go. */
    signup_handler: { kind: "string" },
    /** Allowed `redirect_uri` values. */
    redirect_uris: { kind: "array" },
    created_at: { kind: "time", ro: true },
  },
  belongsTo: { realm: "realm" },
  hasMany: { events: "event" },
} as const satisfies ResourceDef;

/** What the login policy API offers beyond a record: its actions and how it lists. */
export const loginPolicyApi = {
  list: { max: 100, sort: "name", sorts: ["id", "name"], direction: "asc", filters: ["realm_id"] },
} as const satisfies ApiDef;
