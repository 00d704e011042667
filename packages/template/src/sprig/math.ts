/**
 * Sprig's integer and float math (`add`, `div`, `addf`, `round`, `until`, `seq`, ...) and the spf13/cast
 * conversions every Sprig number function starts with.
 *
 * Go semantics kept exactly:
 * - integer math is int64 with two's-complement wrap-around (`add 9223372036854775807 1` is the minimum);
 *   `div`/`mod` truncate toward zero and fail with `runtime error: integer divide by zero`;
 * - `cast.ToInt64` truncates floats (NaN and out-of-range floats become the minimum int64, as on amd64),
 *   parses strings with `strconv.ParseInt(s, 0, 64)` after dropping a trailing `.0…`, and yields 0 for
 *   anything it cannot convert (`"x"`, `"1e3"`, `" 1"`, maps, nil);
 * - `addf`/`subf`/`mulf`/`divf` go through shopspring/decimal: exact decimal arithmetic on the shortest
 *   decimal form of each float64, division rounded half away from zero to 16 places, then the nearest
 *   float64 (`addf 0.1 0.2` is `0.3`).
 */
import { defineFunc, type FuncMap } from "../funcs/types.js";
import { sliceOf, T } from "../value/types.js";
import { GoFloat, GoInt, GoPointer, goInt } from "../value/values.js";
import { float64ToInt64 } from "./cast.js";
import { cryptoRandom, type RandomSource, randomBigInt } from "./random.js";
import { parseFloat64, parseGoInt } from "./strconv.js";

/** Largest list `until`/`untilStep`/`seq` build; Go would allocate more, we fail instead of exhausting memory. */
export const MAX_RANGE_LENGTH = 10_000_000;

// --- spf13/cast ----------------------------------------------------------------------------------------

/** cast's trimZeroDecimal: `"3.0"` → `"3"`, `"3.50"` unchanged. */
function trimZeroDecimal(s: string): string {
  let foundZero = false;
  for (let i = s.length; i > 0; i--) {
    const c = s[i - 1];
    if (c === ".") {
      if (foundZero) return s.slice(0, i - 1);
    } else if (c === "0") {
      foundZero = true;
    } else {
      return s;
    }
  }
  return s;
}

/** The dereferenced value, as cast's `indirect` does (pointers to scalars are not modelled: structs stay). */
function indirect(v: unknown): unknown {
  return v instanceof GoPointer ? v.target : v;
}

/** Integer kinds cast's type switches accept (exact types: named integer types fall to the default). */
const CAST_INT_TYPES = new Set<unknown>([
  T.int,
  T.int8,
  T.int16,
  T.int32,
  T.int64,
  T.uint,
  T.uint8,
  T.uint16,
  T.uint32,
  T.uint64,
]);

function castableInt(v: GoInt): boolean {
  // cast's toInt also accepts time.Weekday and time.Month.
  return CAST_INT_TYPES.has(v.type) || v.type.name === "time.Weekday" || v.type.name === "time.Month";
}

/** spf13/cast `ToInt64` (errors give 0), the conversion behind Sprig's integer math and `int64`. */
export function toInt64(v: unknown): bigint {
  v = indirect(v);
  if (v instanceof GoInt) return castableInt(v) ? BigInt.asIntN(64, v.value) : 0n;
  if (typeof v === "number") return float64ToInt64(v);
  if (v instanceof GoFloat && v.type === T.float32) return float64ToInt64(v.value);
  if (typeof v === "string") {
    const r = parseGoInt(trimZeroDecimal(v), 0, 64);
    return r.ok ? r.value : 0n;
  }
  if (typeof v === "boolean") return v ? 1n : 0n;
  return 0n;
}

/** spf13/cast `ToInt` (int is 64-bit): the same conversions as {@link toInt64}. */
export function toInt(v: unknown): bigint {
  return toInt64(v);
}

/** spf13/cast `ToFloat64` (errors give 0), the conversion behind Sprig's float math and `float64`. */
export function toFloat64(v: unknown): number {
  v = indirect(v);
  if (typeof v === "number") return v;
  if (v instanceof GoInt) return castableInt(v) ? Number(v.value) : 0;
  if (v instanceof GoFloat && v.type === T.float32) return v.value;
  if (typeof v === "string") {
    // Out-of-range strings fail in Go (ParseFloat returns ±Inf with an error), so cast gives 0.
    const r = parseFloat64(v);
    return r.ok ? r.value : 0;
  }
  if (typeof v === "boolean") return v ? 1 : 0;
  return 0;
}

// --- shopspring/decimal --------------------------------------------------------------------------------

/** A decimal `coef × 10^exp`. */
interface Decimal {
  coef: bigint;
  exp: number;
}

const DIVISION_PRECISION = 16;

