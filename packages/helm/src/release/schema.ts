/**
 * HelmRelease (`helm.toolkit.fluxcd.io/v2`) decoded with zod: the CRD's validation (patterns, enums, length
 * limits, the `chart` xor `chartRef` rule, the strategy / retryInterval rules) and the defaults the API server
 * and helm-controller apply (`chart.spec.version` `*`, `reconcileStrategy` `ChartVersion`, timeout 5m,
 * maxHistory 5, remediation retries 0, upgrade remediation strategy `rollback`, ...).
 */
import { type Condition, parseDuration } from "@gitops-kit/core";
import {
  describeFirstIssue,
  goDuration,
  IgnoreRuleSchema,
  KustomizeImageSchema,
  KustomizePatchSchema,
} from "@gitops-kit/core/schema";
import { z } from "zod";
import { HelmReleaseSpecError } from "./errors.js";

/** The API group of HelmRelease. */
export const HELM_RELEASE_GROUP = "helm.toolkit.fluxcd.io";
/** The served version this package reads. */
export const HELM_RELEASE_API_VERSION = `${HELM_RELEASE_GROUP}/v2`;

const duration = goDuration();

const stringMap = z.record(z.string(), z.string());
const name = (max: number) => z.string().min(1).max(max);

const PostRendererSchema = z.object({
  kustomize: z
    .object({
      patches: z.array(KustomizePatchSchema).optional(),
      images: z.array(KustomizeImageSchema).optional(),
    })
    .optional(),
});

const ChartSourceRefSchema = z.object({
  apiVersion: z.string().optional(),
  kind: z.enum(["HelmRepository", "GitRepository", "Bucket"]).optional(),
  name: name(253),
  namespace: name(63).optional(),
});

const ChartTemplateSchema = z.object({
  metadata: z.object({ labels: stringMap.optional(), annotations: stringMap.optional() }).optional(),
  spec: z.object({
    chart: name(2048),
    version: z.string().default("*"),
    sourceRef: ChartSourceRefSchema,
    interval: duration.optional(),
    reconcileStrategy: z.enum(["ChartVersion", "Revision"]).default("ChartVersion"),
    valuesFiles: z.array(z.string()).optional(),
    ignoreMissingValuesFiles: z.boolean().optional(),
    verify: z
      .object({
        provider: z.enum(["cosign", "notation"]).default("cosign"),
        secretRef: z.object({ name: z.string() }).optional(),
      })
      .optional(),
  }),
});

const ChartRefSchema = z.object({
  apiVersion: z.string().optional(),
  kind: z.enum(["OCIRepository", "HelmChart", "ExternalArtifact"]),
  name: name(253),
  namespace: name(63).optional(),
});

const ValuesReferenceSchema = z.object({
  kind: z.enum(["Secret", "ConfigMap"]),
  name: name(253),
  valuesKey: z
    .string()
    .max(253)
    .regex(/^[-._a-zA-Z0-9]+$/, "should match '^[\\-._a-zA-Z0-9]+$'")
    .optional(),
  targetPath: z
    .string()
    .max(250)
    .regex(
      /^([a-zA-Z0-9_\-.\\/]|\[[0-9]{1,5}\])+$/,
      "should match '^([a-zA-Z0-9_\\-.\\\\\\/]|\\[[0-9]{1,5}\\])+$'",
    )
    .optional(),
  optional: z.boolean().default(false),
  literal: z.boolean().default(false),
});

const crds = z.enum(["Skip", "Create", "CreateReplace"]);
const ssaMode = z.enum(["enabled", "disabled", "auto"]);

const StrategySchema = z.object({
  name: z.enum(["RemediateOnFailure", "RetryOnFailure"]),
  retryInterval: duration.optional(),
});

/** The remediation fields install and upgrade share (upgrade adds `strategy`). */
const remediationFields = {
  retries: z.number().int().default(0),
  ignoreTestFailures: z.boolean().optional(),
  remediateLastFailure: z.boolean().optional(),
};

/** The switches install and upgrade share, in the CRD's order. */
const releaseActionToggles = {
  disableTakeOwnership: z.boolean().optional(),
  disableWait: z.boolean().optional(),
  disableWaitForJobs: z.boolean().optional(),
  disableHooks: z.boolean().optional(),
  disableOpenAPIValidation: z.boolean().optional(),
  disableSchemaValidation: z.boolean().optional(),
};

const InstallSchema = z.object({
  timeout: duration.optional(),
  strategy: StrategySchema.refine((s) => s.retryInterval === undefined || s.name !== "RemediateOnFailure", {
    message: ".retryInterval cannot be set when .name is 'RemediateOnFailure'",
  }).optional(),
  remediation: z.object(remediationFields).optional(),
  ...releaseActionToggles,
  replace: z.boolean().optional(),
  skipCRDs: z.boolean().optional(),
  crds: crds.optional(),
  createNamespace: z.boolean().optional(),
  serverSideApply: z.boolean().optional(),
});

