/**
 * The kustomization file schema (`kustomize.config.k8s.io/v1beta1` Kustomization and
 * `kustomize.config.k8s.io/v1alpha1` Component), decoded the way kustomize decodes it: unknown
 * fields are errors at every level, field names match case-insensitively, `null` means "absent",
 * and scalar types are strict (a number where a string is expected is an error).
 *
 * @module
 */

import { KustomizationFileError } from "./errors.js";
import {
  anything,
  bool,
  type Decoded,
  DecodeIssue,
  decode,
  formatDecodePath,
  int,
  mapOf,
  slice,
  str,
  struct,
} from "./go-decode.js";

export const KUSTOMIZATION_API_VERSION = "kustomize.config.k8s.io/v1beta1";
export const KUSTOMIZATION_KIND = "Kustomization";
export const COMPONENT_API_VERSION = "kustomize.config.k8s.io/v1alpha1";
export const COMPONENT_KIND = "Component";

/** File names recognised as a kustomization, in the order kustomize probes them. */
export const KUSTOMIZATION_FILE_NAMES = ["kustomization.yaml", "kustomization.yml", "Kustomization"] as const;

const strList = slice(str, () => "");
/** A Go `map[string]string`: values must be strings (`null` becomes ""). */
const strMap = mapOf(str, "");
const boolMap = mapOf(bool);

const gvkShape = { group: str, version: str, kind: str };
const resIdShape = { ...gvkShape, name: str, namespace: str };

export const decodeFieldSpec = struct({ ...gvkShape, path: str, create: bool });
export type FieldSpecInput = Decoded<typeof decodeFieldSpec>;

export const decodeSelector = struct({ ...resIdShape, annotationSelector: str, labelSelector: str });
export type SelectorInput = Decoded<typeof decodeSelector>;

export const decodePatch = struct({ path: str, patch: str, target: decodeSelector, options: boolMap });
export type PatchInput = Decoded<typeof decodePatch>;

export const decodeImage = struct({ name: str, newName: str, tagSuffix: str, newTag: str, digest: str });
export type ImageInput = Decoded<typeof decodeImage>;

export const decodeReplica = struct({ name: str, count: int });
export type ReplicaInput = Decoded<typeof decodeReplica>;

export const decodeLabel = struct({
  pairs: strMap,
  includeSelectors: bool,
  includeTemplates: bool,
  fields: slice(decodeFieldSpec, () => ({})),
});
export type LabelInput = Decoded<typeof decodeLabel>;

/** `helmGlobals`: where charts live (`chartHome`, default `charts`) and Helm's config directory. */
export const decodeHelmGlobals = struct({ chartHome: str, configHome: str });
export type HelmGlobals = Decoded<typeof decodeHelmGlobals>;

/** One `helmCharts` entry (kustomize's HelmChart type): the flags of one `helm template` run. */
export const decodeHelmChart = struct({
  name: str,
  version: str,
  repo: str,
  releaseName: str,
  namespace: str,
  additionalValuesFiles: strList,
  valuesFile: str,
  valuesInline: mapOf(anything),
  valuesMerge: str,
  includeCRDs: bool,
  skipHooks: bool,
  apiVersions: strList,
  kubeVersion: str,
  nameTemplate: str,
  skipTests: bool,
  debug: bool,
});
export type HelmChart = Decoded<typeof decodeHelmChart>;

/** A legacy `helmChartInflationGenerator` entry, folded into `helmCharts` on load. */
const decodeHelmChartArgs = struct({
  chartName: str,
  chartVersion: str,
  chartRepoUrl: str,
  chartHome: str,
  chartRepoName: str,
  helmBin: str,
  helmHome: str,
  values: str,
  valuesLocal: mapOf(anything),
  valuesMerge: str,
  releaseName: str,
  releaseNamespace: str,
  extraArgs: strList,
});

export const decodeGeneratorOptions = struct({
  labels: strMap,
  annotations: strMap,
  disableNameSuffixHash: bool,
  immutable: bool,
});
export type GeneratorOptions = Decoded<typeof decodeGeneratorOptions>;

const generatorArgsShape = {
  namespace: str,
  name: str,
  behavior: str,
  literals: strList,
  files: strList,
  envs: strList,
  env: str,
  options: decodeGeneratorOptions,
};
export const decodeConfigMapArgs = struct(generatorArgsShape);
export type ConfigMapArgs = Decoded<typeof decodeConfigMapArgs>;
export const decodeSecretArgs = struct({ ...generatorArgsShape, type: str });
export type SecretArgs = Decoded<typeof decodeSecretArgs>;

const decodeFieldOptions = struct({ delimiter: str, index: int, encoding: str, create: bool });
export const decodeVar = struct({
  name: str,
  objref: struct({ apiVersion: str, ...resIdShape }),
  fieldref: struct({ fieldPath: str }),
});
export type VarInput = Decoded<typeof decodeVar>;

