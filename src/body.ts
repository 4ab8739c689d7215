/**
 * A body's text, read within a size limit: the one reader of every body that comes from the
 * network — requests to the handlers that take them (webhook receivers, the emulator's API and
 * pages) and the API's responses (src/response.ts, under `maxResponseBytes`).
 * @module
 */

/**
 * Give up on a body: cancel its stream without waiting, and never throw (a stream whose source
 * fails to cancel, or one already locked, is no reason to fail the request). Not awaited: the
 * cancel of one branch of a teed body (a cloned Response) resolves only when the other branch is
 * cancelled too.
 */
function abandon(stream: { cancel(): Promise<void> } | null | undefined): void {
  try {
    stream?.cancel().catch(() => {});
  } catch { /* a cancel that throws at once: the body is given up all the same */ }
}

/**
 * A body's text, read within `limit` bytes; `null` when it is larger. The declared
 * `Content-Length` is checked first (and the body cancelled unread); then bytes are counted as
 * they stream and the stream is cancelled at the limit, so that an oversized upload costs at
 * most `limit` bytes of memory (counted after decompression, which `Content-Length` does not
 * bound). Decoded as UTF-8 as `Request.text()` does (a BOM dropped, malformed bytes as U+FFFD).
 */
export async function readLimited(req: Request | Response, limit: number): Promise<string | null> {
  const declared = Number(req.headers.get("content-length") ?? "0");
  if (declared > limit) {
    abandon(req.body);
    return null;
  }
  if (!req.body) return "";
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      abandon(reader);
      return null;
    }
    chunks.push(value);
  }
  // One chunk (an answer in memory, a small one off the network) is decoded as it came.
  if (chunks.length === 1) return UTF8.decode(chunks[0]);
  const all = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    all.set(c, at);
    at += c.byteLength;
  }
  return UTF8.decode(all);
}

// Pure: a bundle that never reads a body (verify-only) drops it.
const UTF8 = /* @__PURE__ */ new TextDecoder();
