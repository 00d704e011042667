/**
 * One kustomize-controller reconciliation of a Kustomization, composed from the steps of this layer:
 * dependencies → build (generate, decrypt, substitute) → staged apply → inventory → prune → health,
 * with the controller's status conditions, reasons, messages and events. Effects go only through the
 * `ClusterAdapter`; time through the `Clock` (and `sleep`).
 *
 * @module
 */

import {
  type Clock,
  type ClusterAdapter,
  type ConditionInput,
  errorMessage,
  type FileSystem,
  formatApiVersion,
  GitOpsError,
  getCondition,
  isConditionTrue,
  type KubeObject,
  removeCondition,
  revisionsEqual,
  setCondition,
  systemClock,
  toGitOpsError,
} from "@gitops-kit/core";
import type { KustomizeCache } from "../cache.js";
import {
  FLUX_KUSTOMIZE_GROUP,
  type FluxKustomization,
  getRequeueAfter,
  getRetryInterval,
  getTimeout,
  type InventoryEntry,
  type KustomizationStatus,
} from "./api.js";
import { type ApplyStage, applyObjects, type ChangeSetEntry } from "./apply.js";
import { buildFluxKustomization, type FluxBuildResult } from "./build.js";
import { checkDependencies } from "./dependencies.js";
import {
  ApplyError,
  DependencyNotReadyError,
  FluxBuildError,
  HealthCheckError,
  PruneError,
} from "./errors.js";
import { elapsed, type HealthRef, waitForHealthy } from "./health.js";
import { mergeInventory, parseObjMetadata, staleEntries } from "./inventory.js";
import { pruneObjects } from "./prune.js";
import type { AgeIdentities } from "./sops/metadata.js";

/** The extracted source artifact a Kustomization is built from. */
export interface SourceArtifact {
  fs: FileSystem;
  /** Where the artifact is extracted; `spec.path` is relative to it. */
  root: string;
  /** The artifact revision, e.g. `main@sha1:<hex>`. */
  revision: string;
  /** `org.opencontainers.image.revision` of OCI artifacts, when present. */
  originRevision?: string;
}

/** An event as the controller records it (and notification-controller receives it). */
export interface KustomizationEvent {
  type: "Normal" | "Warning";
  severity: "info" | "error";
  /** The Ready reason at the time (or the severity when there is none). */
  reason: string;
  message: string;
  /** `kustomize.toolkit.fluxcd.io/revision`, `.../originRevision`, `.../commit_status`. */
  metadata: Record<string, string>;
  involvedObject: { apiVersion: string; kind: "Kustomization"; name: string; namespace: string };
  /** RFC 3339 time from the clock. */
  timestamp: string;
}

/** Options of {@link reconcileKustomization}. */
export interface ReconcileKustomizationOptions {
  kustomization: FluxKustomization;
  /** The source artifact; without it the reconcile reports `ArtifactFailed` and retries. */
  artifact?: SourceArtifact;
  cluster: ClusterAdapter;
  /** Extra age identities (the controller-wide SOPS key). */
  identities?: AgeIdentities;
  clock?: Clock;
  /** Waits between health polls; default `setTimeout`. */
  sleep?: (ms: number) => Promise<void>;
  /** Strict postBuild substitution (default `true`, as Flux ≥ 1.9). */
  strictSubstitution?: boolean;
  /** Retry delay when dependencies are not ready (ms, default 30 000: `--requeue-dependency`). */
  dependencyRequeueInterval?: number;
  /**
   * Wait for CRDs, Namespaces, ClusterRoles and then class definitions to become ready before the
   * next apply stage (default `true`, as the controller). `MemoryCluster` establishes CRDs as it
   * applies them; pass `false` to skip the wait (a cluster where nothing would ever establish them).
   */
  waitForStages?: boolean;
  /** Fail health checks as soon as one object is Failed (`--feature-gates=...FailFast`). */
  failFast?: boolean;
  /**
   * A `createKustomizeCache()` kept across reconciles (as the controller keeps its process): files of a
   * source already seen are not parsed again. See `BuildFluxKustomizationOptions.cache`.
   */
  cache?: KustomizeCache;
  /** Evaluator for `dependsOn[].readyExpr` (CEL). */
  readyExpr?: Parameters<typeof checkDependencies>[0]["readyExpr"];
}

