/**
 * Health assessment as Flux does it with kstatus: a status per object (Current, InProgress, Failed,
 * Terminating, NotFound) from generic rules (deletion, observedGeneration, Reconciling / Stalled
 * conditions), kind-specific rules (Deployment rollout, StatefulSet, DaemonSet, ReplicaSet, Pod, Job,
 * PVC, Service, CRD) and a generic `Ready` condition; and the wait loop over a set of objects with a
 * timeout on an injectable clock.
 *
 * @module
 */
import {
  type Clock,
  type ClusterAdapter,
  errorMessage,
  formatDuration,
  isNotFoundError,
  type KubeObject,
  systemClock,
} from "@gitops-kit/core";
import { HealthCheckError } from "./errors.js";
import { formatSubject, type ObjMetadata } from "./inventory.js";

/** kstatus statuses. */
export type HealthStatus = "Current" | "InProgress" | "Failed" | "Terminating" | "NotFound" | "Unknown";

/** The status of one object and why. */
export interface HealthResult {
  status: HealthStatus;
  message: string;
}

interface Cond {
  type?: string;
  status?: string;
  reason?: string;
  message?: string;
}

function conditionsOf(obj: KubeObject): Cond[] {
  const c = (obj.status as { conditions?: unknown } | undefined)?.conditions;
  return Array.isArray(c) ? (c.filter((x) => x && typeof x === "object") as Cond[]) : [];
}

/** The value at a dotted path, or undefined when a step on the way is not an object. */
function fieldAt(obj: KubeObject, path: string): unknown {
  let v: unknown = obj;
  for (const p of path.split(".")) {
    if (v === null || typeof v !== "object") return undefined;
    v = (v as Record<string, unknown>)[p];
  }
  return v;
}

function intField(obj: KubeObject, path: string, fallback: number): number {
  const v = fieldAt(obj, path);
  return typeof v === "number" && Number.isFinite(v) ? Math.trunc(v) : fallback;
}

function stringField(obj: KubeObject, path: string, fallback: string): string {
  const v = fieldAt(obj, path);
  return typeof v === "string" ? v : fallback;
}

const current = (message: string): HealthResult => ({ status: "Current", message });
const inProgress = (message: string): HealthResult => ({ status: "InProgress", message });
const failed = (message: string): HealthResult => ({ status: "Failed", message });

/** The kstatus status of an object as read from the cluster. */
export function computeHealth(obj: KubeObject): HealthResult {
  if (obj.metadata?.deletionTimestamp)
    return { status: "Terminating", message: "Resource scheduled for deletion" };
  const generation = obj.metadata?.generation;
  const observed = (obj.status as { observedGeneration?: unknown } | undefined)?.observedGeneration;
  if (typeof generation === "number" && typeof observed === "number" && observed !== generation) {
    return inProgress(
      `${obj.kind} generation is ${generation}, but latest observed generation is ${observed}`,
    );
  }
  for (const c of conditionsOf(obj)) {
    if (c.type === "Reconciling" && c.status === "True") return inProgress(c.message ?? "");
    if (c.type === "Stalled" && c.status === "True") return failed(c.message ?? "");
  }
  const group = String(obj.apiVersion ?? "").includes("/") ? String(obj.apiVersion).split("/")[0] : "";
  const rule = RULES[group ? `${group}/${obj.kind}` : String(obj.kind)];
  if (rule) return rule(obj);
  for (const c of conditionsOf(obj)) {
    if (c.type !== "Ready") continue;
    if (c.status === "True") return current("Resource is Ready");
    if (c.status === "False" || c.status === "Unknown") return inProgress(c.message ?? "");
  }
  return current("Resource is current");
}

const alwaysReady = () => current("Resource is always ready");

