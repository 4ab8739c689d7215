/**
 * The resource table: every AuthRocket 1 resource, its record class and its row. The client
 * and the emulator both read it, so they cannot drift apart.
 * @module
 */
import type { ArRecord, RecordClass, ResourceDef } from "../record.ts";
import { defineRecord } from "../resource.ts";
import { AppHook } from "./app_hook.ts";
import { AuthProvider } from "./auth_provider.ts";
import { Credential } from "./credential.ts";
import { Event } from "./event.ts";
import { JwtKey } from "./jwt_key.ts";
import { LoginPolicy } from "./login_policy.ts";
import { Membership } from "./membership.ts";
import { Notification } from "./notification.ts";
import { Org } from "./org.ts";
import { Realm } from "./realm.ts";
import { Session } from "./session.ts";
import { User } from "./user.ts";
import { UserToken } from "./user_token.ts";

/** Every record class, by its `object` type. */
export const RECORD_CLASSES: Readonly<Record<string, RecordClass & { prototype: ArRecord }>> =
  /* @__PURE__ */ Object.freeze({
    realm: Realm,
    user: User,
    org: Org,
    membership: Membership,
    session: Session,
    credential: Credential,
    auth_provider: AuthProvider,
    login_policy: LoginPolicy,
    app_hook: AppHook,
    event: Event,
    notification: Notification,
    jwt_key: JwtKey,
    user_token: UserToken,
  });

/** The resource table: every row, by `object` type. */
export const RESOURCE_TABLE: Readonly<Record<string, ResourceDef>> = /* @__PURE__ */ Object.freeze(
  /* @__PURE__ */ Object.fromEntries(
    /* @__PURE__ */ Object.entries(RECORD_CLASSES).map(([k, c]) => [k, c.def]),
  ),
);

let defined = false;
/**
 * Install the verbs and associations of every record class from the table, once (the client's
 * constructor calls it). Not done at import, so that a bundle which only verifies tokens leaves
 * the whole resource layer out.
 */
export function defineRecords(): void {
  if (defined) return;
  defined = true;
  for (const cls of Object.values(RECORD_CLASSES)) defineRecord(cls, RECORD_CLASSES);
}
