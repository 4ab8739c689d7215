// A raw HTTP/1.x client for hostile-request tests: it writes bytes exactly as given (node:net,
// which Deno and Bun provide too), on 127.0.0.1 only, and reads back the status line and head
// of the first final answer, or that the connection closed without one. Bounded in time.
import { connect } from "node:net";

/** What a server made of one raw request. */
export interface RawOutcome {
  /** The status of the first final (non-1xx) answer, if one arrived. */
  status?: number;
  /** Its status line and headers (latin1), for failure messages. */
  head: string;
  /** The connection was closed (or reset) before an answer. */
  closed: boolean;
  /** Neither an answer nor a close within the time bound. */
  timedOut: boolean;
}

/** The bytes of a latin1 string (every character U+0000–U+00FF is one byte). */
export function latin1(s: string): Uint8Array {
  return Uint8Array.from(s, (c) => c.charCodeAt(0) & 0xff);
}

/**
 * Send `bytes` on a fresh connection to 127.0.0.1:`port`; `halfClose` ends the write side after
 * them (for requests a server would otherwise wait on). Resolves at the first final answer's
 * head, at the close, or after `timeoutMs`.
 */
export function sendRaw(
  port: number,
  bytes: Uint8Array,
  { halfClose = false, timeoutMs = 5_000 }: { halfClose?: boolean; timeoutMs?: number } = {},
): Promise<RawOutcome> {
  return new Promise((resolve) => {
    const sock = connect({ port, host: "127.0.0.1", allowHalfOpen: true });
    let text = "";
    let settled = false;
    const done = (o: Omit<RawOutcome, "head">) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      sock.destroy();
      resolve({ ...o, head: text.slice(0, 400) });
    };
    const timer = setTimeout(() => done({ closed: false, timedOut: true }), timeoutMs);
    sock.on("data", (d: Uint8Array) => {
      for (const b of d) text += String.fromCharCode(b);
      // Skip informational answers (100 Continue) to the first final one.
      for (;;) {
        const end = text.indexOf("\r\n\r\n");
        if (end < 0) return;
        const m = /^HTTP\/\d(?:\.\d)? (\d{3})/.exec(text);
        if (!m) return done({ closed: false, timedOut: false, status: -1 });
        const status = Number(m[1]);
        if (status >= 200 || status < 100) return done({ status, closed: false, timedOut: false });
        text = text.slice(end + 4);
      }
    });
    sock.on("error", () => done({ closed: true, timedOut: false }));
    sock.on("close", () => done({ closed: true, timedOut: false }));
    sock.write(bytes, () => {
      if (halfClose) sock.end();
    });
  });
}

/** What became of a corpus: the failures, and how many requests got an HTTP answer. */
export interface CorpusResult {
  /** Requests not answered deliberately (a 500, another unexpected 5xx, silence, not HTTP). */
  failures: { name: string; got: string }[];
  /** How many got an HTTP answer (the rest: a closed connection). */
  answered: number;
  /** The statuses seen, with their counts (for failure messages). */
  statuses: Record<string, number>;
}

/**
 * Send every case to `port` in turn, each on its own connection, half-closed after its bytes
 * (`{KEY}` replaced by `key`); every `checkEvery` cases and at the end, `healthy()` must still
 * succeed. A 500, or a 5xx other than 501/505, is an unhandled error or a crash.
 */
export async function sendCorpus(
  port: number,
  cases: readonly { name: string; raw: string }[],
  { key = "", healthy, checkEvery = 25 }: {
    key?: string;
    healthy: () => Promise<boolean>;
    checkEvery?: number;
  },
): Promise<CorpusResult> {
  const out: CorpusResult = { failures: [], answered: 0, statuses: {} };
  for (let i = 0; i < cases.length; i++) {
    const c = cases[i];
    const o = await sendRaw(port, latin1(c.raw.replaceAll("{KEY}", key)), { halfClose: true });
    const seen = o.timedOut ? "silence" : o.status === undefined ? "closed" : String(o.status);
    out.statuses[seen] = (out.statuses[seen] ?? 0) + 1;
    if (o.status !== undefined && o.status > 0) out.answered++;
    if (o.timedOut) out.failures.push({ name: c.name, got: "no answer and no close in time" });
    else if (o.status === -1) out.failures.push({ name: c.name, got: `not HTTP: ${o.head}` });
    else if (o.status !== undefined && o.status >= 500 && o.status !== 501 && o.status !== 505) {
      out.failures.push({ name: c.name, got: o.head });
    }
    if ((i + 1) % checkEvery === 0 || i === cases.length - 1) {
      if (!(await healthy().catch(() => false))) {
        out.failures.push({ name: c.name, got: "the server stopped serving after it" });
        break;
      }
    }
  }
  return out;
}
