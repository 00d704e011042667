/**
 * Sprig's dictionary functions: `dict get set unset hasKey pluck keys values pick omit dig merge
 * mergeOverwrite mustMerge mustMergeOverwrite deepCopy mustDeepCopy`.
 *
 * Dictionaries are `map[string]interface{}` and are mutated in place where Go mutates them (`set`, `unset`,
 * and the first argument of `merge`/`mergeOverwrite`). `keys` and `values` list the keys in Go's byte order
 * (Go's own order is random, so templates sort them; a fixed order keeps output reproducible).
 *
 * `merge` and `mergeOverwrite` follow mergo (v0.3.12 by default, the version behind Sprig v3.2.3; `"1.0"`
 * selects dario.cat/mergo v1.0 as in Sprig v3.3.0): see {@link mergeMaps}.
 */

import { compareGoStrings } from "../fmt/print.js";
import { defineFunc, type FuncDef, type FuncMap } from "../funcs/types.js";
import { type GoType, MAP_STRING_ANY, SLICE_ANY, SLICE_STRING, T } from "../value/types.js";
import {
  GoPointer,
  goTypeName,
  hasKey,
  isPlainObject,
  kindOf,
  mapGet,
  mapSet,
  newMap,
  typeOf,
  withType,
} from "../value/values.js";
import { strval } from "./cast.js";
import { isEmpty } from "./defaults.js";

type GoMap = Record<string, unknown>;

/** Which mergo release `merge`/`mergeOverwrite` follow. */
export type MergoVersion = "0.3" | "1.0";

/** Options of {@link createDictFuncs}. */
export interface DictFuncsOptions {
  /** mergo semantics for `merge`/`mergeOverwrite`: `"0.3"` (Sprig v3.2.3, default) or `"1.0"` (Sprig v3.3.0). */
  mergo?: MergoVersion;
}

function isMap(v: unknown): v is GoMap {
  return isPlainObject(v) && typeOf(v)?.kind === "map";
}

function sortedKeys(m: GoMap): string[] {
  return Object.keys(m).sort(compareGoStrings);
}

/** Go's message for a failed `x.(T)` type assertion on an `interface{}`. */
function assertionError(v: unknown, want: string): Error {
  const got = v === null || v === undefined ? "nil" : goTypeName(v);
  return new Error(`interface conversion: interface {} is ${got}, not ${want}`);
}

function asStringMap(v: unknown): GoMap {
  if (isMap(v) && typeOf(v) === MAP_STRING_ANY) return v;
  throw assertionError(v, "map[string]interface {}");
}

// --- merge ---------------------------------------------------------------------------------------------------

interface MergeConfig {
  overwrite: boolean;
  version: MergoVersion;
  /** Maps being merged into, to stop on cycles (a map set into itself) instead of recursing forever. */
  active: Set<object>;
}

/**
 * Store `value` in `m` as reflect's SetMapIndex would: a typed map (`map[string]string` from `split`) only
 * takes values whose static type is its element type, so an `interface{}` value is refused even when it holds
 * a string.
 */
function storeInMap(m: GoMap, key: string, value: unknown, staticType: GoType): void {
  const elem = typeOf(m)?.elem;
  if (elem && elem.kind !== "interface" && staticType !== elem) {
    throw new Error(
      `reflect.Value.SetMapIndex: value of type ${staticType.name} is not assignable to type ${elem.name}`,
    );
  }
  mapSet(m, key, value);
}

/** A new empty slice of the same Go type as `s` (mergo's `reflect.MakeSlice(src.Type(), 0, n)`). */
function emptySliceLike(s: unknown): unknown {
  if (s instanceof Uint8Array) return new Uint8Array(0);
  const t = typeOf(s);
  return t && t !== SLICE_ANY ? withType([], t) : [];
}

