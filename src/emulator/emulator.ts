/**
 * The embedded AuthRocket 1 emulator: an in-memory API driven by the same resource table as
 * the client, served through a fetch-compatible function. Runs on Web APIs alone.
 * @module
 */
import { AuthRocket } from "../client.ts";
import type { AuthRocketConfig, FetchLike } from "../config.ts";
import { present } from "./crud.ts";
import { loginRocket } from "./hosted.ts";
import { json, type Kernel, newStore, notFound, randomB62 } from "./kernel.ts";
import { checkBehaviour } from "./resources/index.ts";
import { MAX_BODY, parseApi, readBody, routeApi } from "./router.ts";
import { deliverer, enqueue, notify, type WebhookOptions } from "./webhook_delivery.ts";
import { grant } from "./social.ts";
import type { Change, Store } from "./store.ts";
import { DEFS } from "./table.ts";
import { base32Decode, totp } from "./totp.ts";

/**
 * Options of {@link createEmulator}.
 *
 * @example
 * ```ts
 * import { createEmulator, type EmulatorOptions } from "@authrocket-edge/sdk/testing";
 * const options: EmulatorOptions = { apiKey: "ko_test", now: () => Date.UTC(2026, 0, 1), passwordIterations: 1_000 };
 * const emu = createEmulator(options);
 * ```
 */
export interface EmulatorOptions {
  /** The API key the emulator accepts (default: a random `ko_…`). */
  apiKey?: string;
  /** The clock, in ms since the epoch (default: `Date.now`). */
  now?: () => number;
  /** PBKDF2 iterations for stored passwords (default 10,000; lower it in big test suites). */
  passwordIterations?: number;
  /**
   * Called after a request (or a webhook attempt) changed the store, with its changes, and
   * awaited before the response is returned: a persistence layer makes them durable here. If
   * it rejects, the request is answered 500 (the change is then in memory but not durable:
   * a persistence layer should stop serving). See the store module for the contract.
   */
  onCommit?: (changes: Change[]) => Promise<void> | void;
  /**
   * Deliver app hooks' webhooks (off unless given, so that a test suite's hooks POST nowhere
   * by accident): `{}` delivers on timers with the global fetch; `{ timers: false }` only
   * when {@link Emulator.deliverWebhooks} is called (tests with an injected clock).
   */
  webhooks?: WebhookOptions;
}

/**
 * A running emulator server.
 *
 * @example
 * ```ts
 * import { AuthRocket } from "@authrocket-edge/sdk";
 * import { createEmulator } from "@authrocket-edge/sdk/testing";
 * const emu = createEmulator();
 * const server = await emu.listen();
 * const ar = new AuthRocket({ url: server.url, apiKey: emu.apiKey, loginUrl: server.loginUrl });
 * await server.close();
 * ```
 */
export interface EmulatorServer {
  /** The API base URL, `http://127.0.0.1:<port>/v1`. */
  url: string;
  /** The hosted login pages' base URL (LoginRocket), ending in `/`. */
  loginUrl: string;
  /** Stop the server. */
  close(): Promise<void>;
}

/**
 * The emulator.
 *
 * @example
 * ```ts
 * import { createEmulator, type Emulator } from "@authrocket-edge/sdk/testing";
 * const emu: Emulator = createEmulator();
 * const server = await emu.listen(); // or emu.client() for no network at all
 * console.log(server.url, emu.apiKey);
 * await server.close();
 * ```
 */
export interface Emulator {
  /** The API key it accepts. */
  readonly apiKey: string;
  /** A fetch-compatible function serving the API (`/v1/…`) and the hosted login pages. */
  readonly fetch: FetchLike;
  /** The origin used by the injected fetch (`http://authrocket.emulator`). */
  readonly origin: string;
  /** An `AuthRocket` client wired to this emulator through `fetch` (no network). */
  client(config?: AuthRocketConfig): AuthRocket;
  /** Serve the same over real HTTP on 127.0.0.1 (Deno, Bun or Node). */
  listen(options?: { port?: number }): Promise<EmulatorServer>;
  /** Handle one request (what `fetch` and the server call). */
  handle(request: Request): Promise<Response>;
  /**
   * The current 6-digit code of a TOTP credential's `otp_secret` (what the user's authenticator
   * app would show), on the emulator's clock.
   */
  totp(otpSecret: string): Promise<string>;
  /**
   * All of the emulator's state (records, ids, password hashes, tokens in flight, events,
   * pending webhooks): `snapshot()`, `restore()`, `takeChanges()`, `apply()`.
   */
  readonly store: Store;
  /**
   * An access token for a social auth provider, as a native SDK would obtain it, for
   * `provider.authorizeToken({ access_token })`: the emulated provider vouches for `profile`
   * for an hour on the emulator's clock (the codes of the consent page live 10 minutes).
   */
  socialAccessToken(providerId: string, profile: { email: string; name?: string }): string;
  /**
   * Attempt every webhook delivery that is due on the emulator's clock; how many attempts
   * were made (0 when webhooks are off). Also resumes deliveries after `store.restore()`.
   */
  deliverWebhooks(): Promise<number>;
  /**
   * Send a `ping` event to one app hook (the URL test), queued due now; the event as
   * `GET events/:id` shows it. Needs `webhooks` on.
   */
  ping(appHookId: string): Promise<Record<string, unknown>>;
}

/**
 * Create an in-memory AuthRocket 1.
 *
 * @example
 * ```ts
 * import { createEmulator } from "@authrocket-edge/sdk/testing";
 * const emu = createEmulator();
 * const ar = emu.client();
 * const realm = await ar.realms.createOrThrow({ name: "Test" });
 * ```
 */
