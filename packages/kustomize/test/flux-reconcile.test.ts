import {
  type FileSystem,
  type KubeObject,
  MemoryCluster,
  manualClock,
  memFs,
  parseYaml,
} from "@gitops-kit/core";
import {
  createKustomizeCache,
  type FluxKustomization,
  orderKustomizations,
  parseFluxKustomization,
  type ReconcileResult,
  reconcileKustomization,
} from "@gitops-kit/kustomize";
import { beforeEach, describe, expect, it } from "vitest";
import { AGE_KEY, sopsEncrypt } from "./fixtures/flux/sops-encrypt.js";

// A fleet repository: infrastructure (namespace, shared config), then apps depending on it, with
// variables from a ConfigMap and a Secret encrypted with SOPS + age.
const infrastructure = {
  "infrastructure/namespace.yaml": "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: apps\n",
  "infrastructure/quota.yaml":
    "apiVersion: v1\nkind: ResourceQuota\nmetadata:\n  name: apps\n  namespace: apps\nspec:\n  hard:\n    pods: '10'\n",
};

const deployment = (image: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels:
    env: \${env}
spec:
  replicas: \${replicas}
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: web
        image: ${image}
        ports:
        - containerPort: 8080
`;

const encryptedSecret = sopsEncrypt({
  value: {
    apiVersion: "v1",
    kind: "Secret",
    metadata: { name: "db" },
    stringData: { password: "correct-horse-battery-staple" },
  },
  format: "yaml",
  encryptedRegex: "^(data|stringData)$",
});

const apps = (image: string, withOld: boolean): Record<string, string> => ({
  "apps/kustomization.yaml": `namespace: apps\nresources:\n- deployment.yaml\n- service.yaml\n- secret.enc.yaml\n${withOld ? "- old.yaml\n" : ""}`,
  "apps/deployment.yaml": deployment(image),
  "apps/service.yaml":
    "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector: {app: web}\n  ports:\n  - port: 80\n",
  "apps/secret.enc.yaml": encryptedSecret,
  ...(withOld
    ? { "apps/old.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: old\ndata:\n  a: b\n" }
    : {}),
});

const kustomizations = parseYaml(`
items:
- apiVersion: kustomize.toolkit.fluxcd.io/v1
  kind: Kustomization
  metadata: {name: apps, namespace: flux-system}
  spec:
    interval: 1m
    path: ./apps
    prune: true
    sourceRef: {kind: GitRepository, name: fleet}
    dependsOn: [{name: infrastructure}]
    healthChecks: [{kind: Deployment, name: web, namespace: apps}]
    decryption: {provider: sops, secretRef: {name: sops-age}}
    postBuild:
      substitute: {env: prod}
      substituteFrom: [{kind: ConfigMap, name: cluster-vars}]
- apiVersion: kustomize.toolkit.fluxcd.io/v1
  kind: Kustomization
  metadata: {name: infrastructure, namespace: flux-system}
  spec: {interval: 10m, path: ./infrastructure, prune: true, sourceRef: {kind: GitRepository, name: fleet}}
`) as { items: KubeObject[] };

function source(files: Record<string, string>, revision: string) {
  const tree: Record<string, string> = {};
  for (const [path, text] of Object.entries(files)) tree[`/artifact/${path}`] = text;
  return { fs: memFs(tree) as FileSystem, root: "/artifact", revision };
}

describe("reconcileKustomization: a fleet into MemoryCluster", () => {
  const clock = manualClock("2024-05-01T12:00:00Z");
  let cluster: MemoryCluster;
  // Plays the Deployment controller: a rollout completes unless the image is "broken".
  const sleep = async (ms: number) => {
    clock.advance(ms);
    for (const d of await cluster.list({ apiVersion: "apps/v1", kind: "Deployment" })) {
      const image = (d.spec as { template: { spec: { containers: { image: string }[] } } }).template.spec
        .containers[0].image;
      if (image.includes("broken")) continue;
      const n = (d.spec as { replicas: number }).replicas;
      await cluster.updateStatus({
        apiVersion: "apps/v1",
        kind: "Deployment",
        name: d.metadata!.name!,
        namespace: d.metadata!.namespace,
        status: {
          observedGeneration: d.metadata?.generation,
          replicas: n,
          updatedReplicas: n,
          readyReplicas: n,
          availableReplicas: n,
          conditions: [{ type: "Available", status: "True" }],
        },
      });
    }
  };

  async function load(name: string): Promise<FluxKustomization> {
    const obj = await cluster.get({
      apiVersion: "kustomize.toolkit.fluxcd.io/v1",
      kind: "Kustomization",
      name,
      namespace: "flux-system",
    });
    return parseFluxKustomization({ object: obj });
  }

  async function reconcile(name: string, artifact: ReturnType<typeof source>): Promise<ReconcileResult> {
    const result = await reconcileKustomization({
      kustomization: await load(name),
      artifact,
      cluster,
      clock,
      sleep,
    });
    // Store the status where dependents read it, as the controller patches it.
    await cluster.updateStatus({
      apiVersion: "kustomize.toolkit.fluxcd.io/v1",
      kind: "Kustomization",
      name,
      namespace: "flux-system",
      status: result.status,
    });
    return result;
  }

  beforeEach(async () => {
    cluster = new MemoryCluster({ clock, namespaces: ["default", "flux-system"] });
    await cluster.apply({
      fieldManager: "flux",
      objects: [
        ...kustomizations.items,
        {
          apiVersion: "v1",
          kind: "ConfigMap",
          metadata: { name: "cluster-vars", namespace: "flux-system" },
          data: { replicas: "2" },
        },
        {
          apiVersion: "v1",
          kind: "Secret",
          metadata: { name: "sops-age", namespace: "flux-system" },
          stringData: { "age.agekey": AGE_KEY },
        },
      ],
    });
  });

  it("reconciles in dependency order, prunes, reports health failures and is idempotent", async () => {
    const order = orderKustomizations({
      kustomizations: kustomizations.items.map((o) => parseFluxKustomization({ object: o })),
    });
    expect(order.ordered.map((k) => k.metadata.name)).toEqual(["infrastructure", "apps"]);

    const rev1 = source(
      { ...infrastructure, ...apps("nginx:1.27", true) },
      "main@sha1:1111111111111111111111111111111111111111",
    );

    // apps before infrastructure: its dependency is not Ready yet.
    const early = await reconcile("apps", rev1);
    expect(early.ready).toBe(false);
    expect(early.reason).toBe("DependencyNotReady");
    expect(early.status.conditions?.find((c) => c.type === "Ready")?.message).toBe(
      "dependency 'flux-system/infrastructure' is not ready",
    );
    expect(early.events.map((e) => e.message)).toEqual([
      "Dependencies do not meet ready condition, retrying in 30s",
    ]);
    expect(early.requeueAfter).toBe(30_000);

    for (const k of order.ordered) {
      const result = await reconcile(k.metadata.name, rev1);
      expect(result.ready, `${k.metadata.name}: ${result.error?.message}`).toBe(true);
      expect(result.reason).toBe("ReconciliationSucceeded");
    }
    const first = await load("apps");
    expect(first.status?.lastAppliedRevision).toBe(rev1.revision);
    expect(first.status?.observedGeneration).toBe(1);
    expect(first.status?.conditions?.map((c) => [c.type, c.status, c.reason])).toEqual([
      ["Ready", "True", "ReconciliationSucceeded"],
      ["Healthy", "True", "Succeeded"],
    ]);
    expect(first.status?.inventory?.entries).toEqual([
      { id: "apps_old__ConfigMap", v: "v1" },
      { id: "apps_db__Secret", v: "v1" },
      { id: "apps_web__Service", v: "v1" },
      { id: "apps_web_apps_Deployment", v: "v1" },
    ]);

    // Substitution from the ConfigMap (an int) and the inline map; the Secret was decrypted.
    const web = await cluster.get({
      apiVersion: "apps/v1",
      kind: "Deployment",
      name: "web",
      namespace: "apps",
    });
    expect(web.spec).toMatchObject({ replicas: 2 });
    expect(web.metadata?.labels).toMatchObject({ env: "prod", "kustomize.toolkit.fluxcd.io/name": "apps" });
    const db = await cluster.get({ apiVersion: "v1", kind: "Secret", name: "db", namespace: "apps" });
    expect(Buffer.from((db.data as Record<string, string>).password, "base64").toString()).toBe(
      "correct-horse-battery-staple",
    );
    expect(db).not.toHaveProperty("sops");

    // The same revision again: everything unchanged, no apply event.
    const again = await reconcile("apps", rev1);
    expect(again.ready).toBe(true);
    expect(again.applied.map((e) => e.action)).toEqual(["unchanged", "unchanged", "unchanged", "unchanged"]);
    expect(again.events.map((e) => e.message)).toEqual([
      expect.stringMatching(/^Reconciliation finished in .*, next run in 1m0s$/),
    ]);

    // A second revision without old.yaml: the ConfigMap is pruned.
    const rev2 = source(
      { ...infrastructure, ...apps("nginx:1.27", false) },
      "main@sha1:2222222222222222222222222222222222222222",
    );
    // Same source: the dependency must have applied the new revision first.
    expect((await reconcile("apps", rev2)).error?.message).toBe(
      "dependency 'flux-system/infrastructure' revision is not up to date",
    );
    expect((await reconcile("infrastructure", rev2)).ready).toBe(true);
    const pruned = await reconcile("apps", rev2);
    expect(pruned.ready).toBe(true);
    expect(pruned.pruned.map((e) => `${e.subject} ${e.action}`)).toEqual(["ConfigMap/apps/old deleted"]);
    expect(pruned.events.map((e) => e.message)).toContain("ConfigMap/apps/old deleted");
    expect(pruned.status.inventory?.entries.map((e) => e.id)).not.toContain("apps_old__ConfigMap");
    await expect(
      cluster.get({ apiVersion: "v1", kind: "ConfigMap", name: "old", namespace: "apps" }),
    ).rejects.toThrow(/not found/);

    // A revision whose rollout never completes: Ready=False with HealthCheckFailed after the timeout.
    const rev3 = source(
      { ...infrastructure, ...apps("nginx:broken", false) },
      "main@sha1:3333333333333333333333333333333333333333",
    );
    expect((await reconcile("infrastructure", rev3)).ready).toBe(true);
    const unhealthy = await reconcile("apps", rev3);
    expect(unhealthy.ready).toBe(false);
    expect(unhealthy.reason).toBe("HealthCheckFailed");
    expect(unhealthy.error?.code).toBe("FLUX_HEALTH_CHECK");
    expect(unhealthy.error?.message).toBe(
      "health check failed after 30s: timeout waiting for: [Deployment/apps/web status: 'InProgress']",
    );
    expect(unhealthy.status.conditions?.find((c) => c.type === "Healthy")).toMatchObject({
      status: "False",
      reason: "HealthCheckFailed",
    });
    expect(unhealthy.status.conditions?.find((c) => c.type === "Reconciling")?.reason).toBe(
      "ProgressingWithRetry",
    );
    expect(unhealthy.status.lastAppliedRevision).toBe(rev2.revision);
    expect(unhealthy.status.lastAttemptedRevision).toBe(rev3.revision);
    const warning = unhealthy.events.at(-1)!;
    expect(warning).toMatchObject({ type: "Warning", reason: "HealthCheckFailed" });
    expect(warning.metadata).toEqual({ "kustomize.toolkit.fluxcd.io/revision": rev3.revision });
  });

  it("reports build failures and never leaks decrypted or substituted secrets", async () => {
    await cluster.apply({
      fieldManager: "test",
      objects: [
        {
          apiVersion: "v1",
          kind: "Secret",
          metadata: { name: "sops-age", namespace: "flux-system" },
          stringData: { "age.agekey": "" },
        },
      ],
      force: true,
    });
    const infra = await reconcile(
      "infrastructure",
      source(infrastructure, "main@sha1:1111111111111111111111111111111111111111"),
    );
    expect(infra.ready).toBe(true);
    const result = await reconcile(
      "apps",
      source(
        { ...infrastructure, ...apps("nginx:1.27", false) },
        "main@sha1:1111111111111111111111111111111111111111",
      ),
    );
    expect(result.ready).toBe(false);
    expect(result.reason).toBe("BuildFailed");
    expect(result.error?.message).toMatch(
      /^decryption failed for 'Secret.v1.\[noGrp\]\/db': .*no age identity is configured/,
    );
    expect(JSON.stringify(result)).not.toContain("correct-horse");
  });
});

describe("reconcileKustomization: CRDs and their custom resources", () => {
  it("waits for the CRD stage with the default waitForStages, since MemoryCluster establishes CRDs", async () => {
    const clock = manualClock("2024-05-01T12:00:00Z");
    const cluster = new MemoryCluster({ clock, namespaces: ["default", "flux-system"] });
    const artifact = source(
      {
        "crds/kustomization.yaml": "resources: [crd.yaml, widget.yaml]\n",
        "crds/crd.yaml": `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: widgets.example.com
spec:
  group: example.com
  names: {kind: Widget, plural: widgets}
  scope: Namespaced
  versions:
  - name: v1
    served: true
    storage: true
    schema: {openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}}
