/**
 * The builtin functions of Go's text/template: and, or, not, len, index, slice, call, eq..ge, print,
 * printf, println, html, js, urlquery. User functions of the same name take precedence, as in Go.
 */
import { formatValue, sprint, sprintf, sprintln } from "../fmt/print.js";
import type { FuncDef, FuncMap } from "../funcs/types.js";
import { byteAt, byteLength, isAscii, sliceBytes } from "../value/gostring.js";
import { canBeNil, type GoType, isIntKind, isUintKind, sliceOf, T } from "../value/types.js";
import {
  GoFunc,
  GoInt,
  GoMap,
  GoNil,
  GoPointer,
  goInt,
  goTypeName,
  makeInt,
  mapGet,
  typeOf,
  withType,
  zeroValue,
} from "../value/values.js";
import { eq, ge, gt, isTrue, le, lt } from "./compare.js";
import { htmlEscape, jsEscape, urlQueryEscape } from "./escape.js";

/** Calls a Go function value for the `call` builtin (set by the executor, which knows how to convert args). */
export type FuncCaller = (fn: GoFunc, args: unknown[]) => unknown;

/** The Go-visible "truth" of a value (invalid counts as false). */
export function truth(v: unknown): boolean {
  return isTrue(v) ?? false;
}

function indirectInterface(v: unknown): unknown {
  return v === null ? undefined : v;
}

/** Go's printableValue + fmt.Sprint as used by html/js/urlquery: a nil argument prints as `<no value>`. */
function evalArgs(args: unknown[]): string {
  if (args.length === 1 && typeof args[0] === "string") return args[0];
  return sprint(
    ...args.map((a) =>
      a === null || a === undefined ? "<no value>" : a instanceof GoPointer ? a.target : a,
    ),
  );
}

function indexArg(index: unknown, cap: number): number {
  let x: bigint;
  if (index instanceof GoInt) {
    x = index.value;
  } else if (index === undefined) {
    throw new Error("cannot index slice/array with nil");
  } else {
    throw new Error(`cannot index slice/array with type ${goTypeName(index)}`);
  }
  if (x < 0n || x > BigInt(cap)) throw new Error(`index out of range: ${x}`);
  return Number(x);
}

function prepareArg(value: unknown, argType: GoType): unknown {
  if (value === undefined) {
    if (!canBeNil(argType)) throw new Error(`value is nil; should be of type ${argType.name}`);
    return zeroValue(argType);
  }
  if (argType.kind === "interface") return value;
  const t = typeOf(value);
  if (t === argType) return value;
  if (value instanceof GoInt && (isIntKind(argType.kind) || isUintKind(argType.kind))) {
    return makeInt(argType, value.value);
  }
  throw new Error(`value has type ${goTypeName(value)}; should be ${argType.name}`);
}

function indirect(v: unknown): [unknown, boolean] {
  let x = v;
  while (x instanceof GoPointer) x = x.target;
  if (x === null || x instanceof GoNil) return [x, true];
  return [x, false];
}

function kindOf(v: unknown): string {
  if (v === undefined) return "invalid";
  if (typeof v === "string") return "string";
  return typeOf(v)?.kind ?? "invalid";
}

function index(item0: unknown, ...indexes: unknown[]): unknown {
  let item = indirectInterface(item0);
  if (item === undefined) throw new Error("index of untyped nil");
  for (const raw of indexes) {
    const idx = indirectInterface(raw);
    const [it, isNil] = indirect(item);
    if (isNil) throw new Error("index of nil pointer");
    item = it;
    const kind = kindOf(item);
    if (kind === "slice" || kind === "array" || kind === "string") {
      if (typeof item === "string") {
        const len = byteLength(item);
        const x = indexArg(idx, len);
        if (x >= len) throw new Error("reflect: string index out of range");
        item = new GoInt(T.uint8, BigInt(byteAt(item, x)));
      } else if (item instanceof Uint8Array) {
        const x = indexArg(idx, item.length);
        if (x >= item.length) throw new Error("reflect: slice index out of range");
        item = new GoInt(T.uint8, BigInt(item[x]));
      } else {
        const arr = item as unknown[];
        const x = indexArg(idx, arr.length);
        if (x >= arr.length) throw new Error(`reflect: ${kind} index out of range`);
        item = arr[x];
      }
    } else if (item instanceof GoMap) {
      const found = item.get(prepareArg(idx, item.type.key as GoType));
      item = found !== undefined ? found : zeroValue(item.type.elem as GoType);
    } else if (kind === "map") {
      const t = typeOf(item)!;
      const key = prepareArg(idx, t.key ?? T.string);
      const k = typeof key === "string" ? key : formatValue(key);
      const found = mapGet(item as object, k);
      item = found !== undefined ? found : zeroValue(t.elem ?? T.any);
    } else {
      throw new Error(`can't index item of type ${goTypeName(item)}`);
    }
  }
  return item;
}

