/**
 * Go's template comparison builtins (`eq`, `ne`, `lt`, `le`, `gt`, `ge`) and truthiness, with Go's rules:
 * values compare only within a basic kind (int with int of any size, float with float, ...), `eq` accepts
 * several right-hand operands, nil compares equal only to nil, and incompatible kinds are errors.
 */
import { compareGoStrings, sprintf } from "../fmt/print.js";
import { isIntKind, isUintKind } from "../value/types.js";
import {
  GoComplex,
  GoFloat,
  GoFunc,
  GoInt,
  GoMap,
  GoNil,
  GoPointer,
  goTypeName,
  typeOf,
} from "../value/values.js";

/** Thrown by comparisons; the message is Go's error text. */
export class ComparisonError extends Error {}

enum BasicKind {
  Invalid,
  Bool,
  Complex,
  Int,
  Float,
  String,
  Uint,
}

function basicKind(v: unknown): BasicKind {
  switch (typeof v) {
    case "boolean":
      return BasicKind.Bool;
    case "number":
      return BasicKind.Float;
    case "string":
      return BasicKind.String;
  }
  if (v instanceof GoInt) return isUintKind(v.type.kind) ? BasicKind.Uint : BasicKind.Int;
  if (v instanceof GoFloat) return BasicKind.Float;
  if (v instanceof GoComplex) return BasicKind.Complex;
  const t = typeOf(v);
  if (t?.kind === "string") return BasicKind.String;
  if (t?.kind === "bool") return BasicKind.Bool;
  return BasicKind.Invalid;
}

function floatOf(v: unknown): number {
  return typeof v === "number" ? v : (v as GoFloat).value;
}

function isNilValue(v: unknown): boolean {
  return v === undefined || v === null || v instanceof GoNil;
}

/** reflect.Kind name used by canCompare. */
function reflectKind(v: unknown): string {
  if (v === undefined || v === null) return "invalid";
  return typeOf(v)?.kind ?? "invalid";
}

function comparable(v: unknown): boolean {
  const k = typeOf(v)?.kind;
  if (k === "slice" || k === "map" || k === "func") return false;
  if (Array.isArray(v) || v instanceof Uint8Array) return false;
  return true;
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a instanceof GoPointer && b instanceof GoPointer) return a.target === b.target;
  if (a instanceof GoFunc || b instanceof GoFunc) return a === b;
  if (typeOf(a) !== typeOf(b)) return false;
  const t = typeOf(a);
  if (t?.kind === "struct" && typeof a === "object" && typeof b === "object") {
    return (t.fields ?? []).every((f) => {
      const x = (a as Record<string, unknown>)[f.name];
      const y = (b as Record<string, unknown>)[f.name];
      return basicKind(x) !== BasicKind.Invalid ? eqBasic(x, y) : sameValue(x, y);
    });
  }
  return a === b;
}

function eqBasic(a: unknown, b: unknown): boolean {
  try {
    return eq(a, [b]);
  } catch {
    return false;
  }
}

/** `eq arg1 arg2...`: whether arg1 equals any of the others. */
export function eq(arg1: unknown, rest: readonly unknown[]): boolean {
  const a = arg1 === null ? undefined : arg1;
  if (rest.length === 0) throw new ComparisonError("missing argument for comparison");
  const k1 = basicKind(a);
  for (const raw of rest) {
    const b = raw === null ? undefined : raw;
    const k2 = basicKind(b);
    let truth = false;
    if (k1 !== k2) {
      if (k1 === BasicKind.Int && k2 === BasicKind.Uint) {
        truth = (a as GoInt).value >= 0n && (a as GoInt).value === (b as GoInt).value;
      } else if (k1 === BasicKind.Uint && k2 === BasicKind.Int) {
        truth = (b as GoInt).value >= 0n && (a as GoInt).value === (b as GoInt).value;
      } else if (a !== undefined && b !== undefined) {
        throw new ComparisonError("incompatible types for comparison");
      }
    } else {
      switch (k1) {
        case BasicKind.Bool:
          truth = a === b;
          break;
        case BasicKind.Complex:
          truth = (a as GoComplex).re === (b as GoComplex).re && (a as GoComplex).im === (b as GoComplex).im;
          break;
        case BasicKind.Float:
          truth = floatOf(a) === floatOf(b);
          break;
        case BasicKind.Int:
        case BasicKind.Uint:
          truth = (a as GoInt).value === (b as GoInt).value;
          break;
        case BasicKind.String:
          truth = a === b;
          break;
        default: {
          const ka = reflectKind(a);
          const kb = reflectKind(b);
          if (ka !== kb && ka !== "invalid" && kb !== "invalid") {
            throw new ComparisonError(
              sprintf("non-comparable types %s: %v, %s: %v", a, goTypeName(a), goTypeName(b), b),
            );
          }
          if (isNilValue(a) || isNilValue(b)) {
            truth = isNilValue(a) === isNilValue(b);
          } else {
            if (!comparable(b))
              throw new ComparisonError(sprintf("non-comparable type %s: %v", b, goTypeName(b)));
            truth = sameValue(a, b);
          }
        }
      }
    }
    if (truth) return true;
  }
  return false;
}

