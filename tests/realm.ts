// An emulator with a realm, the setup most emulator tests begin with: the admin client, a new
// realm (any settings of its create call), the realm's client and its JWT secret.
import type { AuthRocket, Realm } from "../mod.ts";
import { createEmulator } from "../testing.ts";
import type { Emulator, EmulatorOptions } from "../testing.ts";
import type { RealmCreateParams } from "../src/generated/params.ts";

/** A realm made through `base` (an emulator's client, in-process or over HTTP) and its client. */
export interface RealmOf {
  realm: Realm;
  /** `base.withRealm(realm.id)`. */
  ar: AuthRocket;
  /** The realm's HS256 secret, as the emulator minted it. */
  jwtSecret: string;
}

/** Create a realm through `base` (default name "Test") and scope a client to it. */
export async function realmOf(
  base: AuthRocket,
  params: RealmCreateParams = { name: "Test" },
): Promise<RealmOf> {
  const realm = await base.realms.createOrThrow({ name: "Test", ...params });
  return { realm, ar: base.withRealm(realm.id), jwtSecret: String(realm.jwt_key) };
}

/** A new in-process emulator (1,000 password iterations unless told) with one realm. */
export async function emulatorRealm(
  params: RealmCreateParams = { name: "Test" },
  options: EmulatorOptions = {},
): Promise<RealmOf & { emu: Emulator; base: AuthRocket }> {
  const emu = createEmulator({ passwordIterations: 1000, ...options });
  const base = emu.client();
  return { emu, base, ...await realmOf(base, params) };
}
