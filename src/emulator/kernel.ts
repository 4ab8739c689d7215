/**
 * What every part of the emulator shares: the store, the clock, id minting, responses, the
 * realm a request names, events, and how a record is presented.
 * @module
 */
import type { ResourceDef } from "../record.ts";
import { Store } from "./store.ts";
import { DEFS, fieldsOf } from "./table.ts";

/** A record as stored: plain JSON. */
export type Rec = Record<string, unknown>;

const B62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

// Random bytes drawn a block at a time: every id takes 15, and a getRandomValues call (with
// its array) per id costs more than the id.
const pool = new Uint8Array(4096);
let used = pool.length;

/** `n` random base-62 characters. */
export function randomB62(n: number): string {
  let s = "";
  for (let i = 0; i < n; i++) {
    if (used === pool.length) {
      crypto.getRandomValues(pool);
      used = 0;
    }
    s += B62[pool[used++] % 62];
  }
  return s;
}

/** A JSON response. */
export const json = (status: number, body?: unknown): Response =>
  new Response(body === undefined ? null : JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json" },
  });
/** The API's error shape: `{"errors": {field: [messages]}}`. */
export const errors = (status: number, field: string, ...messages: string[]): Response =>
  json(status, { errors: { [field]: messages } });
/** The API's 404. */
export const notFound = (): Response => json(404, { error: "Not found" });

/** A single-use token in flight (2FA, password reset, email verification) and whom it is for. */
export interface Pending {
  kind: "login" | "password" | "email";
  userId: string;
  expires: number;
  /** Wrong codes so far (2FA). */
  tries?: number;
}

/** The emulator's shared state and helpers. */
export interface Kernel {
  readonly store: Store;
  /** The clock, in seconds (the API's timestamps). */
  ts(): number;
  /** The clock, in ms. */
  now(): number;
  /** PBKDF2 iterations for stored passwords. */
  readonly iterations: number;
  /** A new id with a resource's prefix, ascending in creation order. */
  newId(prefix: string): string;
  /** The definition of a resource by object type. */
  def(object: string): ResourceDef;
  /** Record an event (and queue its webhooks). */
  event(type: string, ids: Rec, request: unknown): Rec;
  /** A record as the API shows it. */
  out(def: ResourceDef, r: Rec, view?: View): Rec;
}

/** What a presentation may depend on: a list's query (`expand`, the filters). */
export interface View {
  list?: URLSearchParams;
}

/** The realm of a record: its own, its user's, or itself for a realm. */
export function realmKey(store: Store, table: string, r: Rec): string | undefined {
  if (typeof r.realm_id === "string") return r.realm_id;
  if (typeof r.user_id === "string") return store.realmOf("user", r.user_id);
  return table === "realm" ? r.id as string : undefined;
}

/** A new store with a table per resource of the resource table. */
export function newStore(): Store {
  const store: Store = new Store(
    Object.keys(DEFS),
    (table, r) => realmKey(store, table, r),
  );
  return store;
}

const writeOnly = new WeakMap<ResourceDef, string[]>();

/** A record without its write-only fields, with its `object`. */
export function plain(def: ResourceDef, r: Rec): Rec {
  let wo = writeOnly.get(def);
  if (!wo) {
    wo = [...fieldsOf(def)].filter(([, f]) => f.wo).map(([k]) => k);
    writeOnly.set(def, wo);
  }
  // A spread copies fastest; write-only fields are never stored by the engine, so the
  // delete (which would slow the copy down) is almost never taken.
  const o: Rec = { object: def.object, ...r };
  for (const k of wo) if (Object.hasOwn(o, k)) delete o[k];
  return o;
}

/** Emit a user's event. */
export const userEvent = (k: Kernel, type: string, u: Rec, request: unknown): Rec =>
  k.event(type, { user_id: u.id, realm_id: u.realm_id }, request);
