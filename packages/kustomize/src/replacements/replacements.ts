/**
 * kustomize `replacements`: copy a value from one field of one resource into fields of others, with the
 * semantics of kustomize v5.5.0's replacement filter (see {@link applyReplacements}).
 */
import { compileLabelSelector, errorMessage, GitOpsError, resolvePlainScalar } from "@gitops-kit/core";
import { deepCopy, isMap, isNilOrEmpty, type KubeObject, scalarText } from "../patch/yaml-values.js";
import { rememberText, writtenText } from "../scalar-text.js";
import {
  CREATED_SCALAR,
  type CreateKind,
  FieldPathFailure,
  type FieldSlot,
  lookupField,
  matchFields,
  setSlotValue,
  slotValue,
  splitFieldPath,
  writtenTextAt,
} from "./field-path.js";

/** A replacement that cannot be loaded or applied. Messages follow kustomize's wording. */
export class ReplacementError extends GitOpsError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super("KUSTOMIZE_REPLACEMENT", message, options);
  }
}

/** A resource id as kustomize compares it (group "" is the core group). */
export interface ReplacementResId {
  group: string;
  version: string;
  kind: string;
  name: string;
  namespace: string;
}

/** What replacements need of a build resource: its object (modified in place) and every id it has had. */
export interface ReplacementResource {
  obj: KubeObject;
  /** The current id and the previous ones (renames, namespace and kind changes). */
  allIds(): ReplacementResId[];
}

/** `options` of a source or target. */
export interface ReplacementFieldOptions {
  /** Split the value on this delimiter and use / replace the part at `index`. */
  delimiter?: string;
  /** The part to use (source) or replace (target; below 0 prepends, past the end appends). */
  index?: number;
  /** Accepted and ignored, as in kustomize. */
  encoding?: string;
  /** Create the target field when missing. */
  create?: boolean;
}

/** Exact-match resource selection (not regular expressions) plus label / annotation selectors. */
export interface ReplacementSelector {
  group?: string;
  version?: string;
  kind?: string;
  name?: string;
  namespace?: string;
  labelSelector?: string;
  annotationSelector?: string;
}

/** Where the value comes from. `fieldPath` defaults to `metadata.name`. */
export interface ReplacementSource {
  group?: string;
  version?: string;
  kind?: string;
  name?: string;
  namespace?: string;
  fieldPath?: string;
  options?: ReplacementFieldOptions;
}

/** Where the value goes. `fieldPaths` defaults to `[metadata.name]`. */
export interface ReplacementTarget {
  select?: ReplacementSelector;
  reject?: ReplacementSelector[];
  fieldPaths?: string[];
  options?: ReplacementFieldOptions;
}

/** One replacement. */
export interface Replacement {
  source?: ReplacementSource;
  targets?: ReplacementTarget[];
}

/** Options of {@link applyReplacements}. */
export interface ApplyReplacementsOptions {
  /** The build's resources, in order; matched objects are modified in place. */
  resources: readonly ReplacementResource[];
  replacements: readonly Replacement[];
  /** True for cluster-scoped kinds (their ids have no namespace). */
  isClusterScoped: (gvk: { group: string; version: string; kind: string }) => boolean;
}

const DEFAULT_FIELD_PATH = "metadata.name";

/**
 * Apply replacements in order, as kustomize's ReplacementTransformer does:
 * - the source must select exactly one resource (by any of its current or previous ids; exact matching);
 * - the source field must exist and be non-empty; `options.delimiter`/`index` pick a part of it;
 * - each target selects resources by `select` (ids, label and annotation selectors) minus `reject`;
 * - every field path must reach at least one field (or be created with `options.create`);
 * - a scalar target keeps its type and takes the value's text (a value that its type cannot hold, such as
 *   text into a number field, fails as kustomize's output does); other targets are replaced by a copy.
 *
 * @throws ReplacementError with kustomize's message (e.g. `nothing selected by ConfigMap.[noVer].[noGrp]/x.[noNs]`).
 */
