/**
 * Social logins: an emulated provider whose consent page vouches for whoever is typed. The
 * states of authorizations in flight and the codes it grants are single-use tokens in the
 * store, so they survive a restart like the rest.
 * @module
 */
import { credential } from "../table/credential.ts";
import { findUser, login } from "./auth.ts";
import { type Kernel, randomB62, type Rec } from "./kernel.ts";
import { addCredential } from "./rules.ts";

/**
 * The provider types the emulator logs in through its consent page: the credential types the
 * table declares, less the three that are not social logins.
 */
export const SOCIAL: ReadonlySet<string> = new Set(
  credential.fields.credential_type.values.filter((t) =>
    !["password", "api_key", "totp"].includes(t)
  ),
);

/** An authorization in flight: where to send the code back, with which nonce. */
export interface SocialState {
  kind: "social_state";
  apId: string;
  redirectUri: string;
  nonce: string;
}
/** A code (or an access token, without `state`) the provider granted, and for whom. */
export interface SocialGrant {
  kind: "social_grant";
  apId: string;
  state?: string;
  profile: Rec;
}

/** A realm's active social providers (every realm's when none is named). */
export function socialProviders(k: Kernel, realmId: string | undefined): Rec[] {
  return [...k.store.values("auth_provider", realmId ? { realm: realmId } : undefined)].filter(
    (ap) => SOCIAL.has(ap.provider_type as string) && ap.state !== "inactive",
  );
}

/** Start an authorization: its state, and the consent page's URL. */
export function authorizeUrl(k: Kernel, ap: Rec, base: string, redirect: string, nonce: string) {
  const state = randomB62(24);
  const st: SocialState = {
    kind: "social_state",
    apId: ap.id as string,
    redirectUri: redirect,
    nonce,
  };
  k.store.setKv("tokens", state, st);
  const url = new URL(`/lr/oauth/${ap.id}`, base);
  url.searchParams.set("state", state);
  return { object: "auth_provider", id: ap.id, provider_type: ap.provider_type, url: url.href };
}

/** An authorization in flight by its state. */
export const socialState = (k: Kernel, state: unknown): SocialState | undefined => {
  const s = k.store.getKv<SocialState>("tokens", String(state ?? ""));
  return s?.kind === "social_state" ? s : undefined;
};

/** A grant by its code or access token. */
export const socialGrant = (k: Kernel, code: unknown): SocialGrant | undefined => {
  const g = k.store.getKv<SocialGrant>("tokens", String(code ?? ""));
  return g?.kind === "social_grant" ? g : undefined;
};

/** Record a grant; its code. */
export function grant(k: Kernel, apId: string, profile: Rec, state?: string): string {
  const code = randomB62(state === undefined ? 32 : 24);
  const g: SocialGrant = { kind: "social_grant", apId, profile };
  if (state !== undefined) g.state = state;
  k.store.setKv("tokens", code, g);
  return code;
}

/** Log in (or sign up) the person a provider vouched for. */
export async function socialLogin(k: Kernel, apId: string, profile: Rec, request: unknown) {
  const ap = k.store.get("auth_provider", apId)!;
  const realm = ap.realm_id as string;
  const email = String(profile.email ?? "").toLowerCase();
  const pid = `${ap.provider_type}:${email}`;
  let cred: Rec | undefined;
  for (const c of k.store.values("credential", { realm })) {
    if (c.auth_provider_id === apId && c.provider_user_id === pid) cred = c;
  }
  let u = cred ? k.store.get("user", cred.user_id as string) : undefined;
  u ??= [...k.store.values("user", { realm })].find((x) =>
    x.email === email && x.user_type === "human"
  );
  if (!u) {
    const [first, ...rest] = String(profile.name ?? "").split(" ");
    u = k.store.put("user", {
      id: k.newId("usr_"),
      realm_id: realm,
      user_type: "human",
      state: "active",
      username: findUser(k, email, realm) ? `${email}-${randomB62(4)}` : email,
      email,
      email_verification: "verified",
      first_name: first || null,
      last_name: rest.join(" ") || null,
      name: profile.name || email,
      custom: {},
      created_at: k.ts(),
    });
    k.event("user.created", { user_id: u.id, realm_id: realm }, request);
  }
  if (!cred) {
    addCredential(k, u, {
      credential_type: ap.provider_type,
      auth_provider_id: apId,
      provider_user_id: pid,
      access_token: randomB62(24),
    });
  }
  return await login(k, u, request);
}
