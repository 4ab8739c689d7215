/**
 * LoginRocket's JSON API (`v1/login`, `v1/signup`, `v1/logout` under LoginRocket's URL), for
 * apps that draw their own forms: JSON or form bodies (or a GET's query), JSONP for a GET with
 * `callback`, CORS for the connected app's origins. Answers carry `token` and `url` (the handler
 * URL with the token), or errors in AuthRocket 1's shape with status 200, as LoginRocket answers
 * for browsers' sake; 429 (with `Retry-After`) past the attempt limit, 404 for unknown paths.
 * @module
 */
import { find, remove } from "./crud.ts";
import { type Kernel, randomB62 } from "./kernel.ts";
import {
  codeStep,
  type FieldErrors,
  lrApp,
  lrRealm,
  type LrRequest,
  type Outcome,
  passwordStep,
  reduceRedir,
  signup,
} from "./loginrocket.ts";

/** A JSONP callback: a dotted JavaScript name, nothing that could run as code. */
const CALLBACK = /^[A-Za-z_$][\w$]{0,63}(?:\.[A-Za-z_$][\w$]{0,63}){0,3}$/;
const CALLS = new Set(["login", "signup", "logout"]);

/**
 * The origins that may call: those of the connected app's `login_handler`, `signup_handler` and
 * `redirect_uris`; `null` (any origin) when the realm has no connected app.
 */
function allowedOrigins(k: Kernel, realm: Record<string, unknown> | undefined) {
  const app = realm && lrApp(k, realm);
  if (!app) return null;
  const urls = [app.login_handler, app.signup_handler];
  if (Array.isArray(app.redirect_uris)) urls.push(...app.redirect_uris);
  const out = new Set<string>();
  for (const u of urls) {
    try {
      if (typeof u === "string" && u) out.add(new URL(u).origin);
    } catch { /* not a URL: no origin */ }
  }
  return out.size ? out : null;
}

/** A request's parameters: the query, then a POST's JSON or form body over it. */
function readParams(
  req: Request,
  query: URLSearchParams,
  text: string | undefined,
): URLSearchParams | { status: number; errors: FieldErrors } {
  const params = new URLSearchParams(query);
  params.delete("callback");
  if (!text?.trim()) return params;
  const type = (req.headers.get("content-type") ?? "").split(";")[0].trim().toLowerCase();
  if (type === "application/x-www-form-urlencoded") {
    for (const [k, v] of new URLSearchParams(text)) params.set(k, v);
    return params;
  }
  if (type !== "application/json" && !type.endsWith("+json")) {
    return { status: 415, errors: { base: ["Send a JSON or form-encoded body"] } };
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return { status: 400, errors: { base: ["Malformed JSON"] } };
  }
  if (!body || typeof body !== "object" || Array.isArray(body)) {
    return { status: 400, errors: { base: ["The JSON body must be an object of parameters"] } };
  }
  for (const [k, v] of Object.entries(body)) {
    if (v === null || v === undefined) continue;
    if (typeof v === "object") return { status: 400, errors: { [k]: [`${k} must be a string`] } };
    params.set(k, String(v));
  }
  return params;
}

/** Answer a request under LoginRocket's `v1/`. `text`: a POST's body (`null`: over the limit). */
export async function loginRocketApi(
  k: Kernel,
  req: Request,
  path: string[],
  query: URLSearchParams,
  text: string | null | undefined,
): Promise<Response> {
  const callback = req.method === "GET" ? query.get("callback") : null;
  const origin = req.headers.get("origin");
  let params: URLSearchParams | { status: number; errors: FieldErrors } = query;
  if (text !== null) params = readParams(req, query, text);
  const realm = lrRealm(k, params instanceof URLSearchParams ? params : query);
  const allowed = allowedOrigins(k, realm);
  const originOk = !origin || allowed === null || allowed.has(origin);
  const headers: Record<string, string> = { "x-request-id": randomB62(22) };
  if (allowed !== null) headers.vary = "origin";
  if (origin && originOk) {
    headers["access-control-allow-origin"] = allowed === null ? "*" : origin;
    headers["access-control-expose-headers"] = "retry-after, x-request-id";
  }
  const answer = (status: number, body: unknown, extra: Record<string, string> = {}) => {
    const json = JSON.stringify(body);
    if (callback !== null && CALLBACK.test(callback)) {
      // JSONP: a script tag sees no status, so every answer is a 200 that the callback reads.
      return new Response(`/**/${callback}(${json});`, {
        status: 200,
        headers: {
          ...headers,
          "content-type": "application/javascript; charset=utf-8",
          "x-content-type-options": "nosniff",
        },
      });
    }
    return new Response(json, {
      status,
      headers: { ...headers, ...extra, "content-type": "application/json" },
    });
  };
  const refuse = (status: number, errors: FieldErrors) => answer(status, { errors });

  if (req.method === "OPTIONS") {
    if (!originOk) return refuse(403, { base: [`Origin ${origin} may not call this LoginRocket`] });
    return new Response(null, {
      status: 204,
      headers: {
        ...headers,
        "access-control-allow-methods": "GET, POST, OPTIONS",
        "access-control-allow-headers": "content-type, accept",
        "access-control-max-age": "600",
      },
    });
  }
  const [call, extra] = path;
  if (!CALLS.has(call) || extra !== undefined) return refuse(404, { base: ["Not found"] });
  if (req.method !== "GET" && req.method !== "POST") {
    return answer(405, { errors: { base: ["Use POST (or GET with callback)"] } }, {
      allow: "GET, POST, OPTIONS",
    });
  }
  if (callback !== null && !CALLBACK.test(callback)) {
    return refuse(400, { callback: ["Callback must be a JavaScript function name"] });
  }
  if (text === null) return refuse(413, { base: ["The request is too large"] });
  if (!(params instanceof URLSearchParams)) return refuse(params.status, params.errors);
  if (!originOk) return refuse(403, { base: [`Origin ${origin} may not call this LoginRocket`] });
  if (!realm) return refuse(404, { base: ["No realm is set up for logins"] });

  const c: LrRequest = {
    k,
    realm,
    base: new URL("/lr/", req.url).href,
    params,
    request: { client: req.headers.get("user-agent") ?? "" },
  };
  let o: Outcome | { token: null; url: string };
  if (call === "logout") o = logout(c);
  else if (call === "signup") o = await signup(c);
  else if (params.get("token")) o = await codeStep(c, params.get("token")!);
  else if (!params.get("username") && !params.get("email")) {
    o = { errors: { username: ["Username or email can't be blank"] } };
  } else o = await passwordStep(c);

  if ("kli" in o) return answer(200, { token: o.kli });
  if ("url" in o) return answer(200, { token: o.token, url: o.url });
  if (o.retryAfter) {
    return answer(429, { errors: o.errors, retry_after: o.retryAfter }, {
      "retry-after": String(o.retryAfter),
    });
  }
  return answer(200, { errors: o.errors });
}

/**
 * End the managed session of a login token (an unmanaged, expired or unknown token has none: the
 * answer is the same, and says nothing about the token). `url`: the login page again.
 */
function logout(c: LrRequest): { token: null; url: string } | { errors: FieldErrors } {
  const token = c.params.get("token");
  if (!token) return { errors: { token: ["Token can't be blank"] } };
  const def = c.k.def("session");
  const s = find(c.k, def, token, c.realm.id as string);
  if (s && s.token === token) remove(c.k, def, s, c.request);
  const url = new URL("login", c.base);
  const redir = reduceRedir(c.params.get("redir"));
  if (redir) url.searchParams.set("redir", redir);
  return { token: null, url: url.href };
}