export function applyReplacements(options: ApplyReplacementsOptions): void {
  const { resources, isClusterScoped } = options;
  for (const replacement of options.replacements) {
    if (
      replacement.source === undefined ||
      replacement.source === null ||
      !Array.isArray(replacement.targets)
    ) {
      throw new ReplacementError("replacements must specify a source and at least one target");
    }
    const value = sourceValue(resources, replacement.source, isClusterScoped);
    for (const target of replacement.targets) applyTarget(resources, value, target, isClusterScoped);
  }
}

function effectiveNamespace(
  id: ReplacementResId,
  isClusterScoped: ApplyReplacementsOptions["isClusterScoped"],
) {
  if (isClusterScoped(id)) return "_non_namespaceable_";
  return id.namespace === "" || id.namespace === "default" ? "default" : id.namespace;
}

/** kyaml's ResId.IsSelectedBy: every non-empty selector part equal (namespaces compared effectively). */
function idSelectedBy(
  id: ReplacementResId,
  selector: ReplacementSelector,
  isClusterScoped: ApplyReplacementsOptions["isClusterScoped"],
): boolean {
  if (selector.name && selector.name !== id.name) return false;
  if (selector.namespace) {
    // A selector's own kind is never treated as cluster-scoped (kustomize decodes it without scope).
    const wanted = selector.namespace === "default" ? "default" : selector.namespace;
    if (effectiveNamespace(id, isClusterScoped) !== wanted) return false;
  }
  if (selector.group && selector.group !== id.group) return false;
  if (selector.version && selector.version !== id.version) return false;
  if (selector.kind && selector.kind !== id.kind) return false;
  return true;
}

/** kustomize's `Kind.version.group/name.namespace` rendering of a selector's id. */
function selectorIdString(s: ReplacementSelector | ReplacementSource): string {
  return `${s.kind || "[noKind]"}.${s.version || "[noVer]"}.${s.group || "[noGrp]"}/${s.name || "[noName]"}.${s.namespace || "[noNs]"}`;
}

function sourceString(source: ReplacementSource): string {
  const parts = [selectorIdString(source)];
  if (source.fieldPath) parts.push(source.fieldPath);
  const o = source.options;
  if (o && (o.delimiter || o.create))
    parts.push(`${o.delimiter ?? ""}(${o.index ?? 0}), create=${Boolean(o.create)}`);
  return parts.join(":");
}

/** A source value and its text as kustomize's node holds it (`1.50` stays "1.50"; maps and lists have none). */
interface SourcedValue {
  value: unknown;
  text: string;
}

function sourceValue(
  resources: readonly ReplacementResource[],
  source: ReplacementSource,
  isClusterScoped: ApplyReplacementsOptions["isClusterScoped"],
): SourcedValue {
  const matches = resources.filter((r) => r.allIds().some((id) => idSelectedBy(id, source, isClusterScoped)));
  if (matches.length > 1) throw new ReplacementError(`multiple matches for selector ${sourceString(source)}`);
  if (matches.length === 0) throw new ReplacementError(`nothing selected by ${sourceString(source)}`);
  const fieldPath = source.fieldPath || DEFAULT_FIELD_PATH;
  let value: unknown;
  const parts = splitFieldPath(fieldPath);
  try {
    value = lookupField(matches[0].obj, parts);
  } catch (err) {
    throw new ReplacementError(`error looking up replacement source: ${errorMessage(err)}`, { cause: err });
  }
  if (isNilOrEmpty(value)) {
    throw new ReplacementError(
      `fieldPath \`${fieldPath}\` is missing for replacement source ${selectorIdString(source)}`,
    );
  }
  const text = writtenTextAt(matches[0].obj, parts) ?? nodeText(value);
  const delimiter = source.options?.delimiter;
  if (!delimiter) return { value, text };
  if (isMap(value) || Array.isArray(value)) {
    throw new ReplacementError("delimiter option can only be used with scalar nodes");
  }
  const pieces = text.split(delimiter);
  const index = source.options?.index ?? 0;
  if (index >= pieces.length || index < 0) {
    throw new ReplacementError(`options.index ${index} is out of bounds for value ${text}`);
  }
  // The part keeps the source's type where it can (a number stays a number when the part is numeric).
  return { value: retype(value, pieces[index]) ?? pieces[index], text: pieces[index] };
}

