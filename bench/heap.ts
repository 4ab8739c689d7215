// The heap a benchmark can read in Deno, Node and Bun: a full GC where the runtime lets a script
// force one (`--expose-gc`, Bun's gc), then the heap in use.
const g = globalThis as Record<string, unknown>;

/** Force a full GC, where the runtime lets a script (`--expose-gc`, Bun); false if not. */
export function fullGc(): boolean {
  const bun = g.Bun as { gc?: (sync: boolean) => void } | undefined;
  if (bun?.gc) bun.gc(true);
  else if (typeof g.gc === "function") (g.gc as () => void)();
  else return false;
  return true;
}

/** The heap in use, in bytes. */
export function heapUsed(): number {
  const deno = g.Deno as { memoryUsage(): { heapUsed: number } } | undefined;
  if (deno) return deno.memoryUsage().heapUsed;
  return (g.process as { memoryUsage(): { heapUsed: number } }).memoryUsage().heapUsed;
}

/** Heap after a full GC (twice: finalizers), or undefined where no GC can be forced. */
export const heap = (): number | undefined => fullGc() && fullGc() ? heapUsed() : undefined;
