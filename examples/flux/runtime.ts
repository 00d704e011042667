/**
 * What the demo's controllers share: the cluster they watch, the file system they keep artifacts and
 * working trees on, the Git transport, the clock and the event recorder.
 */
import type { Clock, FileSystem, HttpFetch, KubeObject, MemoryCluster } from "@gitops-kit/core";
import type { Event } from "@gitops-kit/notify";
import type { HelmIndex } from "@gitops-kit/source";

/** A source artifact as source-controller stores it, extracted where kustomize can read it. */
export interface StoredArtifact {
  revision: string;
  /** `sha256:` of the artifact tarball. */
  digest: string;
  /** Directory the artifact is extracted to (on the runtime's `fs`). */
  root: string;
}

/** Receives every event a controller records (Flux's event recorder posts them to notification-controller). */
export type EventRecorder = (event: Event) => Promise<void>;

/** The controllers' shared environment. */
export interface FluxRuntime {
  cluster: MemoryCluster;
  fs: FileSystem;
  /** HTTP transport for Git remotes (the in-process Git server). */
  gitFetch: HttpFetch;
  /** HTTP transport for everything else (Helm repositories). */
  fetch: HttpFetch;
  clock: Clock;
  record: EventRecorder;
  /** Artifacts by `Kind/namespace/name` of their source. */
  artifacts: Map<string, StoredArtifact>;
  /** Helm repository indexes by `HelmRepository/namespace/name`. */
  helmIndexes: Map<string, { url: string; index: HelmIndex; digest: string }>;
}

/** `Kind/namespace/name`. */
export function keyOf(object: Pick<KubeObject, "kind" | "metadata">): string {
  return `${object.kind}/${object.metadata.namespace ?? ""}/${object.metadata.name}`;
}

/** Write `status` through the status subresource. */
export async function writeStatus(
  cluster: MemoryCluster,
  object: KubeObject,
  status: unknown,
): Promise<void> {
  await cluster.updateStatus({
    apiVersion: object.apiVersion,
    kind: object.kind,
    namespace: object.metadata.namespace,
    name: object.metadata.name ?? "",
    status,
  });
}

/** A Ready condition as Flux controllers write it. */
export function readyCondition(
  clock: Clock,
  ready: boolean,
  reason: string,
  message: string,
  observedGeneration?: number,
) {
  return {
    type: "Ready",
    status: ready ? "True" : "False",
    reason,
    message,
    lastTransitionTime: clock
      .now()
      .toISOString()
      .replace(/\.\d{3}Z$/, "Z"),
    ...(observedGeneration !== undefined ? { observedGeneration } : {}),
  };
}
