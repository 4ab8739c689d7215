/**
 * Per-resource rules, one entry per resource (see resources/behaviour.ts for what each hook
 * gets; resources/index.ts holds them to the resource table at start-up).
 * @module
 */
import { exportSPKI, generateKeyPair } from "jose";
import { findUser, passwordErrors, setPassword, startSession } from "./auth.ts";
import { MAX_DELAY_S } from "./hooks.ts";
import { type Kernel, randomB62, type Rec, userEvent } from "./kernel.ts";
import { type Behaviour, blank } from "./resources/behaviour.ts";
import { addCredential } from "./resources/credential.ts";

const nameOf = (r: Rec) => [r.first_name, r.last_name].filter(Boolean).join(" ") || r.username;

/** Delete every record of `tables` that belongs to a user. */
export function dropUserRecords(k: Kernel, userId: string) {
  for (const t of ["membership", "session", "credential"]) {
    for (const id of [...k.store.ids(t, { user: userId })]) k.store.del(t, id);
  }
}

/** The rules, by resource. */
export const RULES: Readonly<Record<string, Behaviour>> = {
  user: {
    optional: ["realm_id", "password"], // the password: not with a signup token (below)
    // Lower-casing, kinds, the human user's required fields and the username's uniqueness
    // come from the declaration; what is left is the user's own.
    prepare({ k, rec, attrs, old }) {
      const t = old ? undefined : signupToken(k, attrs, rec);
      if (t) {
        // `{ user: { token: "utk_…" } }`: the signup's details fill what the request leaves out.
        rec.realm_id ??= t.realm_id;
        for (const f of ["username", "email", "first_name", "last_name"]) {
          if (blank(rec[f]) && !blank(t[f])) rec[f] = t[f];
        }
        for (const f of ["username", "email"]) {
          if (typeof rec[f] === "string") rec[f] = (rec[f] as string).toLowerCase();
        }
      }
      if (!old && rec.user_type !== "human" && blank(rec.username)) {
        rec.username = `api_${randomB62(10).toLowerCase()}`;
      }
      if (!rec.name || rec.user_type === "human") rec.name = nameOf(rec);
    },
    check({ k, rec, attrs, old }) {
      const msgs: string[] = [];
      if (blank(rec.realm_id)) msgs.push("Realm can't be blank");
      if (blank(rec.username)) msgs.push("Username can't be blank"); // API users' too, on update
      if (!old && attrs.token !== undefined && !signupToken(k, attrs, rec)) {
        msgs.push("Token is invalid or expired");
      } else if (!old && rec.user_type === "human" && attrs.token === undefined) {
        msgs.push(...passwordErrors(k, rec, attrs));
      }
      const realm = rec.realm_id as string;
      if (
        rec.email && k.store.get("realm", realm)?.require_unique_emails !== false &&
        k.store.findBy("user", { realm }, "email", rec.email, old?.id as string | undefined)
      ) {
        msgs.push("Email has already been taken");
      }
      return msgs;
    },
    async afterInsert({ k, rec, attrs, request }) {
      const t = signupToken(k, attrs, rec);
      if (t) {
        // The signup's password hash moves to the user; the token is spent.
        const hash = k.store.getKv<Rec>("secrets", t.id as string)?.password;
        k.store.setKv("secrets", rec.id as string, { password: hash });
        k.store.setKv("secrets", t.id as string, undefined);
        k.store.del("user_token", t.id as string);
        addCredential(k, rec, { credential_type: "password" });
      } else if (rec.user_type === "human") {
        await setPassword(k, rec.id as string, String(attrs.password));
        addCredential(k, rec, { credential_type: "password" });
      } else {
        const prefix = k.store.get("realm", rec.realm_id as string)?.api_key_prefix ?? "";
        rec.api_key = (attrs.api_key as string) || `${prefix}ko_${randomB62(30)}`;
        k.store.put("user", rec);
        addCredential(k, rec, { credential_type: "api_key", api_key: rec.api_key });
      }
      if (rec.email_verification === "requested") {
        userEvent(k, "user.email.verification_requested", rec, request);
      }
    },
    remove({ k, rec }) {
      dropUserRecords(k, rec.id as string);
      k.store.setKv("secrets", rec.id as string, undefined);
    },
    present({ k, out, rec }) {
      const cred = k.def("credential");
      out.credentials = [...k.store.values("credential", { user: rec.id as string })].map((c) =>
        k.out(cred, c)
      );
    },
    lookup: ({ k, key, realm }) => findUser(k, key, realm),
  },
  org: {
    remove({ k, rec }) {
      const scope = { realm: rec.realm_id as string };
      for (const ids of k.store.idsWhere("membership", scope, "org_id", [rec.id as string])) {
        for (const id of [...ids]) k.store.del("membership", id);
      }
    },
  },
  membership: {
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
  },
  session: {
    check: ({ k, rec }) => k.store.has("user", rec.user_id as string) ? [] : ["User not found"],
    create: ({ k, rec, request }) =>
      startSession(k, k.store.get("user", rec.user_id as string)!, request),
    // By id or by its token (the JWT), through the token's index: a check of a login token
    // costs the same with 100 sessions or 100,000.
    lookup({ k, key, realm }) {
      const s = k.store.get("session", key) ??
        k.store.findBy("session", realm ? { realm } : undefined, "token", key);
      return s && (!s.expires_at || (s.expires_at as number) >= k.ts()) ? s : undefined;
    },
  },
  jwt_key: {
    async beforeInsert({ rec }) {
      rec.expired = false;
      if (rec.key) return;
      if (rec.algo === "rs256") {
        const { publicKey } = await generateKeyPair("RS256", { extractable: true });
        rec.key = await exportSPKI(publicKey);
      } else rec.key = `jsk_${randomB62(40)}`;
    },
  },
  user_token: {
    check({ k, rec, attrs }) {
      const realm = rec.realm_id as string;
      const taken = typeof rec.username === "string" &&
        findUser(k, rec.username.toLowerCase(), realm);
      return [
        ...(taken ? ["Username has already been taken"] : []),
        ...passwordErrors(k, rec, attrs),
      ];
    },
    beforeInsert({ rec }) {
      rec.credential_type = "password"; // the credential a signup with it will get
    },
    // Only the password's hash is kept (write-only fields are never stored), for the user the
    // token becomes.
    afterInsert: ({ k, rec, attrs }) => setPassword(k, rec.id as string, String(attrs.password)),
  },
  app_hook: {
    check({ rec }) {
      const msgs: string[] = [];
      if (rec.hook_type === "webhook" && blank(rec.destination)) {
        msgs.push("Destination can't be blank");
      }
      const delay = rec.delay;
      if (typeof delay === "number" && !(delay >= 0 && delay <= MAX_DELAY_S)) {
        msgs.push(`Delay must be between 0 and ${MAX_DELAY_S} seconds`);
      }
      return msgs;
    },
  },
  event: {
    present({ out, view }) {
      if (view.list && view.list.get("expand") !== "notifications") delete out.notifications;
    },
  },
};

/**
 * The signup token a user create names (`token: "utk_…"`), in the request's realm, if it
 * exists (spent once it has become a user).
 */
function signupToken(k: Kernel, attrs: Rec, rec: Rec): Rec | undefined {
  if (typeof attrs.token !== "string") return undefined;
  const t = k.store.get("user_token", attrs.token);
  return t && (blank(rec.realm_id) || t.realm_id === rec.realm_id) ? t : undefined;
}