export const decodeSortOptions = struct({
  order: str,
  legacySortOptions: struct({ orderFirst: strList, orderLast: strList }),
});
export type SortOptions = Decoded<typeof decodeSortOptions>;

export const decodeReplacementField = struct({
  source: struct({ ...resIdShape, fieldPath: str, options: decodeFieldOptions }),
  targets: slice(
    struct({
      select: decodeSelector,
      reject: slice(decodeSelector, () => ({})),
      fieldPaths: strList,
      options: decodeFieldOptions,
    }),
    () => ({}),
  ),
  path: str,
});
export type ReplacementFieldInput = Decoded<typeof decodeReplacementField>;

const decodeKustomizationFields = struct({
  apiVersion: str,
  kind: str,
  metadata: struct({ name: str, namespace: str, labels: strMap, annotations: strMap }),
  openapi: strMap,
  namePrefix: str,
  nameSuffix: str,
  namespace: str,
  commonLabels: strMap,
  labels: slice(decodeLabel, () => ({})),
  commonAnnotations: strMap,
  patchesStrategicMerge: strList,
  patchesJson6902: slice(decodePatch, () => ({})),
  patches: slice(decodePatch, () => ({})),
  images: slice(decodeImage, () => ({})),
  imageTags: slice(decodeImage, () => ({})),
  replacements: slice(decodeReplacementField, () => ({})),
  replicas: slice(decodeReplica, () => ({})),
  vars: slice(decodeVar, () => ({})),
  sortOptions: decodeSortOptions,
  resources: strList,
  components: strList,
  crds: strList,
  bases: strList,
  configMapGenerator: slice(decodeConfigMapArgs, () => ({})),
  secretGenerator: slice(decodeSecretArgs, () => ({})),
  helmGlobals: decodeHelmGlobals,
  helmCharts: slice(decodeHelmChart, () => ({})),
  helmChartInflationGenerator: slice(decodeHelmChartArgs, () => ({})),
  generatorOptions: decodeGeneratorOptions,
  configurations: strList,
  generators: strList,
  transformers: strList,
  validators: strList,
  buildMetadata: strList,
});

/** A kustomization file as written (after decoding, before kustomize's legacy-field fix-ups). */
export type KustomizationInput = Decoded<typeof decodeKustomizationFields>;

/**
 * A kustomization after the fix-ups kustomize applies on load: `kind`/`apiVersion` defaulted,
 * `bases` folded into `resources`, `imageTags` into `images`, generator `env` into `envs`,
 * `helmChartInflationGenerator` into `helmCharts` (and `helmGlobals`).
 */
export interface Kustomization
  extends Omit<KustomizationInput, "bases" | "imageTags" | "helmChartInflationGenerator"> {
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
  let input: KustomizationInput;
  try {
    input = decode(decodeKustomizationFields, document ?? {});
  } catch (err) {
    if (!(err instanceof DecodeIssue)) throw err;
    const field = formatDecodePath(err.path);
    throw new KustomizationFileError(
      `invalid kustomization ${file}: ${field ? `field ${field}: ` : ""}${describeIssue(err)}`,
      { file, field: field || undefined, cause: err },
    );
  }
  const k = fixKustomization(input);
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
  const { bases, imageTags, helmChartInflationGenerator, ...rest } = input;
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
  if (helmChartInflationGenerator && helmChartInflationGenerator.length > 0) {
    const globals: HelmGlobals = {};
    const charts = helmChartInflationGenerator.map((old): HelmChart => {
      if (old.helmHome) globals.configHome = old.helmHome;
      if (old.chartHome) globals.chartHome = old.chartHome;
      return {
        name: old.chartName,
        version: old.chartVersion,
        repo: old.chartRepoUrl,
        valuesFile: old.values,
        valuesInline: old.valuesLocal,
        valuesMerge: old.valuesMerge,
        releaseName: old.releaseName,
      };
    });
    if (!k.helmGlobals && (globals.chartHome || globals.configHome)) k.helmGlobals = globals;
    k.helmCharts = [...(k.helmCharts ?? []), ...charts];
  }
  return k;
}

function isEmpty(k: Kustomization): boolean {
  for (const [key, value] of Object.entries(k)) {
    if (key === "apiVersion" || key === "kind") continue;
    if (value !== undefined) return false;
  }
  return true;
}

function describeIssue(issue: DecodeIssue): string {
  return issue.kind === "type" ? `${issue.message}, got ${typeName(issue.input)}` : issue.message;
}

function typeName(v: unknown): string {
  if (v === undefined) return "nothing";
  if (v === null) return "null";
  if (Array.isArray(v)) return "a list";
  if (typeof v === "object") return "a mapping";
  return typeof v;
}
