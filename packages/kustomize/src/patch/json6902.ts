/**
 * JSON 6902 patches with the exact semantics kustomize v5.5.0 gets from gopkg.in/evanphx/json-patch.v4
 * (v4.12.0), which differ from RFC 6902 in ways that show in output:
 * - `replace` of a missing object key adds it (only list indexes are checked);
 * - negative list indexes count from the end (`-1` is the last element; for `add`, `-1` appends);
 * - a path without a leading `/` loses its first segment (`spec/replicas` addresses `/replicas`);
 * - `copy` from a missing object key writes `null`.
 * The target goes through JSON and back, as kustomize does: bigints become (lossy) numbers, and after the
 * patch `metadata.annotations` is rewritten as a string map (removed when empty).
 */
import { errorMessage, formatGoFloat, parseYamlStream } from "@gitops-kit/core";
import { Json6902Error } from "./errors.js";
import { isMap, type KubeObject, scalarText } from "./yaml-values.js";

/** One JSON patch operation as written (`op`, `path`, `from`, `value`); fields are checked when applied. */
export type Json6902Operation = Record<string, unknown>;

/** Options of {@link parseJson6902}. */
export interface ParseJson6902Options {
  /** The patch text: a JSON array (when it starts with `[`) or a YAML list of operations. */
  text: string;
  /** Name of the patch for error messages, e.g. `[path: "ops.yaml"]`. */
  source?: string;
}

/**
 * Decode JSON 6902 operations as kustomize does: text starting with `[` must be strict JSON; anything else is
 * read as YAML (first document only). The result must be a list of operation objects.
 *
 * @throws Json6902Error when the text is not such a list.
 */
export function parseJson6902(options: ParseJson6902Options): Json6902Operation[] {
  const { text, source } = options;
  if (text === "") throw new Json6902Error("empty json patch operations", { patch: source });
  let decoded: unknown;
  try {
    // kustomize turns the YAML into JSON with sigs.k8s.io/yaml: YAML 1.1 scalars (`on` is true).
    decoded = text.startsWith("[")
      ? JSON.parse(text)
      : (parseYamlStream(text, { dialect: "sigs-yaml" })[0] ?? null);
  } catch (err) {
    throw new Json6902Error(`cannot decode JSON patch: ${errorMessage(err)}`, {
      patch: source,
      cause: err,
    });
  }
  if (!Array.isArray(decoded)) {
    throw new Json6902Error(
      `cannot decode JSON patch: expected a list of operations, got ${describe(decoded)}`,
      {
        patch: source,
      },
    );
  }
  return decoded.map((op, i) => {
    if (op === null) return {};
    if (!isMap(op)) {
      throw new Json6902Error(`cannot decode JSON patch: operation ${i} is ${describe(op)}, not an object`, {
        patch: source,
      });
    }
    return op;
  });
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  return typeof value === "object" ? "an object" : `a ${typeof value}`;
}

/** Options of {@link applyJson6902}. */
export interface ApplyJson6902Options {
  /** The resource to patch. Not modified. */
  target: KubeObject;
  /** Operations from {@link parseJson6902} (entries that are not objects fail as `Unexpected kind: unknown`). */
  operations: readonly unknown[];
  /** Name of the patch for error messages. */
  source?: string;
}

/**
 * Apply JSON 6902 operations to one resource with kustomize's semantics (see the module comment).
 *
 * @returns the patched resource (a new object).
 * @throws Json6902Error naming `source`, with json-patch's message (e.g. `add operation does not apply: doc is
 *   missing path: "/spec/x": missing value`).
 */
export function applyJson6902(options: ApplyJson6902Options): KubeObject {
  const { source } = options;
  const holder: { doc: unknown } = { doc: jsonRoundTrip(options.target) };
  for (const op of options.operations) {
    const failure = applyOperation(holder, isMap(op) ? op : {});
    if (failure !== undefined) throw new Json6902Error(failure, { patch: source });
  }
  if (!isMap(holder.doc)) {
    throw new Json6902Error("json: cannot unmarshal array into Go value of type map[string]interface {}", {
      patch: source,
    });
  }
  normalizeAnnotations(holder.doc);
  return holder.doc;
}

