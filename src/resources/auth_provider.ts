/**
 * AuthProvider (`auth_providers`, root `auth_provider`, ids `ap_`): login methods of a realm,
 * and the social-login actions.
 * @module
 */
import { ArRecord } from "../record.ts";
import type { ResourceDef } from "../record.ts";
import type { Resource } from "../resource.ts";
import { segment } from "../transport.ts";
import { ValidationError } from "../validation_errors.ts";
import { authProvider } from "../table/auth_provider.ts";
import type { User } from "./user.ts";
import type { UserToken } from "./user_token.ts";
import type { Collection } from "../record.ts";
// #region generated imports (scripts/gen_records.ts): do not edit
import type { AuthProviderUpdateParams } from "../generated/params.ts";
import type { CallOptions, Params } from "../transport.ts";
import type { Realm } from "./realm.ts";
// #endregion generated imports

/**
 * An auth provider.
 *
 * @example
 * ```ts
 * import type { AuthRocket } from "@authrocket-edge/sdk";
 * export async function googleLoginUrl(ar: AuthRocket, client_id: string, client_secret: string) {
 *   const google = await ar.authProviders.createOrThrow({
 *     provider_type: "google",
 *     client_id,
 *     client_secret,
 *   });
 *   return google.authorizeUrl({ redirect_uri: "https://my.app/oauth" });
 * }
 * ```
 */
export class AuthProvider extends ArRecord {
  /** The auth_providers row of the resource table. */
  static override readonly def: ResourceDef = authProvider;
  /** This provider's authorize URL (`GET auth_providers/:id/authorize`). */
  async authorizeUrl(
    params: { redirect_uri: string; nonce?: string },
    options?: CallOptions,
  ): Promise<string> {
    const r = await this._requireClient().resource("auth_provider").request(
      "GET",
      `auth_providers/${segment(this.id, "authorizeUrl")}/authorize`,
      { query: params, options },
    );
    if (r.errors.length) throw new ValidationError(r.errors, r);
    return String(r.data.url ?? "");
  }

  /** Log in with a provider access token from a native SDK: a `User` or a `UserToken`. */
  async authorizeToken(
    params: { access_token: string } & Params,
    options?: CallOptions,
  ): Promise<User | UserToken> {
    const res = this._requireClient().resource("auth_provider");
    const r = await res.request(
      "POST",
      `auth_providers/${segment(this.id, "authorizeToken")}/authorize`,
      {
        body: { ...params },
        options,
      },
    );
    return authorizedRecord(this._requireClient(), r);
  }

  // #region generated members (scripts/gen_records.ts): do not edit
  /** Required on create; the client's `realm` setting gives it. */
  declare readonly realm_id: string;
  /** Its label in the realm's settings. */
  declare readonly name: string | null;
  /** Required on create. Default: `"password"`. */
  declare readonly provider_type:
    | "password"
    | "login_rocket"
    | "totp"
    | "facebook"
    | "github"
    | "google"
    | "linkedin"
    | "slack"
    | "yahoo"
    | "oauth2";
  /** Default: `"active"`. */
  declare readonly state: "active" | "inactive";
  /** Usable for logins. Default: `true`. */
  declare readonly login: boolean;
  /** Usable for signups. Default: `false`. */
  declare readonly signup: boolean;
  /** Signup mode (LoginRocket). */
  declare readonly signup_mode: string | null;
  /** Name field shown at signup (LoginRocket). */
  declare readonly name_field: string | null;
  /** Password field shown at signup (LoginRocket). */
  declare readonly password_field: string | null;
  /** Email verification mode (LoginRocket). */
  declare readonly email_verification: string | null;
  /** Verification mode (LoginRocket). */
  declare readonly verify: string | null;
  /** Minimum password length (password providers). */
  declare readonly min_length: number | null;
  /** Minimum password complexity (password providers). */
  declare readonly min_complexity: number | null;
  /** Required character classes (password providers). */
  declare readonly required_chars: number | null;
  /** OAuth client id (social providers). */
  declare readonly client_id: string | null;
  /** OAuth scopes. */
  declare readonly scopes: string | null;
  /** Authorize URL (in `authorizeUrls` results). Set by the API (never in params). */
  declare readonly url: string | null | undefined;
  /** Set by the API (never in params). */
  declare readonly created_at: Date | null;

