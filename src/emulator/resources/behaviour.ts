/**
 * What one resource's behaviour is made of: what its declaration cannot say (checks across
 * fields and records, what happens after an insert or on a delete, how a record is presented,
 * what else it is found by) and the handlers of its actions. The engine (crud.ts, router.ts)
 * calls each hook with one context object and never names a resource.
 * @module
 */
import type { ResourceDef } from "../../record.ts";
import type { Kernel, Rec, View } from "../kernel.ts";

/** What every hook gets: the emulator's kernel and the resource's row of the table. */
export interface Ctx {
  readonly k: Kernel;
  readonly def: ResourceDef;
}

/**
 * A record being written: checked (`prepare`, `check`), then on a create stored (`create`,
 * `beforeInsert`, `afterInsert`; one context for them all, `rec` gaining its id on the way).
 */
export interface WriteCtx extends Ctx {
  /** The whole record about to be stored (an update's changes applied to a copy). */
  rec: Rec;
  /** The request's attributes, write-only ones (a password) and extras (a signup token) too. */
  attrs: Rec;
  /** An update's record as stored (`undefined` on create). */
  old: Rec | undefined;
  /** The request's `request` object, for events. */
  request: unknown;
}

/** An update just applied to the stored record (before it is stored again and announced). */
export interface UpdateCtx extends Ctx {
  rec: Rec;
  /** The fields the update changed, with their new values. */
  changes: Rec;
  request: unknown;
}

/** A record about to be deleted. */
export interface RemoveCtx extends Ctx {
  rec: Rec;
}

/** A record being presented: `out` is what the API will show, `rec` the stored record. */
export interface PresentCtx extends Ctx {
  out: Rec;
  rec: Rec;
  view: View;
}

/** A record asked for by `key` (its id, or what else names it) in the realm a request names. */
export interface LookupCtx extends Ctx {
  key: string;
  realm: string | undefined;
}

/** What an action handler gets. */
export interface ActionCtx extends Ctx {
  req: Request;
  /** The path segment after the resource (`--` stays `--`), decoded. */
  id: string;
  body: Rec;
  /** The body's root object (`body.user`), or the flat body. */
  root: Rec;
  request: unknown;
  query: URLSearchParams;
  /** The realm the request names (body, `realm_id` param or header), if any. */
  realm: string | undefined;
  /** The record `id` names, in the realm the request names, as a GET would find it. */
  record(): Rec | undefined;
}

/** An action handler. */
export type Handler = (c: ActionCtx) => Response | Promise<Response>;

/** One resource's behaviour beyond its declaration. Every part is optional. */
export interface Behaviour {
  /** Required fields the resource checks itself (in its own words, or conditionally). */
  optional?: readonly string[];
  /** Normalise a record about to be stored. */
  prepare?(c: WriteCtx): void;
  /** Messages for a record about to be stored, beyond enums and required fields. */
  check?(c: WriteCtx): string[];
  /** Create the record in place of the engine (it is then stored and announced here). */
  create?(c: WriteCtx): Promise<Rec>;
  /** Fill in what the engine cannot, before the record gets its id. */
  beforeInsert?(c: WriteCtx): Promise<void> | void;
  /** After the record is stored (before its `.created` event). */
  afterInsert?(c: WriteCtx): Promise<void> | void;
  /** After an update's changes are applied. */
  afterUpdate?(c: UpdateCtx): Promise<void> | void;
  /** On delete: clean up what depends on it, or answer "kept" to keep the record. */
  remove?(c: RemoveCtx): "kept" | void;
  /** Add to (or take from) the presented record `out`. */
  present?(c: PresentCtx): void;
  /** Find a record by its id or by what else names it (a username, a token). */
  lookup?(c: LookupCtx): Rec | undefined;
  /** The handlers of the row's `actions`, by `"METHOD path"` (checked against the table). */
  actions?: Readonly<Record<string, Handler>>;
}

/** Whether a value is missing or only spaces (what a resource's own checks call blank). */
export const blank = (v: unknown): boolean =>
  v === undefined || v === null || String(v).trim() === "";
