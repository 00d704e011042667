/**
 * The transformer configuration: which fields each built-in transformer touches ("fieldSpecs"),
 * merged from kustomize's defaults, `configurations:` files and `crds:` schemas, and kept sorted
 * by GVK as kustomize keeps it.
 *
 * @module
 */
import { compareGvk, type Gvk, gvkEquals, gvkSelected } from "../resid.js";

/** One fieldSpec: an optional GVK filter and a `/`-separated path. */
export interface FieldSpec {
  group?: string;
  version?: string;
  kind?: string;
  path: string;
  create?: boolean;
}

/** A nameReference entry: objects of this GVK are referred to by name through `fieldSpecs`. */
export interface NameBackReference {
  group?: string;
  version?: string;
  kind?: string;
  fieldSpecs: FieldSpec[];
}

/** All fieldSpec tables of one configuration. */
export interface TransformerConfig {
  namePrefix: FieldSpec[];
  nameSuffix: FieldSpec[];
  namespace: FieldSpec[];
  commonLabels: FieldSpec[];
  labels: FieldSpec[];
  templateLabels: FieldSpec[];
  commonAnnotations: FieldSpec[];
  nameReference: NameBackReference[];
  varReference: FieldSpec[];
  images: FieldSpec[];
  replicas: FieldSpec[];
}

export const FIELD_SPEC_TABLES = [
  "namePrefix",
  "nameSuffix",
  "namespace",
  "commonLabels",
  "labels",
  "templateLabels",
  "commonAnnotations",
  "varReference",
  "images",
  "replicas",
] as const satisfies readonly Exclude<keyof TransformerConfig, "nameReference">[];

/** The GVK of a fieldSpec with absent parts as empty strings. */
export function specGvk(fs: { group?: string; version?: string; kind?: string }): Gvk {
  return { group: fs.group ?? "", version: fs.version ?? "", kind: fs.kind ?? "" };
}

/** An empty configuration. */
export function emptyTransformerConfig(): TransformerConfig {
  return {
    namePrefix: [],
    nameSuffix: [],
    namespace: [],
    commonLabels: [],
    labels: [],
    templateLabels: [],
    commonAnnotations: [],
    nameReference: [],
    varReference: [],
    images: [],
    replicas: [],
  };
}

/** Thrown by {@link mergeFieldSpec} when two fieldSpecs select the same field with different `create`. */
export class ConflictingFieldSpecsError extends Error {
  constructor(readonly spec: FieldSpec) {
    super(`conflicting fieldspecs: ${spec.path}`);
  }
}

/**
 * Add `x` to `list` unless an entry with the same path has a GVK that `x` selects; such a duplicate
 * with a different `create` flag is a conflict. Returns a new array.
 */
export function mergeFieldSpec(list: FieldSpec[], x: FieldSpec): FieldSpec[] {
  const xg = specGvk(x);
  for (const existing of list) {
    if (existing.path === x.path && gvkSelected(specGvk(existing), xg)) {
      if (Boolean(existing.create) !== Boolean(x.create)) throw new ConflictingFieldSpecsError(x);
      return list;
    }
  }
  return [...list, x];
}

/** {@link mergeFieldSpec} for every entry of `incoming`, in order. */
export function mergeFieldSpecs(list: FieldSpec[], incoming: FieldSpec[]): FieldSpec[] {
  let out = list;
  for (const x of incoming) out = mergeFieldSpec(out, x);
  return out;
}

function mergeBackReference(list: NameBackReference[], other: NameBackReference): NameBackReference[] {
  const og = specGvk(other);
  let found = false;
  const out = list.map((c) => {
    if (!gvkEquals(specGvk(c), og)) return c;
    found = true;
    return { ...c, fieldSpecs: mergeFieldSpecs(c.fieldSpecs, other.fieldSpecs) };
  });
  if (!found) out.push(other);
  return out;
}

function sortByGvk<T extends { group?: string; version?: string; kind?: string }>(list: T[]): T[] {
  // A stable sort: entries with equal GVKs keep their relative order.
  return [...list].sort((a, b) => compareGvk(specGvk(a), specGvk(b)));
}

/**
 * Merge two configurations (duplicates dropped, conflicts rejected) and sort each table by GVK.
 *
 * @throws ConflictingFieldSpecsError
 */
export function mergeTransformerConfigs(a: TransformerConfig, b: TransformerConfig): TransformerConfig {
  // Configurations are never modified once built, so merging a configuration into itself or an
  // empty one changes nothing, and results can be remembered (every level merges the same tables).
  // Merging is not idempotent otherwise: a generic spec after a kind-specific one with the same path
  // is dropped, so results depend on the operands and their order, as in kustomize.
  if (a === b || isEmptyConfig(b)) return a;
  let byB = mergeCache.get(a);
  const cached = byB?.get(b);
  if (cached) return cached;
  const out = emptyTransformerConfig();
  for (const table of FIELD_SPEC_TABLES) out[table] = sortByGvk(mergeFieldSpecs(a[table], b[table]));
  let refs = a.nameReference;
  for (const r of b.nameReference) refs = mergeBackReference(refs, r);
  out.nameReference = sortByGvk(refs);
  if (!byB) {
    byB = new WeakMap();
    mergeCache.set(a, byB);
  }
  byB.set(b, out);
  return out;
}

const mergeCache = new WeakMap<TransformerConfig, WeakMap<TransformerConfig, TransformerConfig>>();

/** An empty configuration shared by accumulators (never modified). */
export const EMPTY_TRANSFORMER_CONFIG: TransformerConfig = Object.freeze(emptyTransformerConfig());

function isEmptyConfig(c: TransformerConfig): boolean {
  return c.nameReference.length === 0 && FIELD_SPEC_TABLES.every((t) => c[t].length === 0);
}

/** Add one nameReference entry (merging referrers into an existing entry of the same GVK). */
export function addNameReference(config: TransformerConfig, ref: NameBackReference): TransformerConfig {
  return { ...config, nameReference: mergeBackReference(config.nameReference, ref) };
}

/** A deep copy, so a build may extend its configuration without touching the shared defaults. */
export function copyTransformerConfig(c: TransformerConfig): TransformerConfig {
  const out = emptyTransformerConfig();
  for (const table of FIELD_SPEC_TABLES) out[table] = c[table].map((fs) => ({ ...fs }));
  out.nameReference = c.nameReference.map((r) => ({
    ...r,
    fieldSpecs: r.fieldSpecs.map((fs) => ({ ...fs })),
  }));
  return out;
}
