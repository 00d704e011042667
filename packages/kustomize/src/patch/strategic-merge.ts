/**
 * Strategic merge patch with the semantics of kustomize v5.5.0 (kyaml merge2 driven by its schema walker).
 *
 * This is deliberately *not* Kubernetes' apimachinery strategic merge: kustomize's own merge differs in ways
 * that show in `kustomize build` output, and all of them are reproduced here:
 * - list elements from the patch come first, then the target's remaining elements (patches prepend);
 * - lists are merged element-wise only when the schema gives a `merge` strategy; without a schema (CRDs,
 *   unknown fields) lists are replaced wholesale;
 * - `$setElementOrder/...`, `$retainKeys` and `$deleteFromPrimitiveList/...` are not directives: they are
 *   kept as ordinary fields;
 * - a target list element that lacks the merge key derails the merge exactly as kyaml does.
 */
import type { MergeSchema, SchemaNode } from "../openapi/schema.js";
import { builtinMergeSchema } from "../openapi/schema.js";
import {
  forgetText,
  isFlowStyle,
  isQuoted,
  rememberText,
  setFlowStyle,
  writtenText,
} from "../scalar-text.js";
import { StrategicMergeError } from "./errors.js";
import {
  deepCopy,
  hasField,
  isMap,
  isMissingOrNull,
  isNilOrEmpty,
  type KubeObject,
  nodeKindName,
  preview,
  scalarText,
} from "./yaml-values.js";

/** Options of {@link strategicMerge}. */
export interface StrategicMergeOptions {
  /** The object to patch. Not modified. */
  target: KubeObject;
  /** The patch object. Not modified. */
  patch: KubeObject;
  /** Merge facts; defaults to the built-in Kubernetes v1.21.2 schema. */
  schema?: MergeSchema;
  /** Name of the patch for error messages, e.g. `[path: "patch.yaml"]`. */
  source?: string;
  /**
   * Where elements the patch adds to associative lists go. kustomize patches use `prepend` (the default);
   * `append` is kyaml's plain merge (used e.g. for Helm values).
   */
  listIncreaseDirection?: "prepend" | "append";
}

/**
 * Merge `patch` into `target` the way kustomize's strategic merge does (see the module comment).
 *
 * @returns the merged object (a new object; the inputs are not modified), or `undefined` when the patch deletes
 *   the whole object (`$patch: delete` at its top level).
 * @throws StrategicMergeError naming `source`, e.g. when a field is a map in one and a list in the other, or a
 *   `$patch` directive has an unknown value.
 */
export function strategicMerge(options: StrategicMergeOptions): KubeObject | undefined {
  const merger = new Merger(
    options.schema ?? builtinMergeSchema(),
    (options.listIncreaseDirection ?? "prepend") === "prepend",
  );
  try {
    const result = merger.walk(deepCopy(options.target), deepCopy(options.patch), undefined, []);
    return isMap(result) ? result : undefined;
  } catch (err) {
    if (err instanceof MergeFailure) throw new StrategicMergeError(err.message, { patch: options.source });
    throw err;
  }
}

/** Internal failure raised inside the walk; wrapped with the patch name at the top. */
class MergeFailure extends Error {}

/** kyaml's "persistent null": a null written in the target (`~`, `null`) that no patch field touched is kept. */
const KEEP_NULL = Symbol("keep-null");

type Directive = "merge" | "replace" | "delete" | "unknown";

/** A list of values for the merge keys of one element, with the original scalars kept for re-insertion. */
interface KeyTuple {
  texts: string[];
  raws: unknown[];
}

function wrongKind(expected: string, value: unknown): MergeFailure {
  return new MergeFailure(
    `wrong node kind: expected ${expected} but got ${nodeKindName(value)}: node contents:\n${preview(value)}`,
  );
}

class Merger {
  constructor(
    private readonly schema: MergeSchema,
    private readonly prepend: boolean,
  ) {}

