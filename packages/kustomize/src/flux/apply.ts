/**
 * The controller's apply step on a `ClusterAdapter`: owner labels, normalisation and `commonMetadata`,
 * the SOPS guard, then fluxcd/pkg/ssa's staged server-side apply (cluster definitions, class
 * definitions, custom stage kinds, everything else) with field manager `kustomize-controller`, the
 * `ssa` / `reconcile` / `force` annotations, and a change set per object.
 *
 * @module
 */
import {
  type ClusterAdapter,
  errorMessage,
  isNotFoundError,
  type KubeObject,
  parseApiVersion,
  toBase64,
} from "@gitops-kit/core";
import { FLUX_KUSTOMIZE_GROUP, type KustomizationSpec } from "./api.js";
import { isDecryptionDisabled, isEncryptedSecret } from "./decryption.js";
import { applyIgnoreRules, type CompiledIgnoreRule, compileIgnoreRules } from "./drift-ignore.js";
import { ApplyError } from "./errors.js";
import {
  formatObjMetadata,
  formatSubject,
  type ObjMetadata,
  objMetadataOf,
  sortForApply,
} from "./inventory.js";

/** The field manager kustomize-controller applies with. */
export const FIELD_MANAGER = "kustomize-controller";
/** Owner label keys set on every applied object. */
export const OWNER_NAME_LABEL = `${FLUX_KUSTOMIZE_GROUP}/name`;
export const OWNER_NAMESPACE_LABEL = `${FLUX_KUSTOMIZE_GROUP}/namespace`;
/** `ssa: Ignore | IfNotPresent | Merge | Override`. */
export const SSA_ANNOTATION = `${FLUX_KUSTOMIZE_GROUP}/ssa`;
/** `reconcile: disabled`. */
export const RECONCILE_ANNOTATION = `${FLUX_KUSTOMIZE_GROUP}/reconcile`;
/** `force: enabled`. */
export const FORCE_ANNOTATION = `${FLUX_KUSTOMIZE_GROUP}/force`;
/** `prune: disabled`. */
export const PRUNE_ANNOTATION = `${FLUX_KUSTOMIZE_GROUP}/prune`;

/** What happened to an object. */
export type ChangeAction = "created" | "configured" | "unchanged" | "deleted" | "skipped" | "unknown";

/** One change set entry (fluxcd/pkg/ssa `ChangeSetEntry`). */
export interface ChangeSetEntry {
  /** Inventory id `<namespace>_<name>_<group>_<kind>`. */
  id: string;
  metadata: ObjMetadata;
  /** The version part of the apiVersion. */
  version: string;
  /** `Kind/namespace/name`. */
  subject: string;
  action: ChangeAction;
  /** The object as stored (or as it would be), when applied. */
  object?: KubeObject;
}

/** `Kind/ns/name action` lines, as the controller logs and emits them. */
export function formatChangeSet(entries: readonly ChangeSetEntry[]): string {
  return entries.map((e) => `${e.subject} ${e.action}`).join("\n");
}

/** Which stage an object is applied in. */
export type ApplyStage = "definitions" | "classes" | "custom" | "resources";

/** fluxcd/pkg/ssa's stage of an object. */
export function stageOf(
  object: KubeObject,
  customStageKinds: readonly { group: string; kind: string }[] = [],
): ApplyStage {
  const kind = String(object.kind ?? "");
  const apiVersion = String(object.apiVersion ?? "");
  const lower = kind.toLowerCase();
  if (
    (lower === "customresourcedefinition" && apiVersion.startsWith("apiextensions.k8s.io/")) ||
    (lower === "namespace" && apiVersion === "v1") ||
    (lower === "clusterrole" && apiVersion.startsWith("rbac.authorization.k8s.io/"))
  ) {
    return "definitions";
  }
  if (kind.endsWith("Class")) return "classes";
  const { group } = objMetadataOf(object);
  if (customStageKinds.some((gk) => gk.group === group && gk.kind === kind)) return "custom";
  return "resources";
}