const RULES: Record<string, (obj: KubeObject) => HealthResult> = {
  Service: (obj) => {
    if (
      stringField(obj, "spec.type", "ClusterIP") === "LoadBalancer" &&
      stringField(obj, "spec.clusterIP", "") === ""
    ) {
      return inProgress("ClusterIP not set. Service type: LoadBalancer");
    }
    return current("Service is ready");
  },
  Pod: (obj) => {
    const phase = stringField(obj, "status.phase", "");
    switch (phase) {
      case "Succeeded":
        return current("Pod has completed successfully");
      case "Failed":
        return current("Pod has completed, but not successfully");
      case "Running": {
        if (conditionsOf(obj).some((c) => c.type === "Ready" && c.status === "True"))
          return current("Pod is Ready");
        const statuses = (obj.status as { containerStatuses?: unknown })?.containerStatuses;
        const looping = Array.isArray(statuses)
          ? statuses
              .filter((s) => s?.state?.waiting?.reason === "CrashLoopBackOff" && typeof s?.name === "string")
              .map((s) => s.name as string)
          : [];
        if (looping.length > 0) return failed(`Containers in CrashLoop state: ${looping.join(",")}`);
        return inProgress("Pod is running but is not Ready");
      }
      case "Pending":
        if (
          conditionsOf(obj).some(
            (c) => c.type === "PodScheduled" && c.status === "False" && c.reason === "Unschedulable",
          )
        ) {
          return failed("Pod could not be scheduled");
        }
        return inProgress("Pod is in the Pending phase");
      case "":
        return inProgress("Pod phase not available");
      default:
        return { status: "Unknown", message: `unknown phase ${phase}` };
    }
  },
  Secret: alwaysReady,
  ConfigMap: alwaysReady,
  "batch/CronJob": alwaysReady,
  PersistentVolumeClaim: (obj) => {
    const phase = stringField(obj, "status.phase", "unknown");
    return phase === "Bound" ? current("PVC is Bound") : inProgress(`PVC is not Bound. phase: ${phase}`);
  },
  "apps/Deployment": deployment,
  "extensions/Deployment": deployment,
  "apps/StatefulSet": statefulSet,
  "apps/DaemonSet": daemonSet,
  "extensions/DaemonSet": daemonSet,
  "apps/ReplicaSet": replicaSet,
  "extensions/ReplicaSet": replicaSet,
  "policy/PodDisruptionBudget": () => current("AllowedDisruptions has been computed."),
  "batch/Job": job,
  "apiextensions.k8s.io/CustomResourceDefinition": (obj) => {
    for (const c of conditionsOf(obj)) {
      if (c.type === "NamesAccepted" && c.status === "False") return failed(c.message ?? "");
      if (c.type === "Established") {
        if (c.status === "False" && c.reason !== "Installing") return failed(c.message ?? "");
        if (c.status === "True") return current("CRD is established");
      }
    }
    return inProgress("Install in progress");
  },
};

function deployment(obj: KubeObject): HealthResult {
  let progressing = intField(obj, "spec.progressDeadlineSeconds", 2147483647) === 2147483647;
  let available = false;
  for (const c of conditionsOf(obj)) {
    if (c.type === "Progressing") {
      if (c.reason === "ProgressDeadlineExceeded") return failed("Progress deadline exceeded");
      if (c.status === "True" && c.reason === "NewReplicaSetAvailable") progressing = true;
    }
    if (c.type === "Available" && c.status === "True") available = true;
  }
  const spec = intField(obj, "spec.replicas", 1);
  const replicas = intField(obj, "status.replicas", 0);
  const updated = intField(obj, "status.updatedReplicas", 0);
  const ready = intField(obj, "status.readyReplicas", 0);
  const avail = intField(obj, "status.availableReplicas", 0);
  if (spec > replicas) return inProgress(`Replicas: ${replicas}/${spec}`);
  if (spec > updated) return inProgress(`Updated: ${updated}/${spec}`);
  if (replicas > spec) return inProgress(`Pending termination: ${replicas - spec}`);
  if (updated > avail) return inProgress(`Available: ${avail}/${updated}`);
  if (spec > ready) return inProgress(`Ready: ${ready}/${spec}`);
  if (!progressing) return inProgress("ReplicaSet not Available");
  if (!available) return inProgress("Deployment not Available");
  return current(`Deployment is available. Replicas: ${replicas}`);
}

