/**
 * Build the events Flux controllers emit, from the objects and results the other gitops-kit packages
 * produce: a Kustomization or HelmRelease reconcile, an image update pushed to Git. The shapes follow
 * Flux's event recorder (involved object reference, `event.toolkit.fluxcd.io/` annotations copied into
 * the metadata, group-prefixed metadata keys, reason from the Ready condition).
 *
 * @module
 */

import {
  type Clock,
  conditionsOf,
  formatDuration,
  formatKubeTime,
  getCondition,
  type KubeObject,
  systemClock,
} from "@gitops-kit/core";
import {
  COMMIT_STATUS_UPDATE,
  EVENT_GROUP,
  type Event,
  type EventSeverity,
  type ObjectReference,
} from "./event.js";

/** Options of {@link newEvent}. */
export interface NewEventOptions {
  /** The involved object: a whole object (its reference is taken) or a reference. */
  object: KubeObject | ObjectReference;
  severity: EventSeverity;
  reason: string;
  message: string;
  /** Metadata to attach (Flux controllers prefix keys with their API group). */
  metadata?: Record<string, string>;
  /** e.g. `kustomize-controller`. */
  reportingController: string;
  /** e.g. the pod name; left out when empty. */
  reportingInstance?: string;
  /** Source of the timestamp (default: the system clock). */
  clock?: Clock;
}

/** The `ObjectReference` of an object, as client-go's `reference.GetReference` makes it. */
export function objectReference(object: KubeObject | ObjectReference): ObjectReference {
  if (!("metadata" in object) || typeof object.metadata !== "object" || object.metadata === null) {
    return { ...(object as ObjectReference) };
  }
  const o = object as KubeObject;
  const ref: ObjectReference = { kind: o.kind, namespace: o.metadata.namespace, name: o.metadata.name };
  if (o.metadata.uid) ref.uid = o.metadata.uid;
  ref.apiVersion = o.apiVersion;
  if (o.metadata.resourceVersion) ref.resourceVersion = o.metadata.resourceVersion;
  for (const key of Object.keys(ref) as (keyof ObjectReference)[])
    if (ref[key] === undefined) delete ref[key];
  return ref;
}

/**
 * An event as Flux's event recorder builds it: the object's `event.toolkit.fluxcd.io/*` annotations
 * are added to the metadata, the timestamp is the clock's now in RFC 3339 UTC.
 */
export function newEvent(options: NewEventOptions): Event {
  let metadata = options.metadata ? { ...options.metadata } : undefined;
  const annotations =
    "metadata" in options.object && typeof options.object.metadata === "object"
      ? ((options.object as KubeObject).metadata.annotations ?? {})
      : {};
  for (const [k, v] of Object.entries(annotations)) {
    if (k.startsWith(`${EVENT_GROUP}/`)) {
      metadata ??= {};
      metadata[k] = v;
    }
  }
  const event: Event = {
    involvedObject: objectReference(options.object),
    severity: options.severity,
    timestamp: formatKubeTime((options.clock ?? systemClock).now()),
    message: options.message,
    reason: options.reason,
    reportingController: options.reportingController,
  };
  if (metadata && Object.keys(metadata).length > 0) event.metadata = metadata;
  if (options.reportingInstance) event.reportingInstance = options.reportingInstance;
  return event;
}

const KUSTOMIZE_GROUP = "kustomize.toolkit.fluxcd.io";
const HELM_GROUP = "helm.toolkit.fluxcd.io";

/** Options of {@link kustomizationEvent}. */
export interface KustomizationEventOptions {
  /** The Kustomization (its Ready condition gives the reason). */
  kustomization: KubeObject;
  severity: EventSeverity;
  message: string;
  /** The applied source revision (`main@sha1:...`). */
  revision?: string;
  /** The origin revision of the source, when it has one. */
  originRevision?: string;
  /** Mark the event as a commit status update (Flux sets this on the final "Reconciliation finished" event). */
  commitStatusUpdate?: boolean;
  reportingInstance?: string;
  clock?: Clock;
}

/**
 * An event about a Kustomization as kustomize-controller emits it: metadata
 * `kustomize.toolkit.fluxcd.io/revision` and `/originRevision`, reason = the Ready condition's reason
 * (or the severity when there is none).
 */
export function kustomizationEvent(options: KustomizationEventOptions): Event {
  const metadata: Record<string, string> = {};
  if (options.commitStatusUpdate) metadata[`${KUSTOMIZE_GROUP}/commit_status`] = COMMIT_STATUS_UPDATE;
  if (options.revision) metadata[`${KUSTOMIZE_GROUP}/revision`] = options.revision;
  if (options.originRevision) metadata[`${KUSTOMIZE_GROUP}/originRevision`] = options.originRevision;
  const ready = getCondition(conditionsOf(options.kustomization), "Ready");
  return newEvent({
    object: options.kustomization,
    severity: options.severity,
    reason: ready?.reason || options.severity,
    message: options.message,
    metadata,
    reportingController: "kustomize-controller",
    reportingInstance: options.reportingInstance,
    clock: options.clock,
  });
}

/** Options of {@link kustomizationReconciledEvent}. */
export interface KustomizationReconciledEventOptions {
  kustomization: KubeObject;
  /** How long the reconciliation took, in milliseconds. */
  durationMs: number;
  /** The applied revision; defaults to `status.lastAppliedRevision`. */
  revision?: string;
  originRevision?: string;
  reportingInstance?: string;
  clock?: Clock;
}