/** decimal.NewFromFloat: the shortest decimal that round-trips to `f`; panics on NaN and infinities. */
function decimalFromFloat(f: number): Decimal {
  if (Number.isNaN(f)) throw new Error("Cannot create a Decimal from NaN");
  if (!Number.isFinite(f)) throw new Error(`Cannot create a Decimal from ${f > 0 ? "+Inf" : "-Inf"}`);
  if (f === 0) return { coef: 0n, exp: 0 };
  const [mant, expText] = f.toExponential().split("e");
  const digits = mant.replace(".", "").replace("-", "");
  const fracLen = mant.includes(".") ? mant.length - mant.indexOf(".") - 1 : 0;
  const coef = BigInt(digits) * (f < 0 ? -1n : 1n);
  return { coef, exp: Number(expText) - fracLen };
}

function pow10(n: number): bigint {
  return 10n ** BigInt(n);
}

function align(a: Decimal, b: Decimal): [bigint, bigint, number] {
  if (a.exp === b.exp) return [a.coef, b.coef, a.exp];
  if (a.exp < b.exp) return [a.coef, b.coef * pow10(b.exp - a.exp), a.exp];
  return [a.coef * pow10(a.exp - b.exp), b.coef, b.exp];
}

function decimalAdd(a: Decimal, b: Decimal): Decimal {
  const [x, y, exp] = align(a, b);
  return { coef: x + y, exp };
}

function decimalSub(a: Decimal, b: Decimal): Decimal {
  const [x, y, exp] = align(a, b);
  return { coef: x - y, exp };
}

function decimalMul(a: Decimal, b: Decimal): Decimal {
  return { coef: a.coef * b.coef, exp: a.exp + b.exp };
}

/** decimal.Div: the quotient rounded half away from zero to 16 decimal places. */
function decimalDiv(a: Decimal, b: Decimal): Decimal {
  if (b.coef === 0n) throw new Error("decimal division by 0");
  // a / b × 10^16 = (a.coef × 10^(a.exp - b.exp + 16)) / b.coef
  const shift = a.exp - b.exp + DIVISION_PRECISION;
  let num = a.coef;
  let den = b.coef;
  if (shift >= 0) num *= pow10(shift);
  else den *= pow10(-shift);
  let q = num / den;
  const r = num % den;
  const absR2 = (r < 0n ? -r : r) * 2n;
  const absDen = den < 0n ? -den : den;
  if (absR2 >= absDen) q += num < 0n !== den < 0n ? -1n : 1n;
  return { coef: q, exp: -DIVISION_PRECISION };
}

/** decimal.Float64: the nearest float64. */
function decimalToFloat(d: Decimal): number {
  return Number(`${d.coef}e${d.exp}`);
}

function decimalOp(
  first: unknown,
  rest: readonly unknown[],
  op: (a: Decimal, b: Decimal) => Decimal,
): number {
  let acc = decimalFromFloat(toFloat64(first));
  for (const x of rest) acc = op(acc, decimalFromFloat(toFloat64(x)));
  return decimalToFloat(acc);
}

// --- ranges -----------------------------------------------------------------------------------------------

function untilStep(start: number, stop: number, step: number): number[] {
  const out: number[] = [];
  if (stop < start ? step >= 0 : step <= 0) return out;
  const count = Math.ceil((stop - start) / step);
  if (count > MAX_RANGE_LENGTH)
    throw new Error(`range of more than ${MAX_RANGE_LENGTH} elements is not supported`);
  for (let i = 0, v = start; i < count; i++, v += step) out.push(v);
  return out;
}

function intList(items: number[]): GoInt[] {
  return items.map((n) => goInt(n));
}

function seq(params: number[]): string {
  let range: number[];
  switch (params.length) {
    case 1: {
      const end = params[0];
      const inc = end < 1 ? -1 : 1;
      range = untilStep(1, end + inc, inc);
      break;
    }
    case 2: {
      const [start, end] = params;
      const step = end < start ? -1 : 1;
      range = untilStep(start, end + step, step);
      break;
    }
    case 3: {
      const [start, step, end] = params;
      let inc = 1;
      if (end < start) {
        inc = -1;
        if (step > 0) return "";
      }
      range = untilStep(start, end + inc, step);
      break;
    }
    default:
      return "";
  }
  return range.join(" ");
}

// --- Go math ----------------------------------------------------------------------------------------------

/** Go's math.Pow(10, n) for an integer n (exact products, one final reciprocal for negative n). */
function pow10Float(n: number): number {
  const neg = n < 0;
  let k = Math.abs(n);
  let result = 1;
  let base = 10;
  while (k > 0) {
    if (k & 1) result *= base;
    base *= base;
    k = Math.floor(k / 2);
  }
  return neg ? 1 / result : result;
}

function round(value: number, places: number, roundOn: number): number {
  const pow = pow10Float(places);
  const digit = pow * value;
  const frac = digit - Math.trunc(digit);
  const r = frac >= roundOn ? Math.ceil(digit) : Math.floor(digit);
  return r / pow;
}

// --- the functions --------------------------------------------------------------------------------------

/** Options of {@link createMathFuncs}. */
export interface MathFuncsOptions {
  /** Random source for `randInt`. Default: Web Crypto ({@link cryptoRandom}). */
  random?: RandomSource;
}

function intDiv(a: bigint, b: bigint): bigint {
  if (b === 0n) throw new Error("runtime error: integer divide by zero");
  return a / b;
}

function intMod(a: bigint, b: bigint): bigint {
  if (b === 0n) throw new Error("runtime error: integer divide by zero");
  return a % b;
}

