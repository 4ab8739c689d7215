/**
 * The embedded AuthRocket 1 emulator, for users' own tests and the demo: no account, no
 * network.
 *
 * @example
 * ```ts
 * import { createEmulator } from "@authrocket-edge/sdk/testing";
 * const emu = createEmulator();
 * const ar = emu.client();
 * const realm = await ar.realms.createOrThrow({ name: "Test" });
 * const user = await ar.withRealm(realm.id).users.createOrThrow({
 *   user_type: "human", username: "sally", email: "sally@example.com", password: "correct horse",
 * });
 * ```
 * @module
 */
export { createEmulator } from "./src/emulator/emulator.ts";
export type { Emulator, EmulatorOptions, EmulatorServer } from "./src/emulator/emulator.ts";
export type { WebhookOptions } from "./src/emulator/webhook_delivery.ts";
export { Store } from "./src/emulator/store.ts";
export type { Change, StoredRecord } from "./src/emulator/store.ts";
