/**
 * The Flux `Kustomization` API (`kustomize.toolkit.fluxcd.io/v1`, with the `v1beta2` fields the controller
 * still reads), decoded with zod the way the API server and the controller see it: CRD validation
 * (enums, lengths, the duration pattern), Flux's defaults, and the derived timings
 * (`GetTimeout`, `GetRetryInterval`, `GetDeletionPolicy`, `GetSubstituteStrategy`).
 *
 * @module
 */
import { type Condition, parseDuration } from "@gitops-kit/core";
import {
  describeFirstIssue,
  goDuration,
  IgnoreRuleSchema,
  KustomizeImageSchema,
  KustomizePatchSchema,
  type KustomizeSelector,
  KustomizeSelectorSchema,
} from "@gitops-kit/core/schema";
import { z } from "zod";
import { KustomizationSpecError } from "./errors.js";

/** The API group of Flux Kustomizations and of the labels and annotations the controller reads. */
export const FLUX_KUSTOMIZE_GROUP = "kustomize.toolkit.fluxcd.io";
/** The served API version. */
export const FLUX_KUSTOMIZATION_API_VERSION = `${FLUX_KUSTOMIZE_GROUP}/v1`;
/** API versions accepted by {@link parseFluxKustomization}. */
export const FLUX_KUSTOMIZATION_API_VERSIONS = [
  `${FLUX_KUSTOMIZE_GROUP}/v1`,
  `${FLUX_KUSTOMIZE_GROUP}/v1beta2`,
] as const;

const duration = goDuration();

const stringMap = z.record(z.string(), z.string());

/** A kustomize target selector (`fluxcd/pkg/apis/kustomize.Selector`). */
export const SelectorSchema = KustomizeSelectorSchema;
export type Selector = KustomizeSelector;

const Json6902OpSchema = z.object({
  op: z.string(),
  path: z.string(),
  from: z.string().optional(),
  value: z.unknown().optional(),
});
const Json6902PatchSchema = z.object({ patch: z.array(Json6902OpSchema), target: SelectorSchema });

const DependencyReferenceSchema = z.object({
  name: z.string(),
  namespace: z.string().optional(),
  readyExpr: z.string().optional(),
});

const SubstituteReferenceSchema = z.object({
  kind: z.enum(["Secret", "ConfigMap"]),
  name: z.string().min(1).max(253),
  optional: z.boolean().default(false),
});

const PostBuildSchema = z.object({
  substituteStrategy: z.enum(["WithVariables", "Always"]).optional(),
  substitute: stringMap.optional(),
  substituteFrom: z.array(SubstituteReferenceSchema).optional(),
});

const DecryptionSchema = z.object({
  provider: z.literal("sops"),
  serviceAccountName: z.string().optional(),
  secretRef: z.object({ name: z.string() }).optional(),
});

const HealthCheckReferenceSchema = z.object({
  apiVersion: z.string().optional(),
  kind: z.string(),
  name: z.string(),
  namespace: z.string().optional(),
});

const CustomHealthCheckSchema = z.object({
  apiVersion: z.string(),
  kind: z.string().optional(),
  current: z.string(),
  inProgress: z.string().optional(),
  failed: z.string().optional(),
});

const SourceRefSchema = z.object({
  apiVersion: z.string().optional(),
  kind: z.enum(["OCIRepository", "GitRepository", "Bucket", "ExternalArtifact"]),
  name: z.string(),
  namespace: z.string().optional(),
});

const KubeConfigSchema = z
  .object({
    secretRef: z.object({ name: z.string(), key: z.string().optional() }).optional(),
    configMapRef: z.object({ name: z.string() }).optional(),
  })
  .superRefine((value, ctx) => {
    if ((value.secretRef === undefined) === (value.configMapRef === undefined)) {
      ctx.addIssue({
        code: "custom",
        message: "exactly one of spec.kubeConfig.configMapRef or spec.kubeConfig.secretRef must be specified",
      });
    }
  });

