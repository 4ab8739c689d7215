/**
 * The router: the API key, bodies read within a limit while they stream, the realm a request
 * names, actions before verbs, and the verbs over the CRUD engine.
 * @module
 */
import { readLimited } from "../body.ts";
import { find, insert, remove, update } from "./crud.ts";
import { errors, json, type Kernel, notFound, type Rec } from "./kernel.ts";
import { MAX_DEPTH, unstorable } from "./limits.ts";
import { list } from "./paging.ts";
import { BEHAVIOUR } from "./resources/index.ts";
import { DEFS } from "./table.ts";
import type { ResourceDef } from "../record.ts";

/** The largest request body accepted, in bytes (API and hosted pages alike). */
export const MAX_BODY = 256 * 1024;

const byPath = new Map<string, ResourceDef>(
  Object.values(DEFS).filter((d) => d.path).map((d) => [d.path, d]),
);

// What a stream's UTF-8 round trip would change: lone surrogates (→ U+FFFD) and a leading BOM
// (dropped). A body string with any of these (or a pair, to keep the test simple) is streamed.
const REENCODED = /[\uD800-\uDFFF\uFEFF]/;

/**
 * A body's text, within `limit` bytes: `given` (the string an in-process fetch was handed) when
 * streaming it would decode to the same text and it is surely within the limit (3 bytes a
 * UTF-16 unit at most), else the body read by {@link readLimited}.
 */
export function readBody(
  req: Request,
  given: string | undefined,
  limit = MAX_BODY,
): Promise<string | null> | string {
  if (given !== undefined && given.length * 3 <= limit && !REENCODED.test(given)) return given;
  return readLimited(req, limit);
}

/** A request read and checked, ready to route (the parts that need no store). */
export type Parsed = { response: Response } | {
  req: Request;
  path: string[];
  query: URLSearchParams;
  body: Rec;
};

/**
 * Check the key, read and parse the body (`given`: the body string of an in-process fetch):
 * everything before the store is touched.
 */
export async function parseApi(
  apiKey: string,
  req: Request,
  path: string[],
  query: URLSearchParams,
  given?: string,
): Promise<Parsed> {
  const key = req.headers.get("x-authrocket-api-key");
  if (key !== apiKey) {
    await req.body?.cancel().catch(() => {});
    return { response: json(403, { error: "Access denied" }) };
  }
  let body: Rec = {};
  if (req.method === "POST" || req.method === "PUT" || req.method === "DELETE") {
    const text = await readBody(req, given);
    if (text === null) return { response: json(413, { error: "Request too large" }) };
    if (text.trim()) {
      const ct = req.headers.get("content-type") ?? "";
      if (!ct.startsWith("application/json")) {
        return { response: json(415, { error: "Unsupported content type" }) };
      }
      try {
        const parsed = JSON.parse(text);
        if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) throw new Error();
        body = parsed;
      } catch {
        return { response: json(400, { error: "Malformed JSON" }) };
      }
      // Parsing is iterative, but every response, change and snapshot is a JSON.stringify,
      // which recurses: a body it cannot write back is refused before anything is stored.
      if (unstorable(body)) {
        const error = `Body nested deeper than ${MAX_DEPTH} levels (objects and arrays)`;
        return { response: json(400, { error }) };
      }
    }
  }
  return { req, path, query, body };
}

const isObject = (v: unknown): v is Rec => !!v && typeof v === "object" && !Array.isArray(v);
const str = (v: unknown) => (typeof v === "string" && v ? v : undefined);

/** Route a parsed API request. */
export async function routeApi(
  k: Kernel,
  { req, path, query, body }: { req: Request; path: string[]; query: URLSearchParams; body: Rec },
): Promise<Response> {
  const [resource, rawId, action, extra] = path;
  const def = byPath.get(resource);
  if (!def || extra !== undefined) return notFound();
  let id: string | undefined;
  try {
    id = rawId === undefined ? undefined : decodeURIComponent(rawId);
  } catch {
    return notFound();
  }
  const wrapped = body[def.object];
  if (wrapped !== undefined && !isObject(wrapped)) {
    return errors(400, def.object, `${def.object} must be an object of attributes`);
  }
  if (body.request !== undefined && body.request !== null && !isObject(body.request)) {
    return errors(400, "request", "request must be an object");
  }
  const root = (wrapped ?? body) as Rec;
  // The realm the request names: inside the body, then the query, then the header.
  const realm = str(root.realm_id) ?? str(body.realm_id) ?? str(query.get("realm_id")) ??
    str(req.headers.get("x-authrocket-realm"));
  const request = body.request ?? null;
  const verbs = def.verbs; // five at most: no Set per request
  const m = req.method;

  // Actions: `METHOD :id/name` on a record, `METHOD name` on the collection.
  const handlers = BEHAVIOUR[def.object]?.actions;
  if (handlers && id !== undefined) {
    const h = action !== undefined ? handlers[`${m} :id/${action}`] : handlers[`${m} ${id}`];
    if (h) {
      const at = id; // (a closure does not keep the narrowing of a `let`)
      const record = () => find(k, def, at, realm);
      return await h({ k, def, req, id, body, root, request, query, realm, record });
    }
  }
  if (action !== undefined) return notFound();

  if (id === undefined) {
    if (m === "GET" && verbs.includes("list")) return list(k, def, query, realm);
    if (m === "POST" && verbs.includes("create")) {
      const r = await insert(k, def, root, realm, request);
      return "errors" in r ? errors(422, "base", ...r.errors) : json(201, k.out(def, r.rec));
    }
    return json(405, { error: "Method not allowed" });
  }
  const rec = find(k, def, id, realm);
  if (!rec) return notFound();
  if (m === "GET" && verbs.includes("get")) {
    const state = query.get("state");
    if (state && rec.state !== state) return notFound();
    return json(200, k.out(def, rec));
  }
  if (m === "PUT" && verbs.includes("update")) {
    const r = await update(k, def, rec, root, request);
    return "errors" in r ? errors(422, r.field, ...r.errors) : json(200, k.out(def, r.rec));
  }
  if (m === "DELETE" && verbs.includes("delete")) {
    remove(k, def, rec, request);
    return new Response(null, { status: 204 });
  }
  return json(405, { error: "Method not allowed" });
}
