/**
 * The hosted pages (LoginRocket): the login page (also at LoginRocket's bare URL) with its 2FA
 * step, the signup page, the page a login ends on when no app has a login handler, and an
 * emulated social provider's consent page. The JSON API under `v1/` is loginrocket_api.ts; both
 * run the flows of loginrocket.ts.
 * @module
 */
import { decodeJwt, importSPKI, jwtVerify } from "jose";
import type { Kernel, Rec } from "./kernel.ts";
import { loginRocketApi } from "./loginrocket_api.ts";
import {
  BAD_LOGIN,
  codeStep,
  lrRealm,
  type LrRequest,
  type Outcome,
  passwordStep,
  signup,
  signupMode,
  SIGNUPS_OFF,
  signupsOpen,
} from "./loginrocket.ts";
import {
  codeForm,
  consentForm,
  html,
  loggedInPage,
  loginForm,
  messagePage,
  signupForm,
} from "./pages.ts";
import { grant, SOCIAL, socialState } from "./social.ts";

/** A redirect to the handler, as LoginRocket ends a login. */
const redirect = (url: string) => new Response(null, { status: 302, headers: { location: url } });

/** The page of a refused or unfinished login. */
function loginAnswer(o: Outcome, form: URLSearchParams, kli?: string): Response {
  if ("url" in o) return redirect(o.url);
  if ("kli" in o) return html(codeForm(form, o.kli));
  if (kli && o.errors.token) return html(loginForm(form, "That login has expired; log in again."));
  if (kli) return html(codeForm(form, kli, "That code is not right."), 200);
  if (o.retryAfter) {
    const r = html(loginForm(form, `${o.errors.base[0]}.`), 429);
    r.headers.set("retry-after", String(o.retryAfter));
    return r;
  }
  return html(loginForm(form, `${BAD_LOGIN}.`), 200);
}

/**
 * Answer a request under LoginRocket's URL. `text` is a POST's body (read within the limit;
 * `null` when over it), undefined for other methods.
 */
export async function loginRocket(
  k: Kernel,
  req: Request,
  page: string[],
  query: URLSearchParams,
  text: string | null | undefined,
): Promise<Response> {
  const [name = "login", arg] = page;
  if (name === "v1") return await loginRocketApi(k, req, page.slice(1), query, text);
  const url = new URL(req.url);
  // The bare URL without its slash: relative form actions need it.
  if (page.length === 0 && !url.pathname.endsWith("/")) {
    return redirect(`${url.pathname}/${url.search}`);
  }
  if (text === null) return messagePage("Too large", "The form is too large.", 413);
  const posted = text === undefined ? undefined : new URLSearchParams(text);
  if (name === "oauth" && arg) return consent(k, arg, query, posted);
  if (name === "logged-in" && arg === undefined) return await loggedIn(k, query);
  if ((name !== "login" && name !== "signup") || arg !== undefined) {
    return messagePage("Not found", "There is no such page.", 404);
  }
  const form = posted ?? query;
  const realm = lrRealm(k, form.get("realm_id") ? form : query);
  if (!realm) return html(loginForm(form, "No realm is set up for logins."), 400);
  const c: LrRequest = {
    k,
    realm,
    base: new URL("/lr/", url).href,
    params: form,
    request: { client: req.headers.get("user-agent") ?? "" },
  };
  if (name === "signup") {
    if (!signupsOpen(k, realm)) return messagePage("Sign up", `${SIGNUPS_OFF}.`, 403);
    const org = signupMode(k, realm) === "user_org";
    if (!posted) return html(signupForm(form, org));
    const o = await signup(c);
    if (!("errors" in o)) return redirect((o as { url: string }).url); // a signup asks no code
    return html(signupForm(form, org, Object.values(o.errors).flat().join(". ")), 422);
  }
  if (!posted) return html(loginForm(form));
  const kli = form.get("kli");
  return loginAnswer(kli ? await codeStep(c, kli) : await passwordStep(c), form, kli ?? undefined);
}

/**
 * Where a login ends without a login handler: the token's user (checked with the realm's key,
 * on the emulator's clock), or the signup token's details, and how to send logins to an app.
 */
async function loggedIn(k: Kernel, query: URLSearchParams): Promise<Response> {
  const token = query.get("token") ?? "";
  if (token.startsWith("utk_")) {
    const t = k.store.get("user_token", token);
    if (!t) return messagePage("Not valid", "This signup token is not valid.", 400);
    return html(loggedInPage({ signupToken: token, username: t.username as string }));
  }
  const user = await tokenUser(k, token);
  if (!user) return messagePage("Not valid", "This login token is not valid or has expired.", 400);
  const realm = k.store.get("realm", user.realm_id as string);
  return html(loggedInPage({
    name: user.name as string,
    username: user.username as string,
    userId: user.id as string,
    realm: `${realm?.name} (${realm?.id})`,
  }));
}

/** The user of a login token the emulator signed, or undefined. */
async function tokenUser(k: Kernel, token: string): Promise<Rec | undefined> {
  try {
    const realm = k.store.get("realm", String(decodeJwt(token).aud));
    if (!realm) return undefined;
    const rs = realm.jwt_algo === "rs256";
    const key = rs
      ? await importSPKI(realm.jwt_key as string, "RS256")
      : new TextEncoder().encode(realm.jwt_key as string);
    const { payload } = await jwtVerify(token, key, {
      algorithms: [rs ? "RS256" : "HS256"],
      currentDate: new Date(k.now()),
    });
    const user = k.store.get("user", String(payload.uid));
    return user?.realm_id === realm.id ? user : undefined;
  } catch {
    return undefined;
  }
}

/** The emulated provider: GET shows who-are-you, POST sends the code back to the app. */
function consent(
  k: Kernel,
  apId: string,
  query: URLSearchParams,
  form: URLSearchParams | undefined,
): Response {
  const ap = k.store.get("auth_provider", apId);
  if (!ap || !SOCIAL.has(ap.provider_type as string)) {
    return messagePage("Not found", "Unknown provider.", 404);
  }
  if (!form) {
    const state = query.get("state") ?? "";
    if (!socialState(k, state)) return messagePage("Expired", "This link has expired.", 400);
    return html(consentForm(String(ap.provider_type), state));
  }
  const state = form.get("state") ?? "";
  const st = socialState(k, state);
  if (!st || st.apId !== apId) return messagePage("Expired", "This link has expired.", 400);
  const code = grant(
    k,
    apId,
    { email: form.get("email") ?? "", name: form.get("name") ?? "" },
    state,
  );
  const back = new URL(st.redirectUri);
  back.searchParams.set("code", code);
  back.searchParams.set("state", state);
  return new Response(null, { status: 302, headers: { location: back.href } });
}