/**
 * mergo's deepMerge of two maps (`Merge(&dst, src)`, with `WithOverride` for mergeOverwrite), mutating `dst`.
 * For each key of `src`:
 * - a nil source value is copied only when overwriting;
 * - a map source value is merged recursively into a destination map, which is then kept if not empty;
 *   otherwise (absent or empty destination) the source map itself is stored (shared, as in Go);
 * - a slice source value replaces the destination when overwriting, or when the destination is absent or
 *   empty; a non-empty destination stays, even when it is not a slice;
 * - any other value replaces the destination when overwriting (zero values too) or when the destination is
 *   absent or empty (`""`, `0`, `false`, nil, empty collections).
 * mergo v0.3 also keeps a non-empty non-map destination when the source is a map; v1.0 replaces it when
 * overwriting.
 */
function mergeMaps(dst: GoMap, src: GoMap, config: MergeConfig): void {
  if (config.active.has(dst)) return;
  config.active.add(dst);
  try {
    const srcElem = typeOf(src)?.elem ?? T.any;
    for (const key of Object.keys(src)) {
      const sv = mapGet(src, key);
      const present = hasKey(dst, key);
      const dv = mapGet(dst, key);
      const dvNil = dv === null || dv === undefined;
      if (sv === null || sv === undefined) {
        if (config.overwrite) storeInMap(dst, key, null, srcElem);
        continue;
      }
      const srcKind = kindOf(sv);
      if (srcKind === "map" || srcKind === "struct" || srcKind === "ptr") {
        if (present && !dvNil && isMap(dv) && isMap(sv)) mergeMaps(dv, sv, config);
      } else if (srcKind === "slice") {
        let slice = present && !dvNil ? dv : emptySliceLike(sv);
        // mergo tests the parent maps here: src is never empty while we iterate it.
        if (config.overwrite || Object.keys(dst).length === 0) slice = sv;
        storeInMap(dst, key, slice, typeOf(slice) ?? T.any);
      }
      if (present && !isEmpty(dv)) {
        if (srcKind === "slice") continue;
        if (srcKind === "map" && (config.version === "0.3" || kindOf(dv) === "map")) continue;
      }
      if (config.overwrite || !present || isEmpty(dv)) storeInMap(dst, key, sv, srcElem);
    }
  } finally {
    config.active.delete(dst);
  }
}

// --- deepCopy ------------------------------------------------------------------------------------------------

/** copystructure.Copy over the value model: maps, slices, structs and pointers are copied with their types. */
function deepCopy(v: unknown): unknown {
  if (v === null || v === undefined) throw new Error("reflect: call of reflect.Value.Type on zero Value");
  const active = new Set<object>();
  const copy = (x: unknown): unknown => {
    if (x === null || typeof x !== "object") return x;
    if (x instanceof Uint8Array) return x.slice();
    if (x instanceof GoPointer) return new GoPointer(x.type, copy(x.target) as object);
    const isArray = Array.isArray(x);
    if (!isArray && !isPlainObject(x)) return x; // GoInt, GoFloat, GoFunc...: immutable values
    if (active.has(x)) throw new Error("deepCopy: value contains a cycle");
    active.add(x);
    const t = typeOf(x);
    let out: unknown;
    if (isArray) {
      out = (x as unknown[]).map(copy);
    } else {
      const m: GoMap = {};
      for (const k of Object.keys(x)) mapSet(m, k, copy(mapGet(x, k)));
      out = m;
    }
    active.delete(x);
    if (t && t !== SLICE_ANY && t !== MAP_STRING_ANY) withType(out as object, t);
    return out;
  };
  return copy(v);
}

// --- dig -----------------------------------------------------------------------------------------------------

function dig(ps: unknown[]): unknown {
  if (ps.length < 3) throw new Error("dig needs at least three arguments");
  let dict = asStringMap(ps[ps.length - 1]);
  const def = ps[ps.length - 2];
  const keys = ps.slice(0, -2).map((k) => {
    if (typeof k !== "string") throw assertionError(k, "string");
    return k;
  });
  for (let i = 0; ; i++) {
    if (!hasKey(dict, keys[i])) return def;
    const step = mapGet(dict, keys[i]);
    if (i === keys.length - 1) return step;
    dict = asStringMap(step);
  }
}

// --- the function map ----------------------------------------------------------------------------------------