/** A copy as JSON would carry it: bigints become numbers, as Go's float64 does. */
function jsonRoundTrip(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(jsonRoundTrip);
  if (isMap(value)) {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value)) out[key] = jsonRoundTrip(value[key]);
    return out;
  }
  if (typeof value === "bigint") return Number(value);
  if (value instanceof Date) return value.toISOString();
  if (value === undefined) return null;
  return value;
}

/** kustomize re-sets annotations after a JSON patch: values as strings, the field removed when empty. */
function normalizeAnnotations(doc: Record<string, unknown>): void {
  if (!isMap(doc.metadata)) doc.metadata = {};
  const meta = doc.metadata as Record<string, unknown>;
  const annotations = meta.annotations;
  delete meta.annotations;
  if (!isMap(annotations)) return;
  const keys = Object.keys(annotations).sort();
  if (keys.length === 0) return;
  const out: Record<string, string> = {};
  for (const key of keys) {
    const v = annotations[key];
    // The patched JSON is read back through go-yaml v3, which writes every JSON number (a float64) in
    // Go's shortest %g form: 1e3 → "1000", 1000000 → "1e+06".
    // A null is written back as `null`, whose text the annotation then takes.
    if (typeof v === "number") out[key] = formatGoFloat(v);
    else out[key] = scalarText(v);
  }
  meta.annotations = out;
}

/** A container found along a path: an object, a list, or a null object (Go's nil map: reads only). */
type Container = Record<string, unknown> | unknown[] | null;

/** Go's missing-value sentinel text. */
const MISSING = "missing value";
const INVALID_INDEX = "invalid index referenced";

function decodeKey(key: string): string {
  return key.replaceAll("~1", "/").replaceAll("~0", "~");
}

/** Go's strconv.Atoi: optional sign, decimal digits, int64 range. */
function atoi(key: string): number | string {
  if (!/^[+-]?[0-9]+$/.test(key)) return `strconv.Atoi: parsing ${JSON.stringify(key)}: invalid syntax`;
  const n = Number(key);
  if (!Number.isSafeInteger(n)) return `strconv.Atoi: parsing ${JSON.stringify(key)}: value out of range`;
  return n;
}

function findContainer(doc: unknown, path: string): { container: Container; key: string } | undefined {
  const split = path.split("/");
  if (split.length < 2) return undefined;
  let current: Container = isMap(doc) || Array.isArray(doc) ? doc : null;
  for (const part of split.slice(1, -1)) {
    const next = get(current, decodeKey(part));
    if (typeof next === "string" || next.value === undefined) return undefined;
    const value = next.value;
    // A null along the path is missing for json-patch (its nodes are nil pointers).
    if (Array.isArray(value) || isMap(value)) current = value;
    else return undefined;
  }
  return { container: current, key: decodeKey(split[split.length - 1]) };
}

/** Read `key` of a container; an error string for bad list indexes. `value` is undefined when absent. */
function get(container: Container, key: string): { value: unknown } | string {
  if (container === null) return { value: undefined };
  if (!Array.isArray(container)) return { value: Object.hasOwn(container, key) ? container[key] : undefined };
  const parsed = atoi(key);
  if (typeof parsed === "string") return parsed;
  let idx = parsed;
  if (idx < 0) {
    if (idx < -container.length) return `Unable to access invalid index: ${idx}: ${INVALID_INDEX}`;
    idx += container.length;
  }
  if (idx >= container.length) return `Unable to access invalid index: ${idx}: ${INVALID_INDEX}`;
  return { value: container[idx] };
}