const wrap = (n: bigint) => BigInt.asIntN(64, n);

/**
 * Sprig's math functions: `add add1 sub mul div mod max biggest min maxf minf floor ceil round addf add1f
 * subf mulf divf seq until untilStep randInt`.
 */
export function createMathFuncs(options: MathFuncsOptions = {}): FuncMap {
  const random = options.random ?? cryptoRandom;
  return {
    add1: defineFunc({ params: [T.any], result: T.int64, fn: (i) => wrap(toInt64(i) + 1n) }),
    add: defineFunc({
      params: [T.any],
      variadic: true,
      result: T.int64,
      fn: (...xs: unknown[]) => xs.reduce<bigint>((acc, x) => wrap(acc + toInt64(x)), 0n),
    }),
    sub: defineFunc({ params: [T.any, T.any], result: T.int64, fn: (a, b) => wrap(toInt64(a) - toInt64(b)) }),
    div: defineFunc({
      params: [T.any, T.any],
      result: T.int64,
      fn: (a, b) => wrap(intDiv(toInt64(a), toInt64(b))),
    }),
    mod: defineFunc({
      params: [T.any, T.any],
      result: T.int64,
      fn: (a, b) => intMod(toInt64(a), toInt64(b)),
    }),
    mul: defineFunc({
      params: [T.any, T.any],
      variadic: true,
      result: T.int64,
      fn: (a: unknown, ...xs: unknown[]) => xs.reduce<bigint>((acc, x) => wrap(acc * toInt64(x)), toInt64(a)),
    }),
    randInt: defineFunc({
      params: [T.int, T.int],
      result: T.int,
      fn: (min, max) => {
        const n = max - min;
        if (n <= 0) throw new Error("invalid argument to Intn");
        return Number(randomBigInt(random, BigInt(n))) + min;
      },
    }),
    add1f: defineFunc({
      params: [T.any],
      result: T.float64,
      fn: (i) => decimalOp(i, [goInt(1)], decimalAdd),
    }),
    addf: defineFunc({
      params: [T.any],
      variadic: true,
      result: T.float64,
      fn: (...xs: unknown[]) => decimalOp(0, xs, decimalAdd),
    }),
    subf: decimalFunc(decimalSub),
    mulf: decimalFunc(decimalMul),
    divf: decimalFunc(decimalDiv),
    biggest: maxFunc(),
    max: maxFunc(),
    min: defineFunc({
      params: [T.any, T.any],
      variadic: true,
      result: T.int64,
      fn: (a: unknown, ...xs: unknown[]) =>
        xs.reduce<bigint>((acc, x) => {
          const b = toInt64(x);
          return b < acc ? b : acc;
        }, toInt64(a)),
    }),
    maxf: defineFunc({
      params: [T.any, T.any],
      variadic: true,
      result: T.float64,
      fn: (a: unknown, ...xs: unknown[]) =>
        xs.reduce<number>((acc, x) => Math.max(acc, toFloat64(x)), toFloat64(a)),
    }),
    minf: defineFunc({
      params: [T.any, T.any],
      variadic: true,
      result: T.float64,
      fn: (a: unknown, ...xs: unknown[]) =>
        xs.reduce<number>((acc, x) => Math.min(acc, toFloat64(x)), toFloat64(a)),
    }),
    floor: defineFunc({ params: [T.any], result: T.float64, fn: (a) => Math.floor(toFloat64(a)) }),
    ceil: defineFunc({ params: [T.any], result: T.float64, fn: (a) => Math.ceil(toFloat64(a)) }),
    round: defineFunc({
      params: [T.any, T.int, T.float64],
      variadic: true,
      result: T.float64,
      fn: (a: unknown, places: number, ...roundOn: number[]) =>
        round(toFloat64(a), places, roundOn[0] ?? 0.5),
    }),
    seq: defineFunc({
      params: [T.int],
      variadic: true,
      result: T.string,
      fn: (...params: number[]) => seq(params),
    }),
    until: defineFunc({
      params: [T.int],
      result: sliceOf(T.int),
      fn: (count) => intList(untilStep(0, count, count < 0 ? -1 : 1)),
    }),
    untilStep: defineFunc({
      params: [T.int, T.int, T.int],
      result: sliceOf(T.int),
      fn: (start, stop, step) => intList(untilStep(start, stop, step)),
    }),
  };
}

function decimalFunc(op: (a: Decimal, b: Decimal) => Decimal) {
  return defineFunc({
    params: [T.any, T.any],
    variadic: true,
    result: T.float64,
    fn: (a: unknown, ...xs: unknown[]) => decimalOp(a, xs, op),
  });
}

function maxFunc() {
  return defineFunc({
    params: [T.any, T.any],
    variadic: true,
    result: T.int64,
    fn: (a: unknown, ...xs: unknown[]) =>
      xs.reduce<bigint>((acc, x) => {
        const b = toInt64(x);
        return b > acc ? b : acc;
      }, toInt64(a)),
  });
}

/** Sprig's math functions with the default random source. */
export const mathFuncs: FuncMap = createMathFuncs();
