/**
 * Webhook delivery: an event matching an active webhook gets a Notification (embedded in
 * the event, as `GET events/:id` shows it) and a pending delivery in the store's `jobs`. A
 * delivery POSTs the event's JSON to the hook's `destination` after the hook's `delay`; a
 * non-2xx answer or a network error is retried with a doubling backoff for about two days,
 * every attempt recorded on the notification (`attempts`, `state`, `last_result`, …).
 * @module
 */
import type { FetchLike } from "../config.ts";
import type { Kernel, Rec } from "./kernel.ts";

/** Seconds before the first retry; each next one waits twice as long. */
export const FIRST_RETRY_S = 15;
/** Attempts before a delivery is given up (15 s doubling: the last one is ~2 days in). */
export const MAX_ATTEMPTS = 14;
/** How long an attempt may take before it counts as failed. */
const ATTEMPT_TIMEOUT_MS = 10_000;
/**
 * The longest `delay` an app hook may have, in seconds (30 days); a longer or negative one is
 * refused with 422. Delays past a timer's range (2^31 − 1 ms, 24.8 days) are waited out in
 * steps of at most that range.
 */
export const MAX_DELAY_S = 30 * 86_400;
/** The longest wait `setTimeout` keeps: a longer one fires at once (Node warns, then 1 ms). */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** A delivery waiting for its time. */
interface Job {
  eventId: string;
  hookId: string;
  /** When it is due, in seconds on the emulator's clock. */
  due: number;
}

/**
 * Options of webhook delivery (see `EmulatorOptions.webhooks`).
 *
 * @example
 * ```ts
 * import { createEmulator } from "@authrocket-edge/sdk/testing";
 * import type { WebhookOptions } from "@authrocket-edge/sdk/testing";
 * const webhooks: WebhookOptions = { timers: false }; // delivered on emu.deliverWebhooks() only
 * const emu = createEmulator({ webhooks });
 * ```
 */
export interface WebhookOptions {
  /** The fetch that POSTs webhooks (default: the global `fetch`). */
  fetch?: FetchLike;
  /**
   * Run due deliveries on timers (default true). With `false`, deliveries happen only when
   * `emu.deliverWebhooks()` is called: tests drive them with an injected clock.
   */
  timers?: boolean;
}

/** A destination as notifications show it: basic-auth credentials in the URL masked. */
function shown(destination: unknown): string {
  try {
    const u = new URL(String(destination));
    if (u.password) u.password = "xxxxx";
    return u.href;
  } catch {
    return String(destination);
  }
}

/** Whether a hook wants an event of this type in this realm. */
function wants(hook: Rec, type: string, realmId: unknown): boolean {
  if (hook.state === "inactive" || hook.hook_type !== "webhook" || !hook.destination) return false;
  if (hook.realm_id && hook.realm_id !== realmId) return false;
  const types = typeof hook.event_type === "string" ? [hook.event_type] : hook.event_type;
  // An empty list means every event, including future types (spec 5.9).
  return !Array.isArray(types) || types.length === 0 || types.includes(type);
}

/** Queue a notification of `event` for `hook`, due after `delay` (default: the hook's). */
export function enqueue(k: Kernel, event: Rec, hook: Rec, delay = Number(hook.delay)): void {
  const n: Rec = {
    id: k.newId("ent_"),
    object: "notification",
    app_hook_id: hook.id,
    event_id: event.id,
    hook_type: hook.hook_type,
    state: "in_progress",
    attempts: 0,
    last_attempt_at: null,
    last_destination: shown(hook.destination),
    last_result: null,
  };
  (event.notifications as Rec[]).push(n);
  k.store.put("event", event);
  const wait = delay > 0 ? delay : 0;
  const job: Job = { eventId: event.id as string, hookId: hook.id as string, due: k.ts() + wait };
  k.store.setKv("jobs", n.id as string, job);
}

/** Queue the notifications a new event earns. */
export function notify(k: Kernel, event: Rec): void {
  for (const hook of k.store.values("app_hook")) {
    if (wants(hook, event.event_type as string, event.realm_id)) enqueue(k, event, hook);
  }
}

/** The delivery machinery of one emulator. */
export interface Deliverer {
  /** Attempt every due delivery now; how many attempts were made. */
  deliverDue(): Promise<number>;
  /** Arm a timer for the next due delivery (timers mode). */
  arm(): void;
}

