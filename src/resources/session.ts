/**
 * Session (`sessions`, root `session`, ids `kss_`): managed login sessions, and sessions
 * decoded from login tokens.
 * @module
 */
import { ArRecord } from "../record.ts";
import type { ResourceDef } from "../record.ts";
import type { BelongsToRequired, RecordVerbs, VerbsOf as V } from "../resource.ts";
import type { User } from "./user.ts";

/**
 * The verbs the API gives sessions (no update).
 *
 * @example
 * ```ts
 * import { SESSION_VERBS } from "@authrocket-edge/sdk";
 * const canUpdate = (SESSION_VERBS as readonly string[]).includes("update"); // false in AuthRocket 1
 * ```
 */
export const SESSION_VERBS = ["list", "get", "create", "delete"] as const;

/** The sessions row of the resource table. */
export const sessionDef: ResourceDef = {
  object: "session",
  path: "sessions",
  prefix: "kss_",
  verbs: SESSION_VERBS,
  fields: {
    id: "ro",
    user_id: "req",
    created_at: "ro time",
    expires_at: "ro time",
    token: "ro",
    request: "hash",
  },
  belongsTo: { user: "user" },
  list: { max: 1000, sort: "id", sorts: ["id"], direction: "asc", filters: ["user_id"] },
};

/** A session's verbs and associations (installed from the table). */
export interface Session
  extends RecordVerbs<V<typeof SESSION_VERBS>>, BelongsToRequired<"user", User> {}

/**
 * A session: from the API, or verified from a login token (then `user()` needs no API call).
 *
 * @example
 * ```ts
 * import { verifySession } from "@authrocket-edge/sdk";
 * const session = await verifySession("eyJ…", { jwtSecret: "jsk_…" });
 * if (session) console.log(session.id, session.expires_at, (await session.user()).username);
 * ```
 */
export class Session extends ArRecord {
  /** The sessions row of the resource table. */
  static override readonly def: ResourceDef = sessionDef;
  /** User id. */
  declare readonly user_id: string;
  /** Start (the token's `iat`). */
  declare readonly created_at: Date | null;
  /** End (the token's `exp`), `null` for open-ended tokens. */
  declare readonly expires_at: Date | null;
  /** The login token (JWT). */
  declare readonly token: string;
  /** Request context (`ip`, `client`). */
  declare readonly request?: Record<string, unknown>;
}