/** `spec` of a Flux Kustomization. */
export const KustomizationSpecSchema = z.object({
  commonMetadata: z.object({ annotations: stringMap.optional(), labels: stringMap.optional() }).optional(),
  dependsOn: z.array(DependencyReferenceSchema).optional(),
  decryption: DecryptionSchema.optional(),
  interval: duration,
  retryInterval: duration.optional(),
  kubeConfig: KubeConfigSchema.optional(),
  path: z.string().optional(),
  postBuild: PostBuildSchema.optional(),
  prune: z.boolean(),
  deletionPolicy: z.enum(["MirrorPrune", "Delete", "WaitForTermination", "Orphan"]).optional(),
  healthChecks: z.array(HealthCheckReferenceSchema).optional(),
  namePrefix: z.string().min(1).max(200).optional(),
  nameSuffix: z.string().min(1).max(200).optional(),
  patches: z.array(KustomizePatchSchema).optional(),
  images: z.array(KustomizeImageSchema).optional(),
  serviceAccountName: z.string().optional(),
  sourceRef: SourceRefSchema,
  suspend: z.boolean().optional(),
  targetNamespace: z.string().min(1).max(63).optional(),
  timeout: duration.optional(),
  force: z.boolean().default(false),
  wait: z.boolean().optional(),
  buildMetadata: z.array(z.enum(["originAnnotations", "transformerAnnotations"])).optional(),
  components: z.array(z.string()).optional(),
  ignoreMissingComponents: z.boolean().optional(),
  healthCheckExprs: z.array(CustomHealthCheckSchema).optional(),
  ignore: z.array(IgnoreRuleSchema).optional(),
  // v1beta2 fields the generator still honours.
  patchesStrategicMerge: z.array(z.unknown()).optional(),
  patchesJson6902: z.array(Json6902PatchSchema).optional(),
  validation: z.string().optional(),
});
export type KustomizationSpec = z.infer<typeof KustomizationSpecSchema>;

const ConditionSchema = z.object({
  type: z.string(),
  status: z.enum(["True", "False", "Unknown"]),
  observedGeneration: z.number().optional(),
  lastTransitionTime: z.string().default(""),
  reason: z.string().default(""),
  message: z.string().default(""),
});

/** One `status.inventory.entries[]` item: `id` is `<namespace>_<name>_<group>_<kind>`, `v` the version. */
export const InventoryEntrySchema = z.object({ id: z.string(), v: z.string() });
export type InventoryEntry = z.infer<typeof InventoryEntrySchema>;

/** `status` of a Flux Kustomization (what this package reads and writes). */
export const KustomizationStatusSchema = z.object({
  observedGeneration: z.number().optional(),
  conditions: z.array(ConditionSchema).optional(),
  lastAppliedRevision: z.string().optional(),
  lastAppliedOriginRevision: z.string().optional(),
  lastAttemptedRevision: z.string().optional(),
  lastHandledReconcileAt: z.string().optional(),
  inventory: z.object({ entries: z.array(InventoryEntrySchema).default([]) }).optional(),
});
export interface KustomizationStatus extends Omit<z.infer<typeof KustomizationStatusSchema>, "conditions"> {
  conditions?: Condition[];
}

const MetadataSchema = z.object({
  name: z.string().min(1),
  namespace: z.string().default("default"),
  generation: z.number().optional(),
  uid: z.string().optional(),
  resourceVersion: z.string().optional(),
  labels: stringMap.optional(),
  annotations: stringMap.optional(),
});

const KustomizationObjectSchema = z.object({
  apiVersion: z.string(),
  kind: z.literal("Kustomization"),
  metadata: MetadataSchema,
  spec: KustomizationSpecSchema,
  status: KustomizationStatusSchema.optional(),
});

/** A decoded Flux Kustomization. `metadata.namespace` defaults to `default`. */
export interface FluxKustomization {
  apiVersion: string;
  kind: "Kustomization";
  metadata: z.infer<typeof MetadataSchema>;
  spec: KustomizationSpec;
  status?: KustomizationStatus;
}

/** Options of {@link parseFluxKustomization}. */
export interface ParseFluxKustomizationOptions {
  /** The object (e.g. one document from `parseYamlStream`). */
  object: unknown;
  /** Where it came from, for messages (e.g. `clusters/prod/apps.yaml`). */
  source?: string;
}

/**
 * Decode and validate one Flux Kustomization with the CRD's rules and Flux's defaults.
 *
 * @example
 * const ks = parseFluxKustomization({ object: parseYaml(text) });
 * getTimeout(ks); // ms
 *
 * @throws KustomizationSpecError naming the object and the field at fault (e.g. an interval that is
 * not a Go duration: `spec.interval: Invalid value: "1x": should match '^([0-9]+(\.[0-9]+)?(ms|s|m|h))+$'`).
 */