function statefulSet(obj: KubeObject): HealthResult {
  if (stringField(obj, "spec.updateStrategy.type", "") === "OnDelete") {
    return current("StatefulSet is using the ondelete update strategy");
  }
  const spec = intField(obj, "spec.replicas", 1);
  const ready = intField(obj, "status.readyReplicas", 0);
  const currentReplicas = intField(obj, "status.currentReplicas", 0);
  const updated = intField(obj, "status.updatedReplicas", 0);
  const replicas = intField(obj, "status.replicas", 0);
  const partition = intField(obj, "spec.updateStrategy.rollingUpdate.partition", -1);
  if (spec > replicas) return inProgress(`Replicas: ${replicas}/${spec}`);
  if (spec > ready) return inProgress(`Ready: ${ready}/${spec}`);
  if (replicas > spec) return inProgress(`Pending termination: ${replicas - spec}`);
  if (partition !== -1) {
    if (updated < spec - partition) return inProgress(`updated: ${updated}/${spec - partition}`);
    return current(`Partition rollout complete. updated: ${updated}`);
  }
  if (spec > currentReplicas) return inProgress(`current: ${currentReplicas}/${spec}`);
  if (stringField(obj, "status.currentRevision", "") !== stringField(obj, "status.updateRevision", "")) {
    return inProgress("Waiting for updated revision to match current");
  }
  return current(`All replicas scheduled as expected. Replicas: ${replicas}`);
}

function daemonSet(obj: KubeObject): HealthResult {
  if (typeof obj.metadata?.generation !== "number")
    return inProgress(`${obj.kind} metadata.generation not found`);
  if (typeof (obj.status as { observedGeneration?: unknown })?.observedGeneration !== "number") {
    return inProgress(`${obj.kind} status.observedGeneration not found`);
  }
  const desired = intField(obj, "status.desiredNumberScheduled", -1);
  const scheduled = intField(obj, "status.currentNumberScheduled", 0);
  const updated = intField(obj, "status.updatedNumberScheduled", 0);
  const available = intField(obj, "status.numberAvailable", 0);
  const ready = intField(obj, "status.numberReady", 0);
  if (desired === -1) return inProgress("Missing .status.desiredNumberScheduled");
  if (desired > scheduled) return inProgress(`Current: ${scheduled}/${desired}`);
  if (desired > updated) return inProgress(`Updated: ${updated}/${desired}`);
  if (desired > available) return inProgress(`Available: ${available}/${desired}`);
  if (desired > ready) return inProgress(`Ready: ${ready}/${desired}`);
  return current(`All replicas scheduled as expected. Replicas: ${desired}`);
}

function replicaSet(obj: KubeObject): HealthResult {
  if (conditionsOf(obj).some((c) => c.type === "ReplicaFailure" && c.status === "True")) {
    return inProgress("Replica Failure condition. Check Pods");
  }
  const spec = intField(obj, "spec.replicas", 1);
  const replicas = intField(obj, "status.replicas", 0);
  const ready = intField(obj, "status.readyReplicas", 0);
  const available = intField(obj, "status.availableReplicas", 0);
  const labelled = intField(obj, "status.fullyLabeledReplicas", 0);
  if (spec > labelled) return inProgress(`Labelled: ${labelled}/${spec}`);
  if (spec > available) return inProgress(`Available: ${available}/${spec}`);
  if (spec > ready) return inProgress(`Ready: ${ready}/${spec}`);
  if (replicas > spec) return inProgress(`Pending termination: ${replicas - spec}`);
  return current(`ReplicaSet is available. Replicas: ${replicas}`);
}