function add(container: Container, key: string, value: unknown): string | undefined {
  if (container === null) return "assignment to entry in nil map";
  if (!Array.isArray(container)) {
    container[key] = value;
    return undefined;
  }
  if (key === "-") {
    container.push(value);
    return undefined;
  }
  const parsed = atoi(key);
  if (typeof parsed === "string") return `value was not a proper array index: '${key}': ${parsed}`;
  const size = container.length + 1;
  let idx = parsed;
  if (idx >= size) return `Unable to access invalid index: ${idx}: ${INVALID_INDEX}`;
  if (idx < 0) {
    if (idx < -size) return `Unable to access invalid index: ${idx}: ${INVALID_INDEX}`;
    idx += size;
  }
  container.splice(idx, 0, value);
  return undefined;
}

function remove(container: Container, key: string): string | undefined {
  if (container === null || !Array.isArray(container)) {
    if (container === null || !Object.hasOwn(container, key)) {
      return `Unable to remove nonexistent key: ${key}: ${MISSING}`;
    }
    delete container[key];
    return undefined;
  }
  const parsed = atoi(key);
  if (typeof parsed === "string") return parsed;
  let idx = parsed;
  if (idx >= container.length) return `Unable to access invalid index: ${idx}: ${INVALID_INDEX}`;
  if (idx < 0) {
    if (idx < -container.length) return `Unable to access invalid index: ${idx}: ${INVALID_INDEX}`;
    idx += container.length;
  }
  container.splice(idx, 1);
  return undefined;
}

function set(container: Container, key: string, value: unknown): string | undefined {
  if (container === null) return "assignment to entry in nil map";
  if (!Array.isArray(container)) {
    container[key] = value;
    return undefined;
  }
  const parsed = atoi(key);
  if (typeof parsed === "string") return parsed;
  container[parsed < 0 ? parsed + container.length : parsed] = value;
  return undefined;
}

/** A string field of an operation, decoded as Go's json.Unmarshal into a string would. */
function stringField(op: Json6902Operation, field: "path" | "from"): { value: string } | string {
  const raw = op[field];
  if (raw === undefined || raw === null) {
    return field === "path"
      ? `operation missing path field: ${MISSING}`
      : `operation, missing from field: ${MISSING}`;
  }
  if (typeof raw !== "string") {
    return `json: cannot unmarshal ${Array.isArray(raw) ? "array" : typeof raw === "object" ? "object" : typeof raw} into Go value of type string`;
  }
  return { value: raw };
}

/** The operation's value as json-patch sees it: absent (`undefined`) or a JSON value (null included). */
function operationValue(op: Json6902Operation): unknown {
  return Object.hasOwn(op, "value") ? jsonRoundTrip(op.value) : undefined;
}

function kindOf(op: Json6902Operation): string {
  return typeof op.op === "string" ? op.op : "unknown";
}

