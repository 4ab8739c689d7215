/**
 * The API's actions beyond the verbs, one handler per entry of the resource table's `actions`
 * (resources/index.ts holds them to the table at start-up).
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
} from "./auth.ts";
import { errors, json, notFound, type Rec, userEvent } from "./kernel.ts";
import type { Handler } from "./resources/behaviour.ts";
import { authorizeUrl, socialGrant, socialLogin, socialProviders, socialState } from "./social.ts";

/** The handlers, by resource and `"METHOD path"`. */
export const ACTIONS: Readonly<Record<string, Readonly<Record<string, Handler>>>> = {
  user: {
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
  auth_provider: {
    "GET authorize": (c) => {
      const redirect = c.query.get("redirect_uri");
      if (!redirect) return errors(422, "redirect_uri", "Redirect uri can't be blank");
      const nonce = c.query.get("nonce") ?? "";
      const collection = socialProviders(c.k, c.realm).map((ap) =>
        authorizeUrl(c.k, ap, c.req.url, redirect, nonce)
      );
      return json(200, { more_results: false, collection });
    },
    "GET :id/authorize": (c) => {
      const ap = socialProviders(c.k, c.realm).find((x) => x.id === c.id);
      if (!ap) return notFound();
      const redirect = c.query.get("redirect_uri");
      if (!redirect) return errors(422, "redirect_uri", "Redirect uri can't be blank");
      return json(200, authorizeUrl(c.k, ap, c.req.url, redirect, c.query.get("nonce") ?? ""));
    },
    "POST authorize": async (c) => {
      const state = socialState(c.k, c.body.state);
      const g = socialGrant(c.k, c.body.code);
      if (!state || !g || g.state !== c.body.state || state.nonce !== String(c.body.nonce ?? "")) {
        const ap = state && c.k.store.get("auth_provider", state.apId);
        const retry = ap
          ? authorizeUrl(c.k, ap, c.req.url, state.redirectUri, state.nonce).url
          : null;
        return json(422, { errors: { code: ["Error validating code"] }, retry_url: retry });
      }
      spend(c.k, c.body.code);
      spend(c.k, c.body.state);
      return json(200, await socialLogin(c.k, g.apId, g.profile, c.request));
    },
    "POST :id/authorize": async (c) => {
      const g = socialGrant(c.k, c.body.access_token);
      if (!g || g.apId !== c.id || g.state !== undefined) {
        return errors(422, "access_token", "Error validating access token");
      }
      return json(200, await socialLogin(c.k, g.apId, g.profile, c.request));
    },
  },
};