  /**
   * Walk one position: `dest` is the target's value, `origin` the patch's. Returns the merged value,
   * `undefined` to clear the field, or KEEP_NULL.
   */
  walk(dest: unknown, origin: unknown, schemaIn: SchemaNode | undefined, path: string[]): unknown {
    const schema = schemaIn ?? this.schemaFromType(dest) ?? this.schemaFromType(origin);
    const first = !isMissingOrNull(dest) ? dest : !isMissingOrNull(origin) ? origin : undefined;
    if (first === undefined) return this.walkMap(dest, origin, schema, path);
    if (Array.isArray(first)) {
      for (const v of [dest, origin])
        if (!isMissingOrNull(v) && !Array.isArray(v)) throw wrongKind("SequenceNode", v);
      if (this.isAssociative(schema)) return this.walkAssociativeList(dest, origin, schema);
      // Non-associative lists are replaced by the patch's value when it has one.
      return origin !== undefined ? origin : dest;
    }
    if (isMap(first)) {
      for (const v of [dest, origin]) if (!isMissingOrNull(v) && !isMap(v)) throw wrongKind("MappingNode", v);
      return this.walkMap(dest, origin, schema, path);
    }
    for (const v of [dest, origin]) {
      if (!isMissingOrNull(v) && (isMap(v) || Array.isArray(v))) throw wrongKind("ScalarNode", v);
    }
    return origin !== undefined ? origin : dest;
  }

  /** A nested value that carries its own apiVersion and kind is merged by that type's schema. */
  private schemaFromType(value: unknown): SchemaNode | undefined {
    if (!isMap(value)) return undefined;
    const { apiVersion, kind } = value;
    if (typeof apiVersion !== "string" || typeof kind !== "string" || apiVersion === "" || kind === "") {
      return undefined;
    }
    return this.schema.forType(apiVersion, kind);
  }

  /** Only the schema makes a list associative: kustomize never infers merge keys for patches. */
  private isAssociative(schema: SchemaNode | undefined): boolean {
    return schema?.facts().associative ?? false;
  }

  private walkMap(dest: unknown, origin: unknown, schema: SchemaNode | undefined, path: string[]): unknown {
    const merged = this.visitMap(dest, origin);
    if (merged === undefined) return undefined;
    // kyaml's merge keeps the target's style, but an empty target map takes the patch's.
    if (merged === dest && isMap(dest) && isMap(origin) && Object.keys(dest).length === 0)
      setFlowStyle(dest, isFlowStyle(origin));
    const names = new Set<string>();
    if (isMap(merged)) for (const k of Object.keys(merged)) names.add(k);
    if (isMap(origin)) for (const k of Object.keys(origin)) names.add(k);
    if (names.size === 0 || !isMap(merged)) return merged;
    for (const key of [...names].sort(compareStrings)) {
      const destValue = hasField(merged, key) ? merged[key] : undefined;
      const originValue = isMap(origin) && hasField(origin, key) ? origin[key] : undefined;
      // kyaml keeps a null the patch does not touch only when it was written (`~`, `null`): `a:` goes.
      if (destValue === null && originValue === undefined && writtenText(merged, key) === "") {
        delete merged[key];
        continue;
      }
      const value = this.walk(destValue, originValue, schema?.field(key), [...path, key]);
      if (value === undefined || value === null) delete merged[key];
      else if (value === originValue && isMap(origin) && isScalarValue(value)) {
        this.setPatchedScalar(merged, key, value, origin, destValue !== undefined);
      } else merged[key] = value === KEEP_NULL ? null : value;
    }
    return merged;
  }

  /**
   * Write a scalar taken from the patch the way kyaml's field setter does: it keeps the text it was
   * written with, and over an existing field it takes that field's node style, so a number written
   * over a quoted or block value becomes a string of its text (`8080` over `"80"` gives `"8080"`).
   */
  private setPatchedScalar(
    merged: Record<string, unknown>,
    key: string,
    value: unknown,
    origin: Record<string, unknown>,
    existed: boolean,
  ): void {
    const text = writtenText(origin, key);
    const destQuoted = existed && isQuoted(merged, key);
    const quoted = existed ? destQuoted : isQuoted(origin, key);
    const result = destQuoted ? (text ?? (typeof value === "string" ? value : scalarText(value))) : value;
    merged[key] = result;
    if (quoted && typeof result === "string") rememberText(merged, key, result, result, true);
    else if (text !== undefined && result === value) rememberText(merged, key, value, text);
    // The patch's text replaces the target's, even for an equal value (`12` over `+12`).
    else forgetText(merged, key);
  }

