import { type KubeObject, type ManualClock, MemoryCluster, manualClock } from "@gitops-kit/core";
import {
  ApplyError,
  applyObjects,
  checkDependencies,
  compileIgnoreRules,
  computeHealth,
  DependencyCycleError,
  DependencyNotReadyError,
  finalizeKustomization,
  formatObjMetadata,
  HealthCheckError,
  inventoryEntryOf,
  orderKustomizations,
  parseFluxKustomization,
  parseObjMetadata,
  pruneObjects,
  sortForApply,
  staleEntries,
  waitForHealthy,
} from "@gitops-kit/kustomize";
import { describe, expect, it } from "vitest";

const owner = { name: "apps", namespace: "flux-system" };
const ns = (name: string): KubeObject => ({ apiVersion: "v1", kind: "Namespace", metadata: { name } });
const cm = (name: string, namespace = "apps", extra: Partial<KubeObject["metadata"]> = {}): KubeObject => ({
  apiVersion: "v1",
  kind: "ConfigMap",
  metadata: { name, namespace, ...extra },
  data: { a: "b" },
});

describe("applyObjects", () => {
  it("applies in Flux's stages and order with owner labels and common metadata", async () => {
    const cluster = new MemoryCluster();
    const crd: KubeObject = {
      apiVersion: "apiextensions.k8s.io/v1",
      kind: "CustomResourceDefinition",
      metadata: { name: "widgets.example.com" },
      spec: { group: "example.com", names: { kind: "Widget", plural: "widgets" }, scope: "Namespaced" },
    };
    const stages: string[] = [];
    const { entries, changeLog } = await applyObjects({
      cluster,
      owner,
      commonMetadata: { labels: { team: "web" }, annotations: { note: "x" } },
      objects: [
        { apiVersion: "example.com/v1", kind: "Widget", metadata: { name: "w", namespace: "apps" } },
        cm("settings"),
        {
          apiVersion: "storage.k8s.io/v1",
          kind: "StorageClass",
          metadata: { name: "fast" },
          provisioner: "x",
        },
        ns("apps"),
        crd,
        {
          apiVersion: "v1",
          kind: "Secret",
          metadata: { name: "s", namespace: "apps" },
          stringData: { k: "v" },
        },
      ],
      waitForStage: async (staged, stage) => {
        stages.push(`${stage}:${staged.map((e) => e.metadata.kind).join(",")}`);
      },
    });
    expect(stages).toEqual(["definitions:CustomResourceDefinition,Namespace", "classes:StorageClass"]);
    expect(entries.map((e) => `${e.subject} ${e.action}`)).toEqual([
      "CustomResourceDefinition/widgets.example.com created",
      "Namespace/apps created",
      "StorageClass/fast created",
      "ConfigMap/apps/settings created",
      "Secret/apps/s created",
      "Widget/apps/w created",
    ]);
    expect(changeLog.split("\n")).toHaveLength(6);
    const stored = await cluster.get({ apiVersion: "v1", kind: "Secret", name: "s", namespace: "apps" });
    expect(stored.data).toEqual({ k: "dg==" });
    expect(stored.stringData).toBeUndefined();
    expect(stored.metadata?.labels).toMatchObject({
      "kustomize.toolkit.fluxcd.io/name": "apps",
      "kustomize.toolkit.fluxcd.io/namespace": "flux-system",
      team: "web",
    });
    expect(stored.metadata?.managedFields?.map((m) => m.manager)).toContain("kustomize-controller");
    expect(entries.find((e) => e.metadata.kind === "Widget")?.id).toBe("apps_w_example.com_Widget");

    // The same objects again: nothing changes, nothing is written.
    const again = await applyObjects({
      cluster,
      owner,
      objects: [ns("apps"), cm("settings")],
      commonMetadata: { labels: { team: "web" }, annotations: { note: "x" } },
    });
    expect(again.entries.map((e) => e.action)).toEqual(["unchanged", "unchanged"]);
    expect(again.changeLog).toBe("");
  });

  it("honours ssa: Ignore / IfNotPresent and reconcile: disabled", async () => {
    const cluster = new MemoryCluster({ namespaces: ["apps"] });
    await cluster.apply({
      objects: [cm("present", "apps", { labels: { keep: "theirs" } })],
      fieldManager: "kubectl",
    });
    const { entries } = await applyObjects({
      cluster,
      owner,
      objects: [
        cm("ignored", "apps", { annotations: { "kustomize.toolkit.fluxcd.io/ssa": "ignore" } }),
        cm("present", "apps", { annotations: { "kustomize.toolkit.fluxcd.io/ssa": "IfNotPresent" } }),
        cm("absent", "apps", { annotations: { "kustomize.toolkit.fluxcd.io/ssa": "IfNotPresent" } }),
        cm("off", "apps", { labels: { "kustomize.toolkit.fluxcd.io/reconcile": "disabled" } }),
      ],
    });
    expect(entries.map((e) => `${e.metadata.name} ${e.action}`)).toEqual([
      "absent created",
      "ignored skipped",
      "off skipped",
      "present skipped",
    ]);
    const present = await cluster.get({
      apiVersion: "v1",
      kind: "ConfigMap",
      name: "present",
      namespace: "apps",
    });
    expect(present.metadata?.labels).toEqual({ keep: "theirs" });
  });

  it("refuses SOPS-encrypted Secrets and invalid labels, naming the object", async () => {
    const cluster = new MemoryCluster({ namespaces: ["apps"] });
    const encrypted = { ...cm("x"), kind: "Secret", sops: { mac: "ENC[...]" } };
    await expect(applyObjects({ cluster, owner, objects: [encrypted] })).rejects.toThrow(
      "Secret/apps/x is SOPS encrypted, configuring decryption is required for this secret to be reconciled",
    );
    const bad = cm("bad", "apps", { labels: { color: "${color:=blue}" } });
    const err = await applyObjects({ cluster, owner, objects: [cm("good"), bad] }).catch((e) => e);
    expect(err).toBeInstanceOf(ApplyError);
    expect(err.message).toMatch(
      /^ConfigMap\/apps\/bad dry-run failed \(Invalid\): ConfigMap "bad" is invalid: metadata.labels: Invalid value: "\$\{color:=blue\}"/,
    );
  });
});

