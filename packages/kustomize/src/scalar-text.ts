/**
 * The text a plain scalar was written with, kept beside the parsed value.
 *
 * kustomize holds resources as YAML nodes, so a value written `1.50`, `0755` or `2001-12-14` keeps
 * that text wherever kustomize reads a field as a string: annotations and labels (selectors, the
 * final annotation rewrite, generator merges) and replacement sources. Parsed data holds the number
 * or timestamp only, so the parser reports such texts ({@link parseResourceYaml}) and they are kept
 * here, per map and key, together with the value they were read as. A text counts only while the
 * field still holds that value: a transformer that writes the field makes the text stale. Copies
 * made with {@link copyWithText} keep the texts; any other copy (a JSON patch round trip, List
 * items, which kustomize also re-reads through JSON) drops them, as kustomize does.
 *
 * The association is a `WeakMap` keyed by the map objects themselves, so it lives and dies with the
 * data and never crosses builds that do not share objects.
 *
 * @module
 */
import { isPlainYamlString, parseYamlStream, resolvePlainScalar } from "@gitops-kit/core";
import type { YamlParser } from "./resource-factory.js";

/** `quoted`: the scalar was written quoted or as a block (`"8080"`, `'x'`, `|`): its node has a style. */
type TextEntry = { value: unknown; text: string; quoted?: boolean };

const texts = new WeakMap<object, Map<string, TextEntry>>();

/** Maps written in flow style (`{a: 1}`), see {@link settleFlowScalars}. */
const flowMaps = new WeakSet<object>();

/** Whether `map` is written in flow style. */
export function isFlowMap(map: object): boolean {
  return flowMaps.has(map);
}

/** Give `map` flow style (`{a: 1}`) or block style. */
export function setFlowStyle(map: object, flow: boolean): void {
  if (flow) flowMaps.add(map);
  else flowMaps.delete(map);
}

/** Remember that `map[key]`, now holding `value`, was written as `text` (quoted or as a block when `quoted`). */
export function rememberText(map: object, key: string, value: unknown, text: string, quoted = false): void {
  let entries = texts.get(map);
  if (!entries) {
    entries = new Map();
    texts.set(map, entries);
  }
  entries.set(key, quoted ? { value, text, quoted } : { value, text });
}

/**
 * What kustomize's JSON round trip of a resource (`RNode.MarshalJSON`, on every resource it prints and
 * before each JSON 6902 patch) does to plain scalars in flow mappings: it writes the nodes out as YAML
 * first, where a plain scalar that is empty or holds a `:` must be quoted in flow style, and reads that
 * back as a string of the text. So `{a: }` prints `a: ""` (in block style `a:` stays null) and
 * `{t: 2001-12-14t21:59:43.10-05:00}` keeps that text where a block timestamp is normalised.
 * Changes `value` in place.
 */
export function settleFlowScalars(value: unknown): void {
  if (value === null || typeof value !== "object") return;
  if (Array.isArray(value)) {
    for (const item of value) settleFlowScalars(item);
    return;
  }
  const map = value as Record<string, unknown>;
  const entries = flowMaps.has(map) ? texts.get(map) : undefined;
  if (entries) {
    for (const [key, { value, text, quoted }] of entries) {
      if (!quoted && (text === "" || text.includes(":")) && Object.is(map[key], value)) map[key] = text;
    }
  }
  for (const key of Object.keys(map)) settleFlowScalars(map[key]);
}

/** Whether `map[key]` was written quoted or as a block scalar and still holds the value read. */
export function isQuoted(map: object, key: string): boolean {
  const entry = texts.get(map)?.get(key);
  return entry?.quoted === true && Object.is((map as Record<string, unknown>)[key], entry.value);
}

/** The text `map[key]` was written with, while it still holds the value read from it. */
export function writtenText(map: object, key: string): string | undefined {
  const entry = texts.get(map)?.get(key);
  if (!entry) return undefined;
  return Object.is((map as Record<string, unknown>)[key], entry.value) ? entry.text : undefined;
}

