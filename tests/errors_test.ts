// Errors you can switch on: every error class any entry point exports (found among the exports,
// so a new class cannot be missed) has its literal `name`, its own `code` (a member of the
// `AuthRocketErrorCode` union, which a `switch` narrows) and, when built from an answer, its
// `status`.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as cache from "../cache.ts";
import * as hono from "../hono.ts";
import * as internal from "../internal.ts";
import * as loginrocket from "../loginrocket.ts";
import * as middleware from "../middleware.ts";
import * as mod from "../mod.ts";
import * as testing from "../testing.ts";
import {
  type ApiError,
  AuthRocketError,
  type AuthRocketErrorCode,
  RecordInvalid,
  RecordNotFound,
  ResponseError,
  ServerError,
} from "../mod.ts";
import { SessionCheckFailed } from "../cache.ts";
import { ALL_CODES, ERROR_CASES, exportedErrorClasses } from "./error_cases.ts";

const ENTRIES: Record<string, Record<string, unknown>> = {
  ".": mod,
  "./middleware": middleware,
  "./cache": cache,
  "./hono": hono,
  "./testing": testing,
  "./loginrocket": loginrocket,
  "./internal": internal,
};

/** deno.json's `exports`, from the source tree or from the build's (npm/esm/tests). */
function entryPoints(): string[] {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, "deno.json"))) dir = dirname(dir);
  return Object.keys(JSON.parse(readFileSync(join(dir, "deno.json"), "utf8")).exports);
}

describe("every error class the package exports", () => {
  const classes = exportedErrorClasses(Object.values(ENTRIES));

  it("is found among the exports of every entry point, and has a case here", () => {
    assert.deepEqual(Object.keys(ENTRIES).sort(), entryPoints().sort(), "every entry point read");
    assert.ok(classes.size >= 20, `found ${classes.size}`);
    for (const name of classes.keys()) {
      assert.ok(name in ERROR_CASES, `${name} is exported: add how to build it to ERROR_CASES`);
    }
    for (const name of Object.keys(ERROR_CASES)) {
      assert.ok(classes.has(name), `${name} is in ERROR_CASES but no entry point exports it`);
    }
  });

  it("a literal name, its own code, instanceof its family, the status of its answer", () => {
    // V8 (Deno, Node, workerd) starts a stack with "Name: message"; JSC (Bun) does not.
    const v8Stacks = String(new Error("probe").stack).startsWith("Error: probe");
    const seen = new Map<string, string>();
    for (const [name, C] of classes) {
      const { args, code, status } = ERROR_CASES[name];
      const e = new (C as new (...a: unknown[]) => AuthRocketError)(...args);
      assert.ok(e instanceof AuthRocketError, `${name} extends AuthRocketError`);
      assert.equal(e.name, name);
      assert.equal(e.code, code, name);
      assert.ok(!seen.has(code), `${name} and ${seen.get(code)} share the code ${code}`);
      seen.set(code, name);
      assert.equal((e as ApiError).status, status, `${name}.status`);
      if (v8Stacks) assert.ok(String(e.stack).startsWith(`${name}: `), String(e.stack));
    }
    // Every code of the union is some class's (ResponseError has a second one).
    const big = new ResponseError("x", 200, "", { code: "response_too_large" });
    assert.deepEqual(
      [...seen.keys(), big.code].sort(),
      Object.keys(ALL_CODES).sort(),
      "AuthRocketErrorCode is exactly the codes the classes carry",
    );
  });

  it("SessionCheckFailed: its own name and code, not AuthRocketError's", () => {
    const e = new SessionCheckFailed("could not check", { cause: new Error("down") });
    assert.equal(e.name, "SessionCheckFailed");
    assert.equal(e.code, "session_check_failed");
    assert.match(String(e), /^SessionCheckFailed: could not check/);
  });

  it("cause, request id and the status of a refusal are kept", () => {
    const cause = new Error("root");
    const withAll = new ServerError("x", 503, { cause, requestId: "req_1" });
    assert.equal(withAll.cause, cause);
    assert.equal(withAll.requestId, "req_1");
    assert.equal(new RecordInvalid({ errors: [] }, "User", { status: 409 }).status, 409);
  });

  it("a switch over `code` narrows, and a misspelled case does not compile", () => {
    const advice = (code: AuthRocketErrorCode): string => {
      switch (code) {
        case "record_not_found":
          return "no such record";
        // @ts-expect-error: not a code (with `code: string` this case compiled)
        case "record_not_fond":
          return "never";
        default:
          return code;
      }
    };
    // A leaf class's code is its literal type.
    const literal: "record_not_found" = new RecordNotFound().code;
    assert.equal(advice(literal), "no such record");
    assert.equal(advice(new ServerError("x", 500).code), "server_error");
  });
});
