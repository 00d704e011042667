import { type KubeObject, MemoryCluster } from "@gitops-kit/core";
import { describe, expect, it } from "vitest";
import {
  type HelmReleaseStatus,
  listReleases,
  type ReleaseRecord,
  readReleaseSecret,
  reconcileHelmRelease,
  releaseSecret,
  staticChartSources,
  uninstallHelmRelease,
} from "../../src/index.js";
import { webChart } from "./fixtures.js";

const chart = webChart("1.0.0", {
  "web/templates/extra.yaml": [
    "apiVersion: v1",
    "kind: ConfigMap",
    "metadata:",
    "  name: extra",
    "  namespace: {{ .Values.extraNamespace | default .Release.Namespace }}",
    "",
  ].join("\n"),
});
const sources = staticChartSources({
  "OCIRepository/apps/web": {
    kind: "OCIRepository",
    artifact: { tarGz: chart, revision: "1.0.0@sha256:0abc" },
  },
});

function helmRelease(spec: Record<string, unknown>, generation: number, status?: HelmReleaseStatus) {
  return {
    apiVersion: "helm.toolkit.fluxcd.io/v2",
    kind: "HelmRelease",
    metadata: { name: "web", namespace: "apps", generation },
    spec: { interval: "1m", chartRef: { kind: "OCIRepository", name: "web" }, ...spec },
    ...(status ? { status } : {}),
  };
}