function labelsOf(obj: KubeObject, field: "labels" | "annotations"): Record<string, string> {
  const meta = obj.metadata;
  const map = isMap(meta) ? meta[field] : undefined;
  const out: Record<string, string> = {};
  if (isMap(map))
    for (const [k, v] of Object.entries(map)) {
      const text = writtenText(map, k) ?? scalarText(v);
      out[k] = text === "null" && v === null ? "" : text;
    }
  return out;
}

function matchesLabelsAndAnnotations(obj: KubeObject, selector: ReplacementSelector): boolean {
  try {
    if (
      selector.annotationSelector &&
      !compileLabelSelector(selector.annotationSelector).matches(labelsOf(obj, "annotations"))
    ) {
      return false;
    }
    if (
      selector.labelSelector &&
      !compileLabelSelector(selector.labelSelector).matches(labelsOf(obj, "labels"))
    ) {
      return false;
    }
  } catch (err) {
    throw new ReplacementError(errorMessage(err), { cause: err });
  }
  return true;
}

function hasIdParts(s: ReplacementSelector): boolean {
  return Boolean(s.group || s.version || s.kind || s.name || s.namespace);
}

function applyTarget(
  resources: readonly ReplacementResource[],
  value: SourcedValue,
  target: ReplacementTarget,
  isClusterScoped: ApplyReplacementsOptions["isClusterScoped"],
): void {
  const select = target.select;
  if (select === undefined || select === null)
    throw new ReplacementError("target must specify resources to select");
  const fieldPaths =
    target.fieldPaths && target.fieldPaths.length > 0 ? target.fieldPaths : [DEFAULT_FIELD_PATH];
  const rejects = target.reject ?? [];
  for (const resource of resources) {
    if (!matchesLabelsAndAnnotations(resource.obj, select)) continue;
    const rejectedByLabels = rejects.some(
      (r) => (r.annotationSelector || r.labelSelector) && matchesLabelsAndAnnotations(resource.obj, r),
    );
    if (rejectedByLabels) continue;
    const ids = resource.allIds();
    if (!ids.some((id) => idSelectedBy(id, select, isClusterScoped))) continue;
    const rejected = rejects.some(
      (r) => hasIdParts(r) && ids.some((id) => idSelectedBy(id, r, isClusterScoped)),
    );
    if (rejected) continue;
    copyValueToTarget(resource.obj, value, target, fieldPaths);
  }
}

function createKindOf(value: unknown): CreateKind {
  if (isMap(value)) return "map";
  if (Array.isArray(value)) return "list";
  return "scalar";
}

function copyValueToTarget(
  obj: KubeObject,
  value: SourcedValue,
  target: ReplacementTarget,
  fieldPaths: string[],
): void {
  const create = target.options?.create ? createKindOf(value.value) : undefined;
  for (const fieldPath of fieldPaths) {
    const retrieval = create
      ? `unable to find or create field "${fieldPath}" in replacement target`
      : `unable to find field "${fieldPath}" in replacement target`;
    let slots: FieldSlot[];
    try {
      slots = matchFields(obj, splitFieldPath(fieldPath), create);
    } catch (err) {
      if (err instanceof FieldPathFailure)
        throw new ReplacementError(`${retrieval}: ${err.message}`, { cause: err });
      throw err;
    }
    if (slots.length === 0) throw new ReplacementError(retrieval);
    for (const slot of slots) setFieldValue(slot, value, target.options, fieldPath);
  }
}

/** The text of a value as a YAML node carries it (maps and lists have none). */
function nodeText(value: unknown): string {
  return isMap(value) || Array.isArray(value) ? "" : scalarText(value);
}

/**
 * `text` in the type of `like` (kustomize keeps a scalar target's tag and swaps its text); undefined when
 * that type cannot hold the text.
 */
function retype(like: unknown, text: string): unknown {
  if (typeof like === "string") return text;
  const resolved = resolvePlainScalar(text);
  if (typeof like === "number" || typeof like === "bigint") {
    return typeof resolved === "number" || typeof resolved === "bigint" ? resolved : undefined;
  }
  if (typeof like === "boolean") return typeof resolved === "boolean" ? resolved : undefined;
  if (like === null) return resolved === null ? null : undefined;
  return text;
}