/**
 * The event kustomize-controller emits when a reconciliation ends Ready:
 * `Reconciliation finished in 1.2s, next run in 10m0s`, flagged as a commit status update.
 */
export function kustomizationReconciledEvent(options: KustomizationReconciledEventOptions): Event {
  const k = options.kustomization;
  const spec = (k.spec ?? {}) as { interval?: string };
  const status = (k.status ?? {}) as { lastAppliedRevision?: string; lastAppliedOriginRevision?: string };
  return kustomizationEvent({
    kustomization: k,
    severity: "info",
    message: `Reconciliation finished in ${formatDuration(options.durationMs)}, next run in ${goDurationText(spec.interval)}`,
    revision: options.revision ?? status.lastAppliedRevision,
    originRevision: options.originRevision ?? status.lastAppliedOriginRevision,
    commitStatusUpdate: true,
    reportingInstance: options.reportingInstance,
    clock: options.clock,
  });
}

function goDurationText(interval: string | undefined): string {
  if (!interval) return "0s";
  // Re-print through the Go formatter so "10m" reads "10m0s" as metav1.Duration.String() does.
  const m = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+(?:\.\d+)?)s)?(?:(\d+)ms)?$/.exec(interval);
  if (!m) return interval;
  const ms =
    Number(m[1] ?? 0) * 3_600_000 + Number(m[2] ?? 0) * 60_000 + Number(m[3] ?? 0) * 1000 + Number(m[4] ?? 0);
  return formatDuration(ms);
}

/** A Helm release as helm-controller records it in `status.history`. */
export interface HelmReleaseSnapshot {
  /** Release namespace and name. */
  namespace: string;
  name: string;
  /** Release version (revision number). */
  version: number;
  chartName: string;
  chartVersion: string;
  appVersion?: string;
  /** Digest of the values (`sha256:...`), sent as the event token. */
  configDigest?: string;
  /** Digest of the chart's OCI artifact, when it came from an OCI repository. */
  ociDigest?: string;
}

/** Options of {@link helmReleaseEvent}. */
export interface HelmReleaseEventOptions {
  helmRelease: KubeObject;
  action: "install" | "upgrade";
  release: HelmReleaseSnapshot;
  /** The failure, when the action failed. */
  error?: string;
  reportingInstance?: string;
  clock?: Clock;
}

/**
 * The event helm-controller emits after an install or upgrade: reason `InstallSucceeded` /
 * `InstallFailed` / `UpgradeSucceeded` / `UpgradeFailed`, helm-controller's message formats, and
 * metadata `helm.toolkit.fluxcd.io/revision` (chart version), `/token` (values digest),
 * `/app-version`, `/oci-digest`.
 */
export function helmReleaseEvent(options: HelmReleaseEventOptions): Event {
  const r = options.release;
  const verb = options.action === "install" ? "install" : "upgrade";
  const Verb = verb === "install" ? "Install" : "Upgrade";
  const failed = options.error !== undefined;
  const message = failed
    ? `Helm ${verb} failed for release ${r.namespace}/${r.name} with chart ${r.chartName}@${r.chartVersion}: ${options.error!.trim()}`
    : `Helm ${verb} succeeded for release ${r.namespace}/${r.name}.v${r.version} with chart ${r.chartName}@${r.chartVersion}`;
  const metadata: Record<string, string> = {};
  if (r.chartVersion) metadata[`${HELM_GROUP}/revision`] = r.chartVersion;
  if (r.configDigest) metadata[`${HELM_GROUP}/token`] = r.configDigest;
  if (r.appVersion) metadata[`${HELM_GROUP}/app-version`] = r.appVersion;
  if (r.ociDigest) metadata[`${HELM_GROUP}/oci-digest`] = r.ociDigest;
  return newEvent({
    object: options.helmRelease,
    severity: failed ? "error" : "info",
    reason: `${Verb}${failed ? "Failed" : "Succeeded"}`,
    message,
    metadata,
    reportingController: "helm-controller",
    reportingInstance: options.reportingInstance,
    clock: options.clock,
  });
}

/** Options of {@link imageUpdateEvent}. */
export interface ImageUpdateEventOptions {
  /** The ImageUpdateAutomation. */
  automation: KubeObject;
  /** The pushed commit. */
  commit: { hash: string; message?: string };
  /** The branch pushed to. */
  branch: string;
  /** Extra refspecs pushed, if any. */
  refspecs?: string[];
  /** Defaults to the Ready condition's reason, else `Succeeded`. */
  reason?: string;
  reportingInstance?: string;
  clock?: Clock;
}

/**
 * The event image-automation-controller emits after pushing an update:
 * `pushed commit '<short sha>' to branch '<branch>'` and the commit message on the next line.
 */
export function imageUpdateEvent(options: ImageUpdateEventOptions): Event {
  let message = `pushed commit '${options.commit.hash.slice(0, 7)}' to branch '${options.branch}'`;
  if (options.refspecs && options.refspecs.length > 0)
    message += ` and refspecs '${options.refspecs.join("', '")}'`;
  if (options.commit.message) message += `\n${options.commit.message}`;
  const ready = getCondition(conditionsOf(options.automation), "Ready");
  return newEvent({
    object: options.automation,
    severity: "info",
    reason: options.reason ?? (ready?.reason || "Succeeded"),
    message,
    reportingController: "image-automation-controller",
    reportingInstance: options.reportingInstance,
    clock: options.clock,
  });
}
