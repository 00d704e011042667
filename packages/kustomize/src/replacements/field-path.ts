/**
 * Replacement field paths (`spec.template.spec.containers.[name=app].image`, `spec.list.0`, `a.*.b`) with
 * kyaml's semantics: {@link splitFieldPath} (SmarterPathSplitter), {@link lookupField} for sources
 * (PathGetter: exact `[k=v]` matches, `-` for the last element, no wildcards) and {@link matchFields} for
 * targets (PathMatcher: `[k=v]` values are *unanchored* Go regular expressions, `*` visits every element,
 * and `create` adds missing fields, list elements and `[k=v]` elements).
 */
import { compileGoRegexp, errorMessage, printYaml, resolvePlainScalar } from "@gitops-kit/core";
import {
  isMap,
  isMissingOrNull,
  type KubeObject,
  nodeKindName,
  preview,
  scalarText,
} from "../patch/yaml-values.js";
import { writtenText } from "../scalar-text.js";

/** A failure while walking a path; the caller wraps it with the path and resource. */
export class FieldPathFailure extends Error {}

/** Where a matched value lives: `holder[key]`. */
export interface FieldSlot {
  holder: Record<string, unknown> | unknown[];
  key: string | number;
}

/** The value in a slot. */
export function slotValue(slot: FieldSlot): unknown {
  return (slot.holder as Record<string | number, unknown>)[slot.key];
}

/** Replace the value in a slot. */
export function setSlotValue(slot: FieldSlot, value: unknown): void {
  (slot.holder as Record<string | number, unknown>)[slot.key] = value;
}

/** Split on `delimiter`: a trailing `\` escapes it, and `[...]` groups stay whole (kyaml's SmarterPathSplitter). */
export function splitFieldPath(path: string, delimiter = "."): string[] {
  let parts = path.split(delimiter);
  if (parts.length > 1 && parts[0] === "") parts = parts.slice(1);
  const unescaped: string[] = [parts[0]];
  for (let i = 1; i < parts.length; i++) {
    const last = unescaped.length - 1;
    if (unescaped[last].endsWith("\\"))
      unescaped[last] = `${unescaped[last].slice(0, -1)}${delimiter}${parts[i]}`;
    else unescaped.push(parts[i]);
  }
  const result: string[] = [];
  for (let i = 0; i < unescaped.length; i++) {
    const elem = unescaped[i];
    if (!elem.startsWith("[") || elem.endsWith("]")) {
      result.push(elem);
      continue;
    }
    const bracketed = [elem];
    while (i < unescaped.length - 1) {
      i++;
      bracketed.push(unescaped[i]);
      if (unescaped[i].endsWith("]")) break;
    }
    const joined = bracketed.join(delimiter);
    result.push(joined.includes("=") ? joined : joined.replace(/^\[+|\]+$/g, ""));
  }
  return result;
}

/** Go's strconv.Atoi (decimal, optional sign); undefined when it fails. */
function atoi(text: string): number | undefined {
  if (!/^[+-]?[0-9]+$/.test(text)) return undefined;
  const n = Number(text);
  return Number.isSafeInteger(n) ? n : undefined;
}

function isListIndex(part: string): boolean {
  return part.startsWith("[") && part.endsWith("]");
}

function isIdxNumber(part: string): boolean {
  const n = atoi(part);
  return n !== undefined && n >= 0;
}

function splitIndexNameValue(part: string): [string, string] {
  const inner = part.replace(/\]$/, "").replace(/^\[/, "");
  const eq = inner.indexOf("=");
  if (eq < 0)
    throw new FieldPathFailure("list path element must contain fieldName=fieldValue for element to match");
  return [inner.slice(0, eq), inner.slice(eq + 1)];
}

function wrongKind(expected: string, value: unknown): FieldPathFailure {
  return new FieldPathFailure(
    `wrong node kind: expected ${expected} but got ${nodeKindName(value)}: node contents:\n${preview(value)}`,
  );
}

/**
 * Find the value at a source field path (kyaml's PathGetter without create): fields, list indexes
 * (`0`, `-` for the last), and `[field=value]` / `[=value]` exact element matches.
 *
 * @returns the value, or undefined when some part of the path is absent.
 * @throws FieldPathFailure for wildcards, negative indexes, or a path that runs through the wrong node kind.
 */
export function lookupField(root: unknown, parts: readonly string[]): unknown {
  let match: unknown = root;
  for (const raw of parts) {
    const part = raw.trim();
    if (part === "") continue;
    if (isMissingOrNull(match)) return undefined;
    const idx = atoi(part);
    if (idx !== undefined) {
      if (idx < 0) throw new FieldPathFailure(`array index ${idx} cannot be negative`);
      if (!Array.isArray(match)) throw wrongKind("SequenceNode", match);
      match = match[idx];
    } else if (part === "-") {
      if (!Array.isArray(match)) throw wrongKind("SequenceNode", match);
      match = match[match.length - 1];
    } else if (part === "*") {
      throw new FieldPathFailure("wildcard is not supported in PathGetter");
    } else if (isListIndex(part)) {
      const [name, value] = splitIndexNameValue(part);
      if (!Array.isArray(match)) throw wrongKind("SequenceNode", match);
      match = match.find((e) =>
        name === ""
          ? scalarText(e) === value
          : isMap(e) && Object.hasOwn(e, name) && scalarText(e[name]) === value,
      );
    } else {
      if (!isMap(match)) throw wrongKind("MappingNode", match);
      match = Object.hasOwn(match, part) ? match[part] : undefined;
    }
    if (match === undefined) return undefined;
  }
  return match;
}

