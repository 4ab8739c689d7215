/**
 * AuthProvider (`auth_providers`, root `auth_provider`, ids `ap_`): login methods of a realm,
 * and the social-login actions.
 * @module
 */
import { ArRecord } from "../record.ts";
import type { Collection } from "../record.ts";
import type { ResourceDef } from "../record.ts";
import type { BelongsTo, RecordVerbs, Resource, VerbsOf as V } from "../resource.ts";
import type { CallOptions, Params } from "../transport.ts";
import { segment } from "../transport.ts";
import { ValidationError } from "../errors.ts";
import type { Realm } from "./realm.ts";
import type { User } from "./user.ts";
import type { UserToken } from "./user_token.ts";

/**
 * The verbs the API gives auth providers.
 *
 * @example
 * ```ts
 * import { AUTH_PROVIDER_VERBS } from "@authrocket-edge/sdk";
 * if (AUTH_PROVIDER_VERBS.includes("create")) console.log("create is available");
 * ```
 */
export const AUTH_PROVIDER_VERBS = ["list", "get", "create", "update", "delete"] as const;

/** The auth_providers row of the resource table. */
export const authProviderDef: ResourceDef = {
  object: "auth_provider",
  path: "auth_providers",
  prefix: "ap_",
  verbs: AUTH_PROVIDER_VERBS,
  fields: {
    id: "ro",
    realm_id: "req",
    name: "",
    provider_type:
      "req =password|login_rocket|totp|facebook|github|google|linkedin|slack|yahoo|oauth2",
    state: "=active|inactive",
    login: "bool ~true",
    signup: "bool ~false",
    signup_mode: "",
    name_field: "",
    password_field: "",
    email_verification: "",
    verify: "",
    min_length: "int",
    min_complexity: "int",
    required_chars: "int",
    client_id: "",
    client_secret: "wo",
    scopes: "",
    url: "ro",
    created_at: "ro time",
  },
  belongsTo: { realm: "realm" },
  actions: ["GET authorize", "POST authorize", "GET :id/authorize", "POST :id/authorize"],
  list: { max: 1000, sort: "id", sorts: ["id", "name"], direction: "asc", filters: ["realm_id"] },
};

/** An auth provider's verbs and associations (installed from the table). */
export interface AuthProvider
  extends RecordVerbs<V<typeof AUTH_PROVIDER_VERBS>>, BelongsTo<"realm", Realm> {}

/**
 * An auth provider.
 *
 * @example
 * ```ts
 * import { AuthRocket } from "@authrocket-edge/sdk";
 * const ar = new AuthRocket({ url: "https://api-e1.authrocket.com/v1", apiKey: "ko_…", realm: "rl_…" });
 * const google = await ar.authProviders.createOrThrow({ provider_type: "google", client_id: "…", client_secret: "…" });
 * const url = await google.authorizeUrl({ redirect_uri: "https://my.app/oauth" });
 * ```
 */
export class AuthProvider extends ArRecord {
  /** The auth_providers row of the resource table. */
  static override readonly def: ResourceDef = authProviderDef;
  /** Realm id. */
  declare readonly realm_id: string;
  /** Name. */
  declare readonly name: string | null;
  /** `password`, `login_rocket`, `totp`, or a social type. */
  declare readonly provider_type: string;
  /** `active` or `inactive`. */
  declare readonly state: "active" | "inactive";
  /** Minimum password length (password providers). */
  declare readonly min_length?: number;
  /** Authorize URL (in `authorizeUrls` results). */
  declare readonly url?: string;

  /** This provider's authorize URL (`GET auth_providers/:id/authorize`). */
  async authorizeUrl(
    params: { redirect_uri: string; nonce?: string },
    options?: CallOptions,
  ): Promise<string> {
    const r = await this._requireClient().resource("auth_provider").request(
      "GET",
      `auth_providers/${segment(this.id)}/authorize`,
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
    const r = await res.request("POST", `auth_providers/${segment(this.id)}/authorize`, {
      body: { ...params },
      options,
    });
    return authorizedRecord(this._requireClient(), r);
  }
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
 * import { AuthRocket, User } from "@authrocket-edge/sdk";
 * const ar = new AuthRocket({ url: "https://api-e1.authrocket.com/v1", apiKey: "ko_…", realm: "rl_…" });
 * const result = await ar.authProviders.authorize({ code: "…", state: "…", nonce: "…" });
 * if (result instanceof User && !result.hasErrors) console.log("logged in:", result.token);
 * else console.error(result.errors, result.metadata.retry_url);
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
      const r = await res.request("GET", `auth_providers/${segment(id)}/authorize`, {
        query: params,
        options,
      });
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
