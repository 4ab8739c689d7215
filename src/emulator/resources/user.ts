/**
 * The user: its create and update rules (a signup token's details, an API user's generated
 * username and key, the realm's unique emails, the password rule), its credentials in its
 * output, what it is found by (id or username), and its actions: authenticate (password,
 * API key, 2FA code), password tokens and updates, email verification.
 * @module
 */
import {
  codeLogin,
  currentPasswordOk,
  findUser,
  holder,
  issue,
  login,
  passwordErrors,
  passwordLogin,
  passwordOk,
  setPassword,
  spend,
} from "../auth.ts";
import { errors, json, type Kernel, notFound, randomB62, type Rec, userEvent } from "../kernel.ts";
import { type Behaviour, blank } from "./behaviour.ts";
import { addCredential } from "./credential.ts";

const nameOf = (r: Rec) => [r.first_name, r.last_name].filter(Boolean).join(" ") || r.username;

/** Delete what belongs to a user: its memberships, sessions and credentials. */
export function dropUserRecords(k: Kernel, userId: string): void {
  for (const t of ["membership", "session", "credential"]) {
    for (const id of [...k.store.ids(t, { user: userId })]) k.store.del(t, id);
  }
}

/**
 * The signup token a user create names (`token: "utk_…"`), in the request's realm, if it
 * exists (spent once it has become a user).
 */
function signupToken(k: Kernel, attrs: Rec, rec: Rec): Rec | undefined {
  if (typeof attrs.token !== "string") return undefined;
  const t = k.store.get("user_token", attrs.token);
  return t && (blank(rec.realm_id) || t.realm_id === rec.realm_id) ? t : undefined;
}

/** The user's behaviour. */
export const user: Behaviour = {
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
  actions: {
    "POST :id/authenticate": async (c) => {
      const u = c.record();
      if (!(await passwordOk(c.k, u, String(c.body.password ?? "")))) {
        if (u) userEvent(c.k, "user.login.failed", u, c.request);
        return json(401, {});
      }
      return json(200, await passwordLogin(c.k, u!, c.request));
    },
    "POST authenticate_key": async (c) => {
      let u: Rec | undefined;
      const key = c.body.api_key;
      const where = c.realm ? { realm: c.realm } : undefined;
      // Through the index of keys; the last API user holding it, as a scan would find.
      for (
        const ids of typeof key === "string"
          ? c.k.store.idsWhere("user", where, "api_key", [key])
          : []
      ) {
        for (const id of ids) {
          const x = c.k.store.get("user", id)!;
          if (x.api_key === key && x.user_type === "api" && (!u || id > (u.id as string))) u = x;
        }
      }
      if (!u || u.state !== "active") return json(401, {});
      return json(200, await login(c.k, u, c.request));
    },
    "POST :id/authenticate_code": async (c) => {
      const r = await codeLogin(c.k, c.root.token, c.root.code, c.id === "--" ? undefined : c.id);
      if ("error" in r) return errors(422, r.error[0], r.error[1]);
      if (c.realm && r.user.realm_id !== c.realm) {
        return errors(422, "token", "Token is invalid or expired");
      }
      return json(200, await login(c.k, r.user, c.request));
    },
    "POST :id/generate_password_token": (c) => {
      const u = c.record();
      if (!u) return notFound();
      const token = issue(c.k, "password", u, 86_400);
      userEvent(c.k, "user.password_token.created", u, c.request);
      return json(200, { ...c.k.out(c.def, u), password_reset_token: token });
    },
    "POST :id/reset_password_with_token": async (c) => {
      const u = holder(c.k, "password", c.root.token);
      const named = c.id !== "--" ? findUser(c.k, c.id, u?.realm_id as string) : u;
      if (!u || named !== u || (c.realm && u.realm_id !== c.realm)) {
        if (u) userEvent(c.k, "user.password_token.failed", u, c.request);
        return errors(422, "token", "Token is invalid or expired");
      }
      const msgs = passwordErrors(c.k, u, c.root);
      if (msgs.length) return errors(422, "password", ...msgs);
      await setPassword(c.k, u.id as string, String(c.root.password));
      spend(c.k, c.root.token);
      userEvent(c.k, "user.password_token.consumed", u, c.request);
      return json(200, c.k.out(c.def, u));
    },
    "PUT :id/update_password": async (c) => {
      const u = c.record();
      if (!u) return notFound();
      if (!(await currentPasswordOk(c.k, u, String(c.root.current_password ?? "")))) {
        return errors(422, "current_password", "Current password does not match");
      }
      const msgs = passwordErrors(c.k, u, c.root);
      if (msgs.length) return errors(422, "password", ...msgs);
      await setPassword(c.k, u.id as string, String(c.root.password));
      userEvent(c.k, "user.updated", u, c.request);
      return json(200, c.k.out(c.def, u));
    },
    "POST :id/request_email_verification": (c) => {
      const u = c.record();
      if (!u) return notFound();
      if (!u.email) return errors(422, "email", "Email can't be blank");
      const token = issue(c.k, "email", u, 86_400);
      u.email_verification = "requested";
      c.k.store.put("user", u);
      userEvent(c.k, "user.email.verification_requested", u, c.request);
      return json(200, { ...c.k.out(c.def, u), token });
    },
    "POST :id/verify_email": (c) => {
      const u = c.record();
      if (!u) return notFound();
      if (holder(c.k, "email", c.root.token) !== u) {
        return errors(422, "token", "Token is invalid or expired");
      }
      spend(c.k, c.root.token);
      u.email_verification = "verified";
      c.k.store.put("user", u);
      userEvent(c.k, "user.email.verified", u, c.request);
      return json(200, c.k.out(c.def, u));
    },
  },
};
