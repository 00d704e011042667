/**
 * Field ownership for server-side-apply style merges, without an OpenAPI schema.
 *
 * A field path is a list of segments in the notation of Kubernetes `managedFields` (FieldsV1):
 * `f:<field>` for a map field, `k:<json>` for an element of an associative list identified by its key
 * fields. Without schemas, a list is associative when every element is an object with a unique string
 * `name` (containers, env, volumes, ports with names, ...); every other list is atomic (one value).
 *
 * @module
 */
import { isPlainObject, type JsonObject, jsonEqual } from "./json.js";

/** A field path, e.g. `["f:spec", "f:template", "f:spec", "f:containers", 'k:{"name":"app"}', "f:image"]`. */
export type FieldPath = readonly string[];

/** A set of field paths, keyed by {@link pathKey}. */
export type FieldSet = Map<string, FieldPath>;

/** A string identifying a path. Segments never contain a raw NUL (`k:` JSON escapes it), so it separates them. */
export const pathKey = (path: FieldPath): string => path.join("\u0000");

/** Add a path to a set. */
export function addPath(set: FieldSet, path: FieldPath): void {
  set.set(pathKey(path), path);
}

/** Top-level fields that identify an object or belong to the server, never owned by an applier. */
const UNOWNED_TOP = new Set(["apiVersion", "kind", "status"]);
/** Metadata fields that identify an object or are set by the server. */
export const SYSTEM_METADATA = new Set([
  "name",
  "namespace",
  "generateName",
  "uid",
  "resourceVersion",
  "generation",
  "creationTimestamp",
  "deletionTimestamp",
  "deletionGracePeriodSeconds",
  "managedFields",
  "selfLink",
]);

/** True when `value` is a list merged element by element (every element an object with a unique `name`). */
export function isAssociativeList(value: unknown): value is JsonObject[] {
  if (!Array.isArray(value) || value.length === 0) return false;
  const names = new Set<string>();
  for (const el of value) {
    if (!isPlainObject(el) || typeof el.name !== "string" || names.has(el.name)) return false;
    names.add(el.name);
  }
  return true;
}

/** The `k:` segment of an associative-list element. */
export function elementSegment(el: JsonObject): string {
  return `k:${JSON.stringify({ name: el.name })}`;
}

/** Every owned path of an applied configuration (maps and associative-list elements included). */
export function fieldSetOf(config: JsonObject): FieldSet {
  const out: FieldSet = new Map();
  const walk = (value: unknown, prefix: string[]): void => {
    if (isPlainObject(value)) {
      for (const [k, v] of Object.entries(value)) {
        if (prefix.length === 0 && UNOWNED_TOP.has(k)) continue;
        if (prefix.length === 1 && prefix[0] === "f:metadata" && SYSTEM_METADATA.has(k)) continue;
        const p = [...prefix, `f:${k}`];
        addPath(out, p);
        walk(v, p);
      }
    } else if (isAssociativeList(value)) {
      for (const el of value) {
        const p = [...prefix, elementSegment(el)];
        addPath(out, p);
        walk(el, p);
      }
    }
  };
  walk(config, []);
  return out;
}

/** True when an object or list at this position is merged granularly (so ownership is per child). */
export function isContainer(value: unknown): boolean {
  return isPlainObject(value) || isAssociativeList(value);
}

/** The value at `path`, or `undefined`. */
export function getAt(root: unknown, path: FieldPath): unknown {
  let cur: unknown = root;
  for (const seg of path) {
    if (cur === undefined) return undefined;
    cur = childOf(cur, seg);
  }
  return cur;
}

/** Remove the value at `path` (a map key or a list element); missing paths are ignored. */
export function deleteAt(root: unknown, path: FieldPath): void {
  const parent = getAt(root, path.slice(0, -1));
  const seg = path[path.length - 1];
  if (seg.startsWith("f:") && isPlainObject(parent)) {
    delete parent[seg.slice(2)];
  } else if (Array.isArray(parent)) {
    const i = parent.findIndex((el) => segmentMatches(el, seg));
    if (i >= 0) parent.splice(i, 1);
  }
}

function childOf(value: unknown, seg: string): unknown {
  if (seg.startsWith("f:")) {
    if (!isPlainObject(value)) return undefined;
    const k = seg.slice(2);
    return Object.hasOwn(value, k) ? value[k] : undefined;
  }
  if (Array.isArray(value)) return value.find((el) => segmentMatches(el, seg));
  return undefined;
}