`,
        "crds/widget.yaml":
          "apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\n  namespace: default\nspec:\n  size: 3\n",
      },
      "main@sha1:3333333333333333333333333333333333333333",
    );
    const sleeps: number[] = [];
    const ks = parseFluxKustomization({
      object: parseYaml(`apiVersion: kustomize.toolkit.fluxcd.io/v1
kind: Kustomization
metadata: {name: crds, namespace: flux-system}
spec:
  interval: 1m
  path: ./crds
  prune: true
  wait: true
  sourceRef: {kind: GitRepository, name: fleet}
`) as KubeObject,
    });
    const result = await reconcileKustomization({
      kustomization: ks,
      artifact,
      cluster,
      clock,
      sleep: async (ms) => {
        sleeps.push(ms);
        clock.advance(ms);
      },
    });
    expect(result.ready).toBe(true);
    expect(result.reason).toBe("ReconciliationSucceeded");
    // Established at once: neither the stage wait nor the health check had to poll.
    expect(sleeps).toEqual([]);
    expect(result.status.inventory?.entries.map((e) => e.id)).toEqual([
      "_widgets.example.com_apiextensions.k8s.io_CustomResourceDefinition",
      "default_w_example.com_Widget",
    ]);
    // With a parse cache kept across reconciles, the same source is not parsed again and nothing changes.
    const cache = createKustomizeCache();
    for (let i = 0; i < 2; i++) {
      const again = await reconcileKustomization({
        kustomization: { ...ks, status: result.status },
        artifact,
        cluster,
        clock,
        cache,
      });
      expect(again.ready).toBe(true);
      expect(again.applied.map((e) => e.action)).toEqual(["unchanged", "unchanged"]);
    }
    expect(cache.size).toBe(3); // kustomization.yaml, crd.yaml, widget.yaml
    const widget = await cluster.get({
      apiVersion: "example.com/v1",
      kind: "Widget",
      name: "w",
      namespace: "default",
    });
    expect(widget.spec).toEqual({ size: 3 });
  });
});
