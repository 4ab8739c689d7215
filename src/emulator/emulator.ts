/**
 * The embedded AuthRocket 1 emulator: an in-memory API driven by the same resource table as
 * the client, served through a fetch-compatible function. Runs on Web APIs alone.
 * @module
 */
import { AuthRocket } from "../client.ts";
import type { AuthRocketConfig, FetchLike } from "../config.ts";
import { RESOURCE_TABLE } from "../resources/index.ts";
import { checkActions } from "./actions.ts";
import { loginRocket } from "./hosted.ts";
import { json, type Kernel, newStore, notFound, randomB62 } from "./kernel.ts";
import { messagePage } from "./pages.ts";
import { MAX_BODY, parseApi, readLimited, routeApi } from "./router.ts";
import { checkRules, present } from "./rules.ts";
import { grant } from "./social.ts";
import type { Change, Store } from "./store.ts";
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
   * `provider.authorizeToken({ access_token })`: the emulated provider vouches for `profile`.
   */
  socialAccessToken(providerId: string, profile: { email: string; name?: string }): string;
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
  checkActions();
  checkRules();
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
    def: (object) => RESOURCE_TABLE[object],
    event(type, ids, request) {
      return store.put("event", {
        id: k.newId("ev_"),
        event_type: type,
        event_at: k.ts(),
        created_at: k.ts(),
        ...ids,
        request: request && typeof request === "object" ? request : null,
        notifications: [],
      });
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
  const transact = (f: () => Response | Promise<Response>): Promise<Response> =>
    serial(async () => {
      let res: Response;
      try {
        res = await f();
      } catch (e) {
        res = json(500, { error: `Emulator error: ${(e as Error).message}` });
      }
      if (options.onCommit && store.changed) {
        try {
          await options.onCommit(store.takeChanges());
        } catch {
          return json(500, { error: "Emulator error: the change could not be made durable" });
        }
      } else store.dropChanges();
      return res;
    });

  async function handle(req: Request): Promise<Response> {
    let url: URL;
    try {
      url = new URL(req.url);
    } catch {
      return json(400, { error: "Bad request" });
    }
    const parts = url.pathname.split("/").filter(Boolean);
    try {
      if (parts[0] === "v1") {
        const parsed = await parseApi(apiKey, req, parts.slice(1), url.searchParams);
        if ("response" in parsed) return parsed.response;
        return await transact(() => routeApi(k, parsed));
      }
      if (parts[0] === "lr") {
        let form: URLSearchParams | undefined;
        if (req.method === "POST") {
          const text = await readLimited(req, MAX_BODY);
          if (text === null) return messagePage("Too large", "The form is too large.", 413);
          form = new URLSearchParams(text);
        }
        return await transact(() => loginRocket(k, req, parts.slice(1), url.searchParams, form));
      }
      return notFound();
    } catch (e) {
      return json(500, { error: `Emulator error: ${(e as Error).message}` });
    }
  }

  const fetchFn: FetchLike = (input, init) =>
    handle(new Request(input instanceof Request ? input : new URL(String(input), origin), init));

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
  };
}
