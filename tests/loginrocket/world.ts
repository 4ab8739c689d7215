// The LoginRocket test world, shared by the emulator's and the client's LoginRocket tests: an
// emulator on a clock the test moves, a realm whose connected app sends logins to APP, Sally,
// and LoginRocket's URL reached in-process (the emulator's fetch) or over real HTTP.
import { createEmulator, type Emulator } from "../../testing.ts";
import type { AuthRocket, Realm, Session, User } from "../../mod.ts";
import { SALLY } from "../helpers.ts";

/** The app's origin: its connected app's login handler is `${APP}/login`. */
export const APP = "http://app.test";

/** The two ways a test reaches the emulator. */
export const MODES = ["in-process", "real HTTP on 127.0.0.1"] as const;
export type Mode = typeof MODES[number];

/** What a LoginRocket test works with. */
export interface LrWorld {
  emu: Emulator;
  /** A client of the realm (its JWT secret set). */
  ar: AuthRocket;
  realm: Realm;
  sally: User;
  /** LoginRocket's URL (`…/lr/`). */
  lrUrl: string;
  /** A fetch that reaches it (the emulator's own, or the global one over HTTP). */
  fetch: typeof fetch;
  /** The emulator's clock, in ms: tests move it, and check tokens on it. */
  clock: { ms: number };
  /** Verify a login token on the emulator's clock. */
  session(token: string | null | undefined): Promise<Session | null>;
  /** Turn signups on in a mode (`user`, `user_org`, `user_token`). */
  openSignups(mode?: string): Promise<void>;
  /** Give Sally an active TOTP credential; its secret. */
  enrolTotp(): Promise<string>;
  /** Stop the server (over HTTP). */
  close(): Promise<void>;
}

/**
 * A fresh world. `app: false` leaves the realm without a connected app (no login handler, no
 * origins); `handlers` sets the connected app's other fields.
 */
export async function lrWorld(
  mode: Mode,
  o: { app?: boolean; handlers?: { signup_handler?: string; redirect_uris?: string[] } } = {},
): Promise<LrWorld> {
  const clock = { ms: Date.now() };
  const emu = createEmulator({ passwordIterations: 1000, now: () => clock.ms });
  const base = emu.client();
  const realm = await base.realms.createOrThrow({ name: "LoginRocket" });
  const ar = base.with({ realm: realm.id, jwtSecret: realm.jwt_key });
  if (o.app !== false) {
    await ar.loginPolicies.createOrThrow({
      name: "App",
      login_handler: `${APP}/login`,
      ...o.handlers,
    });
  }
  const sally = await ar.users.createOrThrow(SALLY);
  const server = mode === "in-process" ? undefined : await emu.listen();
  return {
    emu,
    ar,
    realm,
    sally,
    lrUrl: server ? server.loginUrl : `${emu.origin}/lr/`,
    fetch: server ? fetch : emu.fetch as typeof fetch,
    clock,
    session: (token) => ar.sessions.fromToken(token, { now: clock.ms }),
    async openSignups(signup_mode = "user") {
      const lr = (await realm.authProviders()).find((a) => a.provider_type === "login_rocket")!;
      await lr.updateOrThrow({ signup: true, signup_mode });
    },
    async enrolTotp() {
      await ar.authProviders.createOrThrow({ provider_type: "totp" });
      const cred = await ar.credentials.createOrThrow({
        user_id: sally.id,
        credential_type: "totp",
        name: "Phone",
      });
      const secret = cred.otp_secret!;
      await cred.verify(await emu.totp(secret));
      return secret;
    },
    close: async () => await server?.close(),
  };
}

/** Run `f` in a fresh world, closed afterwards. */
export async function inWorld(
  mode: Mode,
  f: (w: LrWorld) => Promise<void>,
  o?: Parameters<typeof lrWorld>[1],
): Promise<void> {
  const w = await lrWorld(mode, o);
  try {
    await f(w);
  } finally {
    await w.close();
  }
}