/** What {@link reconcileKustomization} returns. */
export interface ReconcileResult {
  /** The Kustomization with its new status. */
  kustomization: FluxKustomization;
  status: KustomizationStatus;
  ready: boolean;
  /** The Ready condition's reason, e.g. `ReconciliationSucceeded`, `BuildFailed`, `DependencyNotReady`. */
  reason: string;
  /** When the controller would reconcile again (ms). */
  requeueAfter: number;
  events: KustomizationEvent[];
  /** The apply change set (empty when the reconcile stopped earlier). */
  applied: ChangeSetEntry[];
  /** The prune change set. */
  pruned: ChangeSetEntry[];
  build?: FluxBuildResult;
  /** The failure, typed, when not ready. */
  error?: GitOpsError;
  /** True when `spec.suspend` stopped the reconcile. */
  suspended?: boolean;
  /** What this implementation could not honour (e.g. CEL `healthCheckExprs`), for the caller to log. */
  warnings: string[];
}

const DEFAULT_DEPENDENCY_REQUEUE = 30_000;

/**
 * Reconcile one Kustomization against a cluster, as kustomize-controller does, and report the status and
 * events it would write. Nothing is written to the Kustomization object itself; store `result.status`
 * where your controller keeps it (e.g. `MemoryCluster.updateStatus`).
 *
 * @example
 * const result = await reconcileKustomization({ kustomization: ks, artifact: { fs, root: "/src", revision }, cluster });
 * result.ready; // true
 * result.status.inventory?.entries; // [{ id: "apps_web_apps_Deployment", v: "v1" }, ...]
 */
