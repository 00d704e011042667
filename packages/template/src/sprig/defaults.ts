/** Sprig's defaults, flow control and reflection functions. */
import { defineFunc, type FuncMap } from "../funcs/types.js";
import { T } from "../value/types.js";
import {
  GoComplex,
  GoFloat,
  GoFunc,
  GoInt,
  GoNil,
  GoPointer,
  goTypeName,
  kindOf,
  typeOf,
} from "../value/values.js";

/**
 * Sprig's `empty`: nil, zero numbers, `false`, and empty strings, slices and maps are empty; structs never
 * are; pointers and functions are empty only when nil.
 */
export function isEmpty(v: unknown): boolean {
  if (v === null || v === undefined) return true;
  switch (typeof v) {
    case "string":
      return v.length === 0;
    case "number":
      return v === 0;
    case "boolean":
      return !v;
    case "bigint":
      return v === 0n;
    default:
      break;
  }
  if (v instanceof GoInt) return v.value === 0n;
  if (v instanceof GoFloat) return v.value === 0;
  if (v instanceof GoComplex) return v.re === 0 && v.im === 0;
  if (v instanceof GoNil) return true;
  if (v instanceof GoPointer || v instanceof GoFunc) return false;
  if (Array.isArray(v)) return v.length === 0;
  if (v instanceof Uint8Array) return v.length === 0;
  const t = typeOf(v);
  if (t?.kind === "struct") return false;
  if (t?.kind === "array") return (t.len ?? 0) === 0;
  if (typeof v === "object") return Object.keys(v).length === 0;
  return false;
}

/** Hidden state of opaque values (time.Time, semver.Version...) that DeepEqual must compare too. */
export const HIDDEN_STATE: unique symbol = Symbol.for("gitops-kit.template.hiddenState");

/** Go's `reflect.DeepEqual`. */
export function deepEqual(a: unknown, b: unknown, seen = new Map<object, Set<object>>()): boolean {
  if (a === undefined) a = null;
  if (b === undefined) b = null;
  if (a === null || b === null) return a === b;
  if (typeOf(a) !== typeOf(b)) return false;
  if (typeof a !== "object" || typeof b !== "object") return a === b;
  if (a === b && !(a instanceof GoFunc)) return true;
  if (a instanceof GoInt) return a.value === (b as GoInt).value;
  if (a instanceof GoFloat) return a.value === (b as GoFloat).value;
  if (a instanceof GoComplex) return a.re === (b as GoComplex).re && a.im === (b as GoComplex).im;
  if (a instanceof GoFunc || b instanceof GoFunc) return false;
  if (a instanceof GoNil) return b instanceof GoNil;
  if (b instanceof GoNil) return false;
  // Cycles: a pair already under comparison is taken as equal, as reflect does.
  let pairs = seen.get(a);
  if (pairs?.has(b)) return true;
  if (!pairs) {
    pairs = new Set();
    seen.set(a, pairs);
  }
  pairs.add(b);
  if (a instanceof GoPointer) return deepEqual(a.target, (b as GoPointer).target, seen);
  if (a instanceof Uint8Array) {
    const y = b as Uint8Array;
    return a.length === y.length && a.every((x, i) => x === y[i]);
  }
  if (Array.isArray(a)) {
    const y = b as unknown[];
    return a.length === y.length && a.every((x, i) => deepEqual(x, y[i], seen));
  }
  const x = a as Record<string | symbol, unknown>;
  const y = b as Record<string | symbol, unknown>;
  const hidden = x[HIDDEN_STATE];
  if (hidden !== undefined && !deepEqual(hidden, y[HIDDEN_STATE], seen)) return false;
  const kx = Object.keys(x);
  const ky = Object.keys(y);
  if (kx.length !== ky.length) return false;
  return kx.every((k) => Object.hasOwn(y, k) && deepEqual(x[k], y[k], seen));
}

/** The defaults, flow-control and reflection families. */
export function defaultFuncs(): FuncMap {
  return {
    default: {
      params: [T.any, T.any],
      variadic: true,
      result: T.any,
      fn: (d: unknown, ...given: unknown[]) => (given.length === 0 || isEmpty(given[0]) ? d : given[0]),
    },
    empty: defineFunc({ params: [T.any], result: T.bool, fn: isEmpty }),
    coalesce: {
      params: [T.any],
      variadic: true,
      result: T.any,
      fn: (...v: unknown[]) => v.find((x) => !isEmpty(x)) ?? null,
    },
    all: {
      params: [T.any],
      variadic: true,
      result: T.bool,
      fn: (...v: unknown[]) => v.every((x) => !isEmpty(x)),
    },
    any: {
      params: [T.any],
      variadic: true,
      result: T.bool,
      fn: (...v: unknown[]) => v.some((x) => !isEmpty(x)),
    },
    ternary: defineFunc({
      params: [T.any, T.any, T.bool],
      result: T.any,
      fn: (vt, vf, v) => (v ? vt : vf),
    }),
    fail: defineFunc({
      params: [T.string],
      result: T.string,
      returnsError: true,
      fn: (msg) => {
        throw new Error(msg);
      },
    }),
    typeOf: defineFunc({ params: [T.any], result: T.string, fn: goTypeName }),
    typeIs: defineFunc({ params: [T.string, T.any], result: T.bool, fn: (t, v) => t === goTypeName(v) }),
    typeIsLike: defineFunc({
      params: [T.string, T.any],
      result: T.bool,
      fn: (t, v) => {
        const name = goTypeName(v);
        return t === name || `*${t}` === name;
      },
    }),
    kindOf: defineFunc({ params: [T.any], result: T.string, fn: kindOf }),
    kindIs: defineFunc({ params: [T.string, T.any], result: T.bool, fn: (k, v) => k === kindOf(v) }),
    deepEqual: defineFunc({ params: [T.any, T.any], result: T.bool, fn: (a, b) => deepEqual(a, b) }),
  };
}
