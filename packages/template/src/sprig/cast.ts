/**
 * spf13/cast conversions as Sprig uses them (`int`, `int64`, `float64`, the math functions' operands),
 * plus Sprig's `strval`/`strslice` string conversions. Failed conversions give 0, as `cast.ToInt64` does.
 */
import { formatValue } from "../fmt/print.js";
import { defineFunc, type FuncMap } from "../funcs/types.js";
import { decodeGoBytes } from "../value/gostring.js";
import { SLICE_BYTE, T } from "../value/types.js";
import { GO_TYPE, GoFloat, GoInt, GoPointer, typeOf } from "../value/values.js";
import { atoi, parseFloat64, parseGoInt } from "./strconv.js";

const MIN_INT64 = -(1n << 63n);
const TWO_63 = 2 ** 63;

/**
 * Go's `int64(f)` on amd64: truncation toward zero; NaN and out-of-range values give the "integer indefinite"
 * value, math.MinInt64.
 */
export function float64ToInt64(f: number): bigint {
  if (Number.isNaN(f) || f >= TWO_63 || f < -TWO_63) return MIN_INT64;
  return BigInt(Math.trunc(f));
}

/** cast's `trimZeroDecimal`: `"1.000"` → `"1"`, anything else unchanged. */
function trimZeroDecimal(s: string): string {
  let foundZero = false;
  for (let i = s.length; i > 0; i--) {
    const c = s[i - 1];
    if (c === ".") {
      if (foundZero) return s.slice(0, i - 1);
    } else if (c === "0") foundZero = true;
    else return s;
  }
  return s;
}

/** Follow Go pointers to the value they point at (cast's `indirect`). */
function indirect(v: unknown): unknown {
  let x = v;
  while (x instanceof GoPointer) x = x.target;
  return x;
}

/** `cast.ToInt64(v)` (also `cast.ToInt`: Go's int is 64-bit here). */
export function toInt64(v0: unknown): bigint {
  const v = indirect(v0);
  if (v instanceof GoInt) return BigInt.asIntN(64, v.value);
  if (typeof v === "number") return float64ToInt64(v);
  if (v instanceof GoFloat) return float64ToInt64(v.value);
  if (typeof v === "boolean") return v ? 1n : 0n;
  if (typeof v === "string") {
    const r = parseGoInt(trimZeroDecimal(v), 0, 64);
    return r.ok ? r.value : 0n;
  }
  return 0n;
}

/** `cast.ToFloat64(v)`. */
export function toFloat64(v0: unknown): number {
  const v = indirect(v0);
  if (typeof v === "number") return v;
  if (v instanceof GoInt) return Number(v.value);
  if (v instanceof GoFloat) return v.value;
  if (typeof v === "boolean") return v ? 1 : 0;
  if (typeof v === "string") {
    const r = parseFloat64(v);
    return r.ok ? r.value : 0;
  }
  return 0;
}

/**
 * Sprig's `strval` (`toString`): strings as they are, `[]byte` as text, errors and Stringers through their
 * method, anything else as `fmt.Sprintf("%v")`.
 */
export function strval(v: unknown): string {
  if (typeof v === "string") return v;
  if (v instanceof Uint8Array && typeOf(v) === SLICE_BYTE) return decodeGoBytes(v);
  return formatValue(v);
}

/**
 * Sprig's `strslice` (`toStrings`, and what `join` uses): a `[]string` as is, other slices element by element
 * through {@link strval} skipping nil elements, nil as an empty list, any other value as a one-element list.
 */
export function strslice(v: unknown): string[] {
  if (Array.isArray(v)) {
    const t = (v as { [GO_TYPE]?: { elem?: { kind: string } } })[GO_TYPE];
    if (t?.elem === T.string) return v as string[];
    const out: string[] = [];
    for (const item of v) if (item !== null && item !== undefined) out.push(strval(item));
    return out;
  }
  if (v instanceof Uint8Array) return Array.from(v, (b) => String(b));
  if (v === null || v === undefined) return [];
  return [strval(v)];
}

/** The conversion family: `atoi`, `int`, `int64`, `float64`, `toDecimal`. */
export function conversionFuncs(): FuncMap {
  return {
    atoi: defineFunc({ params: [T.string], result: T.int, fn: (s) => atoi(s).value }),
    int: defineFunc({ params: [T.any], result: T.int, fn: toInt64 }),
    int64: defineFunc({ params: [T.any], result: T.int64, fn: toInt64 }),
    float64: defineFunc({ params: [T.any], result: T.float64, fn: toFloat64 }),
    toDecimal: defineFunc({
      params: [T.any],
      result: T.int64,
      fn: (v) => {
        const r = parseGoInt(formatValue(v), 8, 64);
        return r.ok ? r.value : 0n;
      },
    }),
  };
}
