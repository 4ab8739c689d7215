/**
 * Org (`orgs`, root `org`, ids `org_`).
 * @module
 */
import { RecordNotFound } from "../errors.ts";
import { ArRecord } from "../record.ts";
import type { ResourceDef } from "../record.ts";
import type { BelongsTo, HasMany, RecordVerbs, VerbsOf as V } from "../resource.ts";
import type { CallOptions } from "../transport.ts";
import type { Event, EVENT_VERBS } from "./event.ts";
import type { Membership, MEMBERSHIP_VERBS } from "./membership.ts";
import type { Realm } from "./realm.ts";
import type { User } from "./user.ts";

/**
 * The verbs the API gives orgs.
 *
 * @example
 * ```ts
 * import { ORG_VERBS } from "@authrocket-edge/sdk";
 * if (ORG_VERBS.includes("delete")) console.log("delete is available");
 * ```
 */
export const ORG_VERBS = ["list", "get", "create", "update", "delete"] as const;

/** The orgs row of the resource table. */
export const orgDef: ResourceDef = {
  object: "org",
  path: "orgs",
  prefix: "org_",
  verbs: ORG_VERBS,
  fields: {
    id: "ro",
    realm_id: "req",
    name: "req",
    state: "=active|inactive",
    reference: "",
    custom: "hash",
    created_at: "ro time",
  },
  belongsTo: { realm: "realm" },
  hasMany: { events: "event", memberships: "membership" },
  list: {
    max: 1000,
    sort: "name",
    sorts: ["id", "name"],
    direction: "asc",
    filters: ["realm_id", "reference", "state"],
  },
};

/** An org's verbs and associations (installed from the table). */
export interface Org
  extends
    RecordVerbs<V<typeof ORG_VERBS>>,
    BelongsTo<"realm", Realm>,
    HasMany<"events", "Event", Event, V<typeof EVENT_VERBS>>,
    HasMany<"memberships", "Membership", Membership, V<typeof MEMBERSHIP_VERBS>> {}

/**
 * An org.
 *
 * @example
 * ```ts
 * import { AuthRocket } from "@authrocket-edge/sdk";
 * const ar = new AuthRocket({ url: "https://api-e1.authrocket.com/v1", apiKey: "ko_…", realm: "rl_…" });
 * const acme = await ar.orgs.createOrThrow({ name: "Acme" });
 * const members = await acme.memberships();
 * ```
 */
export class Org extends ArRecord {
  /** The orgs row of the resource table. */
  static override readonly def: ResourceDef = orgDef;
  /** Realm id. */
  declare readonly realm_id: string;
  /** Name. */
  declare readonly name: string;
  /** `active` or `inactive`. */
  declare readonly state: "active" | "inactive";
  /** Your own reference. */
  declare readonly reference: string | null;
  /** Custom attributes. */
  declare readonly custom: Record<string, unknown> | null;
  /** Creation time. */
  declare readonly created_at: Date | null;

  /** The users of the org's memberships (embedded in the list filtered by `org_id`). */
  async users(options?: CallOptions & { reload?: boolean }): Promise<User[]> {
    const ms = await this.memberships(options?.reload ? { reload: true } : undefined, options);
    const out: User[] = [];
    for (const m of ms) {
      const u = await m.user(options);
      if (u) out.push(u);
    }
    return out;
  }

  /** One of the org's users; throws `RecordNotFound` when not a member. */
  async findUser(id: string, options?: CallOptions): Promise<User> {
    const ms = await this.memberships({ user_id: id }, options);
    const user = ms.length ? await ms[0].user(options) : null;
    if (!user) throw new RecordNotFound(`Cannot find user id=${id} in this org`);
    return user;
  }
}
