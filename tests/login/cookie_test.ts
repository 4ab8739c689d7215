// The session cookie's Max-Age: until the token's `exp`, never NaN, never 0 or less for a session
// that verified (a browser would drop it at once), never past the 400 days browsers keep a
// cookie (RFC 6265bis). One fixed clock for minting and checking.
import { describe, it } from "node:test";
import process from "node:process";
import assert from "node:assert/strict";
import fc from "fast-check";
import { withAuthRocket } from "../../middleware.ts";
import { claims, NOW, NOW_S, SECRET, signRaw } from "../tokens.ts";

const RUNS = Math.min(Number(process.env.FUZZ_RUNS ?? 300), 300);
const MAX = 400 * 24 * 3600;
const app = withAuthRocket(() => new Response("in"), {
  client: { jwtSecret: SECRET, loginUrl: "https://app.e1.loginrocket.com/" },
  now: () => NOW,
});

/** Log in with a token whose `exp` is `exp` (left out when undefined): the Max-Age, or null. */
async function maxAge(exp: unknown): Promise<string | null> {
  const body: Record<string, unknown> = claims({ exp });
  if (exp === undefined) delete body.exp;
  const token = await signRaw({ alg: "HS256", typ: "JWT" }, body);
  const r = await app(new Request(`https://my.app/login?token=${token}`));
  // The session cookie (a refused token sets only the loop guard's counter).
  const cookie = r.headers.getSetCookie().find((c) => c.startsWith("__Host-ar_token="));
  if (cookie === undefined) {
    assert.match(r.headers.get("location")!, /^https:\/\/app\.e1\.loginrocket\.com\/login/);
    return null;
  }
  return /; Max-Age=([^;]*)/.exec(cookie)![1];
}

describe("the session cookie's Max-Age", () => {
  it("is the seconds left until exp", async () => {
    assert.equal(await maxAge(NOW_S + 3600), "3600");
    assert.equal(await maxAge(NOW_S + 90.9), "90");
  });

  it("a signed exp of 1e308 gives the maximum, not NaN", async () => {
    assert.equal(await maxAge(1e308), String(MAX));
  });

  it("is capped at 400 days (34,560,000 s), however far exp is", async () => {
    assert.equal(await maxAge(NOW_S + 10 * 365 * 86400), String(MAX));
    assert.equal(await maxAge(NOW_S + MAX - 1), String(MAX - 1));
    assert.equal(await maxAge(8.64e12), String(MAX)); // the last second a Date can hold
  });

  it("a session that verified within the leeway past exp keeps its cookie for 1 s, not 0", async () => {
    assert.equal(await maxAge(NOW_S - 2), "1");
    assert.equal(await maxAge(NOW_S), "1");
    assert.equal(await maxAge(NOW_S - 10), null, "past the leeway: not a session");
  });

  it("without exp: 14 days", async () => {
    assert.equal(await maxAge(undefined), String(14 * 86400));
  });

  it(`whatever exp says (${RUNS} values): no cookie, or a whole number of seconds in [1, max]`, async () => {
    const exp = fc.oneof(
      fc.double(),
      fc.integer({ min: -200, max: 200 }).map((d) => NOW_S + d),
      fc.double({ min: NOW_S - 10, max: NOW_S + 10 }),
      fc.constantFrom(1e308, -1e308, Number.MAX_SAFE_INTEGER, 8.64e12, 8.64e12 + 1, -0, 0),
      fc.string({ maxLength: 4 }),
    );
    await fc.assert(
      fc.asyncProperty(exp, async (e) => {
        const age = await maxAge(e);
        if (age === null) return;
        assert.match(age, /^[1-9]\d*$/, `exp ${e}: Max-Age=${age}`);
        assert.ok(Number(age) <= MAX, `exp ${e}: Max-Age=${age}`);
      }),
      { numRuns: RUNS, seed: 20261206 },
    );
  });
});