  private visitMap(dest: unknown, origin: unknown): unknown {
    if (isMissingOrNull(dest)) {
      const directive = directiveOf(origin, false);
      if (directive === "delete") return undefined;
      if (origin === undefined && dest === null) return KEEP_NULL;
      return origin;
    }
    if (origin === null) return undefined;
    switch (directiveOf(origin, true)) {
      case "delete":
        return undefined;
      case "replace":
        return origin;
      default:
        return dest;
    }
  }

  private visitAssociativeList(dest: unknown, origin: unknown): unknown {
    if (isMissingOrNull(dest)) return origin;
    if (origin === null) return undefined;
    switch (directiveOf(origin, true)) {
      case "delete":
        return undefined;
      case "replace":
        return origin;
      default:
        return dest;
    }
  }

  private walkAssociativeList(dest: unknown, origin: unknown, schema: SchemaNode | undefined) {
    const merged = this.visitAssociativeList(dest, origin);
    if (merged === undefined || merged === null) return undefined;
    const list = merged as unknown[];
    const keys = schema?.facts().mergeKeys ?? [];
    const ordered = this.prepend ? [origin, list] : [list, origin];
    const tuples = elementTuples(ordered, keys);
    if (tuples.length > 0 || keys.length > 0) return this.mergeElements(tuples, keys, list, origin, schema);
    return this.mergeElements(primitiveTuples(ordered), [""], list, origin, schema);
  }

  private mergeElements(
    tuples: KeyTuple[],
    keys: string[],
    dest: unknown[],
    origin: unknown,
    schema: SchemaNode | undefined,
  ): unknown {
    const added: unknown[] = [];
    const elementSchema = schema?.elements();
    if (keys.length > 1) mergeTuples(tuples);
    let validKeys: string[] = [];
    let validTuple: KeyTuple = { texts: [], raws: [] };
    for (const tuple of tuples) {
      if (tuple.texts.length === 0) continue;
      [validKeys, validTuple] = validateKeys(tuples, tuple, keys);
      const [matchKeys, matchTuple] = validateKeys([validTuple], validTuple, validKeys);
      const destElement = findElement(dest, matchKeys, matchTuple.texts);
      const originElement = Array.isArray(origin)
        ? findElement(origin, matchKeys, matchTuple.texts)
        : undefined;
      const value = this.walk(destElement, originElement, elementSchema, []);
      let removed = false;
      for (let i = 0; i < validKeys.length; i++) {
        const key = validKeys[i];
        if (value === undefined || value === null || value === KEEP_NULL || isEmptyMap(value)) {
          setElement(dest, undefined, validKeys, validTuple.texts);
          removed = true;
        } else if (!(isMap(value) && hasField(value, key)) && validTuple.texts[i] !== "") {
          // The merged element lost its key (e.g. a port matched with a defaulted protocol): put it back.
          if (key === "") continue;
          if (!isMap(value)) throw wrongKind("MappingNode", value);
          value[key] = validTuple.raws[i];
        }
      }
      if (removed) continue;
      setElement(added, value, validKeys, validTuple.texts);
    }
    let result: unknown[] = dest;
    if (tuples.length > 0) {
      result = this.prepend ? appendElements(added, dest, validKeys) : appendElements(dest, added, validKeys);
    }
    return result;
  }
}

