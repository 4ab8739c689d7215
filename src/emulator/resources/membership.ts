/**
 * The membership: its user and org exist and share a realm, one membership per user and org
 * (or none); a list by user shows each one's org, a list by org each one's user.
 * @module
 */
import type { Behaviour } from "./behaviour.ts";

/** The membership's behaviour. */
export const membership: Behaviour = {
  prepare({ rec }) {
    if (typeof rec.permissions === "string") rec.permissions = [rec.permissions];
  },
  check({ k, rec, old }) {
    const msgs: string[] = [];
    const user = k.store.get("user", rec.user_id as string);
    if (!user) msgs.push("User not found");
    const org = rec.org_id ? k.store.get("org", rec.org_id as string) : undefined;
    if (rec.org_id && (!org || (user && org.realm_id !== user.realm_id))) {
      msgs.push("Org not found");
    }
    for (const m of k.store.values("membership", { user: rec.user_id as string })) {
      if (m.id !== old?.id && (m.org_id ?? null) === (rec.org_id ?? null)) {
        msgs.push("Membership already exists");
      }
    }
    return msgs;
  },
  present({ k, out, rec, view }) {
    const q = view.list;
    if (q?.get("user_id") && !q.get("org_id") && rec.org_id) {
      const org = k.store.get("org", rec.org_id as string);
      if (org) out.org = k.out(k.def("org"), org);
    }
    if (q?.get("org_id") && !q.get("user_id")) {
      const u = k.store.get("user", rec.user_id as string);
      if (u) out.user = k.out(k.def("user"), u);
    }
  },
};
