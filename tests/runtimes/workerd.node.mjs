// workerd (Cloudflare's runtime) through miniflare: the Worker example, bundled with esbuild as
// a user's tooling would, verifies sessions; and the three entry points (`.`, `./middleware`,
// `./testing`) load and run a smoke test inside workerd. Run by `node --test` after the build.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { Miniflare } from "miniflare";
import { bundle } from "../../scripts/bundle.mjs";
import { createEmulator } from "../../npm/esm/testing.js";

const COMPAT = { modules: true, compatibilityDate: "2025-01-01" };

describe("workerd: examples/cloudflare_worker.ts", () => {
  let mf, token, userId;
  before(async () => {
    const emu = createEmulator({ passwordIterations: 1000 });
    const base = emu.client();
    const realm = await base.realms.createOrThrow({ name: "workerd" });
    const ar = base.withRealm(realm.id);
    userId = (await ar.users.createOrThrow({
      user_type: "human",
      username: "sally",
      email: "sally@example.com",
      first_name: "Sally",
      last_name: "Sue",
      password: "correct horse",
    })).id;
    token = (await ar.users.authenticate("sally", "correct horse")).token;
    const script = await bundle(`export { default } from "./examples/cloudflare_worker.ts";`);
    mf = new Miniflare({
      ...COMPAT,
      script,
      bindings: {
        AUTHROCKET_JWT_SECRET: realm.jwt_key,
        AUTHROCKET_LOGIN_URL: "https://example.e1.loginrocket.com/",
      },
    });
  });
  after(() => mf?.dispose());

  it("answers /api/me from a verified Bearer token, 401 for none or a forged one", async () => {
    const me = await mf.dispatchFetch("https://app.example/api/me", {
      headers: { authorization: `Bearer ${token}` },
    });
    assert.equal(me.status, 200);
    assert.deepEqual(await me.json(), { id: userId, username: "sally", name: "Sally Sue" });
    assert.equal((await mf.dispatchFetch("https://app.example/api/me")).status, 401);
    const forged = await mf.dispatchFetch("https://app.example/api/me", {
      headers: { authorization: `Bearer ${token.slice(0, -3)}abc` },
    });
    assert.equal(forged.status, 401);
  });

  it("pages: no session → LoginRocket; /login?token= → Secure HttpOnly cookie → the page", async () => {
    const page = await mf.dispatchFetch("https://app.example/inbox", { redirect: "manual" });
    assert.equal(page.status, 302);
    assert.equal(
      page.headers.get("location"),
      "https://example.e1.loginrocket.com/login?redir=%2Finbox",
    );
    const login = await mf.dispatchFetch(
      `https://app.example/login?token=${token}&redir=%2Finbox`,
      { redirect: "manual" },
    );
    assert.equal(login.status, 302);
    assert.equal(login.headers.get("location"), "/inbox");
    const cookie = login.headers.get("set-cookie");
    assert.match(cookie, /^ar_token=[^;]+; Path=\/; HttpOnly; SameSite=Lax; Max-Age=\d+; Secure$/);
    const inbox = await mf.dispatchFetch("https://app.example/inbox", {
      headers: { cookie: cookie.split(";")[0] },
    });
    assert.equal(await inbox.text(), "Hello, Sally Sue!");
  });
});

describe("workerd: the three entry points", () => {
  it("mod, middleware and testing load and work inside workerd (emulator, client, verify, middleware)", async () => {
    const script = await bundle(`
      import { AuthRocket, verifySession, ValidationError } from "./mod.ts";
      import { withAuthRocket, sanitizeRedir } from "./middleware.ts";
      import { createEmulator } from "./testing.ts";
      export default {
        async fetch() {
          const emu = createEmulator({ passwordIterations: 1000 });
          const base = emu.client();
          const realm = await base.realms.createOrThrow({ name: "inside workerd" });
          const ar = base.with({ realm: realm.id, jwtSecret: realm.jwt_key });
          const bad = await ar.users.create({ user_type: "human", email: "x@example.com", password: "correct horse" });
          await ar.users.createOrThrow({ user_type: "human", username: "sally", email: "s@example.com", password: "correct horse" });
          const { token } = await ar.users.authenticate("sally", "correct horse");
          const session = await verifySession(token, { jwtSecret: realm.jwt_key });
          const app = withAuthRocket((_r, c) => new Response(c.session.user_id), { client: ar });
          const res = await app(new Request("https://app/", { headers: { cookie: "ar_token=" + token } }));
          return Response.json({
            errors: bad.errors,
            isClient: ar instanceof AuthRocket,
            errorClass: typeof ValidationError,
            verified: session?.user_id,
            page: await res.text(),
            redir: sanitizeRedir("//evil.example/x") ?? null,
            ua: navigator.userAgent,
          });
        },
      };`);
    const mf = new Miniflare({ ...COMPAT, script });
    try {
      const r = await (await mf.dispatchFetch("https://smoke.example/")).json();
      assert.deepEqual(r.errors, ["Username can't be blank"]);
      assert.equal(r.isClient, true);
      assert.equal(r.errorClass, "function");
      assert.match(r.verified, /^usr_/);
      assert.equal(r.page, r.verified);
      assert.equal(r.redir, null);
      assert.equal(r.ua, "Cloudflare-Workers");
    } finally {
      await mf.dispose();
    }
  });
});