describe("drift ignore rules (spec.ignore)", () => {
  const deploy = (replicas: number, extra: Record<string, unknown> = {}): KubeObject => ({
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: "web", namespace: "apps", labels: { app: "web" } },
    spec: { replicas, ...extra },
  });

  it("keeps fields another manager applies and adopts drift on fields only Flux applies", async () => {
    const cluster = new MemoryCluster({ namespaces: ["apps"] });
    const ignore = [{ paths: ["/spec/replicas"], target: { kind: "Deploy.*", labelSelector: "app=web" } }];
    await applyObjects({ cluster, owner, objects: [deploy(1)], ignore });
    // An autoscaler takes over replicas with its own apply.
    await cluster.apply({ objects: [deploy(5)], fieldManager: "hpa", force: true });
    const again = await applyObjects({ cluster, owner, objects: [deploy(1)], ignore });
    expect(again.entries.map((e) => e.action)).toEqual(["unchanged"]);
    const live = await cluster.get({
      apiVersion: "apps/v1",
      kind: "Deployment",
      name: "web",
      namespace: "apps",
    });
    expect((live.spec as { replicas: number }).replicas).toBe(5);
    // Without the rule, Flux reverts it.
    const reverted = await applyObjects({ cluster, owner, objects: [deploy(1)] });
    expect(reverted.entries.map((e) => e.action)).toEqual(["configured"]);
    // Other fields still apply.
    const changed = await applyObjects({ cluster, owner, objects: [deploy(1, { paused: true })], ignore });
    expect(changed.entries.map((e) => e.action)).toEqual(["configured"]);
  });

  it("rejects malformed rules", () => {
    expect(() => compileIgnoreRules([{ paths: ["spec"] }])).toThrow(/must start with '\/'/);
    expect(() => compileIgnoreRules([{ paths: ["/a"], target: { name: "(" } }])).toThrow(
      /invalid name regex/,
    );
  });
});

