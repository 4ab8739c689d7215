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

/** The hosted signup form. */
export function signupForm(form: URLSearchParams, error?: string): string {
  const v = (k: string) => form.get(k) ?? "";
  return page(
    "Sign up",
    "signup",
    [
      { hidden: "redir", value: v("redir") },
      { hidden: "realm_id", value: v("realm_id") },
      { label: "First name", name: "first_name", auto: "given-name", value: v("first_name") },
      { label: "Last name", name: "last_name", auto: "family-name", value: v("last_name") },
      { label: "Email", name: "email", type: "email", auto: "email", value: v("email") },
      { label: "Username", name: "username", auto: "username", value: v("username") },
      { label: "Password", name: "password", type: "password", auto: "new-password" },
    ],
    "Sign up",
    error,
  );
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