const UpgradeSchema = z.object({
  timeout: duration.optional(),
  strategy: StrategySchema.refine((s) => s.retryInterval === undefined || s.name === "RetryOnFailure", {
    message: ".retryInterval can only be set when .name is 'RetryOnFailure'",
  }).optional(),
  remediation: z
    .object({ ...remediationFields, strategy: z.enum(["rollback", "uninstall"]).optional() })
    .optional(),
  ...releaseActionToggles,
  force: z.boolean().optional(),
  preserveValues: z.boolean().optional(),
  cleanupOnFail: z.boolean().optional(),
  crds: crds.optional(),
  serverSideApply: ssaMode.optional(),
  chartNameChangeStrategy: z.enum(["InPlaceUpdate", "Reinstall"]).optional(),
});

const TestSchema = z.object({
  enable: z.boolean().default(false),
  timeout: duration.optional(),
  ignoreFailures: z.boolean().default(false),
  filters: z.array(z.object({ name: name(253), exclude: z.boolean().optional() })).optional(),
});

const RollbackSchema = z.object({
  timeout: duration.optional(),
  disableWait: z.boolean().optional(),
  disableWaitForJobs: z.boolean().optional(),
  disableHooks: z.boolean().optional(),
  recreate: z.boolean().optional(),
  force: z.boolean().optional(),
  cleanupOnFail: z.boolean().optional(),
  serverSideApply: ssaMode.optional(),
});

const UninstallSchema = z.object({
  timeout: duration.optional(),
  disableHooks: z.boolean().optional(),
  keepHistory: z.boolean().optional(),
  disableWait: z.boolean().optional(),
  deletionPropagation: z.enum(["background", "foreground", "orphan"]).default("background"),
});

const DriftDetectionSchema = z.object({
  mode: z.enum(["enabled", "warn", "disabled"]).default("disabled"),
  ignore: z.array(IgnoreRuleSchema).optional(),
});

/** `spec` of a HelmRelease, with Flux's defaults filled in. */
export const HelmReleaseSpecSchema = z
  .object({
    chart: ChartTemplateSchema.optional(),
    chartRef: ChartRefSchema.optional(),
    interval: duration,
    kubeConfig: z.unknown().optional(),
    suspend: z.boolean().default(false),
    releaseName: name(53).optional(),
    targetNamespace: name(63).optional(),
    storageNamespace: name(63).optional(),
    dependsOn: z.array(z.object({ name: z.string(), namespace: z.string().optional() })).optional(),
    timeout: duration.optional(),
    maxHistory: z.number().int().optional(),
    serviceAccountName: name(253).optional(),
    persistentClient: z.boolean().optional(),
    driftDetection: DriftDetectionSchema.optional(),
    install: InstallSchema.optional(),
    upgrade: UpgradeSchema.optional(),
    test: TestSchema.optional(),
    rollback: RollbackSchema.optional(),
    uninstall: UninstallSchema.optional(),
    valuesFrom: z.array(ValuesReferenceSchema).optional(),
    values: z.record(z.string(), z.unknown()).nullable().optional(),
    commonMetadata: z.object({ annotations: stringMap.optional(), labels: stringMap.optional() }).optional(),
    postRenderers: z.array(PostRendererSchema).optional(),
    postRenderStrategy: z.enum(["nohooks", "combined", "separate"]).optional(),
    waitStrategy: z.object({ name: z.enum(["poller", "legacy"]) }).optional(),
    healthCheckExprs: z.array(z.unknown()).optional(),
  })
  .refine((s) => (s.chart === undefined) !== (s.chartRef === undefined), {
    message: "either chart or chartRef must be set",
  });

/** `spec` of a HelmRelease after parsing. */
export type HelmReleaseSpec = z.infer<typeof HelmReleaseSpecSchema>;
export type ValuesReference = NonNullable<HelmReleaseSpec["valuesFrom"]>[number];
export type PostRenderer = NonNullable<HelmReleaseSpec["postRenderers"]>[number];
export type ChartTemplate = NonNullable<HelmReleaseSpec["chart"]>;
export type ChartReference = NonNullable<HelmReleaseSpec["chartRef"]>;
export type DriftIgnoreRule = NonNullable<NonNullable<HelmReleaseSpec["driftDetection"]>["ignore"]>[number];

/** The release actions helm-controller records (`status.lastAttemptedReleaseAction`, snapshot `action`). */
export type ReleaseAction = "install" | "upgrade" | "rollback" | "uninstall" | "uninstall-remediation";

/** One release of the history (`status.history[]`, helm-controller's Snapshot). */
export interface ReleaseSnapshot {
  apiVersion?: string;
  /** Digest of the release as observed after the action. */
  digest: string;
  name: string;
  namespace: string;
  version: number;
  status: string;
  chartName: string;
  chartVersion: string;
  appVersion?: string;
  /** `sha256:` of the values the release was made with ({@link valuesDigest}). */
  configDigest: string;
  firstDeployed: string;
  lastDeployed: string;
  deleted?: string;
  /** Test hooks by name, once tests ran. */
  testHooks?: Record<string, { lastStarted?: string; lastCompleted?: string; phase?: string }>;
  ociDigest?: string;
  action?: ReleaseAction;
}