describe("inventory", () => {
  it("formats and parses ids, escaping ':' for RBAC kinds", () => {
    const role: KubeObject = {
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "ClusterRole",
      metadata: { name: "system:view" },
    };
    expect(inventoryEntryOf(role)).toEqual({
      id: "_system__view_rbac.authorization.k8s.io_ClusterRole",
      v: "v1",
    });
    expect(parseObjMetadata("_system__view_rbac.authorization.k8s.io_ClusterRole")).toEqual({
      namespace: "",
      name: "system:view",
      group: "rbac.authorization.k8s.io",
      kind: "ClusterRole",
    });
    expect(formatObjMetadata({ namespace: "a", name: "b:c", group: "", kind: "ConfigMap" })).toBe(
      "a_b:c__ConfigMap",
    );
    expect(() => parseObjMetadata("nounderscore")).toThrow(/unable to parse/);
  });

  it("finds stale entries in apply order and sorts like fluxcd/pkg/ssa", () => {
    const stale = staleEntries(
      [
        { id: "apps_web_apps_Deployment", v: "v1" },
        { id: "apps_old__ConfigMap", v: "v1" },
        { id: "_apps__Namespace", v: "v1" },
      ],
      [{ id: "apps_web_apps_Deployment", v: "v1" }],
    );
    expect(stale.map((r) => r.id)).toEqual(["_apps__Namespace", "apps_old__ConfigMap"]);
    const sorted = sortForApply([
      {
        apiVersion: "admissionregistration.k8s.io/v1",
        kind: "ValidatingWebhookConfiguration",
        metadata: { name: "v" },
      },
      { apiVersion: "example.com/v1", kind: "Widget", metadata: { name: "w" } },
      { apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "d" } },
      cm("b"),
      cm("a"),
    ]);
    expect(sorted.map((o) => `${o.kind}/${o.metadata?.name}`)).toEqual([
      "ConfigMap/a",
      "ConfigMap/b",
      "Deployment/d",
      "Widget/w",
      "ValidatingWebhookConfiguration/v",
    ]);
  });
});

describe("pruneObjects", () => {
  it("deletes only what this Kustomization still owns and skips opt-outs", async () => {
    const cluster = new MemoryCluster({ namespaces: ["apps"] });
    const labels = {
      "kustomize.toolkit.fluxcd.io/name": "apps",
      "kustomize.toolkit.fluxcd.io/namespace": "flux-system",
    };
    await cluster.apply({
      fieldManager: "kustomize-controller",
      objects: [
        cm("stale", "apps", { labels }),
        cm("kept", "apps", { labels, annotations: { "kustomize.toolkit.fluxcd.io/prune": "Disabled" } }),
        cm("moved", "apps", { labels: { ...labels, "kustomize.toolkit.fluxcd.io/name": "other" } }),
      ],
    });
    const stale = staleEntries(
      ["stale", "kept", "moved", "gone"].map((n) => ({ id: `apps_${n}__ConfigMap`, v: "v1" })),
      [],
    );
    const { entries, changeLog } = await pruneObjects({ cluster, stale, owner });
    expect(Object.fromEntries(entries.map((e) => [e.metadata.name, e.action]))).toEqual({
      stale: "deleted",
      kept: "skipped",
      moved: "skipped",
      gone: "deleted",
    });
    expect(changeLog).toContain("ConfigMap/apps/stale deleted");
    const left = (await cluster.list({ apiVersion: "v1", kind: "ConfigMap", namespace: "apps" })).map(
      (o) => o.metadata?.name,
    );
    expect(left).toEqual(["kept", "moved"]);
  });
});