function isScalarValue(value: unknown): boolean {
  const t = typeof value;
  return t === "string" || t === "number" || t === "boolean" || t === "bigint";
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function isEmptyMap(value: unknown): boolean {
  return isMap(value) && Object.keys(value).length === 0;
}

/**
 * The `$patch` directive of a patch value, elided from it when recognised. For lists the directive is an
 * element `{$patch: ...}` with no other field. Unknown values fail when `strict`.
 */
function directiveOf(patch: unknown, strict: boolean): Directive {
  if (patch === undefined) return "merge";
  if (Array.isArray(patch)) {
    const holder = patch.find((e) => isMap(e) && hasField(e, "$patch"));
    if (!isMap(holder) || Object.keys(holder).length > 1) return "merge";
    const text = scalarText(holder.$patch);
    if (text === "delete" || text === "replace" || text === "merge") {
      // Remove every `{$patch: <text>}` element; like kyaml, this also drops empty and null elements.
      setElement(patch, undefined, ["$patch"], [text]);
      return text;
    }
    if (strict) throw new MergeFailure(`unknown patch strategy '${text}'`);
    return "unknown";
  }
  if (isMap(patch)) {
    if (!hasField(patch, "$patch")) return "merge";
    const text = scalarText(patch.$patch);
    if (text === "delete" || text === "replace" || text === "merge") {
      delete patch.$patch;
      return text;
    }
    if (strict) throw new MergeFailure(`unknown patch strategy '${text}'`);
    return "unknown";
  }
  if (strict) {
    throw new MergeFailure(`no implemented strategic merge patch strategy for '${preview(patch)}'`);
  }
  return "unknown";
}

/** The merge-key values of every element of every source, first-seen order, without duplicates. */
function elementTuples(sources: unknown[], keys: string[]): KeyTuple[] {
  const result: KeyTuple[] = [];
  const seen = new Set<string>();
  for (const source of sources) {
    if (!Array.isArray(source)) continue;
    for (const element of source) {
      const texts: string[] = [];
      const raws: unknown[] = [];
      for (const key of keys) {
        const field = isMap(element) && hasField(element, key) ? element[key] : undefined;
        if (isNilOrEmpty(field)) {
          texts.push("");
          raws.push(undefined);
        } else {
          texts.push(fieldText(element as Record<string, unknown>, key));
          raws.push(field);
        }
      }
      if (texts.length === 0) continue;
      const id = JSON.stringify(texts);
      if (seen.has(id)) continue;
      seen.add(id);
      result.push({ texts, raws });
    }
  }
  return result;
}

/** The distinct scalar values of primitive lists (e.g. finalizers), first-seen order. */
function primitiveTuples(sources: unknown[]): KeyTuple[] {
  const result: KeyTuple[] = [];
  const seen = new Set<string>();
  for (const source of sources) {
    if (!Array.isArray(source)) continue;
    for (const item of source) {
      const text = scalarText(item);
      if (seen.has(text)) continue;
      seen.add(text);
      result.push({ texts: [text], raws: [item] });
    }
  }
  return result;
}

/**
 * Unify key tuples that agree on at least one key and differ only where one side is empty, e.g. ports
 * `[8080, ""]` and `[8080, TCP]` both become `[8080, TCP]`.
 */
function mergeTuples(tuples: KeyTuple[]): void {
  for (let i = 0; i < tuples.length; i++) {
    const first = tuples[i];
    for (let j = 0; j < tuples.length; j++) {
      const merged = matchTuples(first, tuples[j]);
      if (merged !== undefined) {
        tuples[i] = merged;
        tuples[j] = merged;
      }
    }
  }
}

function matchTuples(a: KeyTuple, b: KeyTuple): KeyTuple | undefined {
  if (a.texts.length !== b.texts.length) return undefined;
  let common = false;
  const out: KeyTuple = { texts: [], raws: [] };
  for (let i = 0; i < a.texts.length; i++) {
    if (a.texts[i] === b.texts[i]) {
      common = true;
      out.texts.push(a.texts[i]);
      out.raws.push(a.raws[i]);
      continue;
    }
    if (a.texts[i] !== "" && b.texts[i] !== "") return undefined;
    const fromA = a.texts[i] !== "";
    out.texts.push(fromA ? a.texts[i] : b.texts[i]);
    out.raws.push(fromA ? a.raws[i] : b.raws[i]);
  }
  return common ? out : undefined;
}

/** Keep only the keys that have a value somewhere in `all` (all keys when none has). */
function validateKeys(all: KeyTuple[], tuple: KeyTuple, keys: string[]): [string[], KeyTuple] {
  const present = new Set<string>();
  for (const t of all) {
    t.texts.forEach((v, i) => {
      if (v !== "") present.add(keys[i]);
    });
  }
  if (present.size === 0) return [keys, tuple];
  const validKeys = keys.filter((k) => present.has(k));
  const out: KeyTuple = { texts: [], raws: [] };
  tuple.texts.forEach((v, i) => {
    if (v !== "" || present.has(keys[i])) {
      out.texts.push(v);
      out.raws.push(tuple.raws[i]);
    }
  });
  return [validKeys, out];
}

/** The first element whose key fields have exactly these values (kyaml's ElementMatcher). */
function findElement(list: unknown, keys: string[], values: string[]): unknown {
  if (!Array.isArray(list)) return undefined;
  if (keys.length === 0 || keys[0] === "") {
    const wanted = values[0] ?? "";
    return list.find((item) => scalarText(item) === wanted);
  }
  for (const element of list) {
    if (!isMap(element)) continue;
    if (keys.length !== values.length) throw new MergeFailure("length of keys must equal length of values");
    if (keys.every((key, i) => hasField(element, key) && fieldText(element, key) === values[i]))
      return element;
  }
  return undefined;
}

/**
 * The node value kyaml compares for a field: the scalar's text as written (`0x50` does not match `80`),
 * empty for maps, lists and empty nulls.
 */
function fieldText(holder: Record<string, unknown>, key: string): string {
  return writtenText(holder, key) ?? scalarText(holder[key]);
}

/**
 * kyaml's ElementSetter: rebuild `list` in place, dropping null and empty-map elements, then replace the
 * elements matching `keys`/`values` with `element` (or delete them when `element` is undefined), appending
 * `element` when nothing matched.
 */
function setElement(list: unknown[], element: unknown, keysIn: string[], values: string[]): void {
  const keys = keysIn.length === 0 ? [""] : keysIn;
  const mappingSetter = keys[0] !== "" && values.length > 0 && values[0] !== "";
  const kept: unknown[] = [];
  let matched = false;
  for (const item of list) {
    if (isMissingOrNull(item) || isEmptyMap(item)) continue;
    if (!isMap(item) && mappingSetter) {
      kept.push(item);
      continue;
    }
    let found = false;
    let isMatch = true;
    for (let j = 0; j < keys.length; j++) {
      if (j < values.length) found = fieldMatches(item, keys[j], values[j]);
      if (!found) {
        isMatch = false;
        break;
      }
    }
    if (!isMatch) {
      if (values.length > 0) kept.push(item);
      continue;
    }
    matched = true;
    if (element !== undefined) kept.push(element);
  }
  list.splice(0, list.length, ...kept);
  if (isMissingOrNull(element)) return;
  if (!matched) list.push(element);
}

/** kyaml's FieldMatcher as used by ElementSetter: an empty value matches any present field. */
function fieldMatches(item: unknown, name: string, value: string): boolean {
  if (name === "") {
    if (isMap(item) || Array.isArray(item)) throw wrongKind("ScalarNode", item);
    return scalarText(item) === value;
  }
  if (!isMap(item)) throw wrongKind("MappingNode", item);
  if (!hasField(item, name)) return false;
  return value === "" || fieldText(item, name) === value;
}

/** kyaml's appendListNode: set each `src` element into `dst` by its key values (replace or append). */
function appendElements(dst: unknown[], src: unknown[], keys: string[]): unknown[] {
  for (const element of [...src]) {
    if (keys[0] === "") {
      setElement(dst, element, [""], [scalarText(element)]);
      continue;
    }
    const values: string[] = [];
    for (const key of keys) {
      if (isMissingOrNull(element)) {
        dst.push(element);
        continue;
      }
      if (!isMap(element)) throw wrongKind("MappingNode", element);
      if (!hasField(element, key)) {
        // An element without its key is appended as is (once per missing key), as kyaml does.
        dst.push(element);
        continue;
      }
      values.push(fieldText(element, key));
    }
    if (keys.length > 1) setElement(dst, undefined, keys, values);
    setElement(dst, element, keys, values);
  }
  return dst;
}