/** `lt a b`. */
export function lt(arg1: unknown, arg2: unknown): boolean {
  const a = arg1 === null ? undefined : arg1;
  const b = arg2 === null ? undefined : arg2;
  const k1 = basicKind(a);
  if (k1 === BasicKind.Invalid) throw new ComparisonError("invalid type for comparison");
  const k2 = basicKind(b);
  if (k2 === BasicKind.Invalid) throw new ComparisonError("invalid type for comparison");
  if (k1 !== k2) {
    if (k1 === BasicKind.Int && k2 === BasicKind.Uint) {
      return (a as GoInt).value < 0n || (a as GoInt).value < (b as GoInt).value;
    }
    if (k1 === BasicKind.Uint && k2 === BasicKind.Int) {
      return (b as GoInt).value >= 0n && (a as GoInt).value < (b as GoInt).value;
    }
    throw new ComparisonError("incompatible types for comparison");
  }
  switch (k1) {
    case BasicKind.Bool:
    case BasicKind.Complex:
      throw new ComparisonError("invalid type for comparison");
    case BasicKind.Float:
      return floatOf(a) < floatOf(b);
    case BasicKind.Int:
    case BasicKind.Uint:
      return (a as GoInt).value < (b as GoInt).value;
    default:
      return compareGoStrings(a as string, b as string) < 0;
  }
}

/** `le a b`. */
export function le(a: unknown, b: unknown): boolean {
  return lt(a, b) || eq(a, [b]);
}

/** `gt a b`. */
export function gt(a: unknown, b: unknown): boolean {
  return !le(a, b);
}

/** `ge a b`. */
export function ge(a: unknown, b: unknown): boolean {
  return !lt(a, b);
}

/**
 * Go's template truth: false for the zero value of its type (false, 0, "", empty slice/map, nil), true
 * otherwise. Returns `undefined` when the value has no meaningful truth (Go's `ok == false`).
 */
export function isTrue(v: unknown): boolean | undefined {
  switch (typeof v) {
    case "boolean":
      return v;
    case "number":
      return v !== 0;
    case "string":
      return v.length > 0;
    case "undefined":
      return false;
    case "bigint":
      return v !== 0n;
  }
  if (v === null) return false;
  if (Array.isArray(v)) return v.length > 0;
  if (v instanceof GoInt) return v.value !== 0n;
  if (v instanceof GoFloat) return v.value !== 0;
  if (v instanceof GoComplex) return v.re !== 0 || v.im !== 0;
  if (v instanceof GoNil) return false;
  if (v instanceof GoPointer || v instanceof GoFunc) return true;
  if (v instanceof Uint8Array) return v.length > 0;
  const t = typeOf(v);
  switch (t?.kind) {
    case "map":
      return v instanceof GoMap ? v.size > 0 : Object.keys(v as object).length > 0;
    case "slice":
    case "array":
      return (v as unknown[]).length > 0;
    case "string":
    case "bool":
      return Boolean(v);
    case "struct":
      return true;
    default:
      if (t && (isIntKind(t.kind) || isUintKind(t.kind))) return true;
      return undefined;
  }
}
