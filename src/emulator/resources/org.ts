/**
 * The org: deleting one deletes its memberships.
 * @module
 */
import type { Behaviour } from "./behaviour.ts";

/** The org's behaviour. */
export const org: Behaviour = {
  remove({ k, rec }) {
    const scope = { realm: rec.realm_id as string };
    for (const ids of k.store.idsWhere("membership", scope, "org_id", [rec.id as string])) {
      for (const id of [...ids]) k.store.del("membership", id);
    }
  },
};
