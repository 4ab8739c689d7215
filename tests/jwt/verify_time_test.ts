// The JWT core's time claims (src/jwt/verify.ts) to the second: exp, nbf and iat as parsed
// numbers, the clock counted in whole seconds, `within` and `leeway` at their exact bounds, and
// the wall clock read only when no `now` is given (minted and checked on the same clock).
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { b64url, claims, hs256, NOW, NOW_S, signSegments } from "../tokens.ts";
import { verdict } from "../verdict.ts";

const H = b64url(JSON.stringify({ alg: "HS256" }));

describe("time claims", () => {
  it("exp, nbf or iat of 1e999 (Infinity once parsed) is malformed", async () => {
    for (const c of ["exp", "nbf", "iat"]) {
      for (const v of ["1e999", "-1e999"]) {
        const payload = JSON.stringify(claims({ [c]: "#" })).replace('"#"', v);
        assert.ok(payload.includes(`"${c}":${v}`) && JSON.parse(payload)[c] === Number(v));
        const t = await signSegments(H, b64url(payload));
        assert.equal(await verdict(t), "malformed", `${c} ${v}`);
      }
    }
  });

  it("fractional claims meet a clock counted in whole seconds", async () => {
    // now is NOW_S + 0.999 s: counted as NOW_S, so exp NOW_S + 0.5 has not passed (leeway 0).
    const opts = { now: NOW + 999, leeway: 0 };
    assert.equal(await verdict(await hs256(claims({ exp: NOW_S + 0.5 })), opts), "accepted");
    assert.equal(await verdict(await hs256(claims({ exp: NOW_S })), opts), "expired");
    assert.equal(
      await verdict(await hs256(claims({ iat: NOW_S + 0.5 })), opts),
      "issued_in_future",
    );
    assert.equal(await verdict(await hs256(claims({ nbf: NOW_S + 0.5 })), opts), "not_yet_valid");
    assert.equal(await verdict(await hs256(claims({ nbf: NOW_S })), opts), "accepted");
  });

  it("within: iat exactly now - within is accepted, one second older is too old", async () => {
    assert.equal(
      await verdict(await hs256(claims({ iat: NOW_S - 30 })), { within: 30 }),
      "accepted",
    );
    assert.equal(
      await verdict(await hs256(claims({ iat: NOW_S - 31 })), { within: 30 }),
      "too_old",
    );
    assert.equal(await verdict(await hs256(claims({ iat: NOW_S })), { within: 0 }), "accepted");
  });

  it("leeway: exactly the given seconds, on exp, nbf and iat; 5 when not given", async () => {
    const at = (c: Record<string, number>, leeway?: number) =>
      hs256(claims(c)).then((t) => verdict(t, leeway === undefined ? {} : { leeway }));
    assert.equal(await at({ exp: NOW_S - 9 }, 10), "accepted");
    assert.equal(await at({ exp: NOW_S - 10 }, 10), "expired");
    assert.equal(await at({ nbf: NOW_S + 10 }, 10), "accepted");
    assert.equal(await at({ nbf: NOW_S + 11 }, 10), "not_yet_valid");
    assert.equal(await at({ iat: NOW_S + 10 }, 10), "accepted");
    assert.equal(await at({ iat: NOW_S + 11 }, 10), "issued_in_future");
    assert.equal(await at({ exp: NOW_S - 4 }), "accepted");
    assert.equal(await at({ nbf: NOW_S + 6 }), "not_yet_valid");
  });

  it("without now, the wall clock is read (minted and checked with the same clock)", async () => {
    const s = Math.floor(Date.now() / 1000);
    const live = await hs256(claims({ iat: s - 60, exp: s + 3600 }));
    const dead = await hs256(claims({ iat: s - 7200, exp: s - 3600 }));
    assert.equal(await verdict(live, { now: undefined }), "accepted");
    assert.equal(await verdict(dead, { now: undefined }), "expired");
  });

  it("option errors say which setting and what it got", async () => {
    const t = await hs256(claims());
    await assert.rejects(
      verdict(t, { leeway: -2 }),
      /^ConfigError: leeway must be a finite number of seconds from 0 to 300 \(got -2\)/,
    );
    await assert.rejects(
      verdict(t, { within: "9" as unknown as number }),
      /^ConfigError: .*within .*\(got string\)/,
    );
    await assert.rejects(
      verdict(t, { now: new Date(NaN) }),
      /^ConfigError: .*now must be a valid Date .*\(got Invalid Date\)/,
    );
    await assert.rejects(
      verdict(t, { now: {} as number }),
      /^ConfigError: .*now must be .*\(got object\)/,
    );
    for (const now of [true, [5000], "5000", null]) {
      await assert.rejects(
        verdict(t, { now: now as unknown as number }),
        /^ConfigError: now must be /,
      );
    }
    await assert.rejects(
      verdict(t, { algorithms: ["RS256"] }),
      /^ConfigError: Algorithm RS256 cannot be used with this jwtSecret \(it is a HS256 key\)$/,
    );
  });
});