function slice(item0: unknown, ...indexes: unknown[]): unknown {
  const item = indirectInterface(item0);
  if (item === undefined) throw new Error("slice of untyped nil");
  if (indexes.length > 3) throw new Error(`too many slice indexes: ${indexes.length}`);
  const kind = kindOf(item);
  let cap: number;
  let len: number;
  if (kind === "string") {
    if (indexes.length === 3) throw new Error("cannot 3-index slice a string");
    len = cap = byteLength(item as string);
  } else if (kind === "slice" || kind === "array") {
    len = cap = (item as ArrayLike<unknown>).length;
  } else {
    throw new Error(`can't slice item of type ${goTypeName(item)}`);
  }
  const idx = [0, len, 0];
  indexes.forEach((x, i) => {
    idx[i] = indexArg(indirectInterface(x), cap);
  });
  if (idx[0] > idx[1]) throw new Error(`invalid slice index: ${idx[0]} > ${idx[1]}`);
  if (indexes.length === 3 && idx[1] > idx[2]) throw new Error(`invalid slice index: ${idx[1]} > ${idx[2]}`);
  if (typeof item === "string")
    return isAscii(item) ? item.slice(idx[0], idx[1]) : sliceBytes(item, idx[0], idx[1]);
  if (item instanceof Uint8Array) return item.slice(idx[0], idx[1]);
  const out = (item as unknown[]).slice(idx[0], idx[1]);
  const t = typeOf(item)!;
  return t.kind === "array"
    ? withType(out, sliceOf(t.elem ?? T.any))
    : t.elem === T.any
      ? out
      : withType(out, t);
}

function length(item0: unknown): unknown {
  const [item, isNil] = indirect(item0);
  if (isNil) throw new Error("len of nil pointer");
  if (item === undefined) throw new Error("reflect: call of reflect.Value.Type on zero Value");
  if (typeof item === "string") return goInt(byteLength(item));
  if (Array.isArray(item) || item instanceof Uint8Array) return goInt(item.length);
  const kind = kindOf(item);
  if (item instanceof GoMap) return goInt(item.size);
  if (kind === "map") return goInt(Object.keys(item as object).length);
  if (kind === "string") return goInt(byteLength(String(item)));
  throw new Error(`len of type ${goTypeName(item)}`);
}

const VALUE = T.value;

/** Builtins keyed by name; `call` is completed by the executor with its function caller. */
export function builtinFuncs(caller: FuncCaller): FuncMap {
  const call: FuncDef = {
    params: [VALUE, VALUE],
    variadic: true,
    result: VALUE,
    returnsError: true,
    fn: (fn0: unknown, ...args: unknown[]) => {
      const fn = indirectInterface(fn0);
      if (fn === undefined) throw new Error("call of nil");
      if (!(fn instanceof GoFunc)) throw new Error(`non-function of type ${goTypeName(fn)}`);
      const def = fn.def;
      const numIn = def.params.length;
      if (def.variadic) {
        if (args.length < numIn - 1) {
          throw new Error(`wrong number of args: got ${args.length} want at least ${numIn - 1}`);
        }
      } else if (args.length !== numIn) {
        throw new Error(`wrong number of args: got ${args.length} want ${numIn}`);
      }
      const argv = args.map((a, i) => {
        const argType = !def.variadic || i < numIn - 1 ? def.params[i] : def.params[numIn - 1];
        try {
          return prepareArg(indirectInterface(a), argType);
        } catch (err) {
          throw new Error(`arg ${i}: ${(err as Error).message}`);
        }
      });
      return caller(fn, argv);
    },
  };
  return {
    and: { params: [VALUE, VALUE], variadic: true, result: VALUE, fn: () => undefined },
    or: { params: [VALUE, VALUE], variadic: true, result: VALUE, fn: () => undefined },
    not: { params: [VALUE], result: T.bool, fn: (v: unknown) => !truth(v) },
    call,
    html: {
      params: [T.any],
      variadic: true,
      result: T.string,
      fn: (...a: unknown[]) => htmlEscape(evalArgs(a)),
    },
    js: { params: [T.any], variadic: true, result: T.string, fn: (...a: unknown[]) => jsEscape(evalArgs(a)) },
    urlquery: {
      params: [T.any],
      variadic: true,
      result: T.string,
      fn: (...a: unknown[]) => urlQueryEscape(evalArgs(a)),
    },
    index: { params: [VALUE, VALUE], variadic: true, result: VALUE, returnsError: true, fn: index },
    slice: { params: [VALUE, VALUE], variadic: true, result: VALUE, returnsError: true, fn: slice },
    len: { params: [VALUE], result: T.int, returnsError: true, fn: length },
    print: { params: [T.any], variadic: true, result: T.string, fn: (...a: unknown[]) => sprint(...a) },
    printf: {
      params: [T.string, T.any],
      variadic: true,
      result: T.string,
      fn: (f: string, ...a: unknown[]) => sprintf(f, ...a),
    },
    println: { params: [T.any], variadic: true, result: T.string, fn: (...a: unknown[]) => sprintln(...a) },
    eq: {
      params: [VALUE, VALUE],
      variadic: true,
      result: T.bool,
      returnsError: true,
      fn: (a: unknown, ...b: unknown[]) => eq(a, b),
    },
    ne: {
      params: [VALUE, VALUE],
      result: T.bool,
      returnsError: true,
      fn: (a: unknown, b: unknown) => !eq(a, [b]),
    },
    lt: { params: [VALUE, VALUE], result: T.bool, returnsError: true, fn: lt },
    le: { params: [VALUE, VALUE], result: T.bool, returnsError: true, fn: le },
    gt: { params: [VALUE, VALUE], result: T.bool, returnsError: true, fn: gt },
    ge: { params: [VALUE, VALUE], result: T.bool, returnsError: true, fn: ge },
  };
}