/** `status` of a HelmRelease (the fields this package reads and writes). */
export interface HelmReleaseStatus {
  observedGeneration?: number;
  observedPostRenderersDigest?: string;
  observedCommonMetadataDigest?: string;
  lastAttemptedGeneration?: number;
  conditions?: Condition[];
  helmChart?: string;
  storageNamespace?: string;
  history?: ReleaseSnapshot[];
  lastAttemptedReleaseAction?: "install" | "upgrade";
  failures?: number;
  installFailures?: number;
  upgradeFailures?: number;
  lastAttemptedRevision?: string;
  lastAttemptedRevisionDigest?: string;
  lastAttemptedValuesChecksum?: string;
  lastAttemptedConfigDigest?: string;
  lastHandledForceAt?: string;
  lastHandledReconcileAt?: string;
}

const StatusSchema = z.looseObject({
  observedGeneration: z.number().optional(),
  history: z.array(z.looseObject({})).optional(),
  conditions: z.array(z.looseObject({})).optional(),
  installFailures: z.number().optional(),
  upgradeFailures: z.number().optional(),
  failures: z.number().optional(),
  lastAttemptedReleaseAction: z.enum(["install", "upgrade"]).optional(),
});

const MetadataSchema = z.object({
  name: name(253),
  namespace: z.string().default("default"),
  generation: z.number().optional(),
  uid: z.string().optional(),
  labels: stringMap.optional(),
  annotations: stringMap.optional(),
});

/** A decoded HelmRelease. */
export interface HelmRelease {
  apiVersion: string;
  kind: "HelmRelease";
  metadata: z.infer<typeof MetadataSchema>;
  spec: HelmReleaseSpec;
  status: HelmReleaseStatus;
}

const ObjectSchema = z.object({
  apiVersion: z.string(),
  kind: z.literal("HelmRelease"),
  metadata: MetadataSchema,
  spec: HelmReleaseSpecSchema,
  status: StatusSchema.optional(),
});

/** Options of {@link parseHelmRelease}. */
export interface ParseHelmReleaseOptions {
  /** The object (e.g. one document of `parseYamlStream`). */
  object: unknown;
  /** Where it came from, for messages (e.g. `apps/podinfo.yaml`). */
  source?: string;
}

/**
 * Decode and validate a HelmRelease with the CRD's rules and Flux's defaults.
 *
 * @example
 * const hr = parseHelmRelease({ object: parseYaml(text) });
 * hr.spec.chart?.spec.version; // "*" when not set
 *
 * @throws HelmReleaseSpecError naming the object and the field, e.g.
 * `HelmRelease 'apps/podinfo': spec.interval: Invalid value: "1x": should match '^([0-9]+(\.[0-9]+)?(ms|s|m|h))+$'`.
 */
export function parseHelmRelease(options: ParseHelmReleaseOptions): HelmRelease {
  const { object } = options;
  const where = options.source ? `${options.source}: ` : "";
  // Read before validation, so that every message names the object as far as it can be named.
  const raw = (typeof object === "object" && object !== null ? object : {}) as {
    apiVersion?: unknown;
    metadata?: { name?: unknown; namespace?: unknown } | null;
  };
  const meta = typeof raw.metadata === "object" ? raw.metadata : undefined;
  const label =
    typeof meta?.name === "string"
      ? `${where}HelmRelease '${typeof meta.namespace === "string" ? `${meta.namespace}/` : ""}${meta.name}'`
      : `${where}HelmRelease`;
  const { apiVersion } = raw;
  if (typeof apiVersion === "string" && apiVersion !== HELM_RELEASE_API_VERSION) {
    throw new HelmReleaseSpecError(
      `${label}: apiVersion '${apiVersion}' is not supported (want ${HELM_RELEASE_API_VERSION})`,
      { field: "apiVersion" },
    );
  }
  const result = ObjectSchema.safeParse(object);
  if (!result.success) {
    const { field, message } = describeFirstIssue(object, result.error);
    throw new HelmReleaseSpecError(`${label}: ${message}`, {
      field: field || undefined,
      cause: result.error,
    });
  }
  const data = result.data;
  return {
    apiVersion: data.apiVersion,
    kind: "HelmRelease",
    metadata: data.metadata,
    spec: data.spec,
    status: (data.status ?? {}) as HelmReleaseStatus,
  };
}

/** `spec.timeout` in milliseconds (default 5m). */
export function releaseTimeout(release: HelmRelease): number {
  return release.spec.timeout === undefined ? 300_000 : parseDuration(release.spec.timeout);
}

/** `spec.maxHistory` (default 5; 0 keeps every release). */
export function releaseMaxHistory(release: HelmRelease): number {
  return release.spec.maxHistory ?? 5;
}

/** `spec.interval` in milliseconds. */
export function releaseInterval(release: HelmRelease): number {
  return parseDuration(release.spec.interval);
}
