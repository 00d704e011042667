/**
 * helm-controller for HelmReleases from HelmRepositories: resolve the chart version in the
 * repository's index, download the package, render it as `helm install` would (`renderChart`), apply
 * the manifests, remove what the previous revision had and this one does not, and record the
 * install/upgrade event. A release whose chart version and values are unchanged is left alone.
 */
import { type KubeObject, parseYamlStream, sha256Hex } from "@gitops-kit/core";
import { loadChart, renderChart, type Values } from "@gitops-kit/helm";
import { helmReleaseEvent } from "@gitops-kit/notify";
import { fetchHelmChart } from "@gitops-kit/source";
import { type FluxRuntime, keyOf, readyCondition, writeStatus } from "./runtime.js";

/** What one HelmRelease reconcile did. */
export interface HelmReleaseReport {
  name: string;
  /** `install`, `upgrade`, or `none` when chart and values were unchanged. */
  action: "install" | "upgrade" | "none";
  chart: string;
  /** Release revision after the reconcile. */
  revision: number;
  created: string[];
  configured: string[];
  unchanged: number;
  pruned: string[];
  notes: string;
  ms: number;
}

interface HelmReleaseSpec {
  releaseName?: string;
  targetNamespace?: string;
  chart: {
    spec: { chart: string; version?: string; sourceRef: { kind: string; name: string; namespace?: string } };
  };
  values?: Values;
}

interface ReleaseState {
  revision: number;
  chartVersion: string;
  configDigest: string;
  objects: KubeObject[];
}

const releases = new WeakMap<FluxRuntime, Map<string, ReleaseState>>();
const CLUSTER_SCOPED = new Set([
  "Namespace",
  "ClusterRole",
  "ClusterRoleBinding",
  "CustomResourceDefinition",
]);
const FIELD_MANAGER = "helm-controller";

/** Reconcile every HelmRelease in the cluster. */
export async function reconcileHelmReleases(runtime: FluxRuntime): Promise<HelmReleaseReport[]> {
  const state = releases.get(runtime) ?? new Map<string, ReleaseState>();
  releases.set(runtime, state);
  const reports: HelmReleaseReport[] = [];
  for (const hr of await runtime.cluster.list({
    apiVersion: "helm.toolkit.fluxcd.io/v2",
    kind: "HelmRelease",
  })) {
    reports.push(await reconcileOne(runtime, state, hr));
  }
  return reports;
}

async function reconcileOne(
  runtime: FluxRuntime,
  state: Map<string, ReleaseState>,
  hr: KubeObject,
): Promise<HelmReleaseReport> {
  const start = performance.now();
  const spec = hr.spec as HelmReleaseSpec;
  const namespace = spec.targetNamespace || hr.metadata.namespace || "default";
  const hrName = hr.metadata.name ?? "";
  const releaseName = spec.releaseName || hrName;
  const { sourceRef } = spec.chart.spec;
  const repoKey = `${sourceRef.kind}/${sourceRef.namespace || hr.metadata.namespace}/${sourceRef.name}`;
  const repository = runtime.helmIndexes.get(repoKey);
  if (!repository) throw new Error(`HelmRelease ${keyOf(hr)}: ${repoKey} has no index yet`);
  const pkg = await fetchHelmChart({
    url: repository.url,
    index: repository.index,
    chart: spec.chart.spec.chart,
    version: spec.chart.spec.version,
    fetch: runtime.fetch,
  });
  const values = spec.values ?? {};
  const configDigest = `sha256:${sha256Hex(JSON.stringify(values))}`;
  const previous = state.get(keyOf(hr));
  const base = { name: `${namespace}/${releaseName}`, chart: `${pkg.name}@${pkg.version}` };
  if (previous && previous.chartVersion === pkg.version && previous.configDigest === configDigest) {
    return {
      ...base,
      action: "none",
      revision: previous.revision,
      created: [],
      configured: [],
      unchanged: previous.objects.length,
      pruned: [],
      notes: "",
      ms: performance.now() - start,
    };
  }

  const revision = (previous?.revision ?? 0) + 1;
  const chart = loadChart({ archive: pkg.data });
  const rendered = renderChart({
    chart,
    values,
    release: { name: releaseName, namespace, revision, isInstall: !previous, isUpgrade: !!previous },
  });
  const objects: KubeObject[] = [];
  for (const manifest of rendered.manifests) {
    for (const doc of parseYamlStream(manifest.content, { file: manifest.name }) as (KubeObject | null)[]) {
      if (!doc) continue;
      if (!CLUSTER_SCOPED.has(doc.kind)) doc.metadata.namespace ??= namespace;
      // helm-controller's post-renderer labels every object with its HelmRelease.
      doc.metadata.labels = {
        ...doc.metadata.labels,
        "helm.toolkit.fluxcd.io/name": hrName,
        "helm.toolkit.fluxcd.io/namespace": hr.metadata.namespace ?? "default",
      };
      objects.push(doc);
    }
  }
  const results = await runtime.cluster.apply({ objects, fieldManager: FIELD_MANAGER });
  const subject = (o: KubeObject) =>
    `${o.kind}/${o.metadata.namespace ? `${o.metadata.namespace}/` : ""}${o.metadata.name}`;
  const kept = new Set(objects.map(subject));
  const pruned: string[] = [];
  for (const old of previous?.objects ?? []) {
    if (kept.has(subject(old))) continue;
    await runtime.cluster.delete({
      apiVersion: old.apiVersion,
      kind: old.kind,
      namespace: old.metadata.namespace,
      name: old.metadata.name ?? "",
    });
    pruned.push(subject(old));
  }
  state.set(keyOf(hr), { revision, chartVersion: pkg.version, configDigest, objects });

  const action = previous ? "upgrade" : "install";
  const snapshot = {
    namespace,
    name: releaseName,
    version: revision,
    chartName: pkg.name,
    chartVersion: pkg.version,
    appVersion: pkg.metadata.appVersion,
    configDigest,
  };
  const event = helmReleaseEvent({ helmRelease: hr, action, release: snapshot, clock: runtime.clock });
  await writeStatus(runtime.cluster, hr, {
    observedGeneration: hr.metadata.generation,
    lastAttemptedRevision: pkg.version,
    lastAttemptedConfigDigest: configDigest,
    history: [{ ...snapshot, status: "deployed" }],
    conditions: [readyCondition(runtime.clock, true, event.reason, event.message, hr.metadata.generation)],
  });
  await runtime.record(event);
  return {
    ...base,
    action,
    revision,
    created: results.filter((r) => r.action === "created").map((r) => subject(r.object)),
    configured: results.filter((r) => r.action === "configured").map((r) => subject(r.object)),
    unchanged: results.filter((r) => r.action === "unchanged").length,
    pruned,
    notes: rendered.notes.trim(),
    ms: performance.now() - start,
  };
}
