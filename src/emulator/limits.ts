/**
 * What the emulator refuses to keep: JSON nested deeper than {@link MAX_DEPTH} levels (a
 * record must survive `JSON.stringify`, which recurses, in every response, change and
 * snapshot) and values JSON cannot carry.
 * @module
 */

/**
 * The deepest nesting of objects and arrays a request body may have (the body itself is level
 * 1: `{"user": {"custom": {…}}}` puts `custom`'s members on level 4). Real data nests a few
 * levels; a body past this is refused with 400 before anything is stored.
 */
export const MAX_DEPTH = 32;

/**
 * Why `value` cannot be stored as JSON (nested deeper than `limit`, or holding a value JSON has
 * no form for), or `undefined` when it can. Walks with its own stack, so that a value nested
 * 100,000 deep is measured, not a stack overflow.
 */
export function unstorable(value: unknown, limit = MAX_DEPTH): string | undefined {
  const values: unknown[] = [value];
  const depths: number[] = [0];
  while (values.length) {
    const v = values.pop();
    const depth = depths.pop()!;
    const t = typeof v;
    if (t === "bigint" || t === "function" || t === "symbol") return `it holds a ${t}`;
    if (t !== "object" || v === null) continue;
    if (depth === limit) return `it is nested deeper than ${limit} levels`;
    for (const x of Array.isArray(v) ? v : Object.values(v as object)) {
      if (typeof x !== "object" || x === null) {
        const tx = typeof x;
        if (tx === "bigint" || tx === "function" || tx === "symbol") return `it holds a ${tx}`;
      } else {
        values.push(x);
        depths.push(depth + 1);
      }
    }
  }
  return undefined;
}
