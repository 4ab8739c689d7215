/**
 * LoginRocket's flows, one implementation for the hosted pages (hosted.ts) and the JSON API
 * (loginrocket_api.ts): which realm and connected app a request serves, a password login with
 * its 2FA step and its attempt limit, a signup in the realm's signup mode, and the handler URL a
 * login or signup ends at.
 * @module
 */
import { codeLogin, findUser, login, passwordLogin, passwordOk } from "./auth.ts";
import { insert } from "./crud.ts";
import { type Kernel, type Rec, userEvent } from "./kernel.ts";
import { human } from "./table.ts";

/** The message of a failed login (unknown user, wrong password, inactive user alike). */
export const BAD_LOGIN = "Invalid username or password";
/** The message of a signup when the realm's LoginRocket provider has signups off. */
export const SIGNUPS_OFF = "Signups are not enabled for this realm";
/** Failed logins of one user (or unknown name) a realm takes before refusing it for a while. */
export const MAX_LOGIN_FAILURES = 10;
/** The window the failures are counted in, from the first one, in seconds (10 minutes). */
export const LOGIN_FAILURE_WINDOW = 600;

/** Messages by field (`base` for the request as a whole), AuthRocket 1's error shape. */
export type FieldErrors = Record<string, string[]>;

/**
 * How a flow ended: done (a login token, or a signup token in signup-token mode, and the handler
 * URL with it), a 2FA code needed (the `kli_` token to send back), or refused (`retryAfter`
 * seconds when the attempt limit refused it).
 */
export type Outcome =
  | { token: string; url: string }
  | { kli: string }
  | { errors: FieldErrors; retryAfter?: number };

/** What a flow needs to know of its request. */
export interface LrRequest {
  k: Kernel;
  /** The realm served. */
  realm: Rec;
  /** LoginRocket's base URL as this request reached it (`…/lr/`). */
  base: string;
  /** The parameters (a form, a query, or a JSON body's values). */
  params: URLSearchParams;
  /** The event's `request` (the client). */
  request: Rec;
}

/** The realm a LoginRocket request serves: `realm_id`, the first connected app's, or the first. */
export function lrRealm(k: Kernel, params: URLSearchParams): Rec | undefined {
  const id = params.get("realm_id");
  if (id) return k.store.get("realm", id);
  for (const lp of k.store.values("login_policy")) {
    return k.store.get("realm", lp.realm_id as string);
  }
  return k.store.values("realm").next().value;
}

/** The connected app of a realm: its first login policy (the emulator has one LoginRocket URL). */
export const lrApp = (k: Kernel, realm: Rec): Rec | undefined =>
  k.store.values("login_policy", { realm: realm.id as string }).next().value;

/** The realm's `login_rocket` auth provider (signups, signup mode). */
const lrProvider = (k: Kernel, realm: Rec) =>
  [...k.store.values("auth_provider", { realm: realm.id as string })].find((ap) =>
    ap.provider_type === "login_rocket"
  );

/** Whether the realm takes signups through LoginRocket. */
export const signupsOpen = (k: Kernel, realm: Rec): boolean => !!lrProvider(k, realm)?.signup;

/** The realm's signup mode: `user` (the default), `user_org` or `user_token`. */
export function signupMode(k: Kernel, realm: Rec): "user" | "user_org" | "user_token" {
  const mode = lrProvider(k, realm)?.signup_mode;
  return mode === "user_org" || mode === "user_token" ? mode : "user";
}

/** A `redir` as LoginRocket hands it back: a full URL reduced to its path and query. */
export function reduceRedir(value: string | null | undefined): string | undefined {
  if (!value) return undefined;
  try {
    const u = new URL(value, "http://redir.invalid");
    return u.pathname + u.search;
  } catch {
    return undefined;
  }
}

/**
 * Where a login (or a signup token) goes: the connected app's `login_handler` (a signup token:
 * its `signup_handler`, else the login handler) with `token`, `redir` and, on the first login
 * after a signup, `signup=true`. Without a connected app: the emulator's own "logged in" page.
 */
export function handlerUrl(
  c: LrRequest,
  token: string,
  o: { signup?: boolean; signupToken?: boolean } = {},
): string {
  const app = lrApp(c.k, c.realm);
  const target = (o.signupToken ? app?.signup_handler || app?.login_handler : app?.login_handler) as
    | string
    | undefined;
  const url = new URL(target || "logged-in", c.base);
  url.searchParams.set("token", token);
  const redir = reduceRedir(c.params.get("redir"));
  if (redir) url.searchParams.set("redir", redir);
  if (o.signup) url.searchParams.set("signup", "true");
  return url.href;
}

/** The attempt limit's entry for a user (or an unknown name) in a realm. */
interface Failures {
  kind: "login_failures";
  count: number;
  /** When the window closes, in seconds on the emulator's clock. */
  expires: number;
}

const failureKey = (realm: Rec, who: string) => `login_failures:${realm.id}:${who}`;

function failures(k: Kernel, key: string): Failures | undefined {
  const f = k.store.getKv<Failures>("tokens", key);
  if (f?.kind !== "login_failures") return undefined;
  if (f.expires > k.ts()) return f;
  k.store.setKv("tokens", key, undefined);
  return undefined;
}