describe("finalizeKustomization", () => {
  it("deletes the inventory per deletionPolicy", async () => {
    const labels = {
      "kustomize.toolkit.fluxcd.io/name": "apps",
      "kustomize.toolkit.fluxcd.io/namespace": "flux-system",
    };
    const setup = async () => {
      const cluster = new MemoryCluster({ namespaces: ["apps"] });
      await cluster.apply({ fieldManager: "kustomize-controller", objects: [cm("a", "apps", { labels })] });
      return cluster;
    };
    const ks = (spec: Record<string, unknown>) =>
      parseFluxKustomization({
        object: {
          apiVersion: "kustomize.toolkit.fluxcd.io/v1",
          kind: "Kustomization",
          metadata: { name: "apps", namespace: "flux-system" },
          spec: { interval: "1m", sourceRef: { kind: "GitRepository", name: "fleet" }, ...spec },
          status: { inventory: { entries: [{ id: "apps_a__ConfigMap", v: "v1" }] } },
        },
      });
    const count = async (cluster: MemoryCluster) =>
      (await cluster.list({ apiVersion: "v1", kind: "ConfigMap", namespace: "apps" })).length;
    let cluster = await setup();
    expect((await finalizeKustomization({ cluster, kustomization: ks({ prune: false }) })).entries).toEqual(
      [],
    );
    expect(await count(cluster)).toBe(1);
    cluster = await setup();
    await finalizeKustomization({ cluster, kustomization: ks({ prune: true }) });
    expect(await count(cluster)).toBe(0);
    cluster = await setup();
    await finalizeKustomization({ cluster, kustomization: ks({ prune: false, deletionPolicy: "Delete" }) });
    expect(await count(cluster)).toBe(0);
    cluster = await setup();
    await finalizeKustomization({ cluster, kustomization: ks({ prune: true, deletionPolicy: "Orphan" }) });
    expect(await count(cluster)).toBe(1);
  });
});

describe("health", () => {
  it("assesses rollouts, jobs and Ready conditions like kstatus", () => {
    const deploy = (status: Record<string, unknown>, generation = 2): KubeObject => ({
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: "d", generation },
      spec: { replicas: 2 },
      status,
    });
    expect(computeHealth(deploy({ observedGeneration: 1 }))).toEqual({
      status: "InProgress",
      message: "Deployment generation is 2, but latest observed generation is 1",
    });
    expect(computeHealth(deploy({ observedGeneration: 2, replicas: 2, updatedReplicas: 1 })).message).toBe(
      "Updated: 1/2",
    );
    const done = {
      observedGeneration: 2,
      replicas: 2,
      updatedReplicas: 2,
      readyReplicas: 2,
      availableReplicas: 2,
    };
    expect(
      computeHealth(deploy({ ...done, conditions: [{ type: "Available", status: "True" }] })).status,
    ).toBe("Current");
    expect(
      computeHealth(
        deploy({
          ...done,
          conditions: [{ type: "Progressing", status: "False", reason: "ProgressDeadlineExceeded" }],
        }),
      ).status,
    ).toBe("Failed");
    const job = (conditions: unknown[]): KubeObject => ({
      apiVersion: "batch/v1",
      kind: "Job",
      metadata: { name: "j" },
      status: { conditions },
    });
    expect(computeHealth(job([{ type: "Complete", status: "True" }])).status).toBe("Current");
    expect(computeHealth(job([{ type: "Failed", status: "True" }])).status).toBe("Failed");
    expect(computeHealth(job([])).message).toBe("Job not started");
    const custom = (status: string): KubeObject => ({
      apiVersion: "example.com/v1",
      kind: "Widget",
      metadata: { name: "w" },
      status: { conditions: [{ type: "Ready", status, message: "waiting" }] },
    });
    expect(computeHealth(custom("True")).status).toBe("Current");
    expect(computeHealth(custom("False"))).toEqual({ status: "InProgress", message: "waiting" });
    expect(computeHealth(cm("x")).status).toBe("Current");
    const crd: KubeObject = {
      apiVersion: "apiextensions.k8s.io/v1",
      kind: "CustomResourceDefinition",
      metadata: { name: "c" },
    };
    expect(computeHealth(crd).message).toBe("Install in progress");
  });

  it("waits with an injectable clock and reports a timeout like fluxcd/pkg/ssa", async () => {
    const cluster = new MemoryCluster({ namespaces: ["apps"] });
    await cluster.apply({
      fieldManager: "test",
      objects: [
        {
          apiVersion: "apps/v1",
          kind: "Deployment",
          metadata: { name: "web", namespace: "apps" },
          spec: { replicas: 1 },
        },
      ],
    });
    const clock: ManualClock = manualClock("2024-01-01T00:00:00Z");
    let polls = 0;
    const sleep = async (ms: number) => {
      polls++;
      clock.advance(ms);
      if (polls === 3) {
        await cluster.updateStatus({
          apiVersion: "apps/v1",
          kind: "Deployment",
          name: "web",
          namespace: "apps",
          status: {
            observedGeneration: 1,
            replicas: 1,
            updatedReplicas: 1,
            readyReplicas: 1,
            availableReplicas: 1,
            conditions: [{ type: "Available", status: "True" }],
          },
        });
      }
    };
    const ref = { apiVersion: "apps/v1", group: "apps", kind: "Deployment", name: "web", namespace: "apps" };
    await waitForHealthy({ cluster, objects: [ref], timeout: 60_000, clock, sleep });
    expect(polls).toBe(3);
    const missing = { ...ref, name: "missing" };
    const err = await waitForHealthy({
      cluster,
      objects: [ref, missing],
      timeout: 20_000,
      clock,
      sleep,
    }).catch((e) => e);
    expect(err).toBeInstanceOf(HealthCheckError);
    expect(err.message).toBe("timeout waiting for: [Deployment/apps/missing status: 'NotFound']");
  });
});

