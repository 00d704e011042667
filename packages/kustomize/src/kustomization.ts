/**
 * The kustomization file schema (`kustomize.config.k8s.io/v1beta1` Kustomization and
 * `kustomize.config.k8s.io/v1alpha1` Component), decoded the way kustomize decodes it: unknown
 * fields are errors at every level, field names match case-insensitively, `null` means "absent",
 * and scalar types are strict (a number where a string is expected is an error).
 *
 * @module
 */
import { z } from "zod";
import { KustomizationFileError } from "./errors.js";

export const KUSTOMIZATION_API_VERSION = "kustomize.config.k8s.io/v1beta1";
export const KUSTOMIZATION_KIND = "Kustomization";
export const COMPONENT_API_VERSION = "kustomize.config.k8s.io/v1alpha1";
export const COMPONENT_KIND = "Component";

/** File names recognised as a kustomization, in the order kustomize probes them. */
export const KUSTOMIZATION_FILE_NAMES = ["kustomization.yaml", "kustomization.yml", "Kustomization"] as const;

/**
 * A Go-struct-like object: keys are matched to the shape case-insensitively (exact match first, as
 * Go's encoding/json does) and keys whose value is `null` are dropped (Go leaves the field zero).
 */
function goStruct<T extends z.ZodRawShape>(shape: T) {
  const known = Object.keys(shape);
  const byLower = new Map(known.map((k) => [k.toLowerCase(), k]));
  return z.preprocess((input) => {
    if (input === null || typeof input !== "object" || Array.isArray(input)) return input;
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(input as Record<string, unknown>)) {
      if (value === null) continue;
      const target = key in shape ? key : (byLower.get(key.toLowerCase()) ?? key);
      out[target] = value;
    }
    return out;
  }, z.strictObject(shape));
}

/** A Go slice: `null` elements decode to the element's zero value. */
function goSlice<T extends z.ZodType>(element: T, zero: () => unknown) {
  return z.preprocess(
    (input) => (Array.isArray(input) ? input.map((e) => (e === null ? zero() : e)) : input),
    z.array(element),
  );
}

/**
 * Documents arrive read with YAML 1.1 rules (sigs.k8s.io/yaml), so `yes` / `on` are already booleans
 * here and a quoted `"true"` is a string, which a Go bool refuses.
 */
const bool = z.boolean();

const str = z.string();
const strList = goSlice(str, () => "");
/** A Go `map[string]string`: values must be strings (`null` becomes ""). */
const strMap = z.preprocess(
  (input) => {
    if (input === null || typeof input !== "object" || Array.isArray(input)) return input;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(input as Record<string, unknown>)) out[k] = v === null ? "" : v;
    return out;
  },
  z.record(z.string(), z.string()),
);
const boolMap = z.record(z.string(), bool);
const int = z.number().int();

const gvkShape = { group: str.optional(), version: str.optional(), kind: str.optional() };
const resIdShape = { ...gvkShape, name: str.optional(), namespace: str.optional() };

export const FieldSpecSchema = goStruct({
  ...gvkShape,
  path: str.optional(),
  create: bool.optional(),
});
export type FieldSpecInput = z.infer<typeof FieldSpecSchema>;

export const SelectorSchema = goStruct({
  ...resIdShape,
  annotationSelector: str.optional(),
  labelSelector: str.optional(),
});
export type SelectorInput = z.infer<typeof SelectorSchema>;

export const PatchSchema = goStruct({
  path: str.optional(),
  patch: str.optional(),
  target: SelectorSchema.optional(),
  options: boolMap.optional(),
});
export type PatchInput = z.infer<typeof PatchSchema>;

export const ImageSchema = goStruct({
  name: str.optional(),
  newName: str.optional(),
  tagSuffix: str.optional(),
  newTag: str.optional(),
  digest: str.optional(),
});
export type ImageInput = z.infer<typeof ImageSchema>;

export const ReplicaSchema = goStruct({ name: str.optional(), count: int.optional() });
export type ReplicaInput = z.infer<typeof ReplicaSchema>;

export const LabelSchema = goStruct({
  pairs: strMap.optional(),
  includeSelectors: bool.optional(),
  includeTemplates: bool.optional(),
  fields: goSlice(FieldSpecSchema, () => ({})).optional(),
});
export type LabelInput = z.infer<typeof LabelSchema>;

