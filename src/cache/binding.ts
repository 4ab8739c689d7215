/**
 * One adapter per underlying binding: `kvCache(env.SESSIONS)` built inside `fetch` on every
 * request returns the adapter built on the first, so revalidation's single flight and its
 * revalidators (keyed by the cache object) behave as with one adapter built once. Weak: an
 * adapter lives as long as its binding (in workerd, `env.X` and `caches.default` are one object
 * per isolate).
 * @module
 */
import type { SessionCache } from "./types.ts";

/** The adapter `adapters` keeps for `binding`, made by `make` the first time. */
export function adapterOf<B extends object>(
  adapters: WeakMap<B, SessionCache>,
  binding: B,
  make: () => SessionCache,
): SessionCache {
  let a = adapters.get(binding);
  if (!a) adapters.set(binding, a = make());
  return a;
}

/**
 * Whether `binding` has each of `methods`: one it lacks would fail later (a missing `delete` at
 * logout), so the adapters refuse it when made.
 */
export function hasMethods<B>(
  binding: B | null | undefined,
  methods: readonly (keyof B & string)[],
): binding is B {
  return !!binding && methods.every((m) => typeof binding[m] === "function");
}