function yamlTag(value: unknown): string {
  if (value === null) return "!!null";
  if (typeof value === "boolean") return "!!bool";
  if (typeof value === "number" || typeof value === "bigint") {
    return typeof value === "number" && !Number.isInteger(value) ? "!!float" : "!!int";
  }
  return "!!str";
}

/** The text of the scalar in a slot, as written when it still holds the value read from the file. */
function slotText(slot: FieldSlot, current: unknown): string {
  return (isMap(slot.holder) ? writtenText(slot.holder, String(slot.key)) : undefined) ?? nodeText(current);
}

function setFieldValue(
  slot: FieldSlot,
  sourced: SourcedValue,
  options: ReplacementFieldOptions | undefined,
  path: string,
) {
  const current = slotValue(slot);
  let value = deepCopy(sourced.value);
  let text = sourced.text;
  if (options?.delimiter) {
    if (isMap(current) || Array.isArray(current)) {
      throw new ReplacementError("delimiter option can only be used with scalar nodes");
    }
    const parts = current === CREATED_SCALAR ? [""] : slotText(slot, current).split(options.delimiter);
    const index = options.index ?? 0;
    if (index < 0) parts.unshift(text);
    else if (index >= parts.length) parts.push(text);
    else parts[index] = text;
    value = parts.join(options.delimiter);
    text = value as string;
  }
  if (current === CREATED_SCALAR) {
    if (isMap(value) || Array.isArray(value)) {
      setSlotValue(slot, value);
      return;
    }
    // A created field is an untagged node: its text reads back with YAML's plain-scalar rules.
    const resolved = resolvePlainScalar(text);
    setSlotValue(slot, resolved);
    if (isMap(slot.holder) && (resolved === null || String(resolved) !== text))
      rememberText(slot.holder, String(slot.key), resolved, text);
    return;
  }
  if (isMap(current) || Array.isArray(current) || current === undefined) {
    setSlotValue(slot, value);
    return;
  }
  const typed = retype(current, text);
  if (typed === undefined) {
    const resolved = resolvePlainScalar(text);
    throw new ReplacementError(
      `cannot write ${JSON.stringify(text)} into field "${path}": yaml: cannot decode ${yamlTag(resolved)} \`${text}\` as a ${yamlTag(current)}`,
    );
  }
  setSlotValue(slot, typed);
}

/** Options of {@link loadReplacements}. */
export interface LoadReplacementsOptions {
  /** The kustomization's `replacements:` entries: inline `{source, targets}` or `{path}`. */
  entries: readonly unknown[];
  /** Read and parse (YAML) the file an entry names; its content is one replacement or a list of them. */
  load: (path: string) => unknown;
}

/**
 * Resolve `replacements:` entries into replacements, loading `path:` entries (a file holding one replacement
 * or a list), as kustomize's ReplacementTransformer config does.
 *
 * @throws ReplacementError for an entry with both `path` and inline fields, or a file that is neither a
 *   mapping nor a list.
 */
export function loadReplacements(options: LoadReplacementsOptions): Replacement[] {
  const out: Replacement[] = [];
  for (const entry of options.entries) {
    if (!isMap(entry)) throw new ReplacementError(`invalid replacement entry: ${JSON.stringify(entry)}`);
    const path = typeof entry.path === "string" ? entry.path : "";
    const inline = entry.source !== undefined && entry.source !== null;
    const hasTargets = Array.isArray(entry.targets) && entry.targets.length > 0;
    if (path !== "" && (inline || hasTargets)) {
      throw new ReplacementError("cannot specify both path and inline replacement");
    }
    if (path === "") {
      out.push(toReplacement(entry));
      continue;
    }
    const content = options.load(path);
    if (Array.isArray(content)) {
      for (const item of content) out.push(toReplacement(item));
    } else if (isMap(content)) {
      out.push(toReplacement(content));
    } else {
      const kind = content === null || content === undefined ? "invalid" : typeof content;
      throw new ReplacementError(`unsupported replacement type encountered within replacement path: ${kind}`);
    }
  }
  return out;
}

function toReplacement(value: unknown): Replacement {
  if (!isMap(value)) throw new ReplacementError(`invalid replacement: ${JSON.stringify(value)}`);
  return {
    source: value.source as ReplacementSource | undefined,
    targets: value.targets as ReplacementTarget[],
  };
}
