/**
 * Small helpers over plain YAML values (the JS form of parsed documents): maps are plain objects, lists are
 * arrays, scalars are strings, numbers, booleans, bigints or null.
 */
import { copyWithText } from "../scalar-text.js";

/** A Kubernetes object as plain data: `apiVersion`, `kind`, `metadata`, ... */
export type KubeObject = Record<string, unknown>;

/** A mapping node. */
export function isMap(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

/** Missing (undefined) or explicitly null, like kyaml's IsMissingOrNull. */
export function isMissingOrNull(value: unknown): value is null | undefined {
  return value === undefined || value === null;
}

/** Own property lookup that never reaches into the prototype chain. */
export function hasField(map: Record<string, unknown>, key: string): boolean {
  return Object.hasOwn(map, key);
}

/**
 * The text of a scalar as kustomize compares it (the YAML node's value): strings as they are, numbers and
 * booleans in their canonical text, null as `null`; maps and lists have no scalar text (empty string).
 */
export function scalarText(value: unknown): string {
  switch (typeof value) {
    case "string":
      return value;
    case "number":
    case "bigint":
    case "boolean":
      return String(value);
    default:
      if (value === null) return "null";
      if (value instanceof Date) return value.toISOString();
      return "";
  }
}

/** Empty per kyaml's IsNilOrEmpty: missing, null, an empty map or an empty list. */
export function isNilOrEmpty(value: unknown): boolean {
  if (isMissingOrNull(value)) return true;
  if (Array.isArray(value)) return value.length === 0;
  if (isMap(value)) return Object.keys(value).length === 0;
  return false;
}

/** Deep copy of plain YAML data (maps, lists, scalars), keeping the written text of scalars. */
export function deepCopy<T>(value: T): T {
  return copyWithText(value);
}

/** The YAML node kind name kyaml uses in messages. */
export function nodeKindName(value: unknown): string {
  if (Array.isArray(value)) return "SequenceNode";
  if (isMap(value)) return "MappingNode";
  return "ScalarNode";
}

/** A short, bounded rendering of a value for error messages. */
export function preview(value: unknown): string {
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > 200 ? `${text.slice(0, 200)}...` : text;
}
