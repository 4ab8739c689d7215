/**
 * The library's internals, for tools and tests that build on the resource table: the table
 * itself (`TABLE`, one typed declaration per resource), the generic
 * `Resource` every `ar.<resource>` API is made of, and the `Transport`. Not needed to use the
 * client; kept off the main page.
 *
 * @example
 * ```ts
 * import { TABLE } from "@authrocket-edge/sdk/internal";
 * for (const def of Object.values(TABLE)) console.log(def.object, def.path, def.verbs.join(" "));
 * ```
 * @module
 */
export * from "./src/table/index.ts";
export type {
  ApiDef,
  Field,
  FieldFlags,
  Kind,
  ListSpec,
  ResourceDef,
  Verb,
} from "./src/table/fields.ts";
export type { RecordClass, RecordClient, RecordMethods, ResourceLike } from "./src/record.ts";
export { Resource } from "./src/resource.ts";
export type { AssociationParams, ListParams, ResourceHost } from "./src/resource.ts";
export { Transport } from "./src/transport.ts";
export type { ApiResult } from "./src/transport.ts";
export type {
  DistributiveOmit,
  Fields,
  Filters,
  FlatCreate,
  InputOf,
  Needed,
  NullOf,
  Optional,
  ReqKeys,
  Simplify,
  Sorts,
  ValueOf,
  WithRequest,
  WritableKeys,
} from "./src/table/types.ts";
