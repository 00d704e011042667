/**
 * The text a plain scalar was written with, kept beside the parsed value.
 *
 * kustomize holds resources as YAML nodes, so a value written `1.50`, `0755` or `2001-12-14` keeps
 * that text wherever kustomize reads a field as a string: annotations and labels (selectors, the
 * final annotation rewrite, generator merges) and replacement sources. Parsed data holds the number
 * or timestamp only, so the parser reports such texts ({@link parseResourceYaml}) and they are kept
 * here, per map and key or list and index, together with the value they were read as. A text counts
 * only while the field still holds that value: a transformer that writes the field makes the text
 * stale. Copies made with {@link copyWithText} keep the texts; where kustomize goes through JSON (a JSON
 * patch, most List expansions) the data is new and gets JSON's texts ({@link markTextsAfterJson}).
 * Which maps and lists are written in flow style is kept too: that changes some scalars when kustomize
 * writes a resource out ({@link settleFlowScalars}).
 *
 * The associations are weak, keyed by the map and list objects themselves, so they live and die with
 * the data and never cross builds that do not share objects.
 *
 * @module
 */
import { formatGoFloat, isPlainYamlString, parseYamlStream, resolvePlainScalar } from "@gitops-kit/core";
import type { YamlParser } from "./resource-factory.js";

/** `quoted`: the scalar was written quoted or as a block (`"8080"`, `'x'`, `|`): its node has a style. */
type TextEntry = { value: unknown; text: string; quoted?: boolean };

/** Per map or list (keyed by index as a decimal string). */
const texts = new WeakMap<object, Map<string, TextEntry>>();

/** Maps and lists written in flow style (`{a: 1}`, `[1]`), see {@link settleFlowScalars}. */
const flowHolders = new WeakSet<object>();

/** Whether a map or list is written in flow style. */
export function isFlowStyle(holder: object): boolean {
  return flowHolders.has(holder);
}

/** Give a map or list flow style (`{a: 1}`) or block style. */
export function setFlowStyle(holder: object, flow: boolean): void {
  if (flow) flowHolders.add(holder);
  else flowHolders.delete(holder);
}

const at = (holder: object, key: string) => (holder as Record<string, unknown>)[key];

/**
 * Remember that `holder[key]` (a map entry, or a list item by its index), now holding `value`, was
 * written as `text` (quoted or as a block when `quoted`).
 */
export function rememberText(
  holder: object,
  key: string,
  value: unknown,
  text: string,
  quoted = false,
): void {
  let entries = texts.get(holder);
  if (!entries) {
    entries = new Map();
    texts.set(holder, entries);
  }
  entries.set(key, quoted ? { value, text, quoted } : { value, text });
}

/** Forget what `holder[key]` was written as: a new value was written over it. */
export function forgetText(holder: object, key: string): void {
  texts.get(holder)?.delete(key);
}

/**
 * What kustomize's JSON round trip of a resource (`RNode.MarshalJSON`, on every resource it prints and
 * before each JSON 6902 patch) does to plain scalars in flow collections: it writes the nodes out as
 * YAML first, where a plain scalar that is empty or holds a `:` must be quoted in flow style, and reads
 * that back as a string of the text. So `{a: }` prints `a: ""` (in block style `a:` stays null) and
 * `[2001-12-14t21:59:43.10-05:00]` keeps that text where a block timestamp is normalised.
 * Changes `value` in place.
 */
export function settleFlowScalars(value: unknown): void {
  if (value === null || typeof value !== "object") return;
  const entries = flowHolders.has(value) ? texts.get(value) : undefined;
  if (entries) {
    const holder = value as Record<string, unknown>;
    for (const [key, entry] of entries) {
      const { text } = entry;
      if (!entry.quoted && (text === "" || text.includes(":")) && Object.is(holder[key], entry.value))
        holder[key] = text;
    }
  }
  if (Array.isArray(value)) for (const item of value) settleFlowScalars(item);
  else for (const key of Object.keys(value)) settleFlowScalars(at(value, key));
}

