/**
 * The check of number settings (the client's timeouts, retries and byte limit, revalidation's
 * seconds): a value outside its range would switch a check off, so it is refused with a message
 * that names the setting, what it must be, and what it got (a number, or only its type: a secret
 * passed by mistake is never echoed). The JWT core keeps its own two (`leeway` and `within` in
 * jwt/verify.ts, cache bounds in lru.ts): this general one would cost the verify-only bundle
 * ~90 bytes of gzip, over its budget. Imports only the error classes.
 * @module
 */
import { ConfigError } from "./errors.ts";

/**
 * What a number setting must be: a whole number or any finite one, in `unit`, at least `min`
 * (default 0) or above it, and at most `max` (a bound above `min` and one below `max` do not
 * combine: no setting needs both).
 */
export type NumberRule =
  & { whole?: boolean; unit?: string; min?: number }
  & ({ above?: false; max?: number } | { above: true; max?: undefined });

/** What is wrong with `v` ("must be a finite number of seconds ≥ 0 (got NaN)"), if anything. */
export function numberProblem(
  v: unknown,
  { whole, unit, min = 0, above, max = Infinity }: NumberRule,
): string | undefined {
  const n = v as number;
  if (
    (whole ? Number.isSafeInteger(n) : Number.isFinite(n)) && (above ? n > min : n >= min) &&
    n <= max
  ) return;
  return `must be a ${whole ? "whole" : "finite"} number${unit ? ` of ${unit}` : ""} ${
    max < Infinity ? `from ${min} to ${max}` : (above ? "> " : "≥ ") + min
  } (got ${typeof v == "number" ? v : typeof v})`;
}

/** `v`, if `rule` allows it; else a `ConfigError`: `name`, what `v` must be and what it got. */
export function numberOption(name: string, v: unknown, rule: NumberRule): number {
  const why = numberProblem(v, rule);
  if (why) throw new ConfigError(name + " " + why);
  return v as number;
}
