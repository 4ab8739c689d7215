/**
 * Credential (`credentials`, root `credential`, ids `crd_`): passwords, API keys, TOTP and
 * social logins of a user. There is no list endpoint: read them from `user.credentials()`.
 * @module
 */
import { ArRecord } from "../record.ts";
import type { ResourceDef } from "../record.ts";
import { recordAction } from "../resource.ts";
import type { BelongsTo, BelongsToRequired, RecordVerbs, VerbsOf as V } from "../resource.ts";
import type { CallOptions } from "../transport.ts";
import type { AuthProvider } from "./auth_provider.ts";
import type { User } from "./user.ts";

/**
 * The verbs the API gives credentials (no list).
 *
 * @example
 * ```ts
 * import { CREDENTIAL_VERBS } from "@authrocket-edge/sdk";
 * const canList = (CREDENTIAL_VERBS as readonly string[]).includes("list"); // false: read them from user.credentials()
 * ```
 */
export const CREDENTIAL_VERBS = ["get", "create", "update", "delete"] as const;

/** The credentials row of the resource table. */
export const credentialDef: ResourceDef = {
  object: "credential",
  path: "credentials",
  prefix: "crd_",
  verbs: CREDENTIAL_VERBS,
  fields: {
    id: "ro",
    user_id: "req",
    credential_type:
      "req =password|api_key|totp|facebook|github|google|linkedin|oauth2|slack|yahoo",
    password: "wo",
    password_confirmation: "wo",
    api_key: "",
    auth_provider_id: "",
    name: "",
    otp_secret: "ro",
    provisioning_uri: "ro",
    state: "",
    provider_user_id: "",
    access_token: "",
    token_expires_at: "time",
    created_at: "ro time",
  },
  belongsTo: { authProvider: "auth_provider", user: "user" },
  actions: ["POST :id/verify"],
};

/** A credential's verbs and associations (installed from the table). */
export interface Credential
  extends
    RecordVerbs<V<typeof CREDENTIAL_VERBS>>,
    BelongsTo<"authProvider", AuthProvider>,
    BelongsToRequired<"user", User> {}

/**
 * A credential.
 *
 * @example
 * ```ts
 * import { AuthRocket } from "@authrocket-edge/sdk";
 * const ar = new AuthRocket({ url: "https://api-e1.authrocket.com/v1", apiKey: "ko_…", realm: "rl_…" });
 * const totp = await ar.credentials.createOrThrow({ user_id: "usr_…", credential_type: "totp", name: "Phone" });
 * console.log(totp.provisioning_uri); // show as a QR code
 * const ok = await totp.verify("123456"); // then state "active"
 * ```
 */
export class Credential extends ArRecord {
  /** The credentials row of the resource table. */
  static override readonly def: ResourceDef = credentialDef;
  /** User id. */
  declare readonly user_id: string;
  /** `password`, `api_key`, `totp`, or a social type. */
  declare readonly credential_type: string;
  /** API key (api_key credentials, when readable). */
  declare readonly api_key?: string;
  /** Auth provider id (TOTP and social). */
  declare readonly auth_provider_id?: string | null;
  /** Device name (TOTP). */
  declare readonly name?: string | null;
  /** TOTP secret, only while `state` is `new`. */
  declare readonly otp_secret?: string;
  /** `otpauth://` URI, only while `state` is `new`. */
  declare readonly provisioning_uri?: string;
  /** TOTP: `new` until verified once, then `active`. */
  declare readonly state?: "new" | "active";

  /** Verify a TOTP code (`POST credentials/:id/verify`): `true`, or `false` with `errors`. */
  verify(code: string, options?: CallOptions): Promise<boolean> {
    return recordAction(this, "POST", "verify", { credential: { code } }, options);
  }
}
