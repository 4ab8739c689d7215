// The one table of explanations (src/explain.ts), read by the login integration's lines and page,
// `debug`, and the CLI: every reason has its words and a fix, naming the settings as the reader
// knows them; the words survive redaction (a line is redacted whole, so no word of the table may
// look like a secret); the clock's reasons give the skew in seconds.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { explain, type Names, OPTIONS } from "../src/explain.ts";
import { redact } from "../src/redact.ts";
import type { RejectReason } from "../mod.ts";

const REASONS: RejectReason[] = [
  "missing",
  "malformed",
  "algorithm",
  "signature",
  "expired",
  "not_yet_valid",
  "issued_in_future",
  "too_old",
  "revoked",
  "unchecked",
];
const FLAGS: Names = {
  key: "this key",
  use: "use",
  leeway: "--leeway N",
  within: "--within",
  later: " (--now T)",
};
const T = 1_800_000_000;
const facts = {
  header: { alg: "RS256" },
  claims: { aud: "rl_abc", iat: T - 90, nbf: T + 30, exp: T - 45 },
  keyAlg: "HS256",
  now: T * 1000,
  leeway: 5,
  within: 60,
};

describe("explain", () => {
  it("every reason: its own words and a fix, untouched by redaction", () => {
    for (const names of [OPTIONS, FLAGS]) {
      const seen = new Set<string>();
      for (const reason of REASONS) {
        const [why, fix] = explain(reason, facts, names);
        assert.ok(why.length > 10 && fix.length > 5, reason);
        assert.ok(!seen.has(why), `${reason}: the same words as another reason`);
        seen.add(why);
        assert.equal(redact(`${why}; ${fix}`), `${why}; ${fix}`, reason);
      }
    }
  });

  it("names the settings as the reader knows them", () => {
    const [why, fix] = explain("signature", facts, OPTIONS);
    assert.match(why, /does not match jwtSecret/);
    assert.match(
      fix,
      /^set jwtSecret \(env AUTHROCKET_JWT_SECRET\) to the key of the realm .*rl_abc/,
    );
    assert.match(explain("signature", facts, FLAGS)[1], /^use the key of the realm/);
    assert.match(explain("issued_in_future", facts, OPTIONS)[1], /the `leeway` option$/);
    assert.match(explain("issued_in_future", facts, FLAGS)[1], /--leeway N$/);
    assert.match(explain("too_old", facts, FLAGS)[0], /more than --within 60 s before/);
    assert.match(explain("expired", facts, FLAGS)[1], /\(--now T\)$/);
  });

  it("the realm only when the token names one; the key's algorithm", () => {
    assert.doesNotMatch(
      explain("signature", { ...facts, claims: {} }, OPTIONS)[1],
      /names the realm/,
    );
    assert.equal(
      explain("algorithm", facts, OPTIONS)[0],
      "the token is signed with RS256, jwtSecret verifies HS256 only",
    );
  });

  it("the clock's reasons: the time and the skew in seconds", () => {
    assert.equal(
      explain("expired", facts, OPTIONS)[0],
      "it expired at 2027-01-15T07:59:15Z (45 s ago), leeway 5 s",
    );
    assert.match(explain("not_yet_valid", facts, OPTIONS)[0], /08:00:30Z \(in 30 s\)/);
    assert.match(explain("too_old", facts, OPTIONS)[0], /\(90 s ago\), more than `within` 60 s/);
    assert.match(explain("too_old", { ...facts, claims: {} }, OPTIONS)[0], /has no iat/);
  });
});
