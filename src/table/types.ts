/**
 * Types derived from the declaration: a record's field types, and the create, update and list
 * params of a resource. Nothing here is written per resource.
 * @module
 */
import type { Field, ResourceDef } from "./fields.ts";

/** The fields of a row. @internal */
export type Fields<D extends ResourceDef> = D["fields"];
/** Flattens an intersection for readable hovers. @internal */
export type Simplify<T> = { [K in keyof T]: T[K] } & unknown;

/** The value a record reads for a field of kind `F`, before `null`. @internal */
export type ValueOf<F extends Field> = F extends { kind: "enum"; values: readonly (infer V)[] } ? V
  : F extends { kind: "string" } ? string
  : F extends { kind: "int" } ? number
  : F extends { kind: "bool" } ? boolean
  : F extends { kind: "time" } ? Date
  : F extends { kind: "hash" } ? Record<string, unknown>
  : F extends { kind: "array"; of: "hash" } ? Record<string, unknown>[]
  : F extends { kind: "array" } ? string[]
  : never;

/** `null` when a record's value may be `null`: not when required, defaulted or always filled. @internal */
export type NullOf<F extends Field> = F extends { kind: "enum" | "array" } ? never
  : F extends { always: true } | { req: true | "realm" } | { default: unknown } ? never
  : null;

/**
 * The type a record reads for a declared field.
 *
 * @example
 * ```ts
 * import type { FieldType } from "@authrocket-edge/sdk";
 * const at: FieldType<{ kind: "time" }> = new Date(); // Date | null
 * ```
 */
export type FieldType<F extends Field> =
  | ValueOf<F>
  | NullOf<F>
  | (F extends { optional: true } ? undefined : never);

/**
 * The fields of a record of resource `D` (write-only ones are never sent back).
 *
 * @example
 * ```ts
 * import type { RecordFields } from "@authrocket-edge/sdk";
 * import type { TABLE } from "@authrocket-edge/sdk/internal";
 * type OrgFields = RecordFields<typeof TABLE.org>; // { realm_id: string; name: string; … }
 * ```
 */
export type RecordFields<D extends ResourceDef> = {
  readonly [
    K in keyof Fields<D> as K extends "id" ? never : Fields<D>[K] extends { wo: true } ? never
    : K
  ]: FieldType<Fields<D>[K]>;
};

/** What a param of kind `F` accepts (a `time` also as a `Date`, sent as Unix seconds). @internal */
export type InputOf<F extends Field> = F extends { kind: "time" } ? Date | number | string
  : F extends { kind: "array"; of: "hash" } ? readonly Record<string, unknown>[]
  : F extends { kind: "array" } ? readonly string[]
  : ValueOf<F>;

/** The fields a write may carry: not `id`, not read-only. @internal */
export type WritableKeys<D extends ResourceDef> = {
  [K in keyof Fields<D>]: K extends "id" ? never : Fields<D>[K] extends { ro: true } ? never : K;
}[keyof Fields<D>];
/** The writable fields whose `req` is `R`. @internal */
export type ReqKeys<D extends ResourceDef, R> = {
  [K in WritableKeys<D>]: Fields<D>[K] extends { req: R } ? K : never;
}[WritableKeys<D>];

/** The request context a write may carry (`ip`, `client`), sent beside the record's root. @internal */
export interface WithRequest {
  /** The end user's request context (`ip`, `client`), recorded in events. */
  request?: Record<string, unknown>;
}

/** The writable fields but `K`, optional (and `null` to clear). @internal */
export type Optional<D extends ResourceDef, K extends PropertyKey> = {
  [P in Exclude<WritableKeys<D>, K>]?: InputOf<Fields<D>[P]> | null;
};
/** The fields `K`, required. @internal */
export type Needed<D extends ResourceDef, K extends WritableKeys<D>> = {
  [P in K]: InputOf<Fields<D>[P]>;
};

/** Create params not wrapped in the root: required fields, then the rest; human users need their own. @internal */
export type FlatCreate<D extends ResourceDef> = "human" extends
  ValueOf<Fields<D>["user_type" & keyof Fields<D>]>
  ? ReqKeys<D, "human"> extends never
    ? Simplify<Needed<D, ReqKeys<D, true>> & Optional<D, ReqKeys<D, true>>>
  :
    | Simplify<
      & { user_type: "human" }
      & Needed<D, ReqKeys<D, true> | ReqKeys<D, "human">>
      & Optional<D, ReqKeys<D, true> | ReqKeys<D, "human"> | "user_type">
      & WithRequest
    >
    | Simplify<
      & { user_type?: Exclude<ValueOf<Fields<D>["user_type" & keyof Fields<D>]>, "human"> }
      & Needed<D, ReqKeys<D, true>>
      & Optional<D, ReqKeys<D, true> | "user_type">
      & WithRequest
    >
  : Simplify<Needed<D, ReqKeys<D, true>> & Optional<D, ReqKeys<D, true>> & WithRequest>;