function mergeFunc(overwrite: boolean, version: MergoVersion, mustForm: boolean): FuncDef {
  return defineFunc({
    params: [MAP_STRING_ANY, MAP_STRING_ANY],
    variadic: true,
    result: T.any,
    returnsError: mustForm,
    fn: (dst: GoMap, ...srcs: GoMap[]) => {
      for (const src of srcs) mergeMaps(dst, src, { overwrite, version, active: new Set() });
      return dst;
    },
  });
}

/** Sprig's dictionary functions. */
export function createDictFuncs(options: DictFuncsOptions = {}): FuncMap {
  const version = options.mergo ?? "0.3";
  const deepCopyFn = defineFunc({ params: [T.any], result: T.any, fn: deepCopy });
  return {
    dict: defineFunc({
      params: [T.any],
      variadic: true,
      result: MAP_STRING_ANY,
      fn: (...v: unknown[]) => {
        const m = newMap();
        for (let i = 0; i < v.length; i += 2) mapSet(m, strval(v[i]), i + 1 < v.length ? v[i + 1] : "");
        return m;
      },
    }),
    get: defineFunc({
      params: [MAP_STRING_ANY, T.string],
      result: T.any,
      fn: (d, key) => (hasKey(d, key) ? mapGet(d, key) : ""),
    }),
    set: defineFunc({
      params: [MAP_STRING_ANY, T.string, T.any],
      result: MAP_STRING_ANY,
      fn: (d, key, value) => {
        mapSet(d, key, value);
        return d;
      },
    }),
    unset: defineFunc({
      params: [MAP_STRING_ANY, T.string],
      result: MAP_STRING_ANY,
      fn: (d, key) => {
        delete d[key];
        return d;
      },
    }),
    hasKey: defineFunc({
      params: [MAP_STRING_ANY, T.string],
      result: T.bool,
      fn: (d, key) => hasKey(d, key),
    }),
    pluck: defineFunc({
      params: [T.string, MAP_STRING_ANY],
      variadic: true,
      result: SLICE_ANY,
      fn: (key: string, ...dicts: GoMap[]) => dicts.filter((d) => hasKey(d, key)).map((d) => mapGet(d, key)),
    }),
    keys: defineFunc({
      params: [MAP_STRING_ANY],
      variadic: true,
      result: SLICE_STRING,
      fn: (...dicts: GoMap[]) => dicts.flatMap(sortedKeys),
    }),
    values: defineFunc({
      params: [MAP_STRING_ANY],
      result: SLICE_ANY,
      fn: (d) => sortedKeys(d).map((k) => mapGet(d, k)),
    }),
    pick: defineFunc({
      params: [MAP_STRING_ANY, T.string],
      variadic: true,
      result: MAP_STRING_ANY,
      fn: (d: GoMap, ...keys: string[]) => {
        const m = newMap();
        for (const k of keys) if (hasKey(d, k)) mapSet(m, k, mapGet(d, k));
        return m;
      },
    }),
    omit: defineFunc({
      params: [MAP_STRING_ANY, T.string],
      variadic: true,
      result: MAP_STRING_ANY,
      fn: (d: GoMap, ...keys: string[]) => {
        const skip = new Set(keys);
        const m = newMap();
        for (const k of Object.keys(d)) if (!skip.has(k)) mapSet(m, k, mapGet(d, k));
        return m;
      },
    }),
    dig: defineFunc({
      params: [T.any],
      variadic: true,
      result: T.any,
      returnsError: true,
      fn: (...ps: unknown[]) => dig(ps),
    }),
    merge: mergeFunc(false, version, false),
    mustMerge: mergeFunc(false, version, true),
    mergeOverwrite: mergeFunc(true, version, false),
    mustMergeOverwrite: mergeFunc(true, version, true),
    deepCopy: deepCopyFn,
    mustDeepCopy: { ...deepCopyFn, returnsError: true },
  };
}

/** Sprig's dictionary functions (mergo v0.3 semantics, as Sprig v3.2.3). */
export const dictFuncs: FuncMap = createDictFuncs();
