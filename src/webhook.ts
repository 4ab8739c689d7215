/**
 * Receiving AuthRocket 1 webhooks in a fetch handler. AuthRocket 1 signs nothing, so the body
 * proves nothing: its documented way to trust a webhook is to take only the event id from it
 * and read the event back through the API with your API key. That is all this does.
 * @module
 */
import { readLimited } from "./body.ts";
import type { AuthRocket } from "./client.ts";
import { RecordNotFound } from "./api_errors.ts";
import type { Event } from "./resources/event.ts";

/** Event ids as the API mints them; anything else is not looked up. */
const EVENT_ID = /^ev_[A-Za-z0-9]{1,64}$/;
/**
 * An event's JSON is a few KB; a larger body is not a webhook. 64 KiB, written as a literal:
 * `64 * 1024` stays in every bundle that imports this module, used or not.
 */
const MAX_BODY = 65_536;

/** Why a request was not a webhook to act on, as the status a sender should get. */
type Refusal = { status: 400 | 404 | 405 | 413 | 415; error: string };

/** The event a webhook names, read through the API, or why there is none. */
async function readEvent(req: Request, client: AuthRocket): Promise<Event | Refusal> {
  if (req.method !== "POST") return { status: 405, error: "Webhooks are POSTed" };
  const type = req.headers.get("content-type")?.split(";")[0].trim().toLowerCase();
  if (type !== "application/json") return { status: 415, error: "Expected application/json" };
  const text = await readLimited(req, MAX_BODY);
  if (text === null) return { status: 413, error: "Body too large for a webhook" };
  let id: unknown;
  try {
    id = (JSON.parse(text) as { id?: unknown } | null)?.id;
  } catch {
    return { status: 400, error: "Malformed JSON" };
  }
  if (typeof id !== "string" || !EVENT_ID.test(id)) {
    return { status: 400, error: "No event id (ev_…) in the body" };
  }
  try {
    return await client.events.find(id);
  } catch (e) {
    if (e instanceof RecordNotFound) return { status: 404, error: "No such event" };
    throw e; // the API could not answer: the sender should try again later
  }
}

const refused = (r: Event | Refusal): r is Refusal => "status" in r && "error" in r;

/**
 * The event a webhook request names, re-read through the API: everything in the body but the
 * event id is ignored. `null` when the request is no webhook to act on (not a POST, not JSON,
 * too large, no `ev_` id, or an id the API does not know — for a realm-scoped client, also an
 * event of another realm). API failures (network, 5xx, a wrong API key) throw.
 *
 * @example
 * ```ts
 * import { AuthRocket } from "@authrocket-edge/sdk";
 * import { receiveEvent } from "@authrocket-edge/sdk/middleware";
 * const ar = new AuthRocket({ url: "https://api-e1.authrocket.com/v1", apiKey: "ko_…" });
 * async function hook(request: Request): Promise<Response> {
 *   const event = await receiveEvent(request, ar);
 *   if (event?.event_type === "user.created") console.log("new user", event.user_id);
 *   return new Response(null, { status: event ? 204 : 400 });
 * }
 * ```
 */
export async function receiveEvent(request: Request, client: AuthRocket): Promise<Event | null> {
  const r = await readEvent(request, client);
  return refused(r) ? null : r;
}

/**
 * What a webhook handler does with an event: a `Response` of its own, or nothing for
 * `204 No Content`. Throwing (or answering non-2xx) makes AuthRocket deliver it again later.
 *
 * @example
 * ```ts
 * import type { WebhookListener } from "@authrocket-edge/sdk/middleware";
 * const onEvent: WebhookListener = async (event) => {
 *   if (event.event_type === "user.deleted") console.log("gone:", event.user_id);
 * };
 * ```
 */
export type WebhookListener = (
  event: Event,
  request: Request,
) => Response | void | Promise<Response | void>;

/**
 * A fetch handler for an app hook's `destination`: it re-reads the event through the API
 * (see {@link receiveEvent}) and passes it to `onEvent`. A request that is no webhook is
 * answered 405 (not POST), 415 (not JSON), 413 (too large), 400 (no `ev_` id) or 404 (an id
 * the API does not know); if the API cannot be reached, 503, so that AuthRocket retries.
 *
 * @example
 * ```ts
 * import { AuthRocket } from "@authrocket-edge/sdk";
 * import { webhookHandler } from "@authrocket-edge/sdk/middleware";
 * const ar = new AuthRocket({ url: "https://api-e1.authrocket.com/v1", apiKey: "ko_…" });
 * const worker = {
 *   fetch: webhookHandler(ar, async (event) => {
 *     if (event.event_type === "user.created") {
 *       const user = await event.user(); // read through the API too
 *       console.log("welcome", user?.email);
 *     }
 *   }),
 * };
 * ```
 */
export function webhookHandler(
  client: AuthRocket,
  onEvent: WebhookListener,
): (request: Request) => Promise<Response> {
  return async (request) => {
    let r: Event | Refusal;
    try {
      r = await readEvent(request, client);
    } catch {
      return Response.json({ error: "Could not read the event from AuthRocket" }, { status: 503 });
    }
    if (refused(r)) {
      const headers: Record<string, string> = r.status === 405 ? { allow: "POST" } : {};
      return Response.json({ error: r.error }, { status: r.status, headers });
    }
    return (await onEvent(r, request)) ?? new Response(null, { status: 204 });
  };
}