/**
 * The attributes `create` takes for resource `D`: its writable fields (write-only ones such as
 * `password` included, read-only ones not), the required ones required (for a human user, when
 * `user_type: "human"` is given), or the same wrapped in the JSON root, plus `request`.
 *
 * @example
 * ```ts
 * import type { CreateParams } from "@authrocket-edge/sdk";
 * import type { TABLE } from "@authrocket-edge/sdk/internal";
 * const acme: CreateParams<typeof TABLE.org> = { name: "Acme" };
 * ```
 */
export type CreateParams<D extends ResourceDef> =
  | FlatCreate<D>
  | Simplify<{ [K in D["object"]]: FlatCreate<D> } & WithRequest>;

/**
 * The attributes `update` takes: any writable field, none required (read-only ones refused).
 *
 * @example
 * ```ts
 * import type { UpdateParams } from "@authrocket-edge/sdk";
 * import type { TABLE } from "@authrocket-edge/sdk/internal";
 * const rename: UpdateParams<typeof TABLE.org> = { name: "Acme Inc" };
 * ```
 */
export type UpdateParams<D extends ResourceDef> =
  | Simplify<Optional<D, never> & WithRequest>
  | Simplify<{ [K in D["object"]]: Optional<D, never> } & WithRequest>;

/** A row's declared list filters. @internal */
export type Filters<D extends ResourceDef> = D["list"] extends { filters: readonly (infer F)[] }
  ? F & string
  : never;
/** A row's declared sorts. @internal */
export type Sorts<D extends ResourceDef> = D["list"] extends { sorts: readonly (infer S)[] } ? S
  : string;

/**
 * The params a list takes: paging, a declared sort, and the declared filters only.
 *
 * @example
 * ```ts
 * import type { ListParamsOf } from "@authrocket-edge/sdk";
 * import type { TABLE } from "@authrocket-edge/sdk/internal";
 * const humans: ListParamsOf<typeof TABLE.user> = { user_type: "human", sort: "username" };
 * ```
 */
export type ListParamsOf<D extends ResourceDef> = Simplify<
  & {
    /** Cursor: the id of the last record of the previous page. */
    after?: string;
    /** Page size (1 to the resource's maximum). */
    max_results?: number;
    /** Sort key (one of the resource's sorts). */
    sort?: Sorts<D>;
    /** Sort direction. */
    direction?: "asc" | "desc";
  }
  & {
    [K in Filters<D>]?: K extends keyof Fields<D>
      ? InputOf<Fields<D>[K]> | readonly InputOf<Fields<D>[K]>[] // several values: k[]=a&k[]=b
      : string | number | Date;
  }
  & {
    [K in D["list"] extends { params: readonly (infer P)[] } ? P & string : never]?: string;
  }
>;

/**
 * The params of a has_many list: the child's list params without the owner's key, plus
 * `reload` to bypass the cache.
 *
 * @example
 * ```ts
 * import type { AssociationParamsOf } from "@authrocket-edge/sdk";
 * import type { TABLE } from "@authrocket-edge/sdk/internal";
 * const p: AssociationParamsOf<typeof TABLE.user, "realm_id"> = { user_type: "api", reload: true };
 * ```
 */
export type AssociationParamsOf<D extends ResourceDef, Key extends string> = Simplify<
  Omit<ListParamsOf<D>, Key> & {
    /** Refetch even when the association is cached. */
    reload?: boolean;
  }
>;

/** `Omit` over each member of a union. @internal */
export type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Simplify<Omit<T, K>>
  : never;

/**
 * The attributes of a has_many `createX`: the child's create params without the owner's key
 * (the owner fills it).
 *
 * @example
 * ```ts
 * import type { OwnedCreateParams } from "@authrocket-edge/sdk";
 * import type { TABLE } from "@authrocket-edge/sdk/internal";
 * const m: OwnedCreateParams<typeof TABLE.membership, "user_id"> = { org_id: "org_…" };
 * ```
 */
export type OwnedCreateParams<D extends ResourceDef, Key extends string> = DistributiveOmit<
  FlatCreate<D>,
  Key
>;