export async function reconcileKustomization(
  options: ReconcileKustomizationOptions,
): Promise<ReconcileResult> {
  const ks = options.kustomization;
  const clock = options.clock ?? systemClock;
  const start = clock.now().getTime();
  const status: KustomizationStatus = structuredClone(ks.status ?? {});
  const generation = ks.metadata.generation;
  const events: KustomizationEvent[] = [];
  const warnings: string[] = [];
  if ((ks.spec.healthCheckExprs ?? []).length > 0) {
    warnings.push("spec.healthCheckExprs (CEL) is not supported: the built-in health rules are used instead");
  }
  const namespace = ks.metadata.namespace || "default";
  const owner = { name: ks.metadata.name, namespace };
  let applied: ChangeSetEntry[] = [];
  let pruned: ChangeSetEntry[] = [];
  let build: FluxBuildResult | undefined;

  const set = (c: ConditionInput) => {
    status.conditions = setCondition({
      conditions: status.conditions,
      condition: { ...c, ...(generation !== undefined ? { observedGeneration: generation } : {}) },
      clock,
      transitionOn: "state",
    });
  };
  const readyReason = () => getCondition(status.conditions, "Ready")?.reason ?? "";
  const event = (
    severity: "info" | "error",
    message: string,
    revision: string,
    extra: Record<string, string> = {},
  ) => {
    const metadata: Record<string, string> = { ...extra };
    if (revision) metadata[`${FLUX_KUSTOMIZE_GROUP}/revision`] = revision;
    if (options.artifact?.originRevision) {
      metadata[`${FLUX_KUSTOMIZE_GROUP}/originRevision`] = options.artifact.originRevision;
    }
    events.push({
      type: severity === "error" ? "Warning" : "Normal",
      severity,
      reason: readyReason() || severity,
      message,
      metadata,
      involvedObject: { apiVersion: ks.apiVersion, kind: "Kustomization", name: ks.metadata.name, namespace },
      timestamp: clock
        .now()
        .toISOString()
        .replace(/\.\d{3}Z$/, "Z"),
    });
  };
  const finish = (requeueAfter: number, error?: GitOpsError, suspended?: boolean): ReconcileResult => {
    if (isConditionTrue(status.conditions, "Ready")) {
      status.conditions = removeCondition(status.conditions, "Reconciling");
      if (generation !== undefined) status.observedGeneration = generation;
    }
    const rc = getCondition(status.conditions, "Reconciling");
    const ready = getCondition(status.conditions, "Ready");
    if (ready?.status === "False" && rc) {
      status.conditions = (status.conditions ?? []).map((c) =>
        c.type === "Reconciling" ? { ...c, reason: "ProgressingWithRetry" } : c,
      );
    }
    const lastHandled = ks.metadata.annotations?.["reconcile.fluxcd.io/requestedAt"];
    if (lastHandled) status.lastHandledReconcileAt = lastHandled;
    return {
      kustomization: { ...ks, status },
      status,
      ready: ready?.status === "True",
      reason: ready?.reason ?? "",
      requeueAfter,
      events,
      warnings,
      applied,
      pruned,
      ...(build ? { build } : {}),
      ...(error ? { error } : {}),
      ...(suspended ? { suspended } : {}),
    };
  };

  if (ks.spec.suspend) return finish(0, undefined, true);

  const depRequeue = options.dependencyRequeueInterval ?? DEFAULT_DEPENDENCY_REQUEUE;
  if (!options.artifact) {
    set({
      type: "Ready",
      status: "False",
      reason: "ArtifactFailed",
      message: `Source artifact not found, retrying in ${elapsed(depRequeue)}`,
    });
    return finish(depRequeue);
  }
  const { artifact } = options;
  const revision = artifact.revision;

  if ((ks.spec.dependsOn ?? []).length > 0) {
    try {
      await checkDependencies({
        kustomization: ks,
        cluster: options.cluster,
        revision,
        readyExpr: options.readyExpr,
      });
    } catch (err) {
      if (!(err instanceof DependencyNotReadyError)) throw err;
      set({ type: "Ready", status: "False", reason: "DependencyNotReady", message: err.message });
      event("info", `Dependencies do not meet ready condition, retrying in ${elapsed(depRequeue)}`, revision);
      return finish(depRequeue, err);
    }
  }

  const timeout = getTimeout(ks);
  const fail = (reason: string, err: unknown): ReconcileResult => {
    const error = toGitOpsError(err);
    set({ type: "Ready", status: "False", reason, message: error.message });
    event("error", error.message, revision);
    return finish(getRetryInterval(ks), error);
  };

  set({ type: "Ready", status: "Unknown", reason: "Progressing", message: "Reconciliation in progress" });
  set({
    type: "Reconciling",
    status: "True",
    reason: "Progressing",
    message: `Fetching manifests for revision ${revision} with a timeout of ${elapsed(timeout)}`,
  });
  const oldInventory: InventoryEntry[] = status.inventory?.entries ?? [];

  status.lastAttemptedRevision = revision;
  set({
    type: "Reconciling",
    status: "True",
    reason: "Progressing",
    message: `Building manifests for revision ${revision} with a timeout of ${elapsed(timeout)}`,
  });
  try {
    build = await buildFluxKustomization({
      fs: artifact.fs,
      root: artifact.root,
      kustomization: ks,
      cluster: options.cluster,
      identities: options.identities,
      strictSubstitution: options.strictSubstitution,
      cache: options.cache,
    });
  } catch (err) {
    const notFound = err instanceof FluxBuildError && err.message.startsWith("kustomization path not found");
    return fail(notFound ? "ArtifactFailed" : "BuildFailed", err);
  }

  set({
    type: "Reconciling",
    status: "True",
    reason: "Progressing",
    message: `Detecting drift for revision ${revision} with a timeout of ${elapsed(timeout)}`,
  });
  let changeLog: string;
  try {
    const result = await applyObjects({
      cluster: options.cluster,
      objects: build.objects,
      owner,
      commonMetadata: ks.spec.commonMetadata,
      force: ks.spec.force,
      ignore: ks.spec.ignore,
      waitForStage:
        options.waitForStages === false
          ? undefined
          : async (entries: ChangeSetEntry[], _stage: ApplyStage) => {
              await waitForHealthy({
                cluster: options.cluster,
                objects: entries.filter((e) => e.action !== "skipped").map(toHealthRef),
                timeout: 60_000,
                interval: 2_000,
                clock,
                sleep: options.sleep,
              });
            },
    });
    applied = result.entries;
    changeLog = result.changeLog;
  } catch (err) {
    return fail("ReconciliationFailed", err instanceof GitOpsError ? err : new ApplyError(String(err)));
  }
  if (changeLog) event("info", changeLog, revision);

  const newInventory: InventoryEntry[] = applied.map((e) => ({ id: e.id, v: e.version }));
  status.inventory = { entries: newInventory };
  const stale = staleEntries(oldInventory, newInventory);

  if (ks.spec.prune && stale.length > 0) {
    try {
      const result = await pruneObjects({ cluster: options.cluster, stale, owner });
      pruned = result.entries;
      if (result.changeLog) event("info", result.changeLog, revision);
    } catch (err) {
      if (err instanceof PruneError) {
        const survivors = stale.filter((r) => err.survivors.includes(r.id));
        status.inventory = { entries: mergeInventory(newInventory, survivors) };
      }
      return fail("PruneFailed", err);
    }
  }

  const isNewRevision = !sameRevision(revision, status.lastAppliedRevision);
  const drifted = changeLog !== "";
  const healthRefs = healthCheckRefs(ks, applied);
  if (healthRefs === undefined) {
    status.conditions = removeCondition(status.conditions, "Healthy");
  } else {
    const wasHealthy = isConditionTrue(status.conditions, "Healthy");
    const message = `Running health checks for revision ${revision} with a timeout of ${elapsed(timeout)}`;
    set({ type: "Reconciling", status: "True", reason: "Progressing", message });
    set({ type: "Healthy", status: "Unknown", reason: "Progressing", message });
    const checkStart = clock.now().getTime();
    try {
      await waitForHealthy({
        cluster: options.cluster,
        objects: healthRefs,
        timeout,
        interval: 5_000,
        failFast: options.failFast,
        clock,
        sleep: options.sleep,
      });
    } catch (err) {
      const text = errorMessage(err);
      set({ type: "Healthy", status: "False", reason: "HealthCheckFailed", message: text });
      const wrapped = new HealthCheckError(
        `health check failed after ${elapsed(clock.now().getTime() - checkStart)}: ${text}`,
        { cause: err },
      );
      return fail("HealthCheckFailed", wrapped);
    }
    const passed = `Health check passed in ${elapsed(clock.now().getTime() - checkStart)}`;
    if (!wasHealthy || (isNewRevision && drifted)) event("info", passed, revision);
    set({ type: "Healthy", status: "True", reason: "Succeeded", message: passed });
  }

  status.lastAppliedRevision = revision;
  if (artifact.originRevision) status.lastAppliedOriginRevision = artifact.originRevision;
  set({
    type: "Ready",
    status: "True",
    reason: "ReconciliationSucceeded",
    message: `Applied revision: ${revision}`,
  });
  const interval = getRequeueAfter(ks);
  event(
    "info",
    `Reconciliation finished in ${elapsed(clock.now().getTime() - start)}, next run in ${elapsed(interval)}`,
    revision,
    { [`${FLUX_KUSTOMIZE_GROUP}/commit_status`]: "update" },
  );
  return finish(interval);
}