/** Whether `holder[key]` was written quoted or as a block scalar and still holds the value read. */
export function isQuoted(holder: object, key: string): boolean {
  const entry = texts.get(holder)?.get(key);
  return entry?.quoted === true && Object.is(at(holder, key), entry.value);
}

/** The text `holder[key]` was written with, while it still holds the value read from it. */
export function writtenText(holder: object, key: string): string | undefined {
  const entry = texts.get(holder)?.get(key);
  if (!entry) return undefined;
  return Object.is(at(holder, key), entry.value) ? entry.text : undefined;
}

/** A deep copy of plain data that keeps the written texts and styles of the maps and lists it copies. */
export function copyWithText<T>(value: T): T {
  if (value === null || typeof value !== "object") return value;
  let out: object;
  if (Array.isArray(value)) out = value.map(copyWithText);
  else {
    const map: Record<string, unknown> = {};
    for (const key of Object.keys(value)) {
      const v = copyWithText(at(value, key));
      // A key spelled `__proto__` must stay an ordinary own property.
      if (key === "__proto__")
        Object.defineProperty(map, key, { value: v, enumerable: true, writable: true, configurable: true });
      else map[key] = v;
    }
    out = map;
  }
  const entries = texts.get(value);
  if (entries) texts.set(out, new Map(entries));
  if (flowHolders.has(value)) flowHolders.add(out);
  return out as T;
}

/**
 * Parse a resource file as kustomize reads it (see `parseYamlStream`), remembering the written text
 * of every plain scalar that prints differently from it (`1.50`, `0755`, `~`, timestamps).
 */
export function parseResourceYaml(text: string, source: string): unknown[] {
  return parseYamlStream(text, {
    file: source,
    onPlainScalar: (holder, key, written) => {
      const value = at(holder, key);
      // Integers and booleans written canonically (`3`, `true`) print as written anyway.
      if (value === null || typeof value === "string" || String(value) !== written)
        rememberText(holder, key, value, written);
    },
    onQuotedScalar: (holder, key) => {
      const value = at(holder, key);
      if (typeof value === "string") rememberText(holder, key, value, value, true);
    },
    onFlowCollection: (holder) => flowHolders.add(holder),
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
 * Give data re-read from JSON the texts and styles go-yaml gives it, in one of two ways:
 * - `"json-text"` (kustomize's expansion of List items): the JSON text itself is parsed, so every string
 *   is quoted and every map and list is in flow style; numbers keep JSON's text, which JavaScript's
 *   number text equals.
 * - `"go-yaml"` (after a JSON 6902 patch): Go values are written out by go-yaml, so only strings that
 *   would not read back as themselves when plain (`"8080"`, `"yes"`, `""`, multi-line or space-edged
 *   text) are quoted, and numbers (float64 to Go's JSON reader) take `strconv`'s shortest `%g`
 *   (`3e+06`, `1e-05`), which is what kustomize reads where it reads a field as a string.
 *
 * Quoted styles are what later writes over a field keep (see {@link setScalarKeepingStyle}).
 */
export function markTextsAfterJson(value: unknown, via: "json-text" | "go-yaml"): void {
  if (value === null || typeof value !== "object") return;
  if (via === "json-text") flowHolders.add(value);
  const keys = Array.isArray(value) ? value.map((_, i) => String(i)) : Object.keys(value);
  for (const key of keys) {
    const v = at(value, key);
    if (typeof v === "string") {
      if (via === "json-text" || v === "" || !isPlainYamlString(v) || v.includes("\n") || v.trim() !== v)
        rememberText(value, key, v, v, true);
    } else if (typeof v === "number" && via === "go-yaml") {
      const text = formatGoFloat(v);
      if (text !== String(v)) rememberText(value, key, v, text);
    } else markTextsAfterJson(v, via);
  }
}
