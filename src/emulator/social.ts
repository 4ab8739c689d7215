/**
 * Social logins: an emulated provider whose consent page vouches for whoever is typed. The
 * states of authorizations in flight and the codes it grants are single-use tokens in the
 * store, so they survive a restart like the rest; each dies at its time on the emulator's clock.
 * @module
 */
import { credential } from "../table/credential.ts";
import { findUser, login } from "./auth.ts";
import { type Kernel, randomB62, type Rec } from "./kernel.ts";
import { addCredential } from "./resources/credential.ts";

/**
 * The provider types the emulator logs in through its consent page: the credential types the
 * table declares, less the three that are not social logins.
 */
export const SOCIAL: ReadonlySet<string> = new Set(
  credential.fields.credential_type.values.filter((t) =>
    !["password", "api_key", "totp"].includes(t)
  ),
);

/**
 * How long an authorization in flight and the code it is granted live, in seconds: 10 minutes,
 * the lifetime OAuth 2.0 recommends at most for a code (RFC 6749 §4.1.2).
 */
export const SOCIAL_CODE_SECONDS = 600;
/** How long an access token for a native flow (`socialAccessToken`) lives: an hour, as Google's. */
export const SOCIAL_TOKEN_SECONDS = 3600;

/** An authorization in flight: where to send the code back, with which nonce, until when. */
export interface SocialState {
  kind: "social_state";
  apId: string;
  redirectUri: string;
  nonce: string;
  /** When it dies, in seconds on the emulator's clock. */
  expires: number;
}
/** A code (or an access token, without `state`) the provider granted, for whom, until when. */
export interface SocialGrant {
  kind: "social_grant";
  apId: string;
  state?: string;
  profile: Rec;
  /** When it dies, in seconds on the emulator's clock. */
  expires: number;
}

/** A social token of `kind` while it lives; a dead one is dropped (one without a time is dead). */
function live<T extends SocialState | SocialGrant>(
  k: Kernel,
  kind: T["kind"],
  token: unknown,
): T | undefined {
  const key = String(token ?? "");
  const t = k.store.getKv<T>("tokens", key);
  if (t?.kind !== kind) return undefined;
  if (t.expires > k.ts()) return t;
  k.store.setKv("tokens", key, undefined);
  return undefined;
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
    expires: k.ts() + SOCIAL_CODE_SECONDS,
  };
  k.store.setKv("tokens", state, st);
  const url = new URL(`/lr/oauth/${ap.id}`, base);
  url.searchParams.set("state", state);
  return { object: "auth_provider", id: ap.id, provider_type: ap.provider_type, url: url.href };
}

/** An authorization in flight by its state, while it lives. */
export const socialState = (k: Kernel, state: unknown): SocialState | undefined =>
  live<SocialState>(k, "social_state", state);

/** A grant by its code or access token, while it lives. */
export const socialGrant = (k: Kernel, code: unknown): SocialGrant | undefined =>
  live<SocialGrant>(k, "social_grant", code);

/** Record a grant: a code for `state` (10 minutes), else an access token (an hour). */
export function grant(k: Kernel, apId: string, profile: Rec, state?: string): string {
  const code = randomB62(state === undefined ? 32 : 24);
  const life = state === undefined ? SOCIAL_TOKEN_SECONDS : SOCIAL_CODE_SECONDS;
  const g: SocialGrant = { kind: "social_grant", apId, profile, expires: k.ts() + life };
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
  // Through the store's indexes (provider ids, emails): a login costs the same at any size.
  const holders = (table: string, field: string, value: string) =>
    k.store.idsWhere(table, { realm }, field, [value]).flat().sort()
      .map((id) => k.store.get(table, id)!);
  const cred = holders("credential", "provider_user_id", pid)
    .filter((c) => c.auth_provider_id === apId && c.provider_user_id === pid).at(-1);
  let u = cred ? k.store.get("user", cred.user_id as string) : undefined;
  u ??= holders("user", "email", email).find((x) => x.email === email && x.user_type === "human");
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
