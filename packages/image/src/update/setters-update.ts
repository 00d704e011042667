import { type FileSystem, type LabelSelector, posixPath, resolveWithin } from "@gitops-kit/core";
import { type Document, isMap, isScalar, isSeq, type Node, parseAllDocuments, type Scalar } from "yaml";
import { ImageUpdateError } from "../errors.js";
import { type BlockScan, scanBlockYaml } from "./block-scan.js";
import { MARKER_TOKEN, markerSetter } from "./marker.js";
import type { Change, ObjectChanges, ObjectIdentifier, UpdateResult } from "./result.js";
import { objectKey } from "./result.js";
import { type ScalarStyle, scalarText } from "./scalar-text.js";
import { defineSetters, type SetterPolicy } from "./setters.js";
import { listSetterFiles } from "./walk.js";

/** Options for {@link updateWithSetters}. */
export interface UpdateWithSettersOptions {
  fs: FileSystem;
  /** The directory to update in place (the repository root joined with `spec.update.path`). */
  path: string;
  /** Policies whose markers are set; those without `latestRef` take no part. */
  policies: readonly SetterPolicy[];
  /** Compute the result without writing files. */
  dryRun?: boolean;
}

/** One scalar to replace in a file's text. */
interface Edit {
  start: number;
  end: number;
  text: string;
}

type UpdatedText = { text: string; objects: ObjectChanges[] };

/** The edits to one file's text and their changes, grouped by object in first-seen order. */
function changeCollector() {
  const edits: Edit[] = [];
  const objects = new Map<string, ObjectChanges>();
  return {
    add(object: ObjectIdentifier, edit: Edit, change: Change): void {
      edits.push(edit);
      const key = objectKey(object);
      const entry = objects.get(key) ?? { object, changes: [] };
      objects.set(key, entry);
      entry.changes.push(change);
    },
    /** The edited text, or `undefined` when nothing changed. */
    finish(text: string): UpdatedText | undefined {
      return edits.length === 0
        ? undefined
        : { text: applyEdits(text, edits), objects: [...objects.values()] };
    },
  };
}

/**
 * Flux's Setters strategy, with minimal diffs: every marked scalar (`# {"$imagepolicy": "ns:name"}`
 * and the `:tag`, `:name`, `:digest` forms) under `path` gets its policy's value, and only that
 * scalar's bytes change. Every other byte of the file stays (comments, quoting, indentation, `---`,
 * CRLF). Files without a change are not written. Files that do not parse as YAML are skipped, as Flux
 * does.
 */
export function updateWithSetters(options: UpdateWithSettersOptions): UpdateResult {
  const { fs } = options;
  const setters = defineSetters({ policies: options.policies });
  const result: UpdateResult = { fileChanges: {} };
  if (setters.size === 0) return result;
  for (const file of listSetterFiles(fs, options.path)) {
    let text: string;
    try {
      text = fs.readFile(file, "utf8");
    } catch (err) {
      // Dangling links are skipped; anything else is a real failure.
      if (fs.lstat(file).isSymbolicLink() && !fs.exists(file)) continue;
      throw err;
    }
    if (!text.includes(MARKER_TOKEN)) continue;
    const updated = updateText(text, setters);
    if (!updated) continue;
    result.fileChanges[posixPath.relative(options.path, file)] = updated.objects;
    if (!options.dryRun) fs.writeFile(file, updated.text);
  }
  return result;
}

/** Apply the setters to one file's text; `undefined` when nothing changes or it is not YAML. */
export function updateText(text: string, setters: ReadonlyMap<string, string>): UpdatedText | undefined {
  const scanned = scanBlockYaml(text);
  return scanned ? updateScanned(text, scanned, setters) : updateParsed(text, setters);
}

/** {@link updateText} over the fast block scan (see `block-scan.ts`). */
function updateScanned(
  text: string,
  scanned: BlockScan,
  setters: ReadonlyMap<string, string>,
): UpdatedText | undefined {
  const collected = changeCollector();
  for (const scalar of scanned.scalars) {
    const setter = markerSetter(scalar.comment);
    if (setter === undefined) continue;
    const value = setters.get(setter);
    if (value === undefined || value === scalar.value) continue;
    collected.add(
      scanned.objects[scalar.doc],
      { start: scalar.start, end: scalar.end, text: scalarText(value, scalar.style) },
      { oldValue: scalar.value, newValue: value, setter },
    );
  }
  return collected.finish(text);
}

/**
 * {@link updateText} always through the `yaml` library's full parse (what the fast block scan must agree
 * with; exported for tests that compare the two).
 */
export function updateParsed(text: string, setters: ReadonlyMap<string, string>): UpdatedText | undefined {
  let docs: Document.Parsed[];
  try {
    docs = parseAllDocuments(text, { version: "1.1", uniqueKeys: false }) as Document.Parsed[];
  } catch {
    return undefined;
  }
  if (!Array.isArray(docs) || docs.some((d) => d.errors.length > 0)) return undefined;
  const collected = changeCollector();
  for (const doc of docs) {
    const object = objectOf(doc);
    const visit = (node: unknown) => {
      if (isMap(node)) {
        for (const pair of node.items) visit(pair.value);
      } else if (isSeq(node)) {
        for (const item of node.items) visit(item);
      } else if (isScalar(node)) {
        const set = setScalar(text, node, setters);
        if (set) collected.add(object, set.edit, set.change);
      }
    };
    visit(doc.contents);
  }
  return collected.finish(text);
}

