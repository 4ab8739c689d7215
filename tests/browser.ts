// The hosted-login test world, shared by the examples' and the Hono tests (and bundled into
// workerd): an emulator with a realm, Sally in an org, a login policy pointing at the app, and a
// browser in miniature that follows redirects between the app and the emulator's login page.
import { createEmulator } from "../testing.ts";
import { SALLY } from "./helpers.ts";

/** The app's origin in these tests. */
export const APP = "http://app.test";
/** A fetch handler. */
export type Fetch = (req: Request) => Promise<Response>;

/**
 * The emulator, its realm (orgs in the token), Sally in Acme, a login policy for APP. `now`: the
 * emulator's clock (give the app under test the same one).
 */
export async function world(options: { now?: () => number } = {}) {
  const emu = createEmulator({ passwordIterations: 1000, now: options.now });
  const base = emu.client();
  const realm = await base.realms.createOrThrow({ name: "Examples", jwt_fields: ["orgs"] });
  const ar = base.with({ realm: realm.id, jwtSecret: realm.jwt_key });
  await ar.loginPolicies.createOrThrow({ name: "App", login_handler: `${APP}/login` });
  const sally = await ar.users.createOrThrow(SALLY);
  const org = await ar.orgs.createOrThrow({ name: "Acme" });
  await ar.memberships.createOrThrow({ user_id: sally.id, org_id: org.id });
  return { emu, realm, ar, sally };
}

/** A browser in miniature: one cookie jar per origin, redirects followed by hand. */
export function browser(routes: Record<string, Fetch>) {
  const jar = new Map<string, Map<string, string>>();
  const send = async (url: string, init: RequestInit = {}) => {
    const u = new URL(url);
    const cookies = jar.get(u.origin) ?? new Map();
    const headers = new Headers(init.headers);
    if (cookies.size) headers.set("cookie", [...cookies].map(([k, v]) => `${k}=${v}`).join("; "));
    const res = await routes[u.origin](new Request(url, { ...init, headers, redirect: "manual" }));
    for (const c of res.headers.getSetCookie()) {
      const [pair, ...attrs] = c.split(";");
      const [k, v] = pair.split("=");
      if (attrs.some((a) => /max-age=0$/i.test(a.trim()))) cookies.delete(k);
      else cookies.set(k, v);
    }
    jar.set(u.origin, cookies);
    return res;
  };
  /** GET (or POST a form), then follow redirects; every hop is recorded. */
  const go = async (url: string, form?: Record<string, string>) => {
    const hops: string[] = [url];
    let res = await send(url, form ? { method: "POST", body: new URLSearchParams(form) } : {});
    while (res.status === 302) {
      url = new URL(res.headers.get("location")!, url).href;
      hops.push(url);
      res = await send(url);
    }
    return { res, url, hops, text: await res.text() };
  };
  return { go, jar };
}
