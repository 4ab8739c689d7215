// The transport's own decisions, call by call: which headers go out, what the hooks see, the
// settings it refuses to call without, and the secrets it knows by value.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import {
  AuthRocket,
  ConfigError,
  type RequestInfo,
  type ResponseInfo,
  ServerError,
} from "../mod.ts";
import { Transport } from "../internal.ts";
import { VERSION } from "../src/version.ts";
import { API_KEY, client, json, recorder, userJson } from "./helpers.ts";

describe("what goes out", () => {
  it("realm and account headers only when configured", async () => {
    const r = recorder([], json(200, userJson()));
    await client(r.fetch, { realm: undefined }).users.find("usr_1");
    assert.equal(r.last().headers.get("x-authrocket-realm"), null);
    assert.equal(r.last().headers.get("x-authrocket-account"), null);
    assert.equal(r.last().headers.get("x-authrocket-api-key"), API_KEY);
    await client(r.fetch, { realm: "rl_2", account: "org_9" }).users.find("usr_1");
    assert.equal(r.last().headers.get("x-authrocket-realm"), "rl_2");
    assert.equal(r.last().headers.get("x-authrocket-account"), "org_9");
  });

  it("User-Agent: library, version and runtime, then the configured suffix if any", async () => {
    const r = recorder([], json(200, userJson()));
    await client(r.fetch).users.find("usr_1");
    const plain = r.last().headers.get("user-agent")!;
    assert.match(plain, new RegExp(`^authrocket-edge/${VERSION.replaceAll(".", "\\.")} \\S+$`));
    await client(r.fetch, { userAgent: "myapp/2 (+https://x)" }).users.find("usr_1");
    assert.equal(r.last().headers.get("user-agent"), `${plain} myapp/2 (+https://x)`);
  });

  it("a transport without url or apiKey, or with a url that does not parse: ConfigError, no request", async () => {
    const r = recorder([], json(200, {}));
    const cases: [Record<string, unknown>, string][] = [
      [
        { apiKey: API_KEY },
        "Missing AuthRocket setting `url` (env AUTHROCKET_URL): set the API base URL, e.g. https://api-e1.authrocket.com/v1",
      ],
      [
        { url: "https://h.example/v1" },
        "Missing AuthRocket setting `apiKey` (env AUTHROCKET_API_KEY): API calls need an API key",
      ],
      [
        { url: "not a url", apiKey: API_KEY },
        "Invalid AuthRocket setting `url` (env AUTHROCKET_URL)",
      ],
    ];
    for (const [config, message] of cases) {
      const t = new Transport({ ...config, fetch: r.fetch });
      await assert.rejects(t.request("GET", "users"), (e) => {
        assert.ok(e instanceof ConfigError, String(e));
        assert.equal(e.message, message);
        return true;
      });
    }
    assert.equal(r.seen.length, 0);
  });
});

describe("what the hooks see", () => {
  it("onResponse alone gets the redacted URL; onRequest alone too; durationMs is a duration", async () => {
    const seen: (RequestInfo | ResponseInfo)[] = [];
    const r = recorder([], json(200, userJson()));
    await client(r.fetch, { onResponse: (i) => seen.push(i) }).users.find(API_KEY);
    await client(r.fetch, { onRequest: (i) => seen.push(i) }).users.find("usr_1");
    assert.equal(seen[0].url, "https://api-e1.authrocket.com/v1/users/[redacted]");
    assert.equal(seen[1].url, "https://api-e1.authrocket.com/v1/users/usr_1");
    const d = (seen[0] as ResponseInfo).durationMs;
    assert.ok(d >= 0 && d < 60_000, String(d));
  });

  it("a caller's abort with a reason that is not an Error: the call rejects with it, the hook gets an Error", async () => {
    const ctrl = new AbortController();
    const events: ResponseInfo[] = [];
    const ar = client((_i, init) =>
      new Promise((_ok, no) => {
        init!.signal!.addEventListener("abort", () => no(new Error("fetch aborted")));
        ctrl.abort("user left");
      }), { onResponse: (i) => events.push(i) });
    await assert.rejects(
      ar.users.find("usr_1", {}, { signal: ctrl.signal }),
      (e) => e === "user left",
    );
    assert.equal(events.length, 1);
    assert.ok(events[0].error instanceof Error);
    assert.equal(events[0].error.message, "aborted");
  });
});

describe("secrets the transport knows by value", () => {
  it("a JWK jwtSecret's k and a string jwtSecret are redacted from what the server echoes", async () => {
    const k = "Zm9vYmFyYmF6cXV4cXV1eGNvcmdlZ3JhdWx0";
    const plain = "my-own-hmac-secret-value-1234";
    for (const jwtSecret of [{ kty: "oct", k }, plain]) {
      const r = recorder([], new Response(`echo ${k} ${plain}`, { status: 500 }));
      const ar = new AuthRocket({
        url: "https://h.example/v1",
        apiKey: API_KEY,
        jwtSecret,
        fetch: r.fetch,
        maxRetries: 0,
      });
      await assert.rejects(ar.users.find("usr_1"), (e) => {
        assert.ok(e instanceof ServerError);
        const secret = typeof jwtSecret === "string" ? jwtSecret : k;
        assert.ok(!e.message.includes(secret), e.message);
        assert.match(e.message, /^Server error: 500\n {2}echo /);
        return true;
      });
    }
  });
});
