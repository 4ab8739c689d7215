/**
 * The auth provider: its actions, social logins through the emulated provider (authorize
 * URLs for a realm's providers, then a code or an access token exchanged for a login).
 * @module
 */
import { spend } from "../auth.ts";
import { errors, json, notFound } from "../kernel.ts";
import { authorizeUrl, socialGrant, socialLogin, socialProviders, socialState } from "../social.ts";
import type { Behaviour } from "./behaviour.ts";

/** The auth provider's behaviour. */
export const authProvider: Behaviour = {
  actions: {
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