/** Options of {@link applyObjects}. */
export interface ApplyObjectsOptions {
  cluster: ClusterAdapter;
  objects: readonly KubeObject[];
  /** The Kustomization: its name and namespace become the owner labels. */
  owner: { name: string; namespace: string };
  commonMetadata?: { labels?: Record<string, string>; annotations?: Record<string, string> };
  /** Recreate objects whose apply fails on an immutable field (`spec.force`). */
  force?: boolean;
  fieldManager?: string;
  /** Kinds applied in a stage of their own after the class definitions (`--custom-stage-kinds`). */
  customStageKinds?: readonly { group: string; kind: string }[];
  /**
   * Called after the definitions stage and the classes stage with what was applied, before the next
   * stage starts (the controller waits for them to become ready here). Throw to stop.
   */
  waitForStage?: (entries: ChangeSetEntry[], stage: ApplyStage) => Promise<void>;
  /**
   * `spec.ignore`: JSON pointer paths (optionally per target) left out of drift detection and the apply
   * for objects that exist.
   */
  ignore?: KustomizationSpec["ignore"];
  /**
   * Check metadata the way the API server's validation does (label keys and values, annotation keys,
   * names) before applying. Default `true`.
   */
  validate?: boolean;
}

/** What {@link applyObjects} returns. */
export interface ApplyObjectsResult {
  /** Every object, in the order applied (stage by stage, each stage in ssa order). */
  entries: ChangeSetEntry[];
  /** The created / configured lines, the controller's apply event text (empty when nothing changed). */
  changeLog: string;
}

/**
 * Apply built objects as kustomize-controller does. Objects are prepared (owner labels, Secret
 * `stringData` folded into `data`, `status` dropped except on CRDs, `commonMetadata` on top), then each
 * stage is dry-run applied object by object (forcing field ownership, as the controller does), objects
 * that would not change are reported `unchanged` without writing, and the rest are applied.
 *
 * Objects labelled or annotated `kustomize.toolkit.fluxcd.io/ssa: Ignore` or `.../reconcile: disabled`
 * are skipped; `ssa: IfNotPresent` ones are skipped when they exist. A SOPS-encrypted Secret (not
 * annotated `decrypt: disabled`) is refused before anything is applied.
 *
 * @throws ApplyError naming the object (`Kind/ns/name dry-run failed (Invalid): ...`), with the lines of
 * what was applied before the failure.
 */
export async function applyObjects(options: ApplyObjectsOptions): Promise<ApplyObjectsResult> {
  const fieldManager = options.fieldManager ?? FIELD_MANAGER;
  const prepared = options.objects.map((o) => prepareObject(o, options));
  for (const o of prepared) {
    if (isEncryptedSecret(o) && !isDecryptionDisabled(o)) {
      throw new ApplyError(
        `${formatSubject(objMetadataOf(o))} is SOPS encrypted, configuring decryption is required for this secret to be reconciled`,
      );
    }
  }
  const stages: Record<ApplyStage, KubeObject[]> = {
    definitions: [],
    classes: [],
    custom: [],
    resources: [],
  };
  for (const o of prepared) stages[stageOf(o, options.customStageKinds)].push(o);

  const rules = compileIgnoreRules(options.ignore ?? []);
  const entries: ChangeSetEntry[] = [];
  const changeLog = () =>
    formatChangeSet(entries.filter((e) => e.action === "created" || e.action === "configured"));
  for (const stage of ["definitions", "classes", "custom", "resources"] as const) {
    if (stages[stage].length === 0 && stage !== "resources") continue;
    let applied: ChangeSetEntry[];
    try {
      applied = await applyAll(options.cluster, stages[stage], fieldManager, rules, options);
    } catch (err) {
      const log = changeLog();
      const message = errorMessage(err);
      throw new ApplyError(log ? `${message}\n${log}` : message, { cause: err });
    }
    entries.push(...applied);
    if ((stage === "definitions" || stage === "classes") && options.waitForStage) {
      await options.waitForStage(applied, stage);
    }
  }
  return { entries, changeLog: changeLog() };
}

