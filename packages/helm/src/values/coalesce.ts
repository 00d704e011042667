/**
 * Helm's values coalescing (chartutil: CoalesceValues, MergeValues, CoalesceTables, MergeTables):
 * user values win over chart defaults, maps merge key by key, anything else (lists included) replaces;
 * a `null` user value deletes the default (coalesce mode) or is kept (merge mode, used while processing
 * dependencies); subcharts get their own section, defaulted from their values.yaml; `global` is copied
 * down into every subchart section.
 *
 * Helm's exact aliasing is part of the behaviour (some tables are shared, not copied, and later merges see
 * each other's edits), so the copies here happen at the same points as Helm's.
 */
import { sprintf } from "@gitops-kit/template";
import type { ChartNode } from "../chart/node.js";
import { ChartDependencyError } from "../errors.js";
import { isTable, setKey, type Values } from "./read.js";

/** The key whose table every subchart inherits. */
export const GLOBAL_KEY = "global";

/** Receives Helm's coalescing warnings (`warning: skipped value for ...`). */
export type CoalesceWarn = (message: string) => void;

const noWarn: CoalesceWarn = () => {};

/** A deep copy of a values tree (maps and lists copied, scalars shared). */
export function deepCopyValues<V>(v: V): V {
  if (Array.isArray(v)) return v.map(deepCopyValues) as V;
  if (isTable(v)) {
    const out: Values = {};
    for (const k of Object.keys(v)) setKey(out, k, deepCopyValues(v[k]));
    return out as V;
  }
  return v;
}

function joinKey(prefix: string, key: string): string {
  return prefix === "" ? key : `${prefix}.${key}`;
}

/**
 * `CoalesceValues(chart, vals)`: the values a chart renders with: a copy of `vals` with the chart's and its
 * subcharts' defaults filled in.
 */
export function coalesceValues(
  node: ChartNode,
  vals: Values | undefined,
  warn: CoalesceWarn = noWarn,
): Values {
  return coalesceChart(node, deepCopyValues(vals ?? {}), "", false, warn);
}

/** `MergeValues(chart, vals)`: like {@link coalesceValues} but user `null`s are kept instead of deleting keys. */
export function mergeValues(node: ChartNode, vals: Values | undefined, warn: CoalesceWarn = noWarn): Values {
  return coalesceChart(node, deepCopyValues(vals ?? {}), "", true, warn);
}

function coalesceChart(
  node: ChartNode,
  dest: Values,
  prefix: string,
  merge: boolean,
  warn: CoalesceWarn,
): Values {
  fillDefaults(node, dest, prefix, merge, warn);
  return coalesceSubcharts(node, dest, prefix, merge, warn);
}

function coalesceSubcharts(
  node: ChartNode,
  dest: Values,
  prefix: string,
  merge: boolean,
  warn: CoalesceWarn,
): Values {
  for (const sub of node.dependencies) {
    const name = sub.metadata.name;
    if (!Object.hasOwn(dest, name)) setKey(dest, name, {});
    else if (!isTable(dest[name])) {
      throw new ChartDependencyError(`type mismatch on ${name}: ${sprintf("%t", dest[name])}`);
    }
    const section = dest[name] as Values;
    const subPrefix = joinKey(prefix, node.metadata.name);
    copyGlobals(section, dest, subPrefix, warn);
    setKey(dest, name, coalesceChart(sub, section, subPrefix, merge, warn));
  }
  return dest;
}

