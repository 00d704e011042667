import type { Server } from "node:http";
import { fixedClock, MemoryCluster } from "@gitops-kit/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type HelmReleaseStatus,
  readReleaseSecret,
  reconcileHelmRelease,
  staticChartSources,
} from "../../src/index.js";
import { indexFor, startRepository, webChart } from "./fixtures.js";

let repo: { url: string; server: Server; requests: string[] };
const files = new Map<string, Uint8Array | string>();

beforeAll(async () => {
  const v010 = webChart("0.1.0");
  const v011 = webChart("0.1.1");
  const v020 = webChart("0.2.0");
  files.set("web-0.1.0.tgz", v010);
  files.set("web-0.1.1.tgz", v011);
  files.set("web-0.2.0.tgz", v020);
  files.set(
    "index.yaml",
    indexFor([
      { name: "web", version: "0.1.0", data: v010 },
      { name: "web", version: "0.1.1", data: v011 },
      { name: "web", version: "0.2.0", data: v020 },
    ]),
  );
  repo = await startRepository(files);
});

afterAll(() => {
  repo.server.close();
});

function helmRelease(generation: number, values: Record<string, unknown>, status?: HelmReleaseStatus) {
  return {
    apiVersion: "helm.toolkit.fluxcd.io/v2",
    kind: "HelmRelease",
    metadata: { name: "web", namespace: "apps", generation },
    spec: {
      interval: "5m",
      chart: {
        spec: { chart: "web", version: "0.1.x", sourceRef: { kind: "HelmRepository", name: "charts" } },
      },
      valuesFrom: [{ kind: "ConfigMap", name: "web-values" }],
      values,
    },
    ...(status ? { status } : {}),
  };
}

describe("reconcileHelmRelease end to end (MemoryCluster + a chart repository on 127.0.0.1)", () => {
  const cluster = new MemoryCluster({
    namespaces: ["default", "apps"],
    clock: fixedClock("2026-01-01T00:00:00Z"),
  });
  const sources = () =>
    staticChartSources({ "HelmRepository/apps/charts": { kind: "HelmRepository", url: repo.url } });
  let status: HelmReleaseStatus | undefined;
  /** Reconcile generation `generation` with `values`, from the status the previous test left. */
  const reconcile = (generation: number, values: Record<string, unknown>) =>
    reconcileHelmRelease({ release: helmRelease(generation, values, status), cluster, sources: sources() });
  const getInApps = (apiVersion: string, kind: string, name: string) =>
    cluster.get({ apiVersion, kind, name, namespace: "apps" });

  it("installs the highest matching chart version with values from a ConfigMap and inline values", async () => {
    await cluster.apply({
      objects: [
        {
          apiVersion: "v1",
          kind: "ConfigMap",
          metadata: { name: "web-values", namespace: "apps" },
          data: { "values.yaml": "message: from-configmap\nreplicas: 5\n" },
        },
      ],
      fieldManager: "test",
    });
    const r = await reconcile(1, { replicas: 2 });
    expect(r.actions.map((a) => [a.action, a.ok])).toEqual([["install", true]]);
    expect(r.ready).toMatchObject({ status: "True", reason: "InstallSucceeded" });
    expect(r.ready.message).toBe("Helm install succeeded for release apps/web.v1 with chart web@0.1.1");
    const deployment = await getInApps("apps/v1", "Deployment", "web");
    // Inline values win over valuesFrom; valuesFrom wins over chart defaults.
    expect(deployment.spec).toMatchObject({ replicas: 2 });
    expect(deployment.metadata?.labels).toEqual({
      "helm.toolkit.fluxcd.io/name": "web",
      "helm.toolkit.fluxcd.io/namespace": "apps",
    });
    const config = await getInApps("v1", "ConfigMap", "web-config");
    expect(config.data).toEqual({ message: "from-configmap", revision: "1" });
    // The test hook is recorded, not applied.
    await expect(getInApps("v1", "Pod", "web-test")).rejects.toThrow();
    const stored = readReleaseSecret(await getInApps("v1", "Secret", "sh.helm.release.v1.web.v1"));
    expect(stored).toMatchObject({
      name: "web",
      version: 1,
      status: "deployed",
      chart: { name: "web", version: "0.1.1" },
    });
    expect(stored.hooks.map((h) => h.name)).toEqual(["web-test"]);
    expect(r.status.history?.map((h) => [h.version, h.status])).toEqual([[1, "deployed"]]);
    expect(r.status.observedGeneration).toBe(1);
    status = r.status;
  });

  it("does nothing when re-run with nothing changed", async () => {
    const before = repo.requests.length;
    const r = await reconcile(1, { replicas: 2 });
    expect(r.actions).toEqual([]);
    expect(r.plan).toMatchObject({ action: "none", state: "InSync" });
    expect(r.ready).toMatchObject({ status: "True", reason: "InstallSucceeded" });
    expect(repo.requests.length).toBeGreaterThan(before); // the chart is resolved each time
    status = r.status;
  });

  it("upgrades when the values change, superseding the previous release", async () => {
    const r = await reconcile(2, { replicas: 3 });
    expect(r.actions.map((a) => [a.action, a.ok])).toEqual([["upgrade", true]]);
    expect(r.ready).toMatchObject({ status: "True", reason: "UpgradeSucceeded" });
    expect(r.ready.message).toBe("Helm upgrade succeeded for release apps/web.v2 with chart web@0.1.1");
    const deployment = await getInApps("apps/v1", "Deployment", "web");
    expect(deployment.spec).toMatchObject({ replicas: 3 });
    const config = await getInApps("v1", "ConfigMap", "web-config");
    expect(config.data).toMatchObject({ revision: "2" });
    expect(r.status.history?.map((h) => [h.version, h.status])).toEqual([
      [2, "deployed"],
      [1, "superseded"],
    ]);
    status = r.status;
  });

  it("reports a failing render as Ready=False / UpgradeFailed and leaves the cluster as it was", async () => {
    const r = await reconcile(3, { replicas: 4, fail: true });
    expect(r.actions.map((a) => [a.action, a.ok])).toEqual([["upgrade", false]]);
    expect(r.ready).toMatchObject({ status: "False", reason: "UpgradeFailed" });
    expect(r.ready.message).toContain("Helm upgrade failed for release apps/web with chart web@0.1.1:");
    expect(r.ready.message).toContain("the chart refused these values");
    expect(r.plan).toMatchObject({ action: "none", stalled: true });
    expect(r.status.upgradeFailures).toBe(1);
    const deployment = await getInApps("apps/v1", "Deployment", "web");
    expect(deployment.spec).toMatchObject({ replicas: 3 });
    // A render failure stores no release.
    expect(r.history.map((h) => h.version)).toEqual([1, 2]);
    status = r.status;
  });

  it("recovers on the next values change (failures are counted afresh)", async () => {
    const r = await reconcile(4, { replicas: 1 });
    expect(r.actions.map((a) => [a.action, a.ok])).toEqual([["upgrade", true]]);
    expect(r.ready).toMatchObject({ status: "True", reason: "UpgradeSucceeded" });
    expect(r.status.upgradeFailures).toBe(0);
  });
});