async function applyAll(
  cluster: ClusterAdapter,
  objects: KubeObject[],
  fieldManager: string,
  rules: readonly CompiledIgnoreRule[],
  options: ApplyObjectsOptions,
): Promise<ChangeSetEntry[]> {
  const sorted = sortForApply(objects);
  const changes: ChangeSetEntry[] = [];
  const toApply: KubeObject[] = [];
  for (const desired of sorted) {
    const existing = await getExisting(cluster, desired);
    const object =
      existing && rules.length > 0 ? applyIgnoreRules(desired, existing, rules, fieldManager) : desired;
    if (isExcluded(object) || (existing && isExcluded(existing))) {
      changes.push(entryFor(existing ?? object, "skipped"));
      continue;
    }
    if (existing && metadataValue(object, SSA_ANNOTATION) === "ifnotpresent") {
      changes.push(entryFor(existing, "skipped"));
      continue;
    }
    if (options.validate ?? true) validateMetadata(object);
    let dryRun: { action: ChangeAction; object: KubeObject };
    try {
      [dryRun] = await cluster.apply({ objects: [object], fieldManager, dryRun: true, force: true });
    } catch (err) {
      const immutable = err instanceof Error && /field is immutable|immutable/i.test(err.message);
      const forced =
        options.force ||
        metadataValue(object, FORCE_ANNOTATION) === "enabled" ||
        (existing !== undefined && metadataValue(existing, FORCE_ANNOTATION) === "enabled");
      if (!(existing && immutable && forced)) throw dryRunError(object, err);
      await cluster.delete({ ...refOf(existing) });
      try {
        [dryRun] = await cluster.apply({ objects: [object], fieldManager, dryRun: true, force: true });
      } catch (again) {
        throw dryRunError(object, again);
      }
    }
    const entry = entryFor(dryRun.object, dryRun.action);
    if (dryRun.action !== "unchanged") toApply.push(object);
    changes.push(entry);
  }
  for (const object of toApply) {
    try {
      const [result] = await cluster.apply({ objects: [object], fieldManager, force: true });
      const i = changes.findIndex((c) => c.id === formatObjMetadata(objMetadataOf(result.object)));
      if (i >= 0) changes[i] = { ...changes[i], object: result.object };
    } catch (err) {
      throw new ApplyError(`${formatSubject(objMetadataOf(object))} apply failed: ${errorMessage(err)}`, {
        cause: err,
      });
    }
  }
  return changes;
}

function dryRunError(object: KubeObject, err: unknown): ApplyError {
  const code = (err as { code?: unknown })?.code;
  const reason =
    code === "VALIDATION"
      ? "Invalid"
      : code === "NOT_FOUND"
        ? "NotFound"
        : code === "CONFLICT"
          ? "Conflict"
          : "Error";
  const message = errorMessage(err);
  return new ApplyError(`${formatSubject(objMetadataOf(object))} dry-run failed (${reason}): ${message}`, {
    cause: err,
  });
}

async function getExisting(cluster: ClusterAdapter, object: KubeObject): Promise<KubeObject | undefined> {
  try {
    return await cluster.get(refOf(object));
  } catch (err) {
    if (isNotFoundError(err)) return undefined;
    throw err;
  }
}

function refOf(object: KubeObject) {
  return {
    apiVersion: String(object.apiVersion),
    kind: String(object.kind),
    name: String(object.metadata?.name ?? ""),
    ...(object.metadata?.namespace ? { namespace: object.metadata.namespace } : {}),
  };
}

function entryFor(object: KubeObject, action: ChangeAction): ChangeSetEntry {
  const metadata = objMetadataOf(object);
  return {
    id: formatObjMetadata(metadata),
    metadata,
    version: parseApiVersion(String(object.apiVersion)).version,
    subject: formatSubject(metadata),
    action,
    object,
  };
}

/** A label or annotation value, lower-cased ('' when absent): the controller compares them case-insensitively. */
export function metadataValue(object: KubeObject, key: string): string {
  const v = object.metadata?.labels?.[key] || object.metadata?.annotations?.[key] || "";
  return String(v).toLowerCase();
}

/** `ssa: Ignore` or `reconcile: disabled`: never applied (and never pruned). */
export function isExcluded(object: KubeObject): boolean {
  return (
    metadataValue(object, SSA_ANNOTATION) === "ignore" ||
    metadataValue(object, RECONCILE_ANNOTATION) === "disabled"
  );
}

function prepareObject(input: KubeObject, options: ApplyObjectsOptions): KubeObject {
  const object = structuredClone(input) as KubeObject;
  object.metadata ??= {};
  object.metadata.labels = {
    ...(object.metadata.labels ?? {}),
    [OWNER_NAME_LABEL]: options.owner.name,
    [OWNER_NAMESPACE_LABEL]: options.owner.namespace,
  };
  normalize(object);
  const cm = options.commonMetadata;
  if (cm?.labels && Object.keys(cm.labels).length > 0) {
    object.metadata.labels = { ...(object.metadata.labels ?? {}), ...cm.labels };
  }
  if (cm?.annotations && Object.keys(cm.annotations).length > 0) {
    object.metadata.annotations = { ...(object.metadata.annotations ?? {}), ...cm.annotations };
  }
  return object;
}