export function parseFluxKustomization(options: ParseFluxKustomizationOptions): FluxKustomization {
  const { object } = options;
  const ref = describeObject(object);
  const where = options.source ? `${options.source}: ` : "";
  const apiVersion = isRecord(object) ? object.apiVersion : undefined;
  if (
    typeof apiVersion === "string" &&
    isRecord(object) &&
    object.kind === "Kustomization" &&
    !(FLUX_KUSTOMIZATION_API_VERSIONS as readonly string[]).includes(apiVersion)
  ) {
    throw new KustomizationSpecError(
      `${where}Kustomization${ref ? ` '${ref}'` : ""}: apiVersion '${apiVersion}' is not a Flux Kustomization (want ${FLUX_KUSTOMIZATION_API_VERSION})`,
      { object: ref, field: "apiVersion" },
    );
  }
  const result = KustomizationObjectSchema.safeParse(object);
  if (!result.success) {
    const { field, message } = describeFirstIssue(object, result.error);
    throw new KustomizationSpecError(`${where}Kustomization${ref ? ` '${ref}'` : ""}: ${message}`, {
      object: ref,
      field: field || undefined,
      cause: result.error,
    });
  }
  return result.data as FluxKustomization;
}

/** One object's outcome in {@link parseFluxKustomizations}. */
export type ParsedKustomization =
  | { ok: true; index: number; kustomization: FluxKustomization }
  | { ok: false; index: number; ref: string | undefined; error: KustomizationSpecError };

/** Options of {@link parseFluxKustomizations}. */
export interface ParseFluxKustomizationsOptions {
  /** The objects (documents that are not Flux Kustomizations are skipped). */
  objects: readonly unknown[];
  source?: string;
}

/**
 * Decode many objects, one result each, so that one invalid Kustomization (a bad interval, a missing
 * sourceRef) never stops the others. Objects of other kinds are left out; `index` is the position in
 * `objects`.
 */
export function parseFluxKustomizations(options: ParseFluxKustomizationsOptions): ParsedKustomization[] {
  const out: ParsedKustomization[] = [];
  options.objects.forEach((object, index) => {
    if (!isFluxKustomizationObject(object)) return;
    try {
      out.push({
        ok: true,
        index,
        kustomization: parseFluxKustomization({ object, source: options.source }),
      });
    } catch (err) {
      if (!(err instanceof KustomizationSpecError)) throw err;
      out.push({ ok: false, index, ref: describeObject(object), error: err });
    }
  });
  return out;
}

/** True for objects of kind `Kustomization` in the `kustomize.toolkit.fluxcd.io` group. */
export function isFluxKustomizationObject(object: unknown): boolean {
  return (
    isRecord(object) &&
    object.kind === "Kustomization" &&
    typeof object.apiVersion === "string" &&
    object.apiVersion.startsWith(`${FLUX_KUSTOMIZE_GROUP}/`)
  );
}

const THIRTY_SECONDS = 30_000;

/** `GetTimeout`: `spec.timeout`, else the interval minus 30s; never less than 30s (milliseconds). */
export function getTimeout(k: FluxKustomization): number {
  const ms =
    k.spec.timeout !== undefined ? parseDuration(k.spec.timeout) : getRequeueAfter(k) - THIRTY_SECONDS;
  return ms < THIRTY_SECONDS ? THIRTY_SECONDS : ms;
}

/** `GetRequeueAfter`: the interval (milliseconds). */
export function getRequeueAfter(k: FluxKustomization): number {
  return parseDuration(k.spec.interval);
}

/** `GetRetryInterval`: `spec.retryInterval`, else the interval (milliseconds). */
export function getRetryInterval(k: FluxKustomization): number {
  return k.spec.retryInterval !== undefined ? parseDuration(k.spec.retryInterval) : getRequeueAfter(k);
}

/** `GetDeletionPolicy`: `spec.deletionPolicy`, default `MirrorPrune`. */
export function getDeletionPolicy(k: FluxKustomization): NonNullable<KustomizationSpec["deletionPolicy"]> {
  return k.spec.deletionPolicy ?? "MirrorPrune";
}

/** `GetSubstituteStrategy`: `spec.postBuild.substituteStrategy`, default `WithVariables`. */
export function getSubstituteStrategy(k: FluxKustomization): "WithVariables" | "Always" {
  return k.spec.postBuild?.substituteStrategy ?? "WithVariables";
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

function describeObject(object: unknown): string | undefined {
  if (!isRecord(object) || !isRecord(object.metadata)) return undefined;
  const { name, namespace } = object.metadata;
  if (typeof name !== "string") return undefined;
  return `${typeof namespace === "string" && namespace ? namespace : "default"}/${name}`;
}