export const GeneratorOptionsSchema = goStruct({
  labels: strMap.optional(),
  annotations: strMap.optional(),
  disableNameSuffixHash: bool.optional(),
  immutable: bool.optional(),
});
export type GeneratorOptions = z.infer<typeof GeneratorOptionsSchema>;

const generatorArgsShape = {
  namespace: str.optional(),
  name: str.optional(),
  behavior: str.optional(),
  literals: strList.optional(),
  files: strList.optional(),
  envs: strList.optional(),
  env: str.optional(),
  options: GeneratorOptionsSchema.optional(),
};
export const ConfigMapArgsSchema = goStruct(generatorArgsShape);
export type ConfigMapArgs = z.infer<typeof ConfigMapArgsSchema>;
export const SecretArgsSchema = goStruct({ ...generatorArgsShape, type: str.optional() });
export type SecretArgs = z.infer<typeof SecretArgsSchema>;

const fieldOptionsSchema = goStruct({
  delimiter: str.optional(),
  index: int.optional(),
  encoding: str.optional(),
  create: bool.optional(),
});
export const VarSchema = goStruct({
  name: str.optional(),
  objref: goStruct({ apiVersion: str.optional(), ...resIdShape }).optional(),
  fieldref: goStruct({ fieldPath: str.optional() }).optional(),
});
export type VarInput = z.infer<typeof VarSchema>;

export const SortOptionsSchema = goStruct({
  order: str.optional(),
  legacySortOptions: goStruct({ orderFirst: strList.optional(), orderLast: strList.optional() }).optional(),
});
export type SortOptions = z.infer<typeof SortOptionsSchema>;

export const ReplacementFieldSchema = goStruct({
  source: goStruct({
    ...resIdShape,
    fieldPath: str.optional(),
    options: fieldOptionsSchema.optional(),
  }).optional(),
  targets: goSlice(
    goStruct({
      select: SelectorSchema.optional(),
      reject: goSlice(SelectorSchema, () => ({})).optional(),
      fieldPaths: strList.optional(),
      options: fieldOptionsSchema.optional(),
    }),
    () => ({}),
  ).optional(),
  path: str.optional(),
});
export type ReplacementFieldInput = z.infer<typeof ReplacementFieldSchema>;

const kustomizationShape = {
  apiVersion: str.optional(),
  kind: str.optional(),
  metadata: goStruct({
    name: str.optional(),
    namespace: str.optional(),
    labels: strMap.optional(),
    annotations: strMap.optional(),
  }).optional(),
  openapi: strMap.optional(),
  namePrefix: str.optional(),
  nameSuffix: str.optional(),
  namespace: str.optional(),
  commonLabels: strMap.optional(),
  labels: goSlice(LabelSchema, () => ({})).optional(),
  commonAnnotations: strMap.optional(),
  patchesStrategicMerge: strList.optional(),
  patchesJson6902: goSlice(PatchSchema, () => ({})).optional(),
  patches: goSlice(PatchSchema, () => ({})).optional(),
  images: goSlice(ImageSchema, () => ({})).optional(),
  imageTags: goSlice(ImageSchema, () => ({})).optional(),
  replacements: goSlice(ReplacementFieldSchema, () => ({})).optional(),
  replicas: goSlice(ReplicaSchema, () => ({})).optional(),
  vars: goSlice(VarSchema, () => ({})).optional(),
  sortOptions: SortOptionsSchema.optional(),
  resources: strList.optional(),
  components: strList.optional(),
  crds: strList.optional(),
  bases: strList.optional(),
  configMapGenerator: goSlice(ConfigMapArgsSchema, () => ({})).optional(),
  secretGenerator: goSlice(SecretArgsSchema, () => ({})).optional(),
  helmGlobals: z.record(z.string(), z.unknown()).optional(),
  helmCharts: z.array(z.unknown()).optional(),
  helmChartInflationGenerator: z.array(z.unknown()).optional(),
  generatorOptions: GeneratorOptionsSchema.optional(),
  configurations: strList.optional(),
  generators: strList.optional(),
  transformers: strList.optional(),
  validators: strList.optional(),
  buildMetadata: strList.optional(),
};

export const KustomizationSchema = goStruct(kustomizationShape);

/** A kustomization file as written (after decoding, before kustomize's legacy-field fix-ups). */
export type KustomizationInput = z.infer<typeof KustomizationSchema>;

/**
 * A kustomization after the fix-ups kustomize applies on load: `kind`/`apiVersion` defaulted,
 * `bases` folded into `resources`, `imageTags` into `images`, generator `env` into `envs`.
 */