/**
 * Deliveries. `transact` runs a change to the store in turn and commits it, so that every
 * attempt's record is as durable as a request's.
 */
export function deliverer(
  k: Kernel,
  options: WebhookOptions,
  transact: (f: () => void) => Promise<unknown>,
): Deliverer {
  const post = options.fetch ?? ((input, init) => fetch(input, init));
  const inflight = new Set<string>();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let armedFor = Infinity;

  /** One attempt: POST, then record the result (or cancel when the hook is gone). */
  async function attempt(nid: string, job: Job): Promise<void> {
    let body = "";
    let destination = "";
    await transact(() => {
      const event = k.store.get("event", job.eventId);
      const hook = k.store.get("app_hook", job.hookId);
      const n = (event?.notifications as Rec[] | undefined)?.find((x) => x.id === nid);
      if (!event || !n) return void k.store.setKv("jobs", nid, undefined);
      if (!hook || hook.state === "inactive" || !hook.destination) {
        n.state = "canceled";
        k.store.put("event", event);
        return void k.store.setKv("jobs", nid, undefined);
      }
      destination = String(hook.destination);
      body = JSON.stringify(k.out(k.def("event"), event));
    });
    if (!destination) return;
    let result: string;
    let ok = false;
    try {
      // Credentials in the URL (one of AuthRocket 1's documented ways to trust a webhook)
      // travel as basic auth: fetch refuses a URL that carries them.
      const url = new URL(destination);
      const headers: Record<string, string> = {
        "content-type": "application/json",
        "user-agent": "AuthRocket-Emulator",
      };
      if (url.username || url.password) {
        const pair = `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`;
        headers.authorization = `Basic ${
          btoa(String.fromCharCode(...new TextEncoder().encode(pair)))
        }`;
        url.username = url.password = "";
      }
      // A redirect is not followed (it would re-POST the event to wherever it points): a
      // 3xx is an attempt that failed, as any answer but a 2xx.
      const res = await post(url.href, {
        method: "POST",
        headers,
        body,
        redirect: "manual",
        signal: AbortSignal.timeout(ATTEMPT_TIMEOUT_MS),
      });
      ok = res.status >= 200 && res.status < 300;
      result = `HTTP ${res.status}`;
      await res.body?.cancel();
    } catch (e) {
      result = `Error: ${(e as Error).name}`;
    }
    await transact(() => {
      const event = k.store.get("event", job.eventId);
      const n = (event?.notifications as Rec[] | undefined)?.find((x) => x.id === nid);
      if (!event || !n) return void k.store.setKv("jobs", nid, undefined);
      n.attempts = Number(n.attempts ?? 0) + 1;
      n.last_attempt_at = k.ts();
      n.last_destination = shown(destination);
      n.last_result = result;
      const attempts = n.attempts as number;
      if (ok || attempts >= MAX_ATTEMPTS) {
        n.state = ok ? "completed" : "failed";
        k.store.setKv("jobs", nid, undefined);
      } else {
        const wait = FIRST_RETRY_S * 2 ** (attempts - 1);
        k.store.setKv("jobs", nid, { ...job, due: k.ts() + wait });
      }
      k.store.put("event", event);
    });
  }

  async function deliverDue(): Promise<number> {
    const now = k.ts();
    const due = k.store.entries<Job>("jobs").filter(([id, j]) => j.due <= now && !inflight.has(id))
      .sort((a, b) => a[1].due - b[1].due);
    for (const [id] of due) inflight.add(id);
    try {
      await Promise.all(due.map(([id, job]) => attempt(id, job)));
    } finally {
      for (const [id] of due) inflight.delete(id);
    }
    arm();
    return due.length;
  }

  function arm(): void {
    if (options.timers === false) return;
    let next = Infinity;
    for (const [id, j] of k.store.entries<Job>("jobs")) {
      if (!inflight.has(id)) next = Math.min(next, j.due);
    }
    if (next === Infinity || next >= armedFor) return;
    if (timer !== undefined) clearTimeout(timer);
    armedFor = next;
    // A wait past the timer's range is taken in steps: the early wake-up finds nothing due and
    // arms the next step.
    timer = setTimeout(() => {
      timer = undefined;
      armedFor = Infinity;
      void deliverDue();
    }, Math.min(MAX_TIMER_MS, Math.max(0, (next - k.ts()) * 1000)));
    // Node: a pending webhook does not keep the process alive on its own.
    (timer as { unref?: () => void }).unref?.();
  }

  return { deliverDue, arm };
}