function toHealthRef(e: ChangeSetEntry): HealthRef {
  return { ...e.metadata, apiVersion: formatApiVersion({ group: e.metadata.group, version: e.version }) };
}

/** The objects to health-check: all applied (not skipped) with `wait`, else `healthChecks`; none → undefined. */
function healthCheckRefs(ks: FluxKustomization, applied: ChangeSetEntry[]): HealthRef[] | undefined {
  if ((ks.spec.healthChecks ?? []).length === 0 && !ks.spec.wait) return undefined;
  let refs: HealthRef[];
  if (ks.spec.wait) {
    refs = applied.filter((e) => e.action !== "skipped").map(toHealthRef);
  } else {
    refs = (ks.spec.healthChecks ?? []).map((h) => {
      const apiVersion = h.apiVersion || "apps/v1";
      const group = apiVersion.includes("/") ? apiVersion.split("/")[0] : "";
      return { apiVersion, group, kind: h.kind, name: h.name, namespace: h.namespace ?? "" };
    });
  }
  // A Kustomization never waits for itself.
  refs = refs.filter(
    (r) =>
      !(
        r.kind === "Kustomization" &&
        r.name === ks.metadata.name &&
        r.namespace === (ks.metadata.namespace || "default")
      ),
  );
  return refs.length > 0 ? refs : undefined;
}

function sameRevision(a: string, b: string | undefined): boolean {
  if (!b) return false;
  try {
    return revisionsEqual(a, b);
  } catch {
    return a === b;
  }
}

/** The inventory of a status as object refs (e.g. to list what a Kustomization manages). */
export function inventoryObjects(status: KustomizationStatus | undefined): KubeObject[] {
  return (status?.inventory?.entries ?? []).map((e) => {
    const m = parseObjMetadata(e.id);
    return {
      apiVersion: formatApiVersion({ group: m.group, version: e.v }),
      kind: m.kind,
      metadata: { name: m.name, ...(m.namespace ? { namespace: m.namespace } : {}) },
    };
  });
}
