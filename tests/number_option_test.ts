// One check for number settings (src/number_option.ts): the client's timeout, maxRetries,
// maxRetryDelay and maxResponseBytes and revalidation's revalidate and maxStale go through it, so
// each refusal says the same things the same way — the setting, what it must be (whole or
// finite, its unit, its range) and what it got — and never echoes a string (a secret pasted into
// the wrong setting).
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { AuthRocket, ConfigError } from "../mod.ts";
import { createRevalidator } from "../cache.ts";
import { numberOption, numberProblem } from "../src/number_option.ts";

const refused = (f: () => unknown, message: string) =>
  assert.throws(f, (e: unknown) => e instanceof ConfigError && e.message === message);

describe("numberOption / numberProblem", () => {
  it("allows what the rule allows, bounds included", () => {
    assert.equal(numberOption("x", 0, {}), 0);
    assert.equal(numberOption("x", 2.5, { unit: "seconds", max: 3 }), 2.5);
    assert.equal(numberOption("x", 3, { max: 3 }), 3);
    assert.equal(numberOption("x", 1, { whole: true, min: 1 }), 1);
    assert.equal(numberOption("x", 1e-9, { above: true }), 1e-9);
    assert.equal(numberProblem(Number.MAX_SAFE_INTEGER, { whole: true }), undefined);
  });

  it("refuses the rest, saying what the value must be and what it got", () => {
    const cases: [unknown, Parameters<typeof numberProblem>[1], string][] = [
      [-1, { unit: "seconds" }, "must be a finite number of seconds ≥ 0 (got -1)"],
      [NaN, { unit: "seconds" }, "must be a finite number of seconds ≥ 0 (got NaN)"],
      [Infinity, {}, "must be a finite number ≥ 0 (got Infinity)"],
      [
        301,
        { unit: "seconds", max: 300 },
        "must be a finite number of seconds from 0 to 300 (got 301)",
      ],
      [0, { unit: "seconds", above: true }, "must be a finite number of seconds > 0 (got 0)"],
      [1.5, { whole: true }, "must be a whole number ≥ 0 (got 1.5)"],
      [2 ** 53, { whole: true }, `must be a whole number ≥ 0 (got ${2 ** 53})`],
      [0, { whole: true, unit: "bytes", min: 1 }, "must be a whole number of bytes ≥ 1 (got 0)"],
      ["ko_secret", {}, "must be a finite number ≥ 0 (got string)"],
      [null, {}, "must be a finite number ≥ 0 (got object)"],
      [undefined, {}, "must be a finite number ≥ 0 (got undefined)"],
    ];
    for (const [v, rule, why] of cases) {
      assert.equal(numberProblem(v, rule), why, String(v));
      refused(() => numberOption("setting", v, rule), `setting ${why}`);
    }
  });
});

describe("the settings that go through it", () => {
  it("the client's: timeout, maxRetryDelay (ms), maxRetries (whole), maxResponseBytes", () => {
    const bad = (setting: string, v: unknown, why: string, env = "") =>
      refused(
        () => new AuthRocket({ [setting]: v }),
        `Invalid AuthRocket setting \`${setting}\`${env}: ${why}`,
      );
    bad("timeout", -1, "must be a finite number of ms ≥ 0 (got -1)");
    bad("maxRetryDelay", Infinity, "must be a finite number of ms ≥ 0 (got Infinity)");
    bad("maxRetries", 1.5, "must be a whole number ≥ 0 (got 1.5)");
    bad("maxResponseBytes", 0, "must be a whole number of bytes ≥ 1 (got 0)");
    bad("timeout", "ko_secretKey1234", "must be a finite number of ms ≥ 0 (got string)");
    const ok = new AuthRocket({ timeout: 0, maxRetries: 0, maxRetryDelay: 0, maxResponseBytes: 1 });
    assert.equal(ok.config.maxResponseBytes, 1);
  });

  it("revalidation's: revalidate (> 0) and maxStale (≥ 0), in seconds", () => {
    const lookup = () => Promise.resolve("alive" as const);
    refused(
      () => createRevalidator(lookup, { revalidate: 0 }),
      "revalidation: `revalidate` must be a finite number of seconds > 0 (got 0)",
    );
    refused(
      () => createRevalidator(lookup, { revalidate: 300, maxStale: -1 }),
      "revalidation: `maxStale` must be a finite number of seconds ≥ 0 (got -1)",
    );
    assert.ok(createRevalidator(lookup, { revalidate: 0.5, maxStale: 0 }));
  });
});
