// A loopback HTTP server for transport tests: on 127.0.0.1, port 0, recording every request.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface Hit {
  method: string;
  url: string;
  headers: IncomingMessage["headers"];
  body: string;
}

/** A loopback server recording every request; `answer` writes the response. */
export async function serve(answer: (hit: Hit, res: ServerResponse) => void) {
  const hits: Hit[] = [];
  const server: Server = createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      const hit = { method: req.method!, url: req.url!, headers: req.headers, body };
      hits.push(hit);
      answer(hit, res);
    });
  });
  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
  const port = (server.address() as AddressInfo).port;
  return {
    hits,
    origin: `http://127.0.0.1:${port}`,
    host: `127.0.0.1:${port}`,
    close: () => {
      server.closeAllConnections?.();
      return new Promise<void>((ok) => server.close(() => ok()));
    },
  };
}