describe("remediation", () => {
  it("rolls back a failed upgrade while retries last, then stalls", async () => {
    const cluster = new MemoryCluster({ namespaces: ["apps"] });
    const spec = { upgrade: { remediation: { retries: 1 } } };
    const first = await reconcileHelmRelease({
      release: helmRelease({ ...spec, values: { replicas: 2 } }, 1),
      cluster,
      sources,
    });
    expect(first.ready.status).toBe("True");
    expect(first.status.history?.[0].ociDigest).toBe("sha256:0abc");
    const r = await reconcileHelmRelease({
      release: helmRelease({ ...spec, values: { replicas: 3, extraNamespace: "missing" } }, 2, first.status),
      cluster,
      sources,
    });
    expect(r.actions.map((a) => `${a.action}:${a.ok}`)).toEqual([
      "upgrade:false",
      "rollback:true",
      "upgrade:false",
      "rollback:true",
    ]);
    expect(r.ready).toMatchObject({ status: "False", reason: "RollbackSucceeded" });
    expect(r.ready.message).toBe(
      "Helm rollback to previous release apps/web.v3 with chart web@1.0.0 succeeded",
    );
    expect(r.plan).toMatchObject({ action: "none", stalled: true });
    expect(r.status.conditions?.find((c) => c.type === "Stalled")).toMatchObject({
      status: "True",
      reason: "RetriesExceeded",
    });
    expect(r.history.map((h) => [h.version, h.status, h.action])).toEqual([
      [1, "superseded", "install"],
      [2, "superseded", "upgrade"],
      [3, "superseded", "rollback"],
      [4, "superseded", "upgrade"],
      [5, "deployed", "rollback"],
    ]);
    expect(r.history[1].description).toContain('namespaces "missing" not found');
    const deployment = await cluster.get({
      apiVersion: "apps/v1",
      kind: "Deployment",
      name: "web",
      namespace: "apps",
    });
    expect(deployment.spec).toMatchObject({ replicas: 2 });
  });

  it("keeps at most maxHistory releases in storage", async () => {
    const cluster = new MemoryCluster({ namespaces: ["apps"] });
    let status: HelmReleaseStatus | undefined;
    for (let i = 1; i <= 4; i++) {
      const r = await reconcileHelmRelease({
        release: helmRelease({ maxHistory: 2, values: { replicas: i } }, i, status),
        cluster,
        sources,
      });
      status = r.status;
    }
    const stored = await listReleases({ cluster, name: "web", storageNamespace: "apps" });
    expect(stored.map((s) => s.version)).toEqual([3, 4]);
  });

  it("fails a release whose tests fail, and stalls without install retries", async () => {
    const cluster = new MemoryCluster({ namespaces: ["apps"] });
    const seen: string[] = [];
    const r = await reconcileHelmRelease({
      release: helmRelease({ test: { enable: true } }, 1),
      cluster,
      sources,
      testRunner: async ({ hooks }) => {
        seen.push(...hooks.map((h) => h.name));
        return { "web-test": { phase: "Failed" } };
      },
    });
    expect(seen).toEqual(["web-test"]);
    expect(r.actions.map((a) => `${a.action}:${a.ok}`)).toEqual(["install:true", "test:false"]);
    expect(r.ready).toMatchObject({ status: "False", reason: "TestFailed" });
    expect(r.status.installFailures).toBe(1);
    expect(r.plan).toMatchObject({ state: "Failed", stalled: true });
  });

  it("records tests as passed without a runner, and says they were not executed", async () => {
    const cluster = new MemoryCluster({ namespaces: ["apps"] });
    const r = await reconcileHelmRelease({
      release: helmRelease({ test: { enable: true } }, 1),
      cluster,
      sources,
    });
    expect(r.actions.map((a) => `${a.action}:${a.ok}`)).toEqual(["install:true", "test:true"]);
    const tests = r.status.conditions?.find((c) => c.type === "TestSuccess");
    expect(tests).toMatchObject({ status: "True", reason: "TestSucceeded" });
    expect(tests?.message).toContain("not executed");
    expect(r.ready.status).toBe("True");
  });

  it("corrects drift when driftDetection is enabled", async () => {
    const cluster = new MemoryCluster({ namespaces: ["apps"] });
    const spec = { driftDetection: { mode: "enabled" }, values: { replicas: 2 } };
    const first = await reconcileHelmRelease({ release: helmRelease(spec, 1), cluster, sources });
    await cluster.apply({
      objects: [
        {
          apiVersion: "apps/v1",
          kind: "Deployment",
          metadata: { name: "web", namespace: "apps" },
          spec: { replicas: 9 },
        },
      ],
      fieldManager: "kubectl",
      force: true,
    });
    const r = await reconcileHelmRelease({ release: helmRelease(spec, 1, first.status), cluster, sources });
    expect(r.drift?.summary).toBe("Deployment/apps/web changed (/spec/replicas)");
    expect(r.actions.map((a) => `${a.action}:${a.ok}`)).toEqual(["correct-drift:true"]);
    const deployment = await cluster.get({
      apiVersion: "apps/v1",
      kind: "Deployment",
      name: "web",
      namespace: "apps",
    });
    expect(deployment.spec).toMatchObject({ replicas: 2 });
    expect(r.status.conditions?.find((c) => c.type === "Drifted")).toMatchObject({
      status: "False",
      reason: "NoDriftDetected",
    });
  });

  it("only warns about drift in warn mode", async () => {
    const cluster = new MemoryCluster({ namespaces: ["apps"] });
    const spec = { driftDetection: { mode: "warn" }, values: { replicas: 2 } };
    const first = await reconcileHelmRelease({ release: helmRelease(spec, 1), cluster, sources });
    await cluster.delete({ apiVersion: "v1", kind: "ConfigMap", name: "extra", namespace: "apps" });
    const r = await reconcileHelmRelease({ release: helmRelease(spec, 1, first.status), cluster, sources });
    expect(r.actions).toEqual([]);
    expect(r.status.conditions?.find((c) => c.type === "Drifted")).toMatchObject({
      status: "True",
      reason: "DriftDetected",
    });
  });

  it("reports a missing source as ArtifactFailed and bad values as ValuesError", async () => {
    const cluster = new MemoryCluster({ namespaces: ["apps"] });
    const noSource = await reconcileHelmRelease({
      release: helmRelease({}, 1),
      cluster,
      sources: staticChartSources({}),
    });
    expect(noSource.ready).toMatchObject({ status: "False", reason: "ArtifactFailed" });
    const noValues = await reconcileHelmRelease({
      release: helmRelease({ valuesFrom: [{ kind: "Secret", name: "absent" }] }, 1),
      cluster,
      sources,
    });
    expect(noValues.ready).toMatchObject({ status: "False", reason: "ValuesError" });
    expect(noValues.ready.message).toContain("could not resolve Secret chart values reference 'apps/absent'");
  });
});

describe("release storage Secrets", () => {
  it("round-trip a record in Helm's secrets driver layout", () => {
    const record: ReleaseRecord = {
      name: "web",
      namespace: "apps",
      version: 7,
      status: "deployed",
      description: "Upgrade complete",
      firstDeployed: "2026-01-01T00:00:00Z",
      lastDeployed: "2026-01-02T00:00:00Z",
      chart: { name: "web", version: "1.0.0", appVersion: "1.0", apiVersion: "v2" },
      config: { replicas: 2, nested: { list: [1, "a"] } },
      configDigest: "sha256:abc",
      manifest: "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n",
      hooks: [
        { name: "t", kind: "Pod", path: "web/templates/test.yaml", manifest: "kind: Pod", events: ["test"] },
      ],
      testHooks: { t: { phase: "Succeeded" } },
      action: "upgrade",
    };
    const secret: KubeObject = releaseSecret(record, "flux-system");
    expect(secret.metadata).toEqual({
      name: "sh.helm.release.v1.web.v7",
      namespace: "flux-system",
      labels: { name: "web", owner: "helm", status: "deployed", version: "7" },
    });
    expect(secret.type).toBe("helm.sh/release.v1");
    // data.release is base64 of Helm's own base64 text of gzipped JSON (gzip magic: H4sI in base64).
    const inner = Buffer.from(String((secret.data as Record<string, string>).release), "base64").toString();
    expect(inner.startsWith("H4sI")).toBe(true);
    expect(readReleaseSecret(secret)).toEqual(record);
  });

  it("refuses data that is not a release", () => {
    expect(() =>
      readReleaseSecret({
        apiVersion: "v1",
        kind: "Secret",
        metadata: { name: "x" },
        data: { release: "bm90IGd6aXA=" },
      }),
    ).toThrow("release Secret 'x': cannot decode release data");
  });
});

