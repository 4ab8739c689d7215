/**
 * UserToken, a.k.a. Signup Token (`user_tokens`, root `user_token`, ids `utk_`).
 * @module
 */
import { ArRecord } from "../record.ts";
import type { ResourceDef } from "../record.ts";
import type { RecordVerbs, VerbsOf as V } from "../resource.ts";

/**
 * The verbs the API gives signup tokens.
 *
 * @example
 * ```ts
 * import { USER_TOKEN_VERBS } from "@authrocket-edge/sdk";
 * if (USER_TOKEN_VERBS.includes("get")) console.log("get is available");
 * ```
 */
export const USER_TOKEN_VERBS = ["get", "create"] as const;

/** The user_tokens row of the resource table. */
export const userTokenDef: ResourceDef = {
  object: "user_token",
  path: "user_tokens",
  prefix: "utk_",
  verbs: USER_TOKEN_VERBS,
  fields: {
    id: "ro",
    realm_id: "req",
    username: "req",
    email: "",
    first_name: "",
    last_name: "",
    password: "wo req",
    password_confirmation: "wo",
    credential_type: "ro",
    created_at: "ro time",
  },
};

/**
 * A signup token's verbs (installed from the table).
 *
 * @example
 * ```ts
 * import { AuthRocket } from "@authrocket-edge/sdk";
 * const ar = new AuthRocket({ url: "https://api-e1.authrocket.com/v1", apiKey: "ko_…", realm: "rl_…" });
 * const token = await ar.userTokens.find("utk_…");
 * console.log(token.username, token.credential_type);
 * ```
 */
export interface UserToken extends RecordVerbs<V<typeof USER_TOKEN_VERBS>> {}

/** A signup token: signup data waiting to become a user. */
export class UserToken extends ArRecord {
  /** The user_tokens row of the resource table. */
  static override readonly def: ResourceDef = userTokenDef;
  /** Realm id. */
  declare readonly realm_id: string;
  /** Username. */
  declare readonly username: string;
  /** Email. */
  declare readonly email: string | null;
  /** Type of credential held. */
  declare readonly credential_type: string;
}
