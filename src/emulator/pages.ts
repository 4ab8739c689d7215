/**
 * The emulator's hosted pages (LoginRocket's login, signup and 2FA code forms, and an emulated
 * social provider's consent page): small HTML, every value escaped.
 * @module
 */

const escapeHtml = (s: string) =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!,
  );

/** A field of a form: a hidden value, or a labelled input. */
type Field = { hidden: string; value: string } | {
  label: string;
  name: string;
  type?: string;
  auto?: string;
  value?: string;
};

function page(title: string, action: string, fields: Field[], button: string, error?: string) {
  const inputs = fields.map((f) =>
    "hidden" in f
      ? `<input type="hidden" name="${f.hidden}" value="${escapeHtml(f.value)}">`
      : `<label>${f.label} <input name="${f.name}" type="${f.type ?? "text"}"${
        f.auto ? ` autocomplete="${f.auto}"` : ""
      } value="${escapeHtml(f.value ?? "")}"></label>`
  ).join("\n");
  return `<!doctype html><html><head><meta charset="utf-8"><title>${title}</title></head><body>
<h1>${title}</h1>${error ? `<p class="error" role="alert">${escapeHtml(error)}</p>` : ""}
<form method="post" action="${action}">
${inputs}
<button type="submit">${button}</button>
</form></body></html>`;
}

/** Render an HTML response. */
export function html(body: string, status = 200): Response {
  return new Response(body, { status, headers: { "content-type": "text/html; charset=utf-8" } });
}

/** The hosted login form. */
export function loginForm(form: URLSearchParams, error?: string): string {
  return page(
    "Log in",
    "login",
    [
      { hidden: "redir", value: form.get("redir") ?? "" },
      { hidden: "realm_id", value: form.get("realm_id") ?? "" },
      { label: "Username", name: "username", auto: "username", value: form.get("username") ?? "" },
      { label: "Password", name: "password", type: "password", auto: "current-password" },
    ],
    "Log in",
    error,
  );
}

/** The second step of a login for a user with an active TOTP credential. */
export function codeForm(form: URLSearchParams, kli: string, error?: string): string {
  return page(
    "Enter your code",
    "login",
    [
      { hidden: "redir", value: form.get("redir") ?? "" },
      { hidden: "realm_id", value: form.get("realm_id") ?? "" },
      { hidden: "kli", value: kli },
      { label: "Code", name: "code", auto: "one-time-code" },
    ],
    "Verify",
    error,
  );
}

/** The hosted signup form (with the org's name when a signup makes one). */
export function signupForm(form: URLSearchParams, org: boolean, error?: string): string {
  const v = (k: string) => form.get(k) ?? "";
  const fields: Field[] = [
    { hidden: "redir", value: v("redir") },
    { hidden: "realm_id", value: v("realm_id") },
    { label: "First name", name: "first_name", auto: "given-name", value: v("first_name") },
    { label: "Last name", name: "last_name", auto: "family-name", value: v("last_name") },
    { label: "Email", name: "email", type: "email", auto: "email", value: v("email") },
    { label: "Username", name: "username", auto: "username", value: v("username") },
    { label: "Password", name: "password", type: "password", auto: "new-password" },
  ];
  if (org) fields.push({ label: "Organization", name: "org_name", value: v("org_name") });
  return page("Sign up", "signup", fields, "Sign up", error);
}

/**
 * Where a hosted login ends when no connected app has a login handler: who logged in (or which
 * signup token was made), and how to send logins to an app instead.
 */
export function loggedInPage(
  who: { name: string; username: string; userId: string; realm: string } | {
    signupToken: string;
    username: string;
  },
): string {
  const e = escapeHtml;
  const what = "signupToken" in who
    ? `<h1>Signup token created</h1><p role="status">Signup token <code>${
      e(who.signupToken)
    }</code> holds the signup of <strong>${e(who.username)}</strong>.</p>`
    : `<h1>Login worked</h1><p role="status">Logged in as <strong id="name">${
      e(who.name)
    }</strong> (username <code id="username">${e(who.username)}</code>, id <code>${
      e(who.userId)
    }</code>) in realm ${e(who.realm)}.</p>`;
  return `<!doctype html><html><head><meta charset="utf-8"><title>Logged in</title></head><body>
${what}
<p>No connected app of this realm has a login handler, so the login ended here, on the
emulator's own page. To send users back to your app with <code>?token=</code>, start the
emulator with <code>--login-handler http://localhost:3000/login</code> (your app's login
route), or give the realm's connected app a <code>login_handler</code>.</p></body></html>`;
}

/** An emulated social provider's consent page: whoever you type is who you are. */
export function consentForm(provider: string, state: string): string {
  return page(`Sign in with ${escapeHtml(provider)} (emulated)`, "", [
    { hidden: "state", value: state },
    { label: "Email", name: "email", type: "email" },
    { label: "Name", name: "name" },
  ], "Allow");
}

/** A page with one message (signups disabled, an unknown link). */
export function messagePage(title: string, message: string, status: number): Response {
  return html(
    `<!doctype html><html><head><meta charset="utf-8"><title>${title}</title></head><body>` +
      `<h1>${title}</h1><p role="alert">${escapeHtml(message)}</p></body></html>`,
    status,
  );
}
