/**
 * The record classes, by `object` type. The rows they are built from are the resource table
 * (src/table/), which the emulator reads too.
 * @module
 */
import type { ArRecord, RecordClass } from "../record.ts";
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

/** Every record class, by its `object` type (look up with `Object.hasOwn` only). */
export const RECORD_CLASSES: Readonly<Record<string, RecordClass & { prototype: ArRecord }>> =
  /* @__PURE__ */ (() => {
    // Keyed by each class's own row, so the object types are written once (in the table).
    const classes: Record<string, RecordClass & { prototype: ArRecord }> = {};
    for (
      const C of [
        Realm,
        User,
        Org,
        Membership,
        Session,
        Credential,
        AuthProvider,
        LoginPolicy,
        AppHook,
        Event,
        Notification,
        JwtKey,
        UserToken,
      ]
    ) classes[C.def.object] = C;
    return Object.freeze(classes);
  })();
