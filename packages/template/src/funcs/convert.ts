/**
 * Conversions between Go values and what template functions receive/return (see the table in `types.ts`),
 * plus direct invocation of a {@link FuncDef} with already-checked Go arguments.
 */
import { type GoType, MAP_STRING_ANY, SLICE_ANY } from "../value/types.js";
import { GO_TYPE, GoFloat, GoInt, isPlainObject, makeInt, withType } from "../value/values.js";
import type { FuncDef } from "./types.js";

/** The JS value a function receives for a Go argument `v` of parameter type `t`. */
export function toJsArg(v: unknown, t: GoType): unknown {
  switch (t.kind) {
    case "int":
    case "int8":
    case "int16":
    case "int32":
    case "uint8":
    case "uint16":
    case "uint32":
      return v instanceof GoInt ? Number(v.value) : v;
    case "int64":
    case "uint":
    case "uint64":
    case "uintptr":
      return v instanceof GoInt ? v.value : v;
    case "float32":
      return v instanceof GoFloat ? v.value : v;
    case "interface":
      return v === undefined ? null : v;
    default:
      return v;
  }
}

/** The Go value for what a function returned, given its declared result type. */
export function fromJsResult(r: unknown, t: GoType): unknown {
  switch (t.kind) {
    case "reflectValue":
      return r;
    case "interface":
      return r === undefined ? null : r;
    case "int":
    case "int8":
    case "int16":
    case "int32":
    case "int64":
    case "uint":
    case "uint8":
    case "uint16":
    case "uint32":
    case "uint64":
    case "uintptr":
      if (r instanceof GoInt) return r.type === t ? r : makeInt(t, r.value);
      if (typeof r === "number" || typeof r === "bigint") return makeInt(t, r);
      return r;
    case "float64":
      return r instanceof GoFloat ? r.value : r;
    case "float32":
      return typeof r === "number" ? new GoFloat(t, Math.fround(r)) : r;
    case "slice":
      if (Array.isArray(r) && t !== SLICE_ANY && !(GO_TYPE in r)) withType(r, t);
      return r;
    case "map":
      if (isPlainObject(r) && t !== MAP_STRING_ANY && !(GO_TYPE in r)) withType(r, t);
      return r;
    default:
      return r;
  }
}

/**
 * Call `def` with Go arguments that already have the right types (used by the `call` builtin). Functions that
 * need a template context cannot be called this way.
 */
export function invokeDirect(def: FuncDef, args: readonly unknown[]): unknown {
  if (def.needsContext) throw new Error("function needs a template context and cannot be used with call");
  const n = def.params.length;
  const jsArgs = args.map((a, i) =>
    toJsArg(a, def.variadic && i >= n - 1 ? def.params[n - 1] : def.params[i]),
  );
  return fromJsResult(def.fn(...jsArgs), def.result);
}