describe("post-renderers across runs", () => {
  it("upgrade once when post-renderers change, then settle", async () => {
    const cluster = new MemoryCluster({ namespaces: ["apps"] });
    const patch = (team: string) => ({
      postRenderers: [
        {
          kustomize: {
            patches: [
              {
                target: { kind: "Deployment" },
                patch: `- op: add\n  path: /metadata/annotations\n  value: {team: ${team}}\n`,
              },
            ],
          },
        },
      ],
    });
    const first = await reconcileHelmRelease({ release: helmRelease(patch("a"), 1), cluster, sources });
    expect(first.actions.map((a) => a.action)).toEqual(["install"]);
    const same = await reconcileHelmRelease({
      release: helmRelease(patch("a"), 1, first.status),
      cluster,
      sources,
    });
    expect(same.actions).toEqual([]);
    const changed = await reconcileHelmRelease({
      release: helmRelease(patch("b"), 2, same.status),
      cluster,
      sources,
    });
    expect(changed.actions.map((a) => [a.action, a.reason])).toEqual([
      ["upgrade", "postrenderers digest has changed"],
    ]);
    const deployment = await cluster.get({
      apiVersion: "apps/v1",
      kind: "Deployment",
      name: "web",
      namespace: "apps",
    });
    expect(deployment.metadata?.annotations).toEqual({ team: "b" });
    const settled = await reconcileHelmRelease({
      release: helmRelease(patch("b"), 2, changed.status),
      cluster,
      sources,
    });
    expect(settled.actions).toEqual([]);
  });
});

describe("release target changes and uninstall", () => {
  it("uninstalls the old release when targetNamespace changes, then installs afresh", async () => {
    const cluster = new MemoryCluster({ namespaces: ["apps", "prod"] });
    const first = await reconcileHelmRelease({ release: helmRelease({}, 1), cluster, sources });
    expect(first.history.map((h) => `${h.namespace}/${h.name}`)).toEqual(["apps/web"]);
    const moved = await reconcileHelmRelease({
      release: helmRelease({ targetNamespace: "prod" }, 2, first.status),
      cluster,
      sources,
    });
    expect(moved.actions.map((a) => a.action)).toEqual(["install"]);
    expect(moved.ready.message).toBe(
      "Helm install succeeded for release prod/prod-web.v1 with chart web@1.0.0",
    );
    await expect(
      cluster.get({ apiVersion: "apps/v1", kind: "Deployment", name: "web", namespace: "apps" }),
    ).rejects.toThrow();
    await cluster.get({ apiVersion: "apps/v1", kind: "Deployment", name: "prod-web", namespace: "prod" });
    expect(await listReleases({ cluster, name: "web", storageNamespace: "apps" })).toEqual([]);
    expect(moved.status.history?.map((h) => `${h.namespace}/${h.name}.v${h.version}`)).toEqual([
      "prod/prod-web.v1",
    ]);
  });

  it("uninstalls a deleted HelmRelease, keeping history only when asked", async () => {
    const cluster = new MemoryCluster({ namespaces: ["apps"] });
    const r = await reconcileHelmRelease({ release: helmRelease({}, 1), cluster, sources });
    const version = await uninstallHelmRelease({
      release: helmRelease({ uninstall: { keepHistory: true } }, 1, r.status),
      cluster,
    });
    expect(version).toBe(1);
    await expect(
      cluster.get({ apiVersion: "v1", kind: "ConfigMap", name: "web-config", namespace: "apps" }),
    ).rejects.toThrow();
    expect(
      (await listReleases({ cluster, name: "web", storageNamespace: "apps" })).map((h) => h.status),
    ).toEqual(["uninstalled"]);
    const again = await reconcileHelmRelease({ release: helmRelease({}, 1, r.status), cluster, sources });
    expect(again.actions.map((a) => a.action)).toEqual(["install"]);
    expect(await uninstallHelmRelease({ release: helmRelease({}, 1, again.status), cluster })).toBe(2);
    expect(await listReleases({ cluster, name: "web", storageNamespace: "apps" })).toEqual([]);
    expect(await uninstallHelmRelease({ release: helmRelease({}, 1), cluster })).toBeUndefined();
  });
});