export interface Kustomization extends Omit<KustomizationInput, "bases" | "imageTags"> {
  apiVersion: string;
  kind: string;
}

/** Options of {@link parseKustomization}. */
export interface ParseKustomizationOptions {
  /** The decoded YAML document (a plain object), or `null` for an empty file. */
  document: unknown;
  /** The file the document came from, for messages. */
  file: string;
}

/**
 * Decode and validate one kustomization document, apply kustomize's load-time fix-ups and checks
 * (empty file, kind and apiVersion), and return the typed result.
 *
 * @throws KustomizationFileError naming the file and the field at fault.
 */
export function parseKustomization(options: ParseKustomizationOptions): Kustomization {
  const { document, file } = options;
  if (
    document !== null &&
    document !== undefined &&
    (typeof document !== "object" || Array.isArray(document))
  ) {
    throw new KustomizationFileError(`invalid kustomization ${file}: the document is not a mapping`, {
      file,
    });
  }
  const result = KustomizationSchema.safeParse(document ?? {}, { reportInput: true });
  if (!result.success) {
    const issue = result.error.issues[0];
    const field = formatPath(issue.path);
    throw new KustomizationFileError(
      `invalid kustomization ${file}: ${field ? `field ${field}: ` : ""}${describeIssue(issue)}`,
      { file, field: field || undefined, cause: result.error },
    );
  }
  const k = fixKustomization(result.data);
  if (isEmpty(k)) throw new KustomizationFileError(`kustomization ${file} is empty`, { file });
  const errs: string[] = [];
  if (k.kind !== KUSTOMIZATION_KIND && k.kind !== COMPONENT_KIND) {
    errs.push(`kind should be ${KUSTOMIZATION_KIND} or ${COMPONENT_KIND}`);
  }
  const requiredVersion = k.kind === COMPONENT_KIND ? COMPONENT_API_VERSION : KUSTOMIZATION_API_VERSION;
  if (k.apiVersion !== requiredVersion) errs.push(`apiVersion for ${k.kind} should be ${requiredVersion}`);
  if (errs.length > 0) {
    throw new KustomizationFileError(`invalid kustomization ${file}: ${errs.join("; ")}`, {
      file,
      field: k.kind !== KUSTOMIZATION_KIND && k.kind !== COMPONENT_KIND ? "kind" : "apiVersion",
    });
  }
  return k;
}

function fixKustomization(input: KustomizationInput): Kustomization {
  const { bases, imageTags, ...rest } = input;
  const kind = rest.kind || KUSTOMIZATION_KIND;
  const apiVersion =
    rest.apiVersion || (kind === COMPONENT_KIND ? COMPONENT_API_VERSION : KUSTOMIZATION_API_VERSION);
  const k: Kustomization = { ...rest, kind, apiVersion };
  if (bases && bases.length > 0) k.resources = [...(k.resources ?? []), ...bases];
  if (imageTags && imageTags.length > 0) k.images = [...(k.images ?? []), ...imageTags];
  const foldEnv = <T extends { env?: string; envs?: string[] }>(g: T): T => {
    if (!g.env) return g;
    const { env, ...others } = g;
    return { ...others, envs: [...(g.envs ?? []), env] } as T;
  };
  if (k.configMapGenerator) k.configMapGenerator = k.configMapGenerator.map(foldEnv);
  if (k.secretGenerator) k.secretGenerator = k.secretGenerator.map(foldEnv);
  return k;
}

function isEmpty(k: Kustomization): boolean {
  for (const [key, value] of Object.entries(k)) {
    if (key === "apiVersion" || key === "kind") continue;
    if (value !== undefined) return false;
  }
  return true;
}

function formatPath(path: PropertyKey[]): string {
  let out = "";
  for (const p of path) {
    if (typeof p === "number") out += `[${p}]`;
    else out += out === "" ? String(p) : `.${String(p)}`;
  }
  return out;
}

function describeIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === "unrecognized_keys") return `unknown field "${issue.keys.join('", "')}"`;
  if (issue.code === "invalid_type") {
    const received = (issue as { input?: unknown }).input;
    return `expected ${issue.expected}, got ${typeName(received)}`;
  }
  return issue.message;
}

function typeName(v: unknown): string {
  if (v === undefined) return "nothing";
  if (v === null) return "null";
  if (Array.isArray(v)) return "a list";
  if (typeof v === "object") return "a mapping";
  return typeof v;
}