/** What {@link matchFields} creates for missing path parts: nothing, or a value of this node kind. */
export type CreateKind = "map" | "list" | "scalar" | undefined;

/** A created scalar (kyaml's empty untagged node); the replacement value is written into it. */
export const CREATED_SCALAR = Symbol("created-scalar");

function emptyOfKind(nextPart: string | undefined, create: CreateKind): unknown {
  if (nextPart !== undefined && (isListIndex(nextPart) || isIdxNumber(nextPart))) return [];
  if (nextPart === undefined) return create === "map" ? {} : create === "list" ? [] : CREATED_SCALAR;
  return {};
}

/** The text kyaml matches `[field=regex]` against: the YAML of the value, trimmed. */
function matchText(value: unknown): string {
  try {
    return printYaml(value).trim();
  } catch {
    return scalarText(value);
  }
}

function compileRegex(pattern: string) {
  try {
    return compileGoRegexp(pattern);
  } catch (err) {
    throw new FieldPathFailure(errorMessage(err));
  }
}

/**
 * Every slot a target field path reaches (kyaml's PathMatcher), creating what is missing when `create` is set.
 *
 * @throws FieldPathFailure for malformed `[...]` parts, bad regular expressions, out-of-range indexes, or a path
 *   that runs through the wrong node kind.
 */
export function matchFields(
  root: Record<string, unknown>,
  parts: readonly string[],
  create: CreateKind,
): FieldSlot[] {
  const out: FieldSlot[] = [];
  walk({ holder: { "": root }, key: "" }, parts, create, out, false);
  return out;
}

function walk(
  slot: FieldSlot,
  parts: readonly string[],
  create: CreateKind,
  out: FieldSlot[],
  retried: boolean,
): void {
  if (parts.length === 0) {
    out.push(slot);
    return;
  }
  const node = slotValue(slot);
  const [part, ...rest] = parts;
  if (isIdxNumber(part)) {
    const idx = atoi(part) as number;
    if (node === null) throw new FieldPathFailure(`index ${idx} specified but only 0 elements found`);
    if (!Array.isArray(node)) throw wrongKind("SequenceNode", node);
    if (node.length === idx && create !== undefined) node.push(emptyOfKind(rest[0], create));
    if (node.length < idx + 1) {
      throw new FieldPathFailure(`index ${idx} specified but only ${node.length} elements found`);
    }
    walk({ holder: node, key: idx }, rest, create, out, false);
    return;
  }
  if (isListIndex(part)) {
    const [field, pattern] = splitIndexNameValue(part);
    if (isMissingOrNull(node)) return;
    if (!Array.isArray(node)) throw wrongKind("SequenceNode", node);
    const regex = compileRegex(pattern);
    const found: FieldSlot[] = [];
    node.forEach((element, index) => {
      if (field === "") {
        if (regex.matchString(matchText(element))) found.push({ holder: node, key: index });
        return;
      }
      if (!isMap(element) || !Object.hasOwn(element, field)) return;
      if (!regex.matchString(matchText(element[field]))) return;
      walk({ holder: node, key: index }, rest, create, found, false);
    });
    if (found.length > 0 || create === undefined) {
      out.push(...found);
      return;
    }
    // kyaml retries forever when the created element does not match its own pattern; stop instead.
    if (retried) throw new FieldPathFailure(`created element does not match ${part}`);
    const value = resolvePlainScalar(pattern);
    node.push(field === "" ? value : { [field]: value });
    walk(slot, parts, create, out, true);
    return;
  }
  if (part === "*") {
    if (isMissingOrNull(node)) return;
    if (!Array.isArray(node)) throw wrongKind("SequenceNode", node);
    node.forEach((_, index) => {
      walk({ holder: node, key: index }, rest, create, out, false);
    });
    return;
  }
  if (isMissingOrNull(node)) return;
  if (!isMap(node)) throw wrongKind("MappingNode", node);
  if (!Object.hasOwn(node, part)) {
    if (create === undefined) return;
    node[part] = emptyOfKind(rest[0], create);
  }
  walk({ holder: node, key: part }, rest, create, out, false);
}

/** The text the scalar at `parts` was written with, if it is still the value read from the file. */
export function writtenTextAt(obj: KubeObject, parts: string[]): string | undefined {
  if (parts.length === 0) return undefined;
  try {
    const holder = parts.length === 1 ? obj : lookupField(obj, parts.slice(0, -1));
    const last = parts[parts.length - 1];
    if (isMap(holder)) return writtenText(holder, last);
    // A list item by its index (`args.0`); an item chosen by `[name=value]` is a map, never a scalar.
    return Array.isArray(holder) && /^\d+$/.test(last)
      ? writtenText(holder, String(Number(last)))
      : undefined;
  } catch {
    return undefined;
  }
}
