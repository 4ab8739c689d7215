// What a revalidator (src/revalidate.ts) does with what it is not given, and how it names its
// failure: its default cache runs on the injected clock (an answer past its TTL there is gone,
// so an outage then says nothing was kept); a session id must be a string, not anything that
// prints as one; SessionCheckFailed carries its name and code. Fixed clock, fake lookups.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { createRevalidator, SessionCheckFailed } from "../src/revalidate.ts";
import type { SessionState } from "../src/revalidate.ts";
import { AuthRocketError } from "../src/errors.ts";

const T0 = Date.UTC(2026, 0, 1);
const S = 1000;

describe("revalidation: defaults and names", () => {
  it("the default cache expires on the injected clock, not the wall clock", async () => {
    let now = T0;
    let answer: () => Promise<SessionState> = () => Promise.resolve("alive");
    const r = createRevalidator(() => answer(), { revalidate: 60, maxStale: 30, now: () => now });
    assert.equal(await r.check("kss_1"), "alive");
    now = T0 + 91 * S; // past revalidate + maxStale: the default cache has dropped the answer
    answer = () => Promise.reject(new Error("API down"));
    await assert.rejects(r.check("kss_1"), (e: unknown) => {
      assert.ok(e instanceof SessionCheckFailed, String(e));
      assert.equal(
        e.message,
        "could not check the session with the API; refuse it, or raise `maxStale`",
      );
      return true;
    });
  });

  it("a session id that is not a string is refused, even one that prints as an id", async () => {
    const r = createRevalidator(() => Promise.resolve("alive"), { revalidate: 60, now: () => T0 });
    for (const id of [["kss_1"], { toString: () => "kss_1" }]) {
      await assert.rejects(r.check(id as never), (e: unknown) => {
        assert.ok(e instanceof AuthRocketError, String(e));
        assert.equal(e.message, "revalidation: expected a managed session id (kss_…)");
        return true;
      });
      await assert.rejects(r.forget(id as never), AuthRocketError);
    }
  });

  it("SessionCheckFailed is named and coded as such", async () => {
    const r = createRevalidator(() => Promise.reject(new Error("down")), {
      revalidate: 60,
      now: () => T0,
    });
    await assert.rejects(r.check("kss_1"), (e: unknown) => {
      assert.ok(e instanceof SessionCheckFailed, String(e));
      assert.equal(e.name, "SessionCheckFailed");
      assert.equal(e.code, "session_check_failed");
      return true;
    });
  });
});
