// A 200 answer that is an HTML page: the `url` setting points at a web site, not at
// the API, and the ResponseError says so, naming `url` and AUTHROCKET_URL. Other bodies that
// are not JSON (a truncated answer) say only that.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { ResponseError } from "../mod.ts";
import { client } from "./helpers.ts";

const page = (text: string, type = "text/html") => () =>
  Promise.resolve(new Response(text, { status: 200, headers: { "content-type": type } }));

describe("a 2xx answer that is not the API's JSON", () => {
  it("an HTML page names `url` and AUTHROCKET_URL, with an excerpt", async () => {
    for (const html of ["<!DOCTYPE html><html><body>Welcome</body></html>", "\n  <html>x"]) {
      await assert.rejects(client(page(html)).users.find("sally"), (e: unknown) => {
        assert.ok(e instanceof ResponseError, String(e));
        assert.equal(e.code, "response_invalid");
        assert.match(
          e.message,
          /^API response is an HTML page, not the API's JSON: check that `url` \(env AUTHROCKET_URL\) is the AuthRocket API's base URL, e\.g\. https:\/\/api-e1\.authrocket\.com\/v1; HTTP status: 200; body: /,
        );
        assert.ok(e.excerpt.includes("html"));
        return true;
      });
    }
  });

  it("a body cut short is not blamed on `url`", async () => {
    await assert.rejects(
      client(page('{"id":"usr_1",', "application/json")).users.find("x"),
      (e: unknown) => {
        assert.ok(e instanceof ResponseError);
        assert.match(e.message, /^API response is not a JSON object; HTTP status: 200; body: /);
        return true;
      },
    );
  });
});
