/**
 * The emulator's one runtime-specific file: serve a fetch handler over HTTP on 127.0.0.1 with
 * Deno.serve, Bun.serve or node:http.
 * @module
 */
import type { EmulatorServer } from "./emulator.ts";

type Handler = (req: Request) => Promise<Response>;

/** The part of `Deno.serve` used here (typed locally so that tsc builds this file too). */
interface DenoLike {
  serve(
    options: { hostname: string; port: number; signal: AbortSignal; onListen: () => void },
    handler: Handler,
  ): { addr: { port: number }; finished: Promise<void> };
}

/**
 * Serve `handler` on `hostname` (default 127.0.0.1; port 0 picks a free one). The URLs name
 * the host as given, except that a wildcard address is reached through the loopback one.
 */
export async function serve(
  handler: Handler,
  port: number,
  hostname = "127.0.0.1",
): Promise<EmulatorServer> {
  const g = globalThis as Record<string, unknown>;
  const reach = hostname === "0.0.0.0" ? "127.0.0.1" : hostname === "::" ? "::1" : hostname;
  const host = reach.includes(":") ? `[${reach}]` : reach;
  const urls = (p: number) => ({
    url: `http://${host}:${p}/v1`,
    loginUrl: `http://${host}:${p}/lr/`,
  });
  const deno = g.Deno as DenoLike | undefined;
  if (deno && typeof deno.serve === "function") {
    const ac = new AbortController();
    const server = deno.serve(
      { hostname, port, signal: ac.signal, onListen: () => {} },
      handler,
    );
    return {
      ...urls(server.addr.port),
      close: async () => {
        ac.abort();
        await server.finished;
      },
    };
  }
  if (typeof g.Bun === "object" && g.Bun) {
    const bun = g.Bun as { serve(o: unknown): { port: number; stop(force?: boolean): void } };
    const server = bun.serve({ hostname, port, fetch: handler });
    return { ...urls(server.port), close: () => Promise.resolve(server.stop(true)) };
  }
  // Node: node:http through process.getBuiltinModule (Node ≥ 20.16), not an import, so that
  // bundles of testing.ts for Workers and browsers carry no reference to a Node built-in.
  const proc = g.process as { getBuiltinModule?(id: string): unknown } | undefined;
  if (typeof proc?.getBuiltinModule !== "function") {
    throw new Error("emu.listen() needs Deno, Bun or Node ≥ 20.16 (use emu.fetch elsewhere)");
  }
  const http = proc.getBuiltinModule("node:http") as typeof import("node:http");
  const server = http.createServer(async (req, res) => {
    // The body streams into the handler (which stops reading at its limit), never buffered
    // whole here: a huge upload must not cost its size in memory.
    let abandoned = false;
    const iterator = req[Symbol.asyncIterator]();
    const body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        const { done, value } = await iterator.next();
        if (done) controller.close();
        else controller.enqueue(new Uint8Array(value as Uint8Array));
      },
      cancel() {
        abandoned = true;
      },
    });
    const headers = new Headers();
    for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers.set(k, v);
    const request = new Request(`http://${req.headers.host ?? "127.0.0.1"}${req.url}`, {
      method: req.method,
      headers,
      body: req.method === "GET" || req.method === "HEAD" ? undefined : body,
      duplex: "half",
    } as RequestInit);
    const response = await handler(request);
    const out: Record<string, string> = {};
    response.headers.forEach((v, k) => (out[k] = v));
    // A body left unread: answer, then close the connection rather than read the rest.
    if (abandoned) out.connection = "close";
    res.writeHead(response.status, out);
    res.end(new Uint8Array(await response.arrayBuffer()), () => {
      if (abandoned) req.socket.destroy();
    });
  });
  await new Promise<void>((ok, fail) => {
    server.once("error", fail); // a port in use rejects instead of crashing the process
    server.listen(port, hostname, ok);
  });
  const p = (server.address() as { port: number }).port;
  return {
    ...urls(p),
    close: () =>
      new Promise<void>((ok) => {
        server.closeAllConnections?.();
        server.close(() => ok());
      }),
  };
}
