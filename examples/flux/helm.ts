/**
 * helm-controller: every HelmRelease in the cluster reconciled with `reconcileHelmRelease` from
 * `@gitops-kit/helm` (chart from the HelmRepository, values, Helm-format release Secrets, the plan:
 * install, upgrade, nothing...), its status written back and an install/upgrade event recorded. The
 * cluster it is given records what each apply and delete did, for the report.
 */
import type { ApplyResult, ClusterAdapter, KubeObject } from "@gitops-kit/core";
import { clusterChartSources, reconcileHelmRelease } from "@gitops-kit/helm";
import { helmReleaseEvent } from "@gitops-kit/notify";
import { type FluxRuntime, writeStatus } from "./runtime.js";

/** What one HelmRelease reconcile did. */
export interface HelmReleaseReport {
  name: string;
  /** `install`, `upgrade`, ... as planned; `none` when the release was in sync. */
  action: string;
  ready: boolean;
  /** The Ready condition's message. */
  message: string;
  /** `chart@version` of the latest release. */
  chart: string;
  /** Release version after the reconcile. */
  revision: number;
  created: string[];
  configured: string[];
  unchanged: number;
  pruned: string[];
  ms: number;
}

function subject(o: { kind: string; metadata: { namespace?: string; name?: string } }): string {
  return `${o.kind}/${o.metadata.namespace ? `${o.metadata.namespace}/` : ""}${o.metadata.name ?? ""}`;
}

/** A cluster that remembers the outcome of every (non dry-run) apply and delete made through it. */
function recording(cluster: ClusterAdapter): ClusterAdapter & { applied: ApplyResult[]; deleted: string[] } {
  const applied: ApplyResult[] = [];
  const deleted: string[] = [];
  return {
    applied,
    deleted,
    get: (ref) => cluster.get(ref),
    list: (options) => cluster.list(options),
    async apply(options) {
      const results = await cluster.apply(options);
      if (!options.dryRun) applied.push(...results);
      return results;
    },
    async delete(options) {
      const gone = await cluster.delete(options);
      if (!options.dryRun) deleted.push(subject({ kind: options.kind, metadata: options }));
      return gone;
    },
  };
}

/** Reconcile every HelmRelease in the cluster once. */
export async function reconcileHelmReleases(runtime: FluxRuntime): Promise<HelmReleaseReport[]> {
  const reports: HelmReleaseReport[] = [];
  const list = await runtime.cluster.list({ apiVersion: "helm.toolkit.fluxcd.io/v2", kind: "HelmRelease" });
  for (const hr of list) reports.push(await reconcileOne(runtime, hr));
  return reports;
}

async function reconcileOne(runtime: FluxRuntime, hr: KubeObject): Promise<HelmReleaseReport> {
  const start = performance.now();
  const cluster = recording(runtime.cluster);
  const result = await reconcileHelmRelease({
    release: hr,
    cluster,
    sources: clusterChartSources({ cluster: runtime.cluster }),
    fetch: runtime.fetch,
    clock: runtime.clock,
  });
  await writeStatus(runtime.cluster, hr, result.status);
  const live = await runtime.cluster.get({
    apiVersion: hr.apiVersion,
    kind: hr.kind,
    namespace: hr.metadata.namespace,
    name: hr.metadata.name ?? "",
  });
  for (const action of result.actions) {
    if (action.action !== "install" && action.action !== "upgrade") continue;
    const record = result.history.find((r) => r.version === action.version);
    if (!record) continue;
    await runtime.record(
      helmReleaseEvent({
        helmRelease: live,
        action: action.action,
        release: {
          namespace: record.namespace,
          name: record.name,
          version: record.version,
          chartName: record.chart.name,
          chartVersion: record.chart.version,
          appVersion: record.chart.appVersion,
          configDigest: record.configDigest,
        },
        ...(action.ok ? {} : { error: action.message }),
        clock: runtime.clock,
      }),
    );
  }
  const latest = result.history.at(-1);
  const by = (action: string) =>
    cluster.applied.filter((r) => r.action === action).map((r) => subject(r.object));
  return {
    name: `${hr.metadata.namespace}/${hr.metadata.name}`,
    action: result.actions.map((a) => a.action).join(", ") || "none",
    ready: result.ready.status === "True",
    message: result.ready.message ?? "",
    chart: latest ? `${latest.chart.name}@${latest.chart.version}` : "",
    revision: latest?.version ?? 0,
    created: by("created"),
    configured: by("configured"),
    unchanged: by("unchanged").length,
    pruned: cluster.deleted,
    ms: performance.now() - start,
  };
}