/** A deep copy of plain data that keeps the written texts of the maps it copies. */
export function copyWithText<T>(value: T): T {
  if (Array.isArray(value)) return value.map(copyWithText) as T;
  if (value === null || typeof value !== "object") return value;
  const out: Record<string, unknown> = {};
  const source = value as Record<string, unknown>;
  for (const key of Object.keys(source)) {
    const v = copyWithText(source[key]);
    // A key spelled `__proto__` must stay an ordinary own property.
    if (key === "__proto__")
      Object.defineProperty(out, key, { value: v, enumerable: true, writable: true, configurable: true });
    else out[key] = v;
  }
  const entries = texts.get(source);
  if (entries) texts.set(out, new Map(entries));
  if (flowMaps.has(source)) flowMaps.add(out);
  return out as T;
}

/**
 * Parse a resource file as kustomize reads it (see `parseYamlStream`), remembering the written text
 * of every plain scalar that prints differently from it (`1.50`, `0755`, `~`, timestamps).
 */
export function parseResourceYaml(text: string, source: string): unknown[] {
  return parseYamlStream(text, {
    file: source,
    onPlainScalar: (map, key, written) => {
      const value = map[key];
      // Integers and booleans written canonically (`3`, `true`) print as written anyway.
      if (value === null || typeof value === "string" || String(value) !== written)
        rememberText(map, key, value, written);
    },
    onFlowMapping: (map) => flowMaps.add(map),
    onQuotedScalar: (map, key) => {
      const value = map[key];
      if (typeof value === "string") rememberText(map, key, value, value, true);
    },
  });
}

/**
 * Parse a file with the Go reader it goes through: kustomization and other config files with
 * sigs.k8s.io/yaml rules, resources with kyaml's (keeping written texts, see {@link parseResourceYaml}).
 */
export const parseKustomizeYaml: YamlParser = (text, source, dialect) =>
  dialect === "sigs-yaml"
    ? parseYamlStream(text, { file: source, dialect })
    : parseResourceYaml(text, source);

/**
 * The keys of maps kustomize writes itself (annotations at the end of a build, labels and annotations
 * it adds or merges, generated `data`) become plain YAML scalars that it reads back before printing: a
 * key spelled like a number, boolean, null or timestamp (`1`, `true`, `~`, `2001-12-14`) then is one,
 * and kustomize fails (`json: unsupported type: map[interface {}]interface {}`). Returns a message
 * naming the first such key, or undefined when every key reads back as itself.
 */
export function unprintableKeyMessage(keys: Iterable<string>, where: string): string | undefined {
  for (const key of keys) {
    const read = resolvePlainScalar(key);
    if (typeof read === "string" && read === key) continue;
    const as =
      read === null
        ? "null"
        : typeof read === "string"
          ? "a timestamp"
          : typeof read === "boolean"
            ? "a boolean"
            : "a number";
    return `${where}: key ${JSON.stringify(key)} would be written back as ${as}, which kustomize cannot serialize (json: unsupported type: map[interface {}]interface {})`;
  }
  return undefined;
}

/**
 * Set a scalar field as kyaml's field setter does: over a value written quoted or as a block, the new
 * node takes that style, so a number is then the string of its text (`replicas: "2"` set to 3 prints
 * `"3"`).
 */
export function setScalarKeepingStyle(holder: Record<string, unknown>, key: string, value: unknown): void {
  if (isQuoted(holder, key) && value !== null && typeof value !== "object" && typeof value !== "string") {
    const text = String(value);
    holder[key] = text;
    rememberText(holder, key, text, text, true);
    return;
  }
  holder[key] = value;
}

/**
 * Mark the strings of data re-read from JSON the way go-yaml writes them back: a string that would not
 * read back as itself when plain (`"8080"`, `"yes"`, `""`, multi-line or space-edged text) gets a
 * quoted or block node, whose style later writes over it keep (see {@link setScalarKeepingStyle}).
 */
export function markQuotedAfterJson(value: unknown): void {
  if (Array.isArray(value)) {
    for (const v of value) markQuotedAfterJson(v);
    return;
  }
  if (value === null || typeof value !== "object") return;
  const map = value as Record<string, unknown>;
  for (const key of Object.keys(map)) {
    const v = map[key];
    if (typeof v === "string") {
      if (v === "" || !isPlainYamlString(v) || v.includes("\n") || v.trim() !== v)
        rememberText(map, key, v, v, true);
    } else markQuotedAfterJson(v);
  }
}