/** Apply one operation; returns json-patch's error message, or undefined on success. */
function applyOperation(holder: { doc: unknown }, op: Json6902Operation): string | undefined {
  const kind = kindOf(op);
  switch (kind) {
    case "add": {
      const path = stringField(op, "path");
      if (typeof path === "string") return `add operation failed to decode path: ${MISSING}`;
      const found = findContainer(holder.doc, path.value);
      if (found === undefined)
        return `add operation does not apply: doc is missing path: "${path.value}": ${MISSING}`;
      const value = operationValue(op);
      const err = add(found.container, found.key, value === undefined ? null : value);
      return err === undefined ? undefined : `error in add for path: '${path.value}': ${err}`;
    }
    case "remove": {
      const path = stringField(op, "path");
      if (typeof path === "string") return `remove operation failed to decode path: ${MISSING}`;
      const found = findContainer(holder.doc, path.value);
      if (found === undefined) {
        return `remove operation does not apply: doc is missing path: "${path.value}": ${MISSING}`;
      }
      const err = remove(found.container, found.key);
      return err === undefined ? undefined : `error in remove for path: '${path.value}': ${err}`;
    }
    case "replace": {
      const path = stringField(op, "path");
      if (typeof path === "string") return `replace operation failed to decode path: ${path}`;
      if (path.value === "") {
        const value = operationValue(op);
        if (!isMap(value) && !Array.isArray(value)) return "replace operation value must be object or array";
        holder.doc = value;
        return undefined;
      }
      const found = findContainer(holder.doc, path.value);
      if (found === undefined)
        return `replace operation does not apply: doc is missing path: ${path.value}: ${MISSING}`;
      if (typeof get(found.container, found.key) === "string") {
        return `replace operation does not apply: doc is missing key: ${path.value}: ${MISSING}`;
      }
      const value = operationValue(op);
      const err = set(found.container, found.key, value === undefined ? null : value);
      return err === undefined ? undefined : `error in remove for path: '${path.value}': ${err}`;
    }
    case "move": {
      const from = stringField(op, "from");
      if (typeof from === "string") return `move operation failed to decode from: ${from}`;
      const source = findContainer(holder.doc, from.value);
      if (source === undefined)
        return `move operation does not apply: doc is missing from path: ${from.value}: ${MISSING}`;
      const got = get(source.container, source.key);
      if (typeof got === "string") return `error in move for path: '${source.key}': ${got}`;
      const removed = remove(source.container, source.key);
      if (removed !== undefined) return `error in move for path: '${source.key}': ${removed}`;
      const path = stringField(op, "path");
      if (typeof path === "string") return `move operation failed to decode path: ${path}`;
      const dest = findContainer(holder.doc, path.value);
      if (dest === undefined) {
        return `move operation does not apply: doc is missing destination path: ${path.value}: ${MISSING}`;
      }
      const err = add(dest.container, dest.key, got.value === undefined ? null : got.value);
      return err === undefined ? undefined : `error in move for path: '${path.value}': ${err}`;
    }
    case "copy": {
      const from = stringField(op, "from");
      if (typeof from === "string") return `copy operation failed to decode from: ${from}`;
      const source = findContainer(holder.doc, from.value);
      if (source === undefined)
        return `copy operation does not apply: doc is missing from path: ${from.value}: ${MISSING}`;
      const got = get(source.container, source.key);
      if (typeof got === "string") return `error in copy for from: '${from.value}': ${got}`;
      const path = stringField(op, "path");
      if (typeof path === "string") return `copy operation failed to decode path: ${MISSING}`;
      const dest = findContainer(holder.doc, path.value);
      if (dest === undefined) {
        return `copy operation does not apply: doc is missing destination path: ${path.value}: ${MISSING}`;
      }
      const copy = got.value === undefined ? null : structuredClone(got.value);
      const err = add(dest.container, dest.key, copy);
      return err === undefined ? undefined : `error while adding value during copy: ${err}`;
    }
    case "test": {
      const path = stringField(op, "path");
      if (typeof path === "string") return `test operation failed to decode path: ${path}`;
      const expected = operationValue(op);
      if (path.value === "") {
        return jsonEqual(holder.doc, expected)
          ? undefined
          : `testing value ${path.value} failed: test failed`;
      }
      const found = findContainer(holder.doc, path.value);
      if (found === undefined)
        return `test operation does not apply: is missing path: ${path.value}: ${MISSING}`;
      const got = get(found.container, found.key);
      if (typeof got === "string") return `error in test for path: '${path.value}': ${got}`;
      if (got.value === undefined || got.value === null) {
        if (expected === null || expected === undefined) return undefined;
        return `testing value ${path.value} failed: test failed`;
      }
      return jsonEqual(got.value, expected) ? undefined : `testing value ${path.value} failed: test failed`;
    }
    default:
      return `Unexpected kind: ${kind}`;
  }
}

function jsonEqual(a: unknown, b: unknown): boolean {
  if (Array.isArray(a)) {
    return Array.isArray(b) && a.length === b.length && a.every((v, i) => jsonEqual(v, b[i]));
  }
  if (isMap(a)) {
    if (!isMap(b)) return false;
    const keys = Object.keys(a);
    return (
      keys.length === Object.keys(b).length && keys.every((k) => Object.hasOwn(b, k) && jsonEqual(a[k], b[k]))
    );
  }
  return a === b;
}
