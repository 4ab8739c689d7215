// `c.get("session")` typed through `AuthRocketVariables` (Hono's naming: `JwtVariables`), and the
// deprecated `AuthRocketEnv` / `OptionalAuthRocketEnv` of the hono entry still compile and mean
// the same environments, so users' code written against them keeps working.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { Hono } from "hono";
import type { Session } from "../mod.ts";
import {
  authRocket,
  type AuthRocketEnv,
  type AuthRocketMiddleware,
  type AuthRocketVariables,
  type OptionalAuthRocketEnv,
  type OptionalAuthRocketVariables,
} from "../hono.ts";
import { claims, hs256, NOW, SECRET } from "./tokens.ts";

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;

const settings = { jwtSecret: SECRET, loginUrl: "https://app.e1.loginrocket.com/" };
const cookie = async () => `__Host-ar_token=${await hs256(claims())}`;

describe("the Hono variables: AuthRocketVariables, and the deprecated AuthRocketEnv", () => {
  it("the deprecated names are the environments of the new ones", () => {
    const env: Same<AuthRocketEnv, { Variables: AuthRocketVariables }> = true;
    const optional: Same<OptionalAuthRocketEnv, { Variables: OptionalAuthRocketVariables }> = true;
    const session: Same<AuthRocketVariables["session"], Session> = true;
    // @ts-expect-error: without protect, the session is never null
    const notNull: Same<AuthRocketVariables["session"], Session | null> = true;
    assert.deepEqual([env, optional, session, notNull], [true, true, true, true]);
  });

  it("an app typed either way gets the session; the middleware's type takes either", async () => {
    const auth = authRocket({ client: settings, now: () => NOW });
    const current: AuthRocketMiddleware<{ Variables: AuthRocketVariables }> = auth;
    const deprecated: AuthRocketMiddleware<AuthRocketEnv> = auth;
    const byVariables = new Hono<{ Variables: AuthRocketVariables }>();
    byVariables.use("/app/*", current).get("/app", (c) => c.text(c.get("session").user_id));
    const byEnv = new Hono<AuthRocketEnv>();
    byEnv.use("/app/*", deprecated).get("/app", (c) => c.text(c.get("session").user_id));
    const headers = { cookie: await cookie() };
    for (const app of [byVariables, byEnv]) {
      const r = await app.fetch(new Request("https://my.app/app", { headers }));
      assert.equal(r.status, 200);
      assert.equal(await r.text(), claims().uid);
    }
  });

  it("with protect: Session | null through OptionalAuthRocketVariables (or the old name)", async () => {
    const auth = authRocket({ client: settings, now: () => NOW, protect: () => false });
    const current: AuthRocketMiddleware<{ Variables: OptionalAuthRocketVariables }> = auth;
    const deprecated: AuthRocketMiddleware<OptionalAuthRocketEnv> = auth;
    const a = new Hono<{ Variables: OptionalAuthRocketVariables }>().use(current)
      .get("/", (c) => c.text(c.get("session")?.user_id ?? "anonymous"));
    const b = new Hono<OptionalAuthRocketEnv>().use(deprecated)
      .get("/", (c) => c.text(c.get("session")?.user_id ?? "anonymous"));
    for (const app of [a, b]) {
      assert.equal(await (await app.fetch(new Request("https://my.app/"))).text(), "anonymous");
    }
  });
});