function job(obj: KubeObject): HealthResult {
  const parallelism = intField(obj, "spec.parallelism", 1);
  const completions = intField(obj, "spec.completions", parallelism);
  const succeeded = intField(obj, "status.succeeded", 0);
  const active = intField(obj, "status.active", 0);
  const failedCount = intField(obj, "status.failed", 0);
  for (const c of conditionsOf(obj)) {
    if (c.type === "Complete" && c.status === "True") {
      return current(`Job Completed. succeeded: ${succeeded}/${completions}`);
    }
    if (c.type === "Failed" && c.status === "True")
      return failed(`Job Failed. failed: ${failedCount}/${completions}`);
  }
  if (stringField(obj, "status.startTime", "") === "") return inProgress("Job not started");
  return current(`Job in progress. success:${succeeded}, active: ${active}, failed: ${failedCount}`);
}

/** An object to wait for. */
export interface HealthRef extends ObjMetadata {
  /** Full apiVersion to read it with (e.g. `apps/v1`). */
  apiVersion: string;
}

/** Options of {@link waitForHealthy}. */
export interface WaitForHealthyOptions {
  cluster: ClusterAdapter;
  objects: readonly HealthRef[];
  /** How long to wait (ms). */
  timeout: number;
  /** Time between polls (ms), default 5000 (the controller's). */
  interval?: number;
  /** Give up as soon as one object is Failed. */
  failFast?: boolean;
  clock?: Clock;
  /** Waits between polls; default `setTimeout`. Tests pass one that advances a manual clock. */
  sleep?: (ms: number) => Promise<void>;
}

/** The last status of each object, when the wait ended. */
export interface WaitResult {
  statuses: { ref: HealthRef; result: HealthResult }[];
}

/**
 * Poll until every object is Current. Stops early when only Current and Failed remain (or at the first
 * Failed with `failFast`).
 *
 * @throws HealthCheckError `timeout waiting for: [Deployment/ns/name status: 'InProgress']` or
 * `failed early due to stalled resources: [...]`, as fluxcd/pkg/ssa words it.
 */
export async function waitForHealthy(options: WaitForHealthyOptions): Promise<WaitResult> {
  const clock = options.clock ?? systemClock;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const interval = options.interval ?? 5000;
  const start = clock.now().getTime();
  if (options.objects.length === 0) return { statuses: [] };
  for (;;) {
    const statuses: WaitResult["statuses"] = [];
    for (const ref of options.objects) statuses.push({ ref, result: await statusOf(options.cluster, ref) });
    const all = statuses.map((s) => s.result.status);
    if (all.every((s) => s === "Current")) return { statuses };
    const terminal = all.every((s) => s === "Current" || s === "Failed");
    const anyFailed = all.includes("Failed");
    const timedOut = clock.now().getTime() - start >= options.timeout;
    if (terminal || (options.failFast && anyFailed) || timedOut) {
      const bad = statuses.filter(
        (s) => s.result.status === "Failed" || (timedOut && s.result.status !== "Current"),
      );
      const list = bad.map((s) => `${formatSubject(s.ref)} status: '${s.result.status}'`).join(", ");
      throw new HealthCheckError(
        `${timedOut && !terminal ? "timeout waiting for" : "failed early due to stalled resources"}: [${list}]`,
      );
    }
    await sleep(
      Math.min(interval, Math.max(0, options.timeout - (clock.now().getTime() - start))) || interval,
    );
  }
}

async function statusOf(cluster: ClusterAdapter, ref: HealthRef): Promise<HealthResult> {
  try {
    const obj = await cluster.get({
      apiVersion: ref.apiVersion,
      kind: ref.kind,
      name: ref.name,
      ...(ref.namespace ? { namespace: ref.namespace } : {}),
    });
    return computeHealth(obj);
  } catch (err) {
    if (isNotFoundError(err)) {
      return { status: "NotFound", message: "Resource not found" };
    }
    return { status: "Unknown", message: errorMessage(err) };
  }
}

/** Go's `Duration.String()` of an elapsed time in ms, for the controller's messages. */
export function elapsed(ms: number): string {
  return formatDuration(Math.max(0, ms));
}
