// The generated members of the record classes and their one implementation
// (src/record_methods.ts): each reaches the client's transport in two calls (the member, then
// the generic method, which calls transport.request itself), and a record without a client
// answers what it holds or rejects with a ConfigError, never throwing synchronously.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { AuthRocket, ConfigError, Org, User } from "../mod.ts";
import type { ApiResult } from "../internal.ts";

/** The frames between transport.request and the test: the calls a record method made. */
function callers(stack: string): string[] {
  const frames = stack.split("\n").slice(2).map((l) => l.trim()).filter((l) => l.length > 0);
  const end = frames.findIndex((l) => /record_methods_test\.[jt]s/.test(l));
  return end < 0 ? frames : frames.slice(0, end);
}

/** A client whose transport answers `answer` and keeps the callers of each request. */
function spied(answer: (path: string) => Partial<ApiResult>) {
  const ar = new AuthRocket({ url: "https://api.test/v1", apiKey: "ko_test", realm: "rl_1" });
  const seen: { method: string; path: string; callers: string[] }[] = [];
  ar.transport.request = (method: string, path: string) => {
    seen.push({ method, path, callers: callers(new Error().stack ?? "") });
    return Promise.resolve({ status: 200, data: {}, metadata: {}, errors: [], ...answer(path) });
  };
  return { ar, seen };
}

const orgData = { object: "org", id: "org_1", realm_id: "rl_1", name: "Acme" };
const mbData = { object: "membership", id: "mb_1", org_id: "org_1", user_id: "usr_1" };

describe("record methods", () => {
  it("each generated member reaches transport.request through one generic method", async () => {
    const { ar, seen } = spied((path) =>
      path.startsWith("orgs/")
        ? { data: orgData }
        : path.startsWith("realms/")
        ? { data: { object: "realm", id: "rl_1" } }
        : { data: mbData, collection: [mbData] }
    );
    const org = new Org(orgData, ar);
    await org.reload();
    await org.update({ name: "Acme 2" });
    await org.updateOrThrow({ name: "Acme 3" });
    await org.realm({ reload: true });
    await org.memberships({ reload: true });
    await org.findMembership("mb_1");
    await org.createMembership({ user_id: "usr_1" });
    await org.createMembershipOrThrow({ user_id: "usr_1" });
    await org.updateMembership("mb_1", { permissions: [] });
    await org.updateMembershipOrThrow("mb_1", { permissions: [] });
    await org.deleteMembership("mb_1");
    await org.delete();
    await new User({ object: "user", id: "usr_1" }, ar).verifyEmail({ token: "kvt_1" });
    assert.equal(seen.length, 13, seen.map((s) => `${s.method} ${s.path}`).join(", "));
    for (const { method, path, callers } of seen) {
      const where = `${method} ${path}: ${callers.join(" | ")}`;
      // The generic method, then (unless the runtime dropped the tail call) the member itself.
      assert.match(callers[0], /src[\\/]record_methods\.[jt]s/, where);
      assert.ok(callers.length <= 2, where);
      if (callers[1]) assert.match(callers[1], /src[\\/]resources[\\/](org|user)\.[jt]s/, where);
    }
  });

  it("without a client: what the record holds, else a rejected ConfigError (never a throw)", async () => {
    const org = new Org(orgData);
    const mb = new (await import("../mod.ts")).Membership(mbData);
    mb._store("org", org);
    assert.equal(await mb.org(), org);
    assert.equal(await mb.org({ signal: new AbortController().signal }), org);
    const calls = [
      () => mb.org({ reload: true }),
      () => mb.user(),
      () => mb.reload(),
      () => mb.update({ permissions: [] }),
      () => mb.delete(),
      () => org.memberships(),
      () => org.createMembership({ user_id: "usr_1" }),
    ];
    for (const call of calls) {
      let p: Promise<unknown> | undefined;
      assert.doesNotThrow(() => {
        p = call();
      });
      await assert.rejects(p!, ConfigError);
    }
  });
});