describe("dependencies", () => {
  const ks = (name: string, dependsOn: string[] = [], namespace = "flux-system") =>
    parseFluxKustomization({
      object: {
        apiVersion: "kustomize.toolkit.fluxcd.io/v1",
        kind: "Kustomization",
        metadata: { name, namespace, generation: 1 },
        spec: {
          interval: "1m",
          prune: true,
          sourceRef: { kind: "GitRepository", name: "fleet" },
          dependsOn: dependsOn.map((d) => ({ name: d })),
        },
      },
    });

  it("orders by dependsOn and reports a cycle", () => {
    const order = orderKustomizations({
      kustomizations: [
        ks("apps", ["infra", "crds"]),
        ks("infra", ["crds"]),
        ks("crds"),
        ks("other", ["external"]),
      ],
    });
    expect(order.ordered.map((k) => k.metadata.name)).toEqual(["crds", "other", "infra", "apps"]);
    expect(order.levels.map((l) => l.map((k) => k.metadata.name))).toEqual([
      ["crds", "other"],
      ["infra"],
      ["apps"],
    ]);
    expect(order.external).toEqual(["flux-system/external"]);
    const cycle = (() => {
      try {
        orderKustomizations({ kustomizations: [ks("a", ["b"]), ks("b", ["c"]), ks("c", ["a"])] });
      } catch (e) {
        return e as DependencyCycleError;
      }
    })();
    expect(cycle).toBeInstanceOf(DependencyCycleError);
    expect(cycle?.cycle).toEqual(["flux-system/a", "flux-system/b", "flux-system/c", "flux-system/a"]);
    expect(cycle?.message).toBe(
      "circular dependency detected: flux-system/a -> flux-system/b -> flux-system/c -> flux-system/a",
    );
  });

  it("waits until dependencies are Ready on the same revision", async () => {
    const cluster = new MemoryCluster({ namespaces: ["flux-system"] });
    const apps = ks("apps", ["infra"]);
    const check = () => checkDependencies({ kustomization: apps, cluster, revision: "main@sha1:bbbb" });
    await expect(check()).rejects.toThrow("dependency 'flux-system/infra' not found");
    const infra = ks("infra");
    await cluster.apply({ objects: [{ ...infra, status: undefined } as KubeObject], fieldManager: "test" });
    await expect(check()).rejects.toThrow(
      new DependencyNotReadyError("flux-system/infra", "dependency 'flux-system/infra' is not ready"),
    );
    const ready = {
      type: "Ready",
      status: "True",
      reason: "ReconciliationSucceeded",
      message: "",
      lastTransitionTime: "",
    };
    const ref = {
      apiVersion: "kustomize.toolkit.fluxcd.io/v1",
      kind: "Kustomization",
      name: "infra",
      namespace: "flux-system",
    };
    await cluster.updateStatus({
      ...ref,
      status: { observedGeneration: 1, conditions: [ready], lastAppliedRevision: "main@sha1:aaaa" },
    });
    await expect(check()).rejects.toThrow("dependency 'flux-system/infra' revision is not up to date");
    await cluster.updateStatus({
      ...ref,
      status: { observedGeneration: 1, conditions: [ready], lastAppliedRevision: "main@sha1:bbbb" },
    });
    await expect(check()).resolves.toBeUndefined();
  });
});
