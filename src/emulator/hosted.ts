/**
 * The hosted pages (LoginRocket): login (with the 2FA step), signup, and an emulated social
 * provider's consent page.
 * @module
 */
import { codeLogin, findUser, login, passwordLogin, passwordOk } from "./auth.ts";
import { insert } from "./crud.ts";
import { type Kernel, type Rec, userEvent } from "./kernel.ts";
import { codeForm, consentForm, html, loginForm, messagePage, signupForm } from "./pages.ts";
import { grant, SOCIAL, socialState } from "./social.ts";

/** The realm a login page serves: the form's, the first login policy's, or the first realm. */
function loginRealm(k: Kernel, params: URLSearchParams): Rec | undefined {
  const id = params.get("realm_id");
  if (id) return k.store.get("realm", id);
  for (const lp of k.store.values("login_policy")) {
    return k.store.get("realm", lp.realm_id as string);
  }
  return k.store.values("realm").next().value;
}

/** Back to the app with `?token=` (and `redir`), as LoginRocket does after a login. */
function backToApp(k: Kernel, req: Request, realm: Rec, token: string, redir: string | null) {
  const policy = k.store.values("login_policy", { realm: realm.id as string }).next().value;
  const target = new URL((policy?.login_handler as string) ?? "/login", req.url);
  target.searchParams.set("token", token);
  if (redir) target.searchParams.set("redir", redir);
  return new Response(null, { status: 302, headers: { location: target.href } });
}

/**
 * Answer a hosted page. `form` is the posted form (already read within the body limit), or
 * undefined for a GET.
 */
export async function loginRocket(
  k: Kernel,
  req: Request,
  page: string[],
  query: URLSearchParams,
  posted: URLSearchParams | undefined,
): Promise<Response> {
  const [name, arg] = page;
  if (name === "oauth" && arg) return consent(k, arg, query, posted);
  if ((name !== "login" && name !== "signup") || arg !== undefined) {
    return messagePage("Not found", "There is no such page.", 404);
  }
  const form = posted ?? query;
  const realm = loginRealm(k, form.get("realm_id") ? form : query);
  if (!realm) return html(loginForm(form, "No realm is set up for logins."), 400);
  const client = { client: req.headers.get("user-agent") ?? "" };
  if (name === "signup") {
    const lr = [...k.store.values("auth_provider", { realm: realm.id as string })].find((ap) =>
      ap.provider_type === "login_rocket"
    );
    if (!lr?.signup) {
      return messagePage("Sign up", "Signups are not enabled for this realm.", 403);
    }
    if (!posted) return html(signupForm(form));
    const attrs: Rec = { user_type: "human" };
    for (const f of ["username", "email", "first_name", "last_name", "password"]) {
      attrs[f] = form.get(f) ?? "";
    }
    attrs.username ||= attrs.email;
    const r = await insert(k, k.def("user"), attrs, realm.id as string, client);
    if ("errors" in r) return html(signupForm(form, r.errors.join(". ")), 422);
    const user = await login(k, r.rec, client);
    return backToApp(k, req, realm, user.token as string, form.get("redir"));
  }
  if (!posted) return html(loginForm(form));
  const kli = form.get("kli");
  if (kli) {
    const r = await codeLogin(k, kli, form.get("code"), undefined);
    if ("error" in r || r.user.realm_id !== realm.id) {
      return html(codeForm(form, kli, "That code is not right."), 200);
    }
    const user = await login(k, r.user, client);
    return backToApp(k, req, realm, user.token as string, form.get("redir"));
  }
  const u = findUser(k, form.get("username") ?? "", realm.id as string);
  if (!(await passwordOk(k, u, form.get("password") ?? ""))) {
    if (u) userEvent(k, "user.login.failed", u, client);
    return html(loginForm(form, "Invalid username or password."), 200);
  }
  const user = await passwordLogin(k, u!, client);
  const token = user.token as string;
  if (token.startsWith("kli_")) return html(codeForm(form, token));
  return backToApp(k, req, realm, token, form.get("redir"));
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
