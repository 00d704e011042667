/**
 * Walking a fieldSpec path through a plain object, as kustomize's fieldspec filter does: sequences
 * are walked implicitly, `[]` marks a sequence field (never created, `null` re-typed to `[]`),
 * missing fields are created only when the spec says `create: true` and the caller knows what to
 * create, and reaching a scalar before the path ends is an error.
 *
 * @module
 */

import { apiVersionOf, parseGroupVersion } from "../resid.js";
import { writtenText } from "../scalar-text.js";
import type { FieldSpec } from "./config.js";

/** Where a value lives: `holder[key]`. Setters replace the value through it. */
export interface FieldSlot {
  holder: Record<string, unknown> | unknown[];
  key: string | number;
}

/** What to create for a missing last path element. */
export type CreateKind = "map" | "scalar" | undefined;

/** Thrown when a path runs into a scalar, or is malformed. */
export class FieldPathError extends Error {}

export function isMap(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

const SPLIT_PATHS = new Map<string, readonly string[]>();

/** Split a fieldSpec path on `/`; `\/` keeps the slash in the name and one leading `/` is ignored. */
export function splitFieldPath(path: string): string[] {
  // The same few hundred paths are split for every object: remember them (the result is not shared).
  const known = SPLIT_PATHS.get(path);
  if (known) return [...known];
  const out = splitUncached(path);
  if (SPLIT_PATHS.size > 10_000) SPLIT_PATHS.clear();
  SPLIT_PATHS.set(path, Object.freeze([...out]));
  return out;
}

function splitUncached(path: string): string[] {
  let parts = path.split("/");
  if (parts.length > 1 && parts[0] === "") parts = parts.slice(1);
  const out: string[] = [parts[0]];
  for (let i = 1; i < parts.length; i++) {
    const last = out.length - 1;
    if (out[last].endsWith("\\")) out[last] = `${out[last].slice(0, -1)}/${parts[i]}`;
    else out.push(parts[i]);
  }
  return out;
}

/** True when the fieldSpec's GVK filter selects the object's current apiVersion and kind. */
export function specMatchesObject(fs: FieldSpec, obj: Record<string, unknown>): boolean {
  const kind = typeof obj.kind === "string" ? obj.kind : "";
  if (fs.kind && fs.kind !== kind) return false;
  const { group, version } = parseGroupVersion(typeof obj.apiVersion === "string" ? obj.apiVersion : "");
  if (fs.group && fs.group !== group) return false;
  if (fs.version && fs.version !== version) return false;
  return true;
}

/** Options of {@link applyFieldSpec}. */
export interface ApplyFieldSpecOptions {
  obj: Record<string, unknown>;
  spec: FieldSpec;
  /** Called with the slot of every value the path reaches. */
  set: (slot: FieldSlot) => void;
  /** What to create for a missing last element when `spec.create` is true (nothing when undefined). */
  createKind?: CreateKind;
  /** Skip the GVK check (the name-reference fix-up selects referrers itself). */
  ignoreGvk?: boolean;
}

/**
 * Apply `set` at every location `spec.path` reaches in `obj` (when the spec selects the object).
 *
 * @throws FieldPathError when the path runs into a scalar.
 */
export function applyFieldSpec(options: ApplyFieldSpecOptions): void {
  const { obj, spec } = options;
  if (!options.ignoreGvk && !specMatchesObject(spec, obj)) return;
  const walk: Walk = {
    path: splitFieldPath(spec.path),
    create: Boolean(spec.create),
    createKind: options.createKind,
    set: options.set,
  };
  walkSlot(walk, { holder: { "": obj }, key: "" }, 0);
}

/** One walk's fixed inputs (module-level functions rather than closures keep hot loops cheap). */
interface Walk {
  path: string[];
  create: boolean;
  createKind: CreateKind;
  set: (slot: FieldSlot) => void;
}

function walkSlot(w: Walk, slot: FieldSlot, i: number): void {
  const { path } = w;
  if (i === path.length) {
    w.set(slot);
    return;
  }
  const node = (slot.holder as Record<string | number, unknown>)[slot.key];
  if (node === null || node === undefined) return;
  if (Array.isArray(node)) {
    for (let j = 0; j < node.length; j++) walkSlot(w, { holder: node, key: j }, i);
    return;
  }
  if (!isMap(node)) throw new FieldPathError("expected sequence or mapping node");
  let name = path[i];
  const isSeq = name.endsWith("[]");
  if (isSeq) name = name.slice(0, -2);
  if (name === "") throw new FieldPathError("cannot set or create an empty field name");
  const last = i === path.length - 1;
  let kind: "map" | "scalar" | "seq" | undefined;
  if (!w.create || w.createKind === undefined || isSeq) {
    if (!Object.hasOwn(node, name)) return;
    kind = isSeq ? "seq" : undefined;
  } else if (last) {
    kind = w.createKind;
    if (!Object.hasOwn(node, name)) node[name] = w.createKind === "map" ? {} : "";
  } else {
    kind = "map";
    if (!Object.hasOwn(node, name)) node[name] = {};
  }
  if (node[name] === null && kind !== undefined) {
    node[name] = kind === "map" ? {} : kind === "seq" ? [] : "";
  }
  walkSlot(w, { holder: node, key: name }, i + 1);
}

/** Read the value in a slot. */
export function slotValue(slot: FieldSlot): unknown {
  return (slot.holder as Record<string | number, unknown>)[slot.key];
}

/** Replace the value in a slot. */
export function setSlot(slot: FieldSlot, value: unknown): void {
  (slot.holder as Record<string | number, unknown>)[slot.key] = value;
}

/**
 * The text of `holder[key]` as kustomize reads a scalar node: as written in the file while the field
 * holds the value read (`name: 0755` is "0755"), else {@link scalarText}.
 */
export function fieldText(holder: Record<string, unknown> | unknown[], key: string | number): string {
  if (!Array.isArray(holder)) {
    const written = writtenText(holder, String(key));
    if (written !== undefined) return written;
  }
  return scalarText((holder as Record<string | number, unknown>)[key]);
}

/** The text of a scalar as kustomize reads it (numbers and booleans in their canonical form). */
export function scalarText(v: unknown): string {
  if (typeof v === "string") return v;
  if (v === null || v === undefined) return "";
  if (typeof v === "number" || typeof v === "boolean" || typeof v === "bigint") return String(v);
  return "";
}

export { apiVersionOf };
