// The README's first command, `deno task demo`, on the embedded emulator: it runs the whole
// story and exits 0, printing each step.
import { it } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { ROOT } from "../../scripts/bundle.mjs";

it("deno task demo tells the whole story and ends with 'done'", () => {
  const out = execFileSync("npx", ["--yes", "deno@2.9.6", "task", "demo"], {
    cwd: ROOT,
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1", AUTHROCKET_URL: "", AUTHROCKET_API_KEY: "" },
  });
  for (
    const line of [
      /first page: bot1, bot2 \(more: true\)/,
      /iterate\(\) walked 5 users over 3 pages/,
      /create without a username → errors: \["Username can't be blank"\]/,
      /wrong password → AuthenticationFailed/,
      /verified offline: session kss_\S+ for Sally Sue/,
      /can read forum\? true; admin anything\? true/,
      /a tampered token → null/,
      /GET \/ with the cookie → 200: "Hello, Sally Sue!"/,
      /managed session kss_\S+ ended: true/,
      /GET \/ again → 302 to the login page/,
      /• done\n?$/,
    ]
  ) assert.match(out, line);
});
