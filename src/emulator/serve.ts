/**
 * The emulator's one runtime-specific file: serve a fetch handler over HTTP on 127.0.0.1 with
 * Deno.serve, Bun.serve or node:http. Whatever a socket delivers gets a deliberate answer
 * (400, 405, 413 …) or a closed connection, never a crash: see {@link guard}.
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

/** Methods a fetch `Request` cannot carry (Node's refuses them): answered alike everywhere. */
const FORBIDDEN = new Set(["CONNECT", "TRACE", "TRACK"]);

/** A deliberate refusal in the emulator's JSON error shape; the connection is not reused. */
function refusal(status: number, error: string, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify({ error }), {
    status,
    headers: { "content-type": "application/json", connection: "close", ...headers },
  });
}

const BAD_URL = "Bad request: its target and Host header make no URL";
const BAD_BODY = "Bad request: its body was cut short or badly framed";

/** Whether `url` parses (a Host such as `a b` or `127.0.0.1:99999` makes one that does not). */
function parses(url: string): boolean {
  try {
    new URL(url);
    return true;
  } catch {
    return false;
  }
}

/** A body stream over `next` that calls `failed` when reading fails (an upload cut short). */
function watched(
  next: () => Promise<IteratorResult<Uint8Array>>,
  stop: () => void,
  failed: () => void,
): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { done, value } = await next();
        if (done) controller.close();
        else controller.enqueue(new Uint8Array(value));
      } catch (e) {
        failed();
        controller.error(e);
      }
    },
    cancel: stop,
  });
}

/** One request as a runtime delivered it: the `Request` (if one could be built) and its fate. */
interface Delivered {
  request?: Request;
  /** The URL string it was built from (checked only when something went wrong). */
  url: string;
  /** `true` once reading its body has failed. */
  bodyFailed(): boolean;
}

/**
 * Answer one delivered request: 405 for a method no `Request` carries, 400 when its target
 * and Host make no URL, 400 when its body failed while read (whatever the handler made of
 * that), and 400 or 500 when the handler throws. Never rejects.
 */
async function answer(handler: Handler, method: string, d: Delivered): Promise<Response> {
  if (FORBIDDEN.has(method.toUpperCase())) {
    return refusal(405, "Method not allowed", { allow: "GET, HEAD, POST, PUT, DELETE" });
  }
  if (!d.request) return refusal(400, parses(d.url) ? BAD_BODY : BAD_URL);
  let res: Response;
  try {
    res = await handler(d.request);
  } catch {
    if (d.bodyFailed()) return refusal(400, BAD_BODY);
    return parses(d.url) ? refusal(500, "Emulator error") : refusal(400, BAD_URL);
  }
  if (!d.bodyFailed()) return res;
  await res.body?.cancel().catch(() => {});
  return refusal(400, BAD_BODY);
}

/**
 * `handler` for the Request a web-style server (Deno.serve, Bun.serve) hands over, answered as
 * {@link answer} says: its body is watched, so that an upload cut short is a 400, not the 500
 * of a handler that could not read it.
 */
export function guard(handler: Handler): Handler {
  return (req) => {
    let failed = false;
    let request = req;
    if (req.body && !FORBIDDEN.has(req.method.toUpperCase())) {
      const reader = req.body.getReader();
      const body = watched(
        () => reader.read() as Promise<IteratorResult<Uint8Array>>,
        () => void reader.cancel().catch(() => {}),
        () => (failed = true),
      );
      try {
        request = new Request(req.url, {
          method: req.method,
          headers: req.headers,
          body,
          duplex: "half",
        } as RequestInit);
      } catch {
        return answer(handler, req.method, { url: req.url, bodyFailed: () => false });
      }
    }
    return answer(handler, req.method, { request, url: req.url, bodyFailed: () => failed });
  };
}

/**
 * Serve `handler` on `hostname` (default 127.0.0.1; port 0 picks a free one). The URLs name
 * the host as given, except that a wildcard address is reached through the loopback one. The
 * server is the first of `Deno`, `Bun` and Node's `process` found in `runtime` (the globals;
 * a test passes only one, so that every runtime's server is tested in each).
 */
export async function serve(
  handler: Handler,
  port: number,
  hostname = "127.0.0.1",
  runtime: object = globalThis,
): Promise<EmulatorServer> {
  const g = runtime as Record<string, unknown>;
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
      guard(handler),
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
    const server = bun.serve({ hostname, port, fetch: guard(handler) });
    return { ...urls(server.port), close: () => Promise.resolve(server.stop(true)) };
  }
  return await serveNode(g, handler, port, hostname, urls);
}

type NodeHttp = typeof import("node:http");

/** Node: node:http, with the Request built here (any failure to build it is a 400). */
async function serveNode(
  g: Record<string, unknown>,
  handler: Handler,
  port: number,
  hostname: string,
  urls: (p: number) => { url: string; loginUrl: string },
): Promise<EmulatorServer> {
  // Through process.getBuiltinModule (Node ≥ 20.16), not an import, so that bundles of
  // testing.ts for Workers and browsers carry no reference to a Node built-in.
  const proc = g.process as { getBuiltinModule?(id: string): unknown } | undefined;
  if (typeof proc?.getBuiltinModule !== "function") {
    throw new Error("emu.listen() needs Deno, Bun or Node ≥ 20.16 (use emu.fetch elsewhere)");
  }
  const http = proc.getBuiltinModule("node:http") as NodeHttp;
  const server = http.createServer((req, res) => {
    // The body streams into the handler (which stops reading at its limit), never buffered
    // whole here: a huge upload must not cost its size in memory.
    let abandoned = false;
    let failed = false;
    const method = req.method!; // always set on a server's request
    const target = req.url!;
    // An absolute-form target names its own URL; an origin-form one is read against Host.
    const url = target.startsWith("/")
      ? `http://${req.headers.host ?? "127.0.0.1"}${target}`
      : target;
    let request: Request | undefined;
    try {
      const iterator = req[Symbol.asyncIterator]();
      const body = watched(
        () => iterator.next() as Promise<IteratorResult<Uint8Array>>,
        () => (abandoned = true),
        () => (failed = true),
      );
      const headers = new Headers();
      for (const [k, v] of Object.entries(req.headers)) {
        if (typeof v === "string") headers.set(k, v);
      }
      request = new Request(url, {
        method,
        headers,
        body: method === "GET" || method === "HEAD" ? undefined : body,
        duplex: "half",
      } as RequestInit);
    } catch { /* answered 400 (or 405) below */ }
    const reply = async () => {
      const response = await answer(handler, method, { request, url, bodyFailed: () => failed });
      const out: Record<string, string | string[]> = {};
      response.headers.forEach((v, k) => (out[k] = v));
      // forEach gives each Set-Cookie apart, so under one key the last would replace the rest
      // (an empty list writes none).
      out["set-cookie"] = response.headers.getSetCookie();
      // A body left unread (or a request refused before it): answer, then close the
      // connection rather than read the rest.
      const unread = abandoned || !request || response.headers.get("connection") === "close";
      if (unread) out.connection = "close";
      res.writeHead(response.status, out);
      res.end(new Uint8Array(await response.arrayBuffer()), () => {
        if (unread) req.socket.destroy();
      });
    };
    // Nothing a request does may become an unhandled rejection (Node would exit on it).
    reply().catch(() => req.socket.destroy());
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
        server.closeAllConnections(); // Node ≥ 18.2; Deno's and Bun's node:http have it
        server.close(() => ok());
      }),
  };
}
