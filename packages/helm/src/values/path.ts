/**
 * Dotted value paths as Helm resolves them (`Values.Table`, `Values.PathValue`): `a.b.c`, split on every
 * dot, tables only along the way.
 */
import { isTable, type Values } from "./read.js";

/** The table at a dotted path, or `undefined` when a step is missing or not a table. */
export function valuesTable(values: Values, path: string): Values | undefined {
  let table: Values = values;
  for (const key of path.split(".")) {
    if (!Object.hasOwn(table, key)) return undefined;
    const next = table[key];
    if (!isTable(next)) return undefined;
    table = next;
  }
  return table;
}

/** What {@link valuesPathValue} finds: a non-table value, or nothing. */
export type PathValueResult = { found: true; value: unknown } | { found: false };

/** The non-table value at a dotted path (Helm's `PathValue`, which reports tables as "no value"). */
export function valuesPathValue(values: Values, path: string): PathValueResult {
  const keys = path.split(".");
  const last = keys.pop() as string;
  const table = keys.length === 0 ? values : valuesTable(values, keys.join("."));
  if (!table || !Object.hasOwn(table, last) || isTable(table[last])) return { found: false };
  return { found: true, value: table[last] };
}
