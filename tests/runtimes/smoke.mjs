// One smoke test of the three entry points, as module source, for wherever they must load: the
// packed tarball in Node and Bun (package.node.mjs), a bundle inside workerd (workerd.node.mjs).
import assert from "node:assert/strict";

/**
 * The source of a module exporting `smoke(base)`: with `base` an AuthRocket client on a fresh
 * emulator (or a function making one), it runs the client, the verifier and the middleware and
 * returns what `checkSmoke` asserts on. `from` names the three entry points.
 */
export function smokeModule(from) {
  return `
import { AuthRocket, verifySession, ValidationError } from "${from.mod}";
import { withAuthRocket, sanitizeRedir } from "${from.middleware}";
import { createEmulator } from "${from.testing}";
export { AuthRocket, createEmulator };
export async function smoke(base) {
  const realm = await base.realms.createOrThrow({ name: "smoke" });
  const ar = base.with({ realm: realm.id, jwtSecret: realm.jwt_key });
  const bad = await ar.users.create({ user_type: "human", email: "x@example.com", password: "correct horse" });
  await ar.users.createOrThrow({ user_type: "human", username: "sally", email: "s@example.com", password: "correct horse" });
  const { token } = await ar.users.authenticate("sally", "correct horse");
  const session = await verifySession(token, { jwtSecret: realm.jwt_key });
  const app = withAuthRocket((_r, c) => new Response(c.session.user_id), { client: ar });
  const page = await app(new Request("https://app/", { headers: { cookie: "__Host-ar_token=" + token } }));
  return {
    errors: bad.errors,
    isClient: ar instanceof AuthRocket,
    validationError: typeof ValidationError,
    verified: session?.user_id ?? null,
    page: await page.text(),
    redir: sanitizeRedir("/\\\\\\\\evil.example") ?? null,
  };
}
`;
}

/** The assertions on `smoke()`'s result, the same in every runtime. */
export function checkSmoke(r) {
  assert.deepEqual(r.errors, ["Username can't be blank"]);
  assert.equal(r.isClient, true);
  assert.equal(r.validationError, "function");
  assert.match(r.verified, /^usr_/);
  assert.equal(r.page, r.verified);
  assert.equal(r.redir, null);
}
