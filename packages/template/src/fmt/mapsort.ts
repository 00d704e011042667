/**
 * The order in which Go's fmt prints map entries and text/template's `range` visits them (Go's
 * internal/fmtsort): keys compared by their type: numbers numerically (NaN first), strings byte-wise,
 * `false` before `true`, structs field by field, arrays element by element, interface keys nil first,
 * then by dynamic type, then by value. The sort is stable.
 *
 * Go orders pointer keys (and interface keys of different dynamic types) by memory address; there is no
 * address here, so pointer keys keep their insertion order and dynamic types are ordered by name.
 */
import { compareGoStrings } from "../value/gostring.js";
import { type GoType, isIntKind, isUintKind } from "../value/types.js";
import { type GoComplex, GoFloat, type GoInt, type GoMap, typeOf } from "../value/values.js";

function floatCompare(a: number, b: number): number {
  if (Number.isNaN(a)) return -1;
  if (Number.isNaN(b)) return 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

function floatOf(v: unknown): number {
  return v instanceof GoFloat ? v.value : (v as number);
}

/** fmtsort's `compare` of two keys of static type `t`: negative, zero or positive. */
export function compareMapKeys(t: GoType, a: unknown, b: unknown): number {
  const kind = t.kind;
  if (kind === "interface" || kind === "reflectValue") {
    const aNil = a === null || a === undefined;
    const bNil = b === null || b === undefined;
    if (aNil || bNil) return aNil ? (bNil ? 0 : -1) : 1;
    const at = typeOf(a);
    const bt = typeOf(b);
    if (!at || !bt) return 0;
    if (at !== bt) return compareGoStrings(at.name, bt.name) || -1;
    return compareMapKeys(at, a, b);
  }
  if (isIntKind(kind) || isUintKind(kind)) {
    const x = (a as GoInt).value;
    const y = (b as GoInt).value;
    return x < y ? -1 : x > y ? 1 : 0;
  }
  switch (kind) {
    case "string":
      return compareGoStrings(String(a), String(b));
    case "float32":
    case "float64":
      return floatCompare(floatOf(a), floatOf(b));
    case "complex64":
    case "complex128": {
      const x = a as GoComplex;
      const y = b as GoComplex;
      return floatCompare(x.re, y.re) || floatCompare(x.im, y.im);
    }
    case "bool":
      return a === b ? 0 : a ? 1 : -1;
    case "struct": {
      const x = a as Record<string, unknown>;
      const y = b as Record<string, unknown>;
      for (const f of t.fields ?? []) {
        const c = compareMapKeys(f.type, x[f.name], y[f.name]);
        if (c !== 0) return c;
      }
      return 0;
    }
    case "array": {
      const x = a as unknown[];
      const y = b as unknown[];
      const elem = t.elem as GoType;
      for (let i = 0; i < x.length; i++) {
        const c = compareMapKeys(elem, x[i], y[i]);
        if (c !== 0) return c;
      }
      return 0;
    }
    default:
      return 0;
  }
}

/** The entries of `m` as `[keys, values]` in Go's sorted order. */
export function sortedMapEntries(m: GoMap): [unknown[], unknown[]] {
  const keys = m.keys();
  const values = m.values();
  const keyType = m.type.key as GoType;
  const order = keys.map((_, i) => i);
  order.sort((i, j) => compareMapKeys(keyType, keys[i], keys[j]));
  return [order.map((i) => keys[i]), order.map((i) => values[i])];
}
