/**
 * Sprig's list functions (`list tuple first rest last initial append push prepend concat reverse uniq without
 * has slice compact chunk` and their `must*` forms; `sortAlpha` is with the string functions).
 *
 * Sprig works on any slice or array through reflection, so `[]string` (from `splitList`, `regexFindAll`) and
 * `[]interface{}` both work; results are `[]interface{}` except `slice`, which keeps the input's type. The
 * plain forms turn an error into a panic, which Go's template engine reports exactly like the `must*` form's
 * error, so both throw the same message here: `Cannot find first on type string` for a non-list,
 * `runtime error: invalid memory address or nil pointer dereference` for nil (Sprig asks reflect for the kind
 * of a nil type).
 *
 * Element equality (`uniq`, `without`, `has`) is reflect.DeepEqual: `1` (int) and `1.0` (float64) differ.
 */
import { defineFunc, type FuncDef, type FuncMap } from "../funcs/types.js";
import { type GoType, SLICE_ANY, sliceOf, T } from "../value/types.js";
import { kindOf, makeInt, typeOf, withType } from "../value/values.js";
import { deepEqual, isEmpty } from "./defaults.js";
import { toInt } from "./math.js";

/** What Go prints when code asks reflect for the kind of a nil interface. */
export const NIL_DEREFERENCE = "runtime error: invalid memory address or nil pointer dereference";

/** The elements of a Go slice or array, or undefined when `v` is neither. */
export function listItems(v: unknown): readonly unknown[] | undefined {
  if (Array.isArray(v)) return v;
  if (v instanceof Uint8Array) return Array.from(v, (b) => makeInt(T.uint8, b));
  return undefined;
}

/** reflect.TypeOf(v).Kind() as Sprig reads it, throwing Go's nil-dereference panic for nil. */
function kindOrPanic(v: unknown): string {
  if (v === null || v === undefined) throw new Error(NIL_DEREFERENCE);
  return kindOf(v);
}

/** The items of a list argument, or the error Sprig reports for other kinds. */
function requireList(v: unknown, what: (kind: string) => string): readonly unknown[] {
  const kind = kindOrPanic(v);
  const items = listItems(v);
  if (!items) throw new Error(what(kind));
  return items;
}

function contains(haystack: readonly unknown[], needle: unknown): boolean {
  for (const h of haystack) if (deepEqual(needle, h)) return true;
  return false;
}

// --- the operations ----------------------------------------------------------------------------------------

function first(list: unknown): unknown {
  const items = requireList(list, (k) => `Cannot find first on type ${k}`);
  return items.length === 0 ? null : items[0];
}

function last(list: unknown): unknown {
  const items = requireList(list, (k) => `Cannot find last on type ${k}`);
  return items.length === 0 ? null : items[items.length - 1];
}

function rest(list: unknown): unknown[] {
  return requireList(list, (k) => `Cannot find rest on type ${k}`).slice(1);
}

function initial(list: unknown): unknown[] {
  return requireList(list, (k) => `Cannot find initial on type ${k}`).slice(0, -1);
}

function push(list: unknown, v: unknown): unknown[] {
  return [...requireList(list, (k) => `Cannot push on type ${k}`), v];
}

function prepend(list: unknown, v: unknown): unknown[] {
  return [v, ...requireList(list, (k) => `Cannot prepend on type ${k}`)];
}

function reverse(list: unknown): unknown[] {
  return [...requireList(list, (k) => `Cannot find reverse on type ${k}`)].reverse();
}

function compact(list: unknown): unknown[] {
  return requireList(list, (k) => `Cannot compact on type ${k}`).filter((x) => !isEmpty(x));
}

function uniq(list: unknown): unknown[] {
  const out: unknown[] = [];
  for (const x of requireList(list, (k) => `Cannot find uniq on type ${k}`))
    if (!contains(out, x)) out.push(x);
  return out;
}

function without(list: unknown, omit: unknown[]): unknown[] {
  return requireList(list, (k) => `Cannot find without on type ${k}`).filter((x) => !contains(omit, x));
}

function has(needle: unknown, haystack: unknown): boolean {
  if (haystack === null || haystack === undefined) return false;
  return contains(
    requireList(haystack, (k) => `Cannot find has on type ${k}`),
    needle,
  );
}

const SLICE_OUT_OF_BOUNDS = "reflect.Value.Slice: slice index out of bounds";

