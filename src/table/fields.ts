/**
 * The shape of the resource table: a row per resource, a typed field spec per field (its kind
 * and flags). Rows are plain literals written `as const satisfies ResourceDef`, so a typo in a
 * flag is a compile error and the literal types stay, for record, params and list types to be
 * derived from the same declaration (see `types.ts`).
 * @module
 */

/** A field's kind: what the API sends and what a record reads. */
export type Kind = "string" | "int" | "bool" | "time" | "hash" | "array" | "enum";

/** The five CRUD verbs of the AuthRocket 1 API. */
export type Verb = "list" | "get" | "create" | "update" | "delete";

/** The flags of a field; every one is read by the types, the client or the emulator. */
export interface FieldFlags {
  /** Read-only: never in params; the emulator ignores it on create and update. */
  readonly ro?: true;
  /** Write-only: in params, never in a response (passwords, secrets). */
  readonly wo?: true;
  /**
   * Required on create: `true` for every record, `"human"` for human users only (a compile
   * error when `user_type: "human"` is given), `"realm"` when the client's `realm` setting
   * supplies it (optional in params, required by the emulator).
   */
  readonly req?: true | "human" | "realm";
  /** The default the emulator stores when the field is absent (an enum's is its first value). */
  readonly default?: string | number | boolean;
  /** The API lower-cases it (the emulator does too). */
  readonly lower?: true;
  /** Unique within its realm (the emulator refuses a second record with it). */
  readonly unique?: true;
  /** The server always fills it, so a record's value is never `null`. */
  readonly always?: true;
  /** Sent only sometimes (a token after a login, a secret while new): may be `undefined`. */
  readonly optional?: true;
  /** For arrays: the kind of the items (`string` unless said). */
  readonly of?: "string" | "hash";
}

/** One declared field (`{ kind: "string", req: true }`): its kind, enum values and flags. */
export interface Field extends FieldFlags {
  /** What the API sends. */
  readonly kind: Kind;
  /** An enum's values; the first is the default. */
  readonly values?: readonly string[];
}

/** List behaviour of a resource: page size bound, sorts, direction and accepted filters. */
export interface ListSpec {
  /** The largest `max_results`. */
  readonly max: number;
  /** The default sort. */
  readonly sort: string;
  /** The accepted sorts. */
  readonly sorts?: readonly string[];
  /** The default direction. */
  readonly direction: "asc" | "desc";
  /** The accepted filters (a field's name, or a name of its own such as `created_at_after`). */
  readonly filters?: readonly string[];
  /** Other list params the API reads that filter nothing (`expand`). */
  readonly params?: readonly string[];
}

/** One row of the resource table: everything the client and the emulator need. */
export interface ResourceDef {
  /** The `object` type, also the JSON root key (`user`). */
  readonly object: string;
  /** The path under the API base (`users`); empty for records only ever embedded. */
  readonly path: string;
  /** The id prefix (`usr_`). */
  readonly prefix: string;
  /** The verbs the API gives this resource. */
  readonly verbs: readonly Verb[];
  /** The fields, by API name. */
  readonly fields: { readonly [name: string]: Field };
  /** belongs_to associations: method name → object type (the foreign key is `<object>_id`). */
  readonly belongsTo?: { readonly [name: string]: string };
  /** Which belongs_to parents always exist (a session's user): never `null`. */
  readonly belongsToRequired?: readonly string[];
  /** has_many associations: method name → child object type (filtered by `<object>_id`). */
  readonly hasMany?: { readonly [name: string]: string };
  /** Embedded arrays of records: field name → object type (`credentials`, `notifications`). */
  readonly embeds?: { readonly [name: string]: string };
  /**
   * The API's actions beyond the verbs, as `"METHOD path"` under the resource's path: `:id/…`
   * for an action on one record (`"POST :id/authenticate"`), a bare name for one on the
   * collection (`"POST authenticate_key"`). The emulator must answer each one.
   */
  readonly actions?: readonly string[];
  /** List behaviour. */
  readonly list?: ListSpec;
}

/**
 * The part of a row only the API and the emulator read (actions, listing), declared beside the
 * record part in the same file: a bundle that only verifies tokens builds records from the
 * record part and leaves this out.
 */
export type ApiDef = Pick<ResourceDef, "actions" | "list">;
