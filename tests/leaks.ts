// Assertions that no secret shows: in an error (message, stack, JSON) or in anything a failure
// hands out (errors, hook arguments).
import assert from "node:assert/strict";
import { API_KEY } from "./helpers.ts";

/** A token-shaped string that must never appear in what a failure shows. */
export const TOKEN = "eyJhbGciOiJIUzI1NiJ9.eyJ1aWQiOiJ1c3JfMSJ9.c2lnbmF0dXJl";

/** Neither the API key nor TOKEN (nor its signature) in `x`, errors included. */
export function assertClean(x: unknown) {
  const text = JSON.stringify(x, (_k, v) => (v instanceof Error ? `${v.name}: ${v.message}` : v));
  assert.ok(!text.includes(API_KEY), `API key leaked: ${text}`);
  assert.ok(!text.includes(TOKEN), `token leaked: ${text}`);
  assert.ok(!text.includes("c2lnbmF0dXJl"), `token part leaked: ${text}`);
}

/** No secret (nor a 12-character piece of it) in an error's message, stack or JSON. */
export function assertNoSecret(e: unknown, secret: string) {
  const err = e as Error;
  for (const text of [err.message, String(err.stack), JSON.stringify(err)]) {
    assert.ok(!text.includes(secret.slice(3, 15)), `secret in: ${text}`);
  }
}