/** Sprig's `slice`: `list[start:end]` keeping the list's type; nil for an empty list. */
function sliceList(list: unknown, indices: unknown[]): unknown {
  const kind = kindOrPanic(list);
  const items = listItems(list);
  if (!items) throw new Error(`list should be type of slice or array but ${kind}`);
  const n = items.length;
  if (n === 0) return null;
  const start = indices.length > 0 ? toInt(indices[0]) : 0n;
  const end = indices.length < 2 ? BigInt(n) : toInt(indices[1]);
  if (kind === "array") throw new Error("reflect.Value.Slice: slice of unaddressable array");
  if (start < 0n || end < start || end > BigInt(n)) throw new Error(SLICE_OUT_OF_BOUNDS);
  if (list instanceof Uint8Array) return list.slice(Number(start), Number(end));
  const out = items.slice(Number(start), Number(end));
  const t = typeOf(list);
  return t && t !== SLICE_ANY ? withType(out, t) : out;
}

function concat(lists: unknown[]): unknown[] {
  const out: unknown[] = [];
  for (const l of lists) {
    const kind = kindOrPanic(l);
    const items = listItems(l);
    if (!items) throw new Error(`Cannot concat type ${kind} as list`);
    out.push(...items);
  }
  return out;
}

function chunk(size: number, list: unknown): unknown[][] {
  const items = requireList(list, (k) => `Cannot chunk type ${k}`);
  const n = items.length;
  // Go sizes the chunks in float64: a zero or negative size always ends in a negative make() length.
  if (size <= 0) throw new Error("runtime error: makeslice: len out of range");
  const count = Math.floor((n - 1) / size) + 1;
  const out: unknown[][] = [];
  for (let i = 0; i < count; i++) out.push(items.slice(i * size, Math.min(n, (i + 1) * size)));
  return out;
}

// --- the function map ----------------------------------------------------------------------------------------

const LIST_OF_LISTS: GoType = sliceOf(SLICE_ANY);

/** A `(list interface{}) T` function. */
function unary(result: GoType, fn: (list: unknown) => unknown): FuncDef {
  return defineFunc({ params: [T.any], result, fn });
}

/** `name` and its `mustName` twin: both throw, since the plain form's panic reads like the must form's error. */
function withMust(map: Record<string, FuncDef>, name: string, def: FuncDef): void {
  map[name] = def;
  map[`must${name[0].toUpperCase()}${name.slice(1)}`] = { ...def, returnsError: true };
}

/** Sprig's list functions. */
export function createListFuncs(): FuncMap {
  const map: Record<string, FuncDef> = {
    list: defineFunc({ params: [T.any], variadic: true, result: SLICE_ANY, fn: (...v: unknown[]) => v }),
    tuple: defineFunc({ params: [T.any], variadic: true, result: SLICE_ANY, fn: (...v: unknown[]) => v }),
    concat: defineFunc({
      params: [T.any],
      variadic: true,
      result: T.any,
      fn: (...ls: unknown[]) => concat(ls),
    }),
  };
  withMust(map, "first", unary(T.any, first));
  withMust(map, "last", unary(T.any, last));
  withMust(map, "rest", unary(SLICE_ANY, rest));
  withMust(map, "initial", unary(SLICE_ANY, initial));
  withMust(map, "reverse", unary(SLICE_ANY, reverse));
  withMust(map, "uniq", unary(SLICE_ANY, uniq));
  withMust(map, "compact", unary(SLICE_ANY, compact));
  const pushFn = defineFunc({ params: [T.any, T.any], result: SLICE_ANY, fn: push });
  withMust(map, "push", pushFn);
  withMust(map, "append", pushFn);
  withMust(map, "prepend", defineFunc({ params: [T.any, T.any], result: SLICE_ANY, fn: prepend }));
  withMust(
    map,
    "without",
    defineFunc({
      params: [T.any, T.any],
      variadic: true,
      result: SLICE_ANY,
      fn: (list: unknown, ...omit: unknown[]) => without(list, omit),
    }),
  );
  withMust(map, "has", defineFunc({ params: [T.any, T.any], result: T.bool, fn: has }));
  withMust(
    map,
    "slice",
    defineFunc({
      params: [T.any, T.any],
      variadic: true,
      result: T.any,
      fn: (list: unknown, ...indices: unknown[]) => sliceList(list, indices),
    }),
  );
  withMust(map, "chunk", defineFunc({ params: [T.int, T.any], result: LIST_OF_LISTS, fn: chunk }));
  return map;
}

/** Sprig's list functions. */
export const listFuncs: FuncMap = createListFuncs();