/** fluxcd/pkg/ssa normalisation: Secret stringData into data, TCP as the default port protocol, no status. */
function normalize(object: KubeObject): void {
  const kind = object.kind;
  const apiVersion = String(object.apiVersion);
  if (
    kind === "Secret" &&
    apiVersion === "v1" &&
    object.stringData &&
    typeof object.stringData === "object"
  ) {
    const data: Record<string, unknown> = { ...((object.data as Record<string, unknown>) ?? {}) };
    for (const [k, v] of Object.entries(object.stringData as Record<string, unknown>)) {
      data[k] = toBase64(new TextEncoder().encode(String(v)));
    }
    object.data = data;
    delete object.stringData;
  }
  const podSpecs: unknown[] = [];
  if (kind === "Pod") podSpecs.push(object.spec);
  if (["Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job"].includes(String(kind))) {
    podSpecs.push((object.spec as { template?: { spec?: unknown } })?.template?.spec);
  }
  if (kind === "CronJob") {
    podSpecs.push(
      (object.spec as { jobTemplate?: { spec?: { template?: { spec?: unknown } } } })?.jobTemplate?.spec
        ?.template?.spec,
    );
  }
  for (const spec of podSpecs) {
    const containers = (spec as { containers?: unknown })?.containers;
    if (!Array.isArray(containers)) continue;
    for (const c of containers) defaultProtocols((c as { ports?: unknown })?.ports);
  }
  if (kind === "Service") defaultProtocols((object.spec as { ports?: unknown })?.ports);
  if (
    !(
      String(kind).toLowerCase() === "customresourcedefinition" &&
      apiVersion.startsWith("apiextensions.k8s.io/")
    )
  ) {
    delete object.status;
  }
  if (object.metadata && object.metadata.creationTimestamp === null) delete object.metadata.creationTimestamp;
}

function defaultProtocols(ports: unknown): void {
  if (!Array.isArray(ports)) return;
  for (const p of ports) {
    if (p && typeof p === "object" && !(p as Record<string, unknown>).protocol)
      (p as Record<string, unknown>).protocol = "TCP";
  }
}

const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/**
 * The API server's metadata validation for labels and annotations.
 *
 * @throws ApplyError in the API server's words (`metadata.labels: Invalid value: ...`).
 */
export function validateMetadata(object: KubeObject): void {
  const problems: string[] = [];
  for (const [key, value] of Object.entries(object.metadata?.labels ?? {})) {
    problems.push(...qualifiedNameProblems("metadata.labels", key));
    const v = String(value);
    if (v.length > 63 || !LABEL_VALUE.test(v)) {
      problems.push(
        `metadata.labels: Invalid value: ${JSON.stringify(v)}: a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')`,
      );
    }
  }
  for (const key of Object.keys(object.metadata?.annotations ?? {})) {
    problems.push(...qualifiedNameProblems("metadata.annotations", key.toLowerCase()));
  }
  if (problems.length > 0) {
    const { group } = objMetadataOf(object);
    const kind = group ? `${object.kind}.${group}` : String(object.kind);
    throw new ApplyError(
      `${formatSubject(objMetadataOf(object))} dry-run failed (Invalid): ${kind} "${object.metadata?.name}" is invalid: ${problems.join(", ")}`,
    );
  }
}

function qualifiedNameProblems(field: string, key: string): string[] {
  const slash = key.indexOf("/");
  const prefix = slash >= 0 ? key.slice(0, slash) : "";
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  const out: string[] = [];
  if (slash >= 0 && (prefix.length === 0 || prefix.length > 253 || !DNS_SUBDOMAIN.test(prefix))) {
    out.push(
      `${field}: Invalid value: ${JSON.stringify(key)}: prefix part must be a lowercase RFC 1123 subdomain`,
    );
  }
  if (name.length === 0 || name.length > 63 || !QUALIFIED_NAME.test(name) || name.includes("/")) {
    out.push(
      `${field}: Invalid value: ${JSON.stringify(key)}: name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character`,
    );
  }
  return out;
}