/**
 * The comment on the scalar's own line, as go-yaml's LineComment. The `yaml` library joins comment lines
 * that follow (e.g. a more indented `# note`) to the same `comment`, which would hide a marker.
 */
function lineComment(text: string, node: Scalar): string | undefined {
  if (!node.comment || !node.range) return undefined;
  return /^[ \t]*#([^\r\n]*)/.exec(text.slice(node.range[1]))?.[1];
}

function applyEdits(text: string, edits: Edit[]): string {
  let out = "";
  let last = 0;
  for (const edit of edits.sort((a, b) => a.start - b.start)) {
    out += text.slice(last, edit.start) + edit.text;
    last = edit.end;
  }
  return out + text.slice(last);
}

/** The edit and change setting a marked scalar, if its setter has a new value. */
function setScalar(
  text: string,
  node: Scalar,
  setters: ReadonlyMap<string, string>,
): { edit: Edit; change: Change } | undefined {
  // The line comment wins; the head comment counts only when there is none.
  const setter = markerSetter(lineComment(text, node) || node.commentBefore);
  if (setter === undefined) return undefined;
  const value = setters.get(setter);
  if (value === undefined || !node.range) return undefined;
  const oldValue = scalarString(node);
  if (oldValue === value) return undefined;
  return {
    edit: { start: node.range[0], end: node.range[1], text: scalarText(value, node.type as ScalarStyle) },
    change: { oldValue, newValue: value, setter },
  };
}

/** The scalar as text (what go-yaml's node.Value holds). */
function scalarString(node: Scalar): string {
  if (typeof node.source === "string") return node.source;
  return String(node.value ?? "");
}

function objectOf(doc: Document.Parsed): ObjectIdentifier {
  const str = (path: string[]) => {
    const v = doc.getIn(path, true) as Node | undefined;
    return isScalar(v) ? scalarString(v) : "";
  };
  return {
    apiVersion: str(["apiVersion"]),
    kind: str(["kind"]),
    name: str(["metadata", "name"]),
    namespace: str(["metadata", "namespace"]),
  };
}

/** The automation fields the Setters strategy reads. */
export interface UpdateAutomation {
  namespace: string;
  name: string;
  spec: { update?: { strategy?: string; path?: string }; policySelector?: LabelSelector };
}

// The selector type is core's `metav1.LabelSelector`; re-exported so callers need only this package.
export type { LabelSelector };

/** Whether `labels` satisfy `selector` (an absent or empty selector matches everything). */
export function matchesLabelSelector(
  selector: LabelSelector | undefined,
  labels: Record<string, string> = {},
): boolean {
  if (!selector) return true;
  for (const [k, v] of Object.entries(selector.matchLabels ?? {})) if (labels[k] !== v) return false;
  for (const e of selector.matchExpressions ?? []) {
    const has = Object.hasOwn(labels, e.key);
    const values = e.values ?? [];
    if (e.operator === "In" && !(has && values.includes(labels[e.key]))) return false;
    if (e.operator === "NotIn" && has && values.includes(labels[e.key])) return false;
    if (e.operator === "Exists" && !has) return false;
    if (e.operator === "DoesNotExist" && has) return false;
  }
  return true;
}

/** Options for {@link applyPolicies}. */
export interface ApplyPoliciesOptions {
  fs: FileSystem;
  /** The repository checkout root. */
  root: string;
  automation: UpdateAutomation;
  /**
   * Candidate policies; those outside the automation's namespace, not matching `spec.policySelector`
   * or without `latestRef` are ignored.
   */
  policies: readonly SetterPolicy[];
  dryRun?: boolean;
}

/**
 * Flux's `ApplyPolicies`: check the update strategy (`Setters` only), resolve `spec.update.path` within
 * the checkout and run {@link updateWithSetters} with the automation's policies. Throws
 * {@link ImageUpdateError} (`no update strategy`, `unsupported update strategy: <s>`) and
 * `PathEscapeError` for a path leaving the checkout.
 */
export function applyPolicies(options: ApplyPoliciesOptions): UpdateResult {
  const update = options.automation.spec.update;
  if (!update) throw new ImageUpdateError("no update strategy");
  const strategy = update.strategy ?? "Setters";
  if (strategy !== "Setters") throw new ImageUpdateError(`unsupported update strategy: ${strategy}`);
  const { realPath, exists } = resolveWithin({
    fs: options.fs,
    root: options.root,
    path: update.path ?? ".",
  });
  if (!exists)
    throw new ImageUpdateError(
      `spec.update.path ${JSON.stringify(update.path)} does not exist in the checkout`,
    );
  return updateWithSetters({
    fs: options.fs,
    path: realPath,
    policies: options.policies.filter(
      (p) =>
        p.namespace === options.automation.namespace &&
        matchesLabelSelector(options.automation.spec.policySelector, p.labels),
    ),
    dryRun: options.dryRun,
  });
}
