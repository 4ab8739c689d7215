/**
 * Credential (`credentials`, root `credential`, ids `crd_`): passwords, API keys, TOTP and
 * social logins of a user. There is no list endpoint: read them from `user.credentials()`.
 * @module
 */
import { ArRecord } from "../record.ts";
import type { ResourceDef } from "../record.ts";
import { credential } from "../table/credential.ts";
// #region generated imports (scripts/gen_records.ts): do not edit
import type { CredentialUpdateParams } from "../generated/params.ts";
import type { CallOptions, Params } from "../transport.ts";
import type { AuthProvider } from "./auth_provider.ts";
import type { User } from "./user.ts";
// #endregion generated imports

/**
 * A credential.
 *
 * @example
 * ```ts
 * import type { AuthRocket } from "@authrocket-edge/sdk";
 * type Ask = (provisioningUri: string) => Promise<string>; // shows a QR code, reads a code
 * export async function addTotp(ar: AuthRocket, user_id: string, ask: Ask) {
 *   const totp = await ar.credentials.createOrThrow({ user_id, credential_type: "totp" });
 *   const code = await ask(totp.provisioning_uri!);
 *   return totp.verify(code); // true: its state is now "active"
 * }
 * ```
 */
export class Credential extends ArRecord {
  /** The credentials row of the resource table. */
  static override readonly def: ResourceDef = credential;
  /** Verify a TOTP code (`POST credentials/:id/verify`): `true`, or `false` with `errors`. */
  verify(code: string, options?: CallOptions): Promise<boolean> {
    return this._methods().action(this, "POST", "verify", { credential: { code } }, options);
  }

  // #region generated members (scripts/gen_records.ts): do not edit
  /** Required on create. */
  declare readonly user_id: string;
  /** Required on create. Default: `"password"`. */
  declare readonly credential_type:
    | "password"
    | "api_key"
    | "totp"
    | "facebook"
    | "github"
    | "google"
    | "linkedin"
    | "oauth2"
    | "slack"
    | "yahoo";
  /** API key (api_key credentials, when readable). */
  declare readonly api_key: string | null | undefined;
  /** Auth provider id (TOTP and social). */
  declare readonly auth_provider_id: string | null | undefined;
  /** Device name (TOTP). */
  declare readonly name: string | null | undefined;
  /** TOTP secret, only while `state` is `new`. Set by the API (never in params). */
  declare readonly otp_secret: string | null | undefined;
  /** `otpauth://` URI, only while `state` is `new`. Set by the API (never in params). */
  declare readonly provisioning_uri: string | null | undefined;
  /** TOTP: `new` until verified once, then `active`. */
  declare readonly state: string | null | undefined;
  /** The user's id at the social provider. */
  declare readonly provider_user_id: string | null | undefined;
  /** The social provider's access token. */
  declare readonly access_token: string | null | undefined;
  /** When the social access token expires. */
  declare readonly token_expires_at: Date | null | undefined;
  /** Set by the API (never in params). */
  declare readonly created_at: Date | null;

  /** Refetch the credential from the API (`GET credentials/:id`). */
  reload(options?: CallOptions): Promise<this> {
    return this._methods().reload(this, options);
  }

  /** Update it (`PUT credentials/:id`): `true`, or `false` with `errors` filled. */
  update(attrs: CredentialUpdateParams, options?: CallOptions): Promise<boolean> {
    return this._methods().update(this, attrs, options);
  }

  /** Update it, or throw `RecordInvalid`. */
  updateOrThrow(attrs: CredentialUpdateParams, options?: CallOptions): Promise<true> {
    return this._methods().updateOrThrow(this, attrs, options);
  }

  /** Delete it (`DELETE credentials/:id`): `true`, or `false` with `errors` filled. */
  delete(params?: Params, options?: CallOptions): Promise<boolean> {
    return this._methods().delete(this, params, options);
  }

  /**
   * Its auth provider (belongs_to, by `auth_provider_id`; cached once loaded), or `null` without
   * one.
   */
  authProvider(options?: CallOptions & { reload?: boolean }): Promise<AuthProvider | null> {
    return this._methods().belongsTo(this, "authProvider", options);
  }

  /** Its user (belongs_to, by `user_id`; cached once loaded), or `null` without one. */
  user(options?: CallOptions & { reload?: boolean }): Promise<User | null> {
    return this._methods().belongsTo(this, "user", options);
  }

  // #endregion generated members
}
