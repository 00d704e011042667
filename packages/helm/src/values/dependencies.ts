/**
 * Dependency processing, as `helm install`/`template` does before rendering (chartutil
 * ProcessDependenciesWithMerge): match Chart.yaml dependencies to the vendored subcharts (name and
 * version constraint, renamed by `alias`), enable or disable them by `tags` and `condition`, recursively,
 * then merge `import-values` / `exports` from children into their parents.
 */
import { parseSemverConstraint, tryParseSemver } from "@gitops-kit/core";
import { formatValue } from "@gitops-kit/template";
import { type ChartNode, setDependencies } from "../chart/node.js";
import type { Chart, ChartDependency } from "../chart/types.js";
import { ChartDependencyError } from "../errors.js";
import {
  type CoalesceWarn,
  coalesceValues,
  coalesceValueTables,
  deepCopyValues,
  mergeValues,
  mergeValueTables,
} from "./coalesce.js";
import { valuesPathValue, valuesTable } from "./path.js";
import { isTable, setKey, type Values } from "./read.js";

/** Helm's `IsCompatibleRange`: false when either side does not parse. */
export function isCompatibleRange(constraint: string, version: string): boolean {
  const v = tryParseSemver(version);
  if (!v.ok) return false;
  try {
    return parseSemverConstraint(constraint).check(v.version);
  } catch {
    return false;
  }
}

/**
 * Fail like `helm template` when Chart.yaml lists dependencies that are not vendored in `charts/`.
 */
export function checkDependencies(chart: Chart): void {
  const missing: string[] = [];
  for (const req of chart.metadata.dependencies ?? []) {
    if (req && !chart.dependencies.some((d) => d.metadata.name === req.name)) missing.push(req.name);
  }
  if (missing.length > 0) {
    throw new ChartDependencyError(
      `An error occurred while checking for chart dependencies. You may need to run \`helm dependency build\` to fetch missing dependencies: found in Chart.yaml, but missing in charts/ directory: ${missing.join(", ")}`,
    );
  }
}

/** A subchart that meets `dep` (name and version), copied and renamed to the alias when there is one. */
function aliasedDependency(charts: ChartNode[], dep: ChartDependency): ChartNode | undefined {
  for (const c of charts) {
    if (c.metadata.name !== dep.name || !isCompatibleRange(dep.version, c.metadata.version)) continue;
    // A shallow copy with its own metadata, as Helm makes: subcharts and lists stay shared.
    const copy: ChartNode = { ...c, metadata: { ...c.metadata } };
    if (dep.alias !== "") copy.metadata.name = dep.alias;
    return copy;
  }
  return undefined;
}

function applyTags(reqs: ChartDependency[], values: Values, warn: CoalesceWarn): void {
  const tags = valuesTable(values, "tags");
  if (!tags) return;
  for (const r of reqs) {
    let hasTrue = false;
    let hasFalse = false;
    for (const tag of r.tags) {
      if (!Object.hasOwn(tags, tag)) continue;
      const b = tags[tag];
      if (typeof b === "boolean") {
        if (b) hasTrue = true;
        else hasFalse = true;
      } else warn(`Warning: Tag '${tag}' for chart ${r.name} returned non-bool value`);
    }
    r.enabled = hasTrue || !hasFalse;
  }
}

function applyConditions(reqs: ChartDependency[], values: Values, path: string, warn: CoalesceWarn): void {
  for (const r of reqs) {
    for (const cond of r.condition.trim().split(",")) {
      if (cond.length === 0) continue;
      const found = valuesPathValue(values, path + cond);
      if (!found.found) continue;
      if (typeof found.value === "boolean") {
        r.enabled = found.value;
        break;
      }
      warn(`Warning: Condition path '${cond}' for chart ${r.name} returned non-bool value`);
    }
  }
}