/**
 * The password step: `username` (or `email`) and `password`. The same PBKDF2 work is done for a
 * known and an unknown name; after {@link MAX_LOGIN_FAILURES} failures in the window the name is
 * refused (right password or not) until the window closes.
 */
export async function passwordStep(c: LrRequest): Promise<Outcome> {
  const { k, realm, params } = c;
  const byEmail = !params.get("username") && !!params.get("email");
  const name = (params.get("username") || params.get("email") || "").trim().toLowerCase();
  const u = byEmail
    ? k.store.findBy("user", { realm: realm.id as string }, "email", name)
    : findUser(k, name, realm.id as string);
  // Unknown names are counted too (else the limit would tell them apart), their key bounded.
  const key = failureKey(realm, u ? u.id as string : name.slice(0, 256));
  const seen = failures(k, key);
  if (seen && seen.count >= MAX_LOGIN_FAILURES) {
    const retryAfter = Math.max(1, Math.ceil(seen.expires - k.ts()));
    return { errors: { base: [tooMany(retryAfter)] }, retryAfter };
  }
  if (!(await passwordOk(k, u, params.get("password") ?? ""))) {
    const f: Failures = seen ??
      { kind: "login_failures", count: 0, expires: k.ts() + LOGIN_FAILURE_WINDOW };
    k.store.setKv("tokens", key, { ...f, count: f.count + 1 });
    if (u) userEvent(k, "user.login.failed", u, c.request);
    return { errors: { base: [BAD_LOGIN] } };
  }
  if (seen) k.store.setKv("tokens", key, undefined);
  const user = await passwordLogin(k, u!, c.request);
  const token = user.token as string;
  return token.startsWith("kli_") ? { kli: token } : { token, url: handlerUrl(c, token) };
}

const tooMany = (seconds: number) =>
  `Too many failed logins; try again in ${Math.ceil(seconds / 60)} minute(s)`;

/** The 2FA step: the `kli_` token of the password step and a code (5 wrong codes end it). */
export async function codeStep(c: LrRequest, kli: string): Promise<Outcome> {
  const r = await codeLogin(c.k, kli, c.params.get("code"), undefined);
  if ("error" in r) return { errors: { [r.error[0]]: [r.error[1]] } };
  if (r.user.realm_id !== c.realm.id) return { errors: { token: ["Token is invalid or expired"] } };
  const { token } = await login(c.k, r.user, c.request);
  return { token: token as string, url: handlerUrl(c, token as string) };
}

/** What a signup takes from its parameters. */
const SIGNUP_FIELDS = [
  "username",
  "email",
  "first_name",
  "last_name",
  "password",
  "password_confirmation",
];
/** The fields a signup's messages may be about, longest human name first. */
const MESSAGE_FIELDS = [...SIGNUP_FIELDS, "email_confirmation", "org_name"]
  .sort((a, b) => b.length - a.length);

/** Messages keyed by the field each starts with ("Password is too short" → `password`). */
export function byField(messages: string[]): FieldErrors {
  const out: FieldErrors = {};
  for (const m of messages) {
    const f = MESSAGE_FIELDS.find((f) => m.startsWith(`${human(f)} `)) ?? "base";
    (out[f] ??= []).push(m);
  }
  return out;
}

/**
 * A signup in the realm's mode: a user (`user`), a user with an org named `org_name` and a
 * membership in it (`user_org`), both logged in at once; or a signup token (`user_token`) for
 * the app to turn into a user later. `password_confirmation` and `email_confirmation` are
 * checked when given; a blank `username` is the email.
 */
export async function signup(c: LrRequest): Promise<Outcome> {
  const { k, realm, params } = c;
  if (!signupsOpen(k, realm)) return { errors: { base: [SIGNUPS_OFF] } };
  const mode = signupMode(k, realm);
  const attrs: Rec = { user_type: "human" };
  for (const f of SIGNUP_FIELDS) {
    const v = params.get(f);
    if (v !== null) attrs[f] = v;
  }
  attrs.username ||= attrs.email;
  const first: string[] = [];
  const emailAgain = params.get("email_confirmation");
  if (
    emailAgain !== null &&
    emailAgain.trim().toLowerCase() !== String(attrs.email ?? "").trim().toLowerCase()
  ) {
    first.push("Email confirmation doesn't match Email");
  }
  const orgName = params.get("org_name")?.trim();
  if (mode === "user_org" && !orgName) first.push("Org name can't be blank");
  if (first.length) return { errors: byField(first) };
  if (mode === "user_token") delete attrs.user_type;
  const def = k.def(mode === "user_token" ? "user_token" : "user");
  const r = await insert(k, def, attrs, realm.id as string, c.request);
  if ("errors" in r) return { errors: byField(r.errors) };
  if (mode === "user_token") {
    const token = r.rec.id as string;
    return { token, url: handlerUrl(c, token, { signupToken: true }) };
  }
  if (mode === "user_org") {
    const org = await insert(k, k.def("org"), { name: orgName }, realm.id as string, c.request);
    if ("rec" in org) {
      await insert(
        k,
        k.def("membership"),
        {
          user_id: r.rec.id,
          org_id: org.rec.id,
        },
        realm.id as string,
        c.request,
      );
    }
  }
  const { token } = await login(k, r.rec, c.request);
  return { token: token as string, url: handlerUrl(c, token as string, { signup: true }) };
}
