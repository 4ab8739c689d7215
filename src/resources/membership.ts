/**
 * Membership (`memberships`, root `membership`, ids `mb_`): a user's permissions, in an org
 * or on their own.
 * @module
 */
import { ArRecord } from "../record.ts";
import type { ResourceDef } from "../record.ts";
import type {
  BelongsTo,
  BelongsToRequired,
  HasMany,
  RecordVerbs,
  VerbsOf as V,
} from "../resource.ts";
import type { Event, EVENT_VERBS } from "./event.ts";
import type { Org } from "./org.ts";
import type { User } from "./user.ts";

/**
 * The verbs the API gives memberships.
 *
 * @example
 * ```ts
 * import { MEMBERSHIP_VERBS } from "@authrocket-edge/sdk";
 * if (MEMBERSHIP_VERBS.includes("update")) console.log("update is available");
 * ```
 */
export const MEMBERSHIP_VERBS = ["list", "get", "create", "update", "delete"] as const;

/** The memberships row of the resource table. */
export const membershipDef: ResourceDef = {
  object: "membership",
  path: "memberships",
  prefix: "mb_",
  verbs: MEMBERSHIP_VERBS,
  fields: {
    id: "ro",
    user_id: "req",
    org_id: "",
    permissions: "array",
    expires_at: "time",
    custom: "hash",
    created_at: "ro time",
  },
  belongsTo: { org: "org", user: "user" },
  hasMany: { events: "event" },
  list: { max: 1000, sort: "id", sorts: ["id"], direction: "asc", filters: ["org_id", "user_id"] },
};

/** A membership's verbs and associations (installed from the table). */
export interface Membership
  extends
    RecordVerbs<V<typeof MEMBERSHIP_VERBS>>,
    BelongsTo<"org", Org>,
    BelongsToRequired<"user", User>,
    HasMany<"events", "Event", Event, V<typeof EVENT_VERBS>> {}

/**
 * A membership.
 *
 * @example
 * ```ts
 * import { AuthRocket } from "@authrocket-edge/sdk";
 * const ar = new AuthRocket({ url: "https://api-e1.authrocket.com/v1", apiKey: "ko_…", realm: "rl_…" });
 * const m = await ar.memberships.createOrThrow({ user_id: "usr_…", org_id: "org_…", permissions: ["forum:read"] });
 * console.log(m.anyPermission("forum:read", /:admin$/));
 * ```
 */
export class Membership extends ArRecord {
  /** The memberships row of the resource table. */
  static override readonly def: ResourceDef = membershipDef;
  /** User id. */
  declare readonly user_id: string;
  /** Org id (`null` for a membership of the user alone). */
  declare readonly org_id: string | null;
  /** Permission tags. */
  declare readonly permissions: string[];
  /** When the membership ends, if it does. */
  declare readonly expires_at: Date | null;
  /** Custom attributes. */
  declare readonly custom: Record<string, unknown> | null;

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
}