function enableDependencies(node: ChartNode, values: Values, path: string, warn: CoalesceWarn): void {
  const reqs = node.metadata.dependencies;
  if (reqs === undefined) return;
  const kept: ChartNode[] = [];
  // Subcharts that no Chart.yaml entry claims are always kept.
  for (const existing of node.dependencies) {
    const claimed = reqs.some(
      (r) =>
        r !== null &&
        existing.metadata.name === r.name &&
        isCompatibleRange(r.version, existing.metadata.version),
    );
    if (!claimed) kept.push(existing);
  }
  for (const req of reqs) {
    if (req === null) continue;
    const dep = aliasedDependency(node.dependencies, req);
    if (dep) kept.push(dep);
    if (req.alias !== "") req.name = req.alias;
  }
  setDependencies(node, kept);

  const live = reqs.filter((r): r is ChartDependency => r !== null);
  for (const r of live) r.enabled = true;
  const cvals = coalesceValues(node, values, warn);
  applyTags(live, cvals, warn);
  applyConditions(live, cvals, path, warn);
  const disabled = new Set(live.filter((r) => !r.enabled).map((r) => r.name));
  const enabledCharts = node.dependencies.filter((d) => !disabled.has(d.metadata.name));
  const enabledReqs = reqs.filter((r) => r === null || !disabled.has(r.name));
  for (const child of enabledCharts) enableDependencies(child, cvals, `${path}${child.metadata.name}.`, warn);
  node.metadata.dependencies = enabledReqs.length > 0 ? enabledReqs : undefined;
  setDependencies(node, enabledCharts);
}

/** `{a: {b: data}}` for `a.b`; `data` itself for `.`. */
function nestUnder(path: string, data: Values): Values {
  if (path === ".") return data;
  let out: Values = data;
  const keys = path.split(".");
  for (let i = keys.length - 1; i >= 0; i--) {
    const wrapper: Values = {};
    setKey(wrapper, keys[i], out);
    out = wrapper;
  }
  return out;
}

/** A table as Helm's `AsMap` returns it: an empty table becomes a fresh map, any other is shared. */
function asMap(t: Values): Values {
  return Object.keys(t).length === 0 ? {} : t;
}

function importValues(node: ChartNode, merge: boolean, warn: CoalesceWarn): void {
  const reqs = node.metadata.dependencies;
  if (reqs === undefined) return;
  const cvals = merge ? mergeValues(node, undefined, warn) : coalesceValues(node, undefined, warn);
  const combine = merge ? mergeValueTables : coalesceValueTables;
  let imported: Values = {};
  for (const r of reqs) {
    if (r === null) continue;
    const normalized: unknown[] = [];
    for (const iv of r.importValues) {
      if (isTable(iv)) {
        const child = formatValue(Object.hasOwn(iv, "child") ? iv.child : null);
        const parent = formatValue(Object.hasOwn(iv, "parent") ? iv.parent : null);
        normalized.push({ child, parent });
        const table = valuesTable(cvals, `${r.name}.${child}`);
        if (!table) {
          warn(`Warning: ImportValues missing table from chart ${r.name}`);
          continue;
        }
        imported = combine(imported, nestUnder(parent, asMap(table)), warn) as Values;
      } else if (typeof iv === "string") {
        const child = `exports.${iv}`;
        normalized.push({ child, parent: "." });
        const table = valuesTable(cvals, `${r.name}.${child}`);
        if (!table) {
          warn(`Warning: ImportValues missing table: ${r.name}.${child}`);
          continue;
        }
        imported = combine(imported, asMap(table), warn) as Values;
      }
    }
    r.importValues = normalized;
  }
  // Imported values rank below the parent's own values, so the parent's are merged over them.
  node.values = merge
    ? (mergeValueTables(deepCopyValues(cvals), imported, warn) as Values)
    : (coalesceValueTables(withoutNulls(cvals), imported, warn) as Values);
}

function withoutNulls(v: Values): Values {
  const out: Values = {};
  for (const k of Object.keys(v)) {
    const x = v[k];
    if (x === null) continue;
    setKey(out, k, isTable(x) ? withoutNulls(x) : deepCopyValues(x));
  }
  return out;
}

function importAll(node: ChartNode, merge: boolean, warn: CoalesceWarn): void {
  for (const d of node.dependencies) importAll(d, merge, warn);
  importValues(node, merge, warn);
}

/** Options of {@link processDependencies}. */
export interface ProcessDependenciesOptions {
  /** The working tree (see `chartNodes`); modified in place. */
  node: ChartNode;
  /** The user's values (before coalescing). */
  values: Values;
  /** Keep `null`s while importing values (Helm's ProcessDependenciesWithMerge, what install uses). Default true. */
  merge?: boolean;
  warn?: CoalesceWarn;
}

/** Enable/disable subcharts and import their values, as Helm does before rendering. */
export function processDependencies(options: ProcessDependenciesOptions): void {
  const warn = options.warn ?? (() => {});
  enableDependencies(options.node, options.values, "", warn);
  importAll(options.node, options.merge ?? true, warn);
}
