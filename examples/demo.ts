// The demo: `deno task demo` (or `npm run demo`). Starts the embedded AuthRocket 1 emulator and
// a tiny web app built with `withAuthRocket` (examples/deno_server.ts), both on 127.0.0.1,
// seeds a realm and users, and walks through the library, printing what happens.
// With AUTHROCKET_URL and AUTHROCKET_API_KEY set, it runs the read-only part against that API.
import { AuthRocket, unchecked, verifySession } from "../mod.ts";
import { createEmulator } from "../testing.ts";
import { createApp } from "./deno_server.ts";

const env = Deno.env.toObject();
const say = (...a: unknown[]) => console.log("•", ...a);

if (env.AUTHROCKET_URL && env.AUTHROCKET_API_KEY) {
  const ar = AuthRocket.fromEnv(env);
  say(`read-only tour of ${new URL(ar.config.url!).host}`);
  const realms = await ar.realms.all({ max_results: 5 });
  say(`${realms.length} realm(s):`, realms.map((r) => r.name).join(", "));
  if (realms[0]) {
    const users = await ar.withRealm(realms[0].id).users.all({ max_results: 5 });
    say(`first users of ${realms[0].name}:`, users.map((u) => u.username).join(", ") || "(none)");
  }
  Deno.exit(0);
}

const emu = createEmulator();
const server = await emu.listen();
say(`emulator listening on ${server.url}`);
const ar = new AuthRocket({ url: server.url, apiKey: emu.apiKey, loginUrl: server.loginUrl });

const realm = await ar.realms.createOrThrow({ name: "Demo", jwt_fields: ["memberships", "orgs"] });
say(`realm ${realm.id} created; token secret ${realm.jwt_key.slice(0, 4)}… (HS256)`);
const demo = ar.with({ realm: realm.id, jwtSecret: realm.jwt_key });

for (let i = 1; i <= 5; i++) {
  await demo.users.createOrThrow({ user_type: "api", username: `bot${i}` });
}
const page = await demo.users.all({ max_results: 2 });
say(`first page: ${page.map((u) => u.username).join(", ")} (more: ${page.moreResults})`);
let n = 0;
for await (const _u of demo.users.iterate({ max_results: 2 })) n++;
say(`iterate() walked ${n} users over ${Math.ceil(n / 2)} pages`);

const attrs = {
  user_type: "human",
  email: "sally@example.com",
  first_name: "Sally",
  last_name: "Sue",
  password: "correct horse",
} as const;
// No username: the types refuse it, so unchecked() sends it anyway, to show the API's answer.
const bad = await demo.users.create(unchecked(attrs));
say(`create without a username → errors: ${JSON.stringify(bad.errors)}`);
const sally = await demo.users.createOrThrow({ ...attrs, username: "sally" });
say(`fixed: created ${sally.username} (${sally.id})`);

const org = await realm.createOrgOrThrow({ name: "Acme" });
await demo.memberships.createOrThrow({
  user_id: sally.id,
  org_id: org.id,
  permissions: ["forum:read", "billing:admin"],
});
say(`sally joined ${org.name} with 2 permissions`);

try {
  await demo.users.authenticate("sally", "wrong password");
} catch (e) {
  say(`wrong password → ${(e as Error).name}`);
}
const authed = await demo.users.authenticate("sally", "correct horse", {
  request: { ip: "127.0.0.1" },
});
say(`authenticated; login token ${authed.token!.slice(0, 12)}…`);

const session = await verifySession(authed.token, { jwtSecret: realm.jwt_key, within: 60 });
if (!session) throw new Error("the token did not verify");
const user = await session.user();
const [membership] = await user.memberships();
say(
  `verified offline: session ${session.id} for ${user.name}, expires ${session.expires_at?.toISOString()}`,
);
say(
  `permissions in ${(await membership.org())?.name}: can read forum? ${
    membership.anyPermission("forum:read")
  }; admin anything? ${membership.anyPermission(/:admin$/)}`,
);
say(
  `a tampered token → ${await verifySession(authed.token!.slice(0, -2) + "xx", {
    jwtSecret: realm.jwt_key,
  })}`,
);

await demo.sessions.delete(session.id);
say(
  `session deleted through the API; retrieve now → ${await demo.sessions.retrieve(authed.token!)}`,
);

// The web app: hosted login through the emulator's LoginRocket page, as a browser would do it.
const ac = new AbortController();
const appServer = Deno.serve(
  { hostname: "127.0.0.1", port: 0, signal: ac.signal, onListen: () => {} },
  createApp(demo),
);
const app = `http://127.0.0.1:${appServer.addr.port}`;
await demo.loginPolicies.createOrThrow({ name: "Demo app", login_handler: `${app}/login` });
say(`web app (withAuthRocket) listening on ${app}/`);
let cookie = "";
const get = async (url: string, init: RequestInit = {}) => {
  const headers = new Headers(init.headers);
  if (cookie && url.startsWith(app)) headers.set("cookie", cookie);
  const res = await fetch(url, { ...init, headers, redirect: "manual" });
  const set = res.headers.get("set-cookie");
  if (set) cookie = /max-age=0/i.test(set) ? "" : set.split(";")[0];
  return res;
};
let res = await get(`${app}/`);
const loginPage = new URL(res.headers.get("location")!);
say(
  `GET / without a session → 302 to the hosted login page ${loginPage.pathname}${loginPage.search}`,
);
await (await get(loginPage.href)).body?.cancel();
res = await get(new URL("login", loginPage).href, {
  method: "POST",
  body: new URLSearchParams({ username: "sally", password: "correct horse", redir: "/" }),
});
const back = new URL(res.headers.get("location")!);
say(`login form posted → 302 back to the app's ${back.pathname} with ?token=…`);
res = await get(back.href);
say(
  `the app verifies it, sets a cookie (${cookie.split("=")[0]}), and redirects to ${
    res.headers.get("location")
  }`,
);
res = await get(`${app}/`);
say(
  `GET / with the cookie → ${res.status}: "${/id="greeting">([^<]+)/.exec(await res.text())?.[1]}"`,
);
const appToken = cookie.slice(cookie.indexOf("=") + 1);
const live = await demo.sessions.retrieve(appToken);
res = await get(`${app}/logout`);
await res.body?.cancel();
const ended = live !== null && (await demo.sessions.retrieve(appToken)) === null;
say(`GET /logout → cookie cleared: ${cookie === ""}; managed session ${live?.id} ended: ${ended}`);
res = await get(`${app}/`);
await res.body?.cancel();
say(`GET / again → ${res.status} to the login page`);

ac.abort();
await appServer.finished;
await server.close();
say("done");