/** Copy the parent's `global` table into a subchart's section; the parent's entries win. */
function copyGlobals(dest: Values, src: Values, prefix: string, warn: CoalesceWarn): void {
  let dg: Values;
  if (!Object.hasOwn(dest, GLOBAL_KEY)) dg = {};
  else if (isTable(dest[GLOBAL_KEY])) dg = dest[GLOBAL_KEY];
  else {
    warn(`warning: skipping globals because destination ${GLOBAL_KEY} is not a table.`);
    return;
  }
  let sg: Values;
  if (!Object.hasOwn(src, GLOBAL_KEY)) sg = {};
  else if (isTable(src[GLOBAL_KEY])) sg = src[GLOBAL_KEY];
  else {
    warn(`warning: skipping globals because source ${GLOBAL_KEY} is not a table.`);
    return;
  }
  for (const key of Object.keys(sg)) {
    const val = sg[key];
    if (isTable(val)) {
      // A shallow copy: nested tables stay shared with the parent's globals, as in Helm.
      const copy: Values = { ...val };
      if (!Object.hasOwn(dg, key)) setKey(dg, key, copy);
      else if (!isTable(dg[key])) warn(`Conflict: cannot merge map onto non-map for "${key}". Skipping.`);
      else {
        coalesceTables(copy, dg[key], joinKey(prefix, key), true, warn);
        setKey(dg, key, copy);
      }
    } else if (Object.hasOwn(dg, key) && isTable(dg[key])) {
      warn(`key ${key} is table. Skipping`);
    } else {
      setKey(dg, key, val);
    }
  }
  setKey(dest, GLOBAL_KEY, dg);
}

/** Fill a chart's defaults (a fresh copy of its values.yaml) into `dest`. */
function fillDefaults(
  node: ChartNode,
  dest: Values,
  prefix: string,
  merge: boolean,
  warn: CoalesceWarn,
): void {
  const subPrefix = joinKey(prefix, node.metadata.name);
  const defaults = deepCopyValues(node.values ?? {});
  for (const key of Object.keys(defaults)) {
    const def = defaults[key];
    if (!Object.hasOwn(dest, key)) {
      setKey(dest, key, def);
      continue;
    }
    const value = dest[key];
    if (value === null && !merge) {
      delete dest[key];
    } else if (isTable(value)) {
      if (!isTable(def)) {
        if (def !== null) warn(`warning: skipped value for ${subPrefix}.${key}: Not a table.`);
      } else {
        // A subchart's section always merges (its nulls are kept for the subchart's own pass).
        const isSubchart = node.dependencies.some((d) => d.metadata.name === key);
        coalesceTables(value, def, joinKey(subPrefix, key), isSubchart || merge, warn);
      }
    }
  }
}

/**
 * Fill `src` into `dst` where `dst` has nothing (`dst` wins; tables merge). In coalesce mode a `null` in
 * `dst` deletes the key when `src` has a value for it. Modifies and returns `dst`; `src` gains `dst`'s
 * `null` keys (Helm does the same).
 */
function coalesceTables(
  dst: Values,
  src: Values,
  prefix: string,
  merge: boolean,
  warn: CoalesceWarn,
): Values {
  const srcHadValue = new Set<string>();
  for (const key of Object.keys(src)) if (src[key] !== null) srcHadValue.add(key);
  for (const key of Object.keys(dst)) if (dst[key] === null) setKey(src, key, null);
  for (const key of Object.keys(src)) {
    const val = src[key];
    const fullKey = joinKey(prefix, key);
    const present = Object.hasOwn(dst, key);
    const dv = present ? dst[key] : undefined;
    if (present && !merge && dv === null && srcHadValue.has(key)) {
      delete dst[key];
    } else if (!present) {
      setKey(dst, key, val);
    } else if (isTable(val)) {
      if (isTable(dv)) coalesceTables(dv, val, fullKey, merge, warn);
      else warn(`warning: cannot overwrite table with non table for ${fullKey} (${sprintf("%v", val)})`);
    } else if (isTable(dv) && val !== null) {
      warn(
        `warning: destination for ${fullKey} is a table. Ignoring non-table value (${sprintf("%v", val)})`,
      );
    }
  }
  return dst;
}

/** `CoalesceTables(dst, src)`: `src` filled into `dst` (`dst` wins), nulls in `dst` deleting. */
export function coalesceValueTables(
  dst: Values | undefined,
  src: Values | undefined,
  warn: CoalesceWarn = noWarn,
): Values | undefined {
  if (!src) return dst;
  if (!dst) return src;
  return coalesceTables(dst, src, "", false, warn);
}

/** `MergeTables(dst, src)`: like {@link coalesceValueTables} but nulls in `dst` are kept. */
export function mergeValueTables(
  dst: Values | undefined,
  src: Values | undefined,
  warn: CoalesceWarn = noWarn,
): Values | undefined {
  if (!src) return dst;
  if (!dst) return src;
  return coalesceTables(dst, src, "", true, warn);
}
