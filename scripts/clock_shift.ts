// Moves the wall clock for a whole test run, so that a test mixing a fixed clock with the wall
// clock fails at once instead of on some day at some hour (issue 10). npm test runs the Deno
// suite twice more with it, the clock moved back and forward:
//
//   TEST_NOW_OFFSET=-3d deno task test --preload=scripts/clock_shift.ts
//
// TEST_NOW_OFFSET is a signed number of days (`d`) or hours (`h`). `Date.now()`, `new Date()`
// and `Date()` read the moved clock; a Date made from a value, `Date.UTC` and `Date.parse` are
// untouched. Subclasses of Date and `instanceof Date` keep working. Monotonic timers
// (`performance.now()`, `setTimeout`) are not moved: they measure durations, not dates.
const spec = Deno.env.get("TEST_NOW_OFFSET") ?? "";
const m = /^([+-]?\d+(?:\.\d+)?)([dh])$/.exec(spec);
if (!m) throw new Error(`TEST_NOW_OFFSET must be like "+3d", "-400d" or "5h", not "${spec}"`);
const offset = Number(m[1]) * (m[2] === "d" ? 86_400_000 : 3_600_000);

const RealDate = Date;
const now = () => RealDate.now() + offset;
function ShiftedDate(this: unknown, ...args: unknown[]): unknown {
  if (!new.target) return new RealDate(now()).toString();
  return Reflect.construct(RealDate, args.length ? args : [now()], new.target);
}
Object.setPrototypeOf(ShiftedDate, RealDate); // Date.UTC, Date.parse
ShiftedDate.prototype = RealDate.prototype; // instanceof either way; subclasses extend it
ShiftedDate.now = now;
globalThis.Date = ShiftedDate as unknown as DateConstructor;

if (Math.abs(new Date().getTime() - RealDate.now() - offset) > 1000) {
  throw new Error("clock_shift: the clock did not move");
}