/** Parsed JSON of `k:`/`v:` segments; the same few segments recur across every apply. */
const segmentCache = new Map<string, { ok: boolean; value: unknown }>();

function segmentValue(seg: string): { ok: boolean; value: unknown } {
  let hit = segmentCache.get(seg);
  if (!hit) {
    try {
      hit = { ok: true, value: JSON.parse(seg.slice(2)) };
    } catch {
      hit = { ok: false, value: undefined };
    }
    if (segmentCache.size > 10_000) segmentCache.clear();
    segmentCache.set(seg, hit);
  }
  return hit;
}

/** Whether a list element is the one a `k:` (key fields) or `v:` (whole value) segment names. */
function segmentMatches(el: unknown, seg: string): boolean {
  const parsed = segmentValue(seg);
  if (!parsed.ok) return false;
  if (seg.startsWith("k:")) {
    const keys = parsed.value;
    return (
      isPlainObject(el) && isPlainObject(keys) && Object.entries(keys).every(([k, v]) => jsonEqual(el[k], v))
    );
  }
  if (seg.startsWith("v:")) return jsonEqual(el, parsed.value);
  return false;
}

/** The key fields of a `k:` segment (e.g. `name`), which stay while an element exists. */
export function keyFieldsOf(seg: string): string[] {
  if (!seg.startsWith("k:")) return [];
  try {
    return Object.keys(JSON.parse(seg.slice(2)) as JsonObject);
  } catch {
    return [];
  }
}

/**
 * Merge an applied configuration into a live value: maps key by key, associative lists element by
 * element (configured elements in the configuration's order, then live-only elements), anything else
 * replaced by the configuration. The inputs are not modified, but the result shares unchanged
 * subtrees with both: treat all three as immutable afterwards.
 */
export function mergeApplied(live: unknown, config: unknown): unknown {
  if (isPlainObject(live) && isPlainObject(config)) {
    const out: JsonObject = { ...live };
    for (const [k, v] of Object.entries(config)) out[k] = mergeApplied(live[k], v);
    return out;
  }
  if (isAssociativeList(config) && isAssociativeList(live)) {
    const byName = new Map(live.map((el) => [el.name as string, el]));
    const configured = new Set(config.map((el) => el.name as string));
    const merged: unknown[] = config.map((el) => mergeApplied(byName.get(el.name as string), el));
    for (const el of live) if (!configured.has(el.name as string)) merged.push(el);
    return merged;
  }
  return config;
}

/** Encode a field set as FieldsV1 (`{"f:spec": {"f:replicas": {}}}`, `".": {}` marking owned parents). */
export function toFieldsV1(set: FieldSet): JsonObject {
  interface Node {
    member: boolean;
    children: Map<string, Node>;
  }
  const root: Node = { member: false, children: new Map() };
  for (const path of set.values()) {
    let node = root;
    for (const seg of path) {
      let child = node.children.get(seg);
      if (!child) {
        child = { member: false, children: new Map() };
        node.children.set(seg, child);
      }
      node = child;
    }
    node.member = true;
  }
  const encode = (node: Node): JsonObject => {
    const out: JsonObject = {};
    if (node.member && node.children.size > 0) out["."] = {};
    for (const seg of [...node.children.keys()].sort()) out[seg] = encode(node.children.get(seg)!);
    return out;
  };
  return encode(root);
}

/** Decode FieldsV1 into a field set (a leaf `{}` or a node with `"."` is a member). */
export function fromFieldsV1(fields: unknown): FieldSet {
  const out: FieldSet = new Map();
  const walk = (node: unknown, prefix: string[]): void => {
    if (!isPlainObject(node)) return;
    for (const [seg, child] of Object.entries(node)) {
      if (seg === ".") continue;
      const p = [...prefix, seg];
      if (!isPlainObject(child) || Object.keys(child).length === 0 || Object.hasOwn(child, "."))
        addPath(out, p);
      walk(child, p);
    }
  };
  walk(fields, []);
  return out;
}

/** Every prefix (including the path itself) of every path in the sets. */
export function coveredPaths(sets: Iterable<FieldSet>): Set<string> {
  const out = new Set<string>();
  for (const set of sets) {
    for (const path of set.values()) {
      for (let i = 1; i <= path.length; i++) out.add(pathKey(path.slice(0, i)));
    }
  }
  return out;
}