export function createEmulator(options: EmulatorOptions = {}): Emulator {
  checkBehaviour();
  const apiKey = options.apiKey ?? `ko_${randomB62(24)}`;
  const now = options.now ?? Date.now;
  const origin = "http://authrocket.emulator";
  const store = newStore();
  const k: Kernel = {
    store,
    now,
    ts: () => now() / 1000,
    iterations: options.passwordIterations ?? 10_000,
    newId: (prefix) => `${prefix}${store.nextSeq().toString(36).padStart(6, "0")}${randomB62(15)}`,
    def: (object) => DEFS[object],
    event(type, ids, request) {
      const ev = store.put("event", {
        id: k.newId("ev_"),
        event_type: type,
        event_at: k.ts(),
        created_at: k.ts(),
        ...ids,
        request: request && typeof request === "object" ? request : null,
        notifications: [],
      });
      if (options.webhooks) notify(k, ev);
      return ev;
    },
    out: (def, r, view) => present(k, def, r, view),
  };

  // Requests are handled one at a time from routing to commit, so that concurrent requests
  // cannot interleave half-writes and each commit carries exactly one request's changes.
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(f: () => T | Promise<T>): Promise<T> => {
    const p = queue.then(f, f);
    queue = p.catch(() => {});
    return p;
  };
  /** Run `f` in turn, then hand what it changed to `onCommit` before answering. */
  const commit = <T>(f: () => T | Promise<T>): Promise<T> =>
    serial(async () => {
      let out: T;
      try {
        out = await f();
      } finally {
        if (options.onCommit && store.changed) {
          await Promise.resolve(options.onCommit(store.takeChanges())).catch(() => {
            throw new Error("the change could not be made durable");
          });
        } else store.dropChanges();
      }
      return out;
    });
  const hooks = deliverer(k, options.webhooks ?? { timers: false }, commit);
  /** A request's turn: errors and a failed commit are answered 500, never thrown. */
  const transact = async (f: () => Response | Promise<Response>): Promise<Response> => {
    try {
      return await commit(f);
    } catch (e) {
      const msg = (e as Error).message;
      return json(500, { error: `Emulator error: ${msg}` });
    } finally {
      if (options.webhooks) hooks.arm();
    }
  };

  /**
   * Handle a request. The in-process fetch also hands over the URL it parsed and the body
   * string it was given, so that neither is parsed or streamed a second time.
   */
  async function serve(req: Request, parsedUrl?: URL, given?: string): Promise<Response> {
    let url: URL;
    try {
      url = parsedUrl ?? new URL(req.url);
    } catch {
      return json(400, { error: "Bad request" });
    }
    const parts = url.pathname.split("/").filter(Boolean);
    try {
      if (parts[0] === "v1") {
        const parsed = await parseApi(apiKey, req, parts.slice(1), url.searchParams, given);
        if ("response" in parsed) return parsed.response;
        return await transact(() => routeApi(k, parsed));
      }
      if (parts[0] === "lr") {
        // A POST's body text (null: over the limit), parsed by the page or the API it is for.
        const text = req.method === "POST" ? await readBody(req, given, MAX_BODY) : undefined;
        return await transact(() => loginRocket(k, req, parts.slice(1), url.searchParams, text));
      }
      return notFound();
    } catch (e) {
      return json(500, { error: `Emulator error: ${(e as Error).message}` });
    }
  }
  const handle = (req: Request) => serve(req);

  const fetchFn: FetchLike = (input, init) => {
    if (input instanceof Request) return handle(new Request(input, init));
    const url = new URL(String(input), origin);
    // The emulator never reads a request's signal, and a signal that follows the caller's
    // costs as much as the rest of the Request: it is left off.
    const req = new Request(url, init?.signal ? { ...init, signal: undefined } : init);
    const body = init?.body;
    return serve(req, url, typeof body === "string" ? body : undefined);
  };

  return {
    apiKey,
    fetch: fetchFn,
    origin,
    handle,
    store,
    client: (config = {}) =>
      new AuthRocket({
        url: `${origin}/v1`,
        apiKey,
        loginUrl: `${origin}/lr/`,
        fetch: fetchFn,
        ...config,
      }),
    listen: async (o = {}) => {
      const { serve } = await import("./serve.ts");
      return serve(handle, o.port ?? 0);
    },
    totp: (otpSecret) => {
      const bytes = base32Decode(otpSecret);
      if (!bytes) throw new TypeError("Not a base32 TOTP secret");
      return totp(bytes, Math.floor(k.ts()));
    },
    socialAccessToken: (providerId, profile) => grant(k, providerId, { ...profile }),
    deliverWebhooks: () => options.webhooks ? hooks.deliverDue() : Promise.resolve(0),
    ping: async (appHookId) => {
      if (!options.webhooks) throw new TypeError("emu.ping needs createEmulator({ webhooks })");
      const ev = await commit(() => {
        const hook = store.get("app_hook", appHookId);
        if (!hook) throw new TypeError(`No app hook ${appHookId}`);
        const ev = store.put("event", {
          id: k.newId("ev_"),
          event_type: "ping",
          event_at: k.ts(),
          created_at: k.ts(),
          app_hook_id: hook.id,
          realm_id: hook.realm_id ?? null,
          request: null,
          notifications: [],
        });
        enqueue(k, ev, hook, 0);
        return ev;
      });
      hooks.arm();
      return present(k, DEFS.event, ev);
    },
  };
}