  /** Refetch the auth provider from the API (`GET auth_providers/:id`). */
  reload(options?: CallOptions): Promise<this> {
    return this._methods().reload(this, options);
  }

  /** Update it (`PUT auth_providers/:id`): `true`, or `false` with `errors` filled. */
  update(attrs: AuthProviderUpdateParams, options?: CallOptions): Promise<boolean> {
    return this._methods().update(this, attrs, options);
  }

  /** Update it, or throw `RecordInvalid`. */
  updateOrThrow(attrs: AuthProviderUpdateParams, options?: CallOptions): Promise<true> {
    return this._methods().updateOrThrow(this, attrs, options);
  }

  /** Delete it (`DELETE auth_providers/:id`): `true`, or `false` with `errors` filled. */
  delete(params?: Params, options?: CallOptions): Promise<boolean> {
    return this._methods().delete(this, params, options);
  }

  /** Its realm (belongs_to, by `realm_id`; cached once loaded), or `null` without one. */
  realm(options?: CallOptions & { reload?: boolean }): Promise<Realm | null> {
    return this._methods().belongsTo(this, "realm", options);
  }

  // #endregion generated members
}

function authorizedRecord(
  client: import("../record.ts").RecordClient,
  r: import("../transport.ts").ApiResult,
): User | UserToken {
  const object = r.data.object === "user_token" ? "user_token" : "user";
  const Cls = client.recordClass(object);
  const rec = new Cls(r.data, client, r.metadata) as User | UserToken;
  if (r.errors.length) rec._fail(r.errors, r.metadata);
  return rec;
}

/**
 * The class actions of auth providers (social login).
 *
 * @example
 * ```ts
 * import { type AuthRocket, User } from "@authrocket-edge/sdk";
 * export async function finishSocialLogin(ar: AuthRocket, query: URLSearchParams) {
 *   const [code, state, nonce] = ["code", "state", "nonce"].map((k) => query.get(k) ?? "");
 *   const result = await ar.authProviders.authorize({ code, state, nonce });
 *   if (result instanceof User && !result.hasErrors) console.log("logged in:", result.token);
 *   else console.error(result.errors, result.metadata.retry_url);
 * }
 * ```
 */
export interface AuthProviderActions {
  /** Every active social provider with its authorize `url` (valid 30 minutes). */
  authorizeUrls(
    params: { redirect_uri: string; nonce?: string } & Params,
    options?: CallOptions,
  ): Promise<Collection<AuthProvider>>;
  /** One provider's authorize URL. */
  authorizeUrl(
    id: string,
    params: { redirect_uri: string; nonce?: string } & Params,
    options?: CallOptions,
  ): Promise<string>;
  /**
   * Finish a social login with the provider's `code` and `state`: a `User`, or a `UserToken`
   * in signup-token mode. On failure the record's `errors` are filled and
   * `metadata.retry_url` is kept.
   */
  authorize(
    params: { code: string; state: string; nonce?: string } & Params,
    options?: CallOptions,
  ): Promise<User | UserToken>;
}

/** Build the auth providers' class actions over the generic resource. */
export function authProviderActions(
  res: Resource<AuthProvider>,
  client: import("../record.ts").RecordClient,
): AuthProviderActions {
  return {
    async authorizeUrls(params, options) {
      return res.collect(
        await res.request("GET", "auth_providers/authorize", { query: params, options }),
      );
    },
    async authorizeUrl(id, params, options) {
      const r = await res.request(
        "GET",
        `auth_providers/${segment(id, "authorizeUrl")}/authorize`,
        {
          query: params,
          options,
        },
      );
      if (r.errors.length) throw new ValidationError(r.errors, r);
      return String(r.data.url ?? "");
    },
    async authorize(params, options) {
      const r = await res.request("POST", "auth_providers/authorize", {
        body: { ...params },
        options,
      });
      return authorizedRecord(client, r);
    },
  };
}
