/**
 * kustomize-controller: every Flux Kustomization in the cluster, dependencies first, reconciled with
 * `reconcileKustomization` (build, SOPS decryption, postBuild substitution, apply, prune, health); the
 * status is written back and the events go to the recorder. Kustomizations created by an earlier one
 * (clusters/production defines infrastructure and apps) are picked up in the same pass.
 */
import { type KubeObject, toGitOpsError } from "@gitops-kit/core";
import {
  type FluxKustomization,
  type KustomizationEvent,
  orderKustomizations,
  parseFluxKustomization,
  reconcileKustomization,
} from "@gitops-kit/kustomize";
import { type Event, newEvent } from "@gitops-kit/notify";
import { rollOutDeployments } from "./cluster.js";
import { type FluxRuntime, keyOf, writeStatus } from "./runtime.js";

/** What one Kustomization reconcile changed. */
export interface KustomizationReport {
  name: string;
  ready: boolean;
  /** The Ready reason, e.g. `ReconciliationSucceeded`. */
  reason: string;
  message: string;
  revision: string;
  /** The Healthy condition's message when the Kustomization has health checks. */
  health?: string;
  created: string[];
  configured: string[];
  unchanged: number;
  pruned: string[];
  ms: number;
}

const API = { apiVersion: "kustomize.toolkit.fluxcd.io/v1", kind: "Kustomization" };

/** Reconcile every Kustomization once, in dependsOn order. */
export async function reconcileKustomizations(runtime: FluxRuntime): Promise<KustomizationReport[]> {
  const reports: KustomizationReport[] = [];
  const done = new Set<string>();
  for (;;) {
    const objects = await runtime.cluster.list(API);
    const pending = objects
      .map((object) => ({ object, ks: parseFluxKustomization({ object, source: keyOf(object) }) }))
      .filter(({ object }) => !done.has(keyOf(object)));
    if (pending.length === 0) break;
    const { ordered } = orderKustomizations({ kustomizations: pending.map((p) => p.ks) });
    const ks = ordered[0];
    const object = pending.find((p) => p.ks === ks)?.object as KubeObject;
    done.add(keyOf(object));
    reports.push(await reconcileOne(runtime, ks, object));
  }
  return reports;
}

async function reconcileOne(runtime: FluxRuntime, ks: FluxKustomization, object: KubeObject) {
  const start = performance.now();
  const source = ks.spec.sourceRef;
  const artifact = runtime.artifacts.get(
    `${source.kind}/${source.namespace || ks.metadata.namespace}/${source.name}`,
  );
  const result = await reconcileKustomization({
    kustomization: ks,
    artifact: artifact && { fs: runtime.fs, root: artifact.root, revision: artifact.revision },
    cluster: runtime.cluster,
    clock: runtime.clock,
    // Health checks poll; between polls the workloads roll out.
    sleep: () => rollOutDeployments(runtime.cluster),
  });
  await writeStatus(runtime.cluster, object, result.status);
  const live = await runtime.cluster.get({
    ...API,
    namespace: object.metadata.namespace,
    name: ks.metadata.name,
  });
  for (const e of result.events) await runtime.record(toFluxEvent(runtime, live, e));
  const by = (action: string) => result.applied.filter((e) => e.action === action).map((e) => e.subject);
  const ready = result.status.conditions?.find((c) => c.type === "Ready");
  const healthy = result.status.conditions?.find((c) => c.type === "Healthy");
  return {
    name: `${ks.metadata.namespace}/${ks.metadata.name}`,
    ready: result.ready,
    reason: result.reason,
    message: result.error ? toGitOpsError(result.error).message : (ready?.message ?? ""),
    revision: artifact?.revision ?? "",
    ...(healthy?.message ? { health: healthy.message } : {}),
    created: by("created"),
    configured: by("configured"),
    unchanged: by("unchanged").length,
    pruned: result.pruned.filter((e) => e.action === "deleted").map((e) => e.subject),
    ms: performance.now() - start,
  };
}

/** The controller's event, as its event recorder sends it to notification-controller. */
function toFluxEvent(runtime: FluxRuntime, kustomization: KubeObject, e: KustomizationEvent): Event {
  return newEvent({
    object: kustomization,
    severity: e.severity,
    reason: e.reason,
    message: e.message,
    metadata: e.metadata,
    reportingController: "kustomize-controller",
    clock: runtime.clock,
  });
}
