// workerd's fetch (miniflare, locally) against a server that drops a request on a reused
// keep-alive connection: it never re-sends (the transport's fetchResends says nothing there).
// Deno, Bun and Node are measured by tests/transport_resend_test.ts; Cloudflare's production
// network, with its own proxies in front of the Worker's fetch, is not tested.
import { it } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:net";
import { Miniflare } from "miniflare";

it("workerd: a request dropped on a reused connection is not re-sent, whatever the method", async () => {
  const seen = [];
  let conns = 0;
  const server = createServer((sock) => {
    const conn = ++conns;
    let buf = "";
    sock.on("data", (d) => {
      buf += d.toString("latin1");
      for (;;) {
        const end = buf.indexOf("\r\n\r\n");
        if (end < 0) return;
        const head = buf.slice(0, end);
        const length = Number(/content-length: *(\d+)/i.exec(head)?.[1] ?? 0);
        if (buf.length < end + 4 + length) return;
        buf = buf.slice(end + 4 + length);
        seen.push(`${conn}:${head.split(" ")[0]}`);
        if (seen.length > 1) return void sock.destroy();
        sock.write(
          "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 2\r\n\r\n{}",
        );
      }
    });
    sock.on("error", () => {});
  });
  await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
  const url = `http://127.0.0.1:${server.address().port}/v1/x`;
  const mf = new Miniflare({
    modules: true,
    compatibilityDate: "2025-01-01",
    script: `export default { async fetch(req) {
      const method = new URL(req.url).searchParams.get("m");
      await (await fetch(${JSON.stringify(url)})).text();
      await new Promise((ok) => setTimeout(ok, 20));
      const body = method === "POST" || method === "PUT" ? "{}" : undefined;
      try { await (await fetch(${
      JSON.stringify(url)
    }, { method, body })).text(); return new Response("answered"); }
      catch { return new Response("failed"); }
    } }`,
  });
  try {
    for (const method of ["POST", "PUT", "GET", "DELETE"]) {
      seen.length = 0;
      conns = 0;
      const r = await mf.dispatchFetch(`http://worker/?m=${method}`);
      assert.equal(await r.text(), "failed", method);
      assert.deepEqual(
        seen,
        ["1:GET", `1:${method}`],
        `${method}: sent once, on the reused connection`,
      );
    }
  } finally {
    await mf.dispose();
    await new Promise((ok) => server.close(ok));
  }
});