describe("cluster-scoped objects", () => {
  it("stay without a namespace (built-in kinds and kinds of cluster-scoped CRDs), so a re-run finds no drift", async () => {
    const scoped = webChart("1.0.0", {
      "web/crds/widget.yaml": [
        "apiVersion: apiextensions.k8s.io/v1",
        "kind: CustomResourceDefinition",
        "metadata:",
        "  name: widgets.example.com",
        "spec:",
        "  group: example.com",
        "  scope: Cluster",
        "  names: {kind: Widget, plural: widgets}",
        "  versions: [{name: v1, served: true, storage: true}]",
        "",
      ].join("\n"),
      "web/templates/rbac.yaml": [
        "apiVersion: rbac.authorization.k8s.io/v1",
        "kind: ClusterRole",
        "metadata:",
        "  name: {{ .Release.Name }}-reader",
        "rules: []",
        "---",
        "apiVersion: example.com/v1",
        "kind: Widget",
        "metadata:",
        "  name: {{ .Release.Name }}-widget",
        "",
      ].join("\n"),
    });
    const src = staticChartSources({
      "OCIRepository/apps/web": {
        kind: "OCIRepository",
        artifact: { tarGz: scoped, revision: "1.0.0@sha256:0abc" },
      },
    });
    const cluster = new MemoryCluster({ namespaces: ["apps"] });
    const spec = { driftDetection: { mode: "enabled" } };
    const first = await reconcileHelmRelease({ release: helmRelease(spec, 1), cluster, sources: src });
    expect(first.ready.reason).toBe("InstallSucceeded");
    const manifest = first.history[0].manifest;
    expect(manifest).toContain("name: web-reader\n");
    expect(manifest).not.toMatch(/name: web-reader\n\s+namespace:/);
    expect(manifest).not.toMatch(/name: web-widget\n\s+namespace:/);
    const widget = await cluster.get({ apiVersion: "example.com/v1", kind: "Widget", name: "web-widget" });
    expect(widget.metadata?.namespace).toBeUndefined();
    const again = await reconcileHelmRelease({
      release: helmRelease(spec, 1, first.status),
      cluster,
      sources: src,
    });
    expect(again.drift).toMatchObject({ drifted: false });
    expect(again.actions).toEqual([]);
  });
});

describe("Ready from the stored release when the status lost its conditions", () => {
  it("reports the latest release as released, in sync or drifted in warn mode", async () => {
    const cluster = new MemoryCluster({ namespaces: ["apps"] });
    const spec = { driftDetection: { mode: "warn" } };
    const first = await reconcileHelmRelease({ release: helmRelease(spec, 1), cluster, sources });
    const bare = { ...first.status, conditions: [] };
    const insync = await reconcileHelmRelease({ release: helmRelease(spec, 1, bare), cluster, sources });
    expect(insync.ready).toMatchObject({ status: "True", reason: "InstallSucceeded" });
    await cluster.delete({ apiVersion: "v1", kind: "ConfigMap", name: "extra", namespace: "apps" });
    const drifted = await reconcileHelmRelease({ release: helmRelease(spec, 1, bare), cluster, sources });
    expect(drifted.actions).toEqual([]);
    expect(drifted.ready).toMatchObject({ status: "True", reason: "InstallSucceeded" });
    expect(drifted.status.conditions?.find((c) => c.type === "Drifted")?.status).toBe("True");
  });
});

describe("after a rollback", () => {
  it("is ready again once the spec asks for what the rollback restored", async () => {
    const cluster = new MemoryCluster({ namespaces: ["apps"] });
    const spec = { upgrade: { remediation: { retries: 1 } } };
    const first = await reconcileHelmRelease({
      release: helmRelease({ ...spec, values: { replicas: 2 } }, 1),
      cluster,
      sources,
    });
    const failed = await reconcileHelmRelease({
      release: helmRelease({ ...spec, values: { replicas: 3, extraNamespace: "missing" } }, 2, first.status),
      cluster,
      sources,
    });
    expect(failed.ready).toMatchObject({ status: "False", reason: "RollbackSucceeded" });
    const reverted = await reconcileHelmRelease({
      release: helmRelease({ ...spec, values: { replicas: 2 } }, 3, failed.status),
      cluster,
      sources,
    });
    expect(reverted.actions).toEqual([]);
    expect(reverted.ready).toMatchObject({ status: "True", reason: "UpgradeSucceeded" });
    expect(reverted.status.conditions?.some((c) => c.type === "Remediated")).toBe(false);
    expect(reverted.status.conditions?.some((c) => c.type === "Stalled")).toBe(false);
  });
});
