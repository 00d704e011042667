import { describe, expect, it } from "vitest";
import {
  ConflictError,
  fixedClock,
  type KubeObject,
  MemoryCluster,
  manualClock,
  NotFoundError,
  ResourceNotFoundError,
  ValidationError,
} from "../src/index.js";

const T0 = "2024-05-01T12:00:00Z";

function newCluster(namespaces: string[] = ["default", "prod"]): MemoryCluster {
  return new MemoryCluster({ clock: fixedClock(T0), namespaces });
}

function deployment(spec: Record<string, unknown> = {}, meta: Record<string, unknown> = {}): KubeObject {
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: "web", namespace: "prod", ...meta },
    spec: {
      replicas: 2,
      template: { spec: { containers: [{ name: "app", image: "nginx:1.25" }] } },
      ...spec,
    },
  };
}

const ref = { apiVersion: "apps/v1", kind: "Deployment", namespace: "prod", name: "web" };

describe("MemoryCluster basics", () => {
  it("starts with the namespaces of a new cluster by default", () => {
    const c = new MemoryCluster({ clock: fixedClock(T0) });
    const names = c.listSync({ apiVersion: "v1", kind: "Namespace" }).map((n) => n.metadata.name);
    expect(names).toEqual(["default", "kube-node-lease", "kube-public", "kube-system"]);
    const ns = c.getSync({ apiVersion: "v1", kind: "Namespace", name: "default" });
    expect(ns.metadata.labels).toEqual({ "kubernetes.io/metadata.name": "default" });
    expect(ns.status).toEqual({ phase: "Active" });
  });

  it("creates, reports unchanged, then configured", async () => {
    const c = newCluster();
    const [created] = await c.apply({ objects: [deployment()], fieldManager: "flux" });
    expect(created.action).toBe("created");
    expect(created.object.metadata).toMatchObject({
      name: "web",
      namespace: "prod",
      uid: "00000000-0000-4000-8000-000000000003",
      generation: 1,
      creationTimestamp: T0,
      resourceVersion: "3",
    });
    const [again] = await c.apply({ objects: [deployment()], fieldManager: "flux" });
    expect(again.action).toBe("unchanged");
    expect(again.object.metadata.resourceVersion).toBe("3");
    const [changed] = await c.apply({ objects: [deployment({ replicas: 3 })], fieldManager: "flux" });
    expect(changed.action).toBe("configured");
    expect(changed.object.metadata.generation).toBe(2);
    expect(changed.object.metadata.resourceVersion).toBe("4");
    expect(changed.object.metadata.uid).toBe(created.object.metadata.uid);
    expect((await c.get(ref)).spec).toMatchObject({ replicas: 3 });
  });

  it("bumps generation only for changes outside metadata and status", () => {
    const c = newCluster();
    c.applySync({ objects: [deployment()], fieldManager: "flux" });
    const [labelled] = c.applySync({
      objects: [deployment({}, { labels: { a: "b" } })],
      fieldManager: "flux",
    });
    expect(labelled.action).toBe("configured");
    expect(labelled.object.metadata.generation).toBe(1);
    expect(labelled.object.metadata.resourceVersion).toBe("4");
    const withStatus = c.updateStatusSync({ ...ref, status: { readyReplicas: 2 } });
    expect(withStatus.metadata.generation).toBe(1);
    expect(withStatus.metadata.resourceVersion).toBe("5");
    expect(withStatus.status).toEqual({ readyReplicas: 2 });
    const [spec] = c.applySync({
      objects: [deployment({ paused: true }, { labels: { a: "b" } })],
      fieldManager: "flux",
    });
    expect(spec.object.metadata.generation).toBe(2);
    expect(spec.object.status).toEqual({ readyReplicas: 2 });
  });

  it("ignores status and server-set metadata in applied objects", () => {
    const c = newCluster();
    const obj = deployment({}, { uid: "forged", generation: 7, creationTimestamp: "2000-01-01T00:00:00Z" });
    obj.status = { readyReplicas: 99 };
    const [r] = c.applySync({ objects: [obj], fieldManager: "flux" });
    expect(r.object.status).toBeUndefined();
    expect(r.object.metadata.uid).not.toBe("forged");
    expect(r.object.metadata.generation).toBe(1);
    expect(r.object.metadata.creationTimestamp).toBe(T0);
  });

  it("hands out one global resourceVersion sequence as strings", () => {
    const c = newCluster([]);
    const results = c.applySync({
      objects: [
        { apiVersion: "v1", kind: "Namespace", metadata: { name: "a" } },
        { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "x", namespace: "a" }, data: { k: "1" } },
        { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "y", namespace: "a" }, data: { k: "1" } },
      ],
      fieldManager: "m",
    });
    expect(results.map((r) => r.object.metadata.resourceVersion)).toEqual(["1", "2", "3"]);
    c.deleteSync({ apiVersion: "v1", kind: "ConfigMap", namespace: "a", name: "x" });
    const [next] = c.applySync({
      objects: [{ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "z", namespace: "a" } }],
      fieldManager: "m",
    });
    expect(next.object.metadata.resourceVersion).toBe("5");
  });

  it("uses the injected uid generator and clock", () => {
    let n = 0;
    const clock = manualClock("2030-01-02T03:04:05.678Z");
    const c = new MemoryCluster({ clock, uid: () => `uid-${++n}`, namespaces: ["default"] });
    clock.advance(60_000);
    const [r] = c.applySync({
      objects: [{ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "c" } }],
      fieldManager: "m",
    });
    expect(r.object.metadata.uid).toBe("uid-2");
    expect(r.object.metadata.creationTimestamp).toBe("2030-01-02T03:05:05Z");
  });
});

describe("MemoryCluster namespaces and scope", () => {
  it("refuses objects in a missing namespace like the API server, applying nothing of the batch", () => {
    const c = newCluster();
    const before = JSON.stringify(c.snapshot());
    const objects: KubeObject[] = [
      { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "ok", namespace: "prod" } },
      { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "bad", namespace: "staging" } },
    ];
    try {
      c.applySync({ objects, fieldManager: "m" });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ResourceNotFoundError);
      expect(err).toBeInstanceOf(NotFoundError);
      expect((err as Error).message).toBe('namespaces "staging" not found');
    }
    expect(JSON.stringify(c.snapshot())).toBe(before);
  });

  it("accepts a namespace created earlier in the same batch", () => {
    const c = newCluster([]);
    const results = c.applySync({
      objects: [
        { apiVersion: "v1", kind: "Namespace", metadata: { name: "apps" } },
        { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "x", namespace: "apps" } },
      ],
      fieldManager: "m",
    });
    expect(results.map((r) => r.action)).toEqual(["created", "created"]);
  });

  it("defaults the namespace of namespaced objects and drops it from cluster-scoped ones", () => {
    const c = newCluster();
    const [cm, role] = c.applySync({
      objects: [
        { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "x" } },
        {
          apiVersion: "rbac.authorization.k8s.io/v1",
          kind: "ClusterRole",
          metadata: { name: "r", namespace: "prod" },
        },
      ],
      fieldManager: "m",
    });
    expect(cm.object.metadata.namespace).toBe("default");
    expect(role.object.metadata.namespace).toBeUndefined();
    expect(c.getSync({ apiVersion: "v1", kind: "ConfigMap", name: "x" }).metadata.name).toBe("x");
    expect(
      c.getSync({
        apiVersion: "rbac.authorization.k8s.io/v1",
        kind: "ClusterRole",
        name: "r",
        namespace: "whatever",
      }).metadata.name,
    ).toBe("r");
  });

  it("learns the scope of custom kinds from CRDs in the cluster", () => {
    const c = newCluster();
    const crd = (kind: string, scope: string): KubeObject => ({
      apiVersion: "apiextensions.k8s.io/v1",
      kind: "CustomResourceDefinition",
      metadata: { name: `${kind.toLowerCase()}s.example.com` },
      spec: { group: "example.com", names: { kind }, scope },
    });
    const [, , global, local] = c.applySync({
      objects: [
        crd("Global", "Cluster"),
        crd("Local", "Namespaced"),
        { apiVersion: "example.com/v1", kind: "Global", metadata: { name: "g", namespace: "prod" } },
        { apiVersion: "example.com/v1", kind: "Local", metadata: { name: "l", namespace: "prod" } },
      ],
      fieldManager: "m",
    });
    expect(global.object.metadata.namespace).toBeUndefined();
    expect(local.object.metadata.namespace).toBe("prod");
    // Scope follows the CRD as it changes.
    c.deleteSync({ apiVersion: "example.com/v1", kind: "Global", name: "g" });
    c.applySync({ objects: [crd("Global", "Namespaced")], fieldManager: "m", force: true });
    const [again] = c.applySync({
      objects: [
        { apiVersion: "example.com/v1", kind: "Global", metadata: { name: "g2", namespace: "prod" } },
      ],
      fieldManager: "m",
    });
    expect(again.object.metadata.namespace).toBe("prod");
  });

  it("establishes applied CRDs as an API server does (names accepted, storage versions recorded)", () => {
    const c = newCluster();
    const crd = (versions: { name: string; storage: boolean }[]): KubeObject => ({
      apiVersion: "apiextensions.k8s.io/v1",
      kind: "CustomResourceDefinition",
      metadata: { name: "widgets.example.com" },
      spec: {
        group: "example.com",
        names: { kind: "Widget", plural: "widgets" },
        scope: "Namespaced",
        versions,
      },
    });
    const [created] = c.applySync({ objects: [crd([{ name: "v1", storage: true }])], fieldManager: "m" });
    expect(created.object.status).toEqual({
      conditions: [
        {
          type: "NamesAccepted",
          status: "True",
          lastTransitionTime: T0,
          reason: "NoConflicts",
          message: "no conflicts found",
        },
        {
          type: "Established",
          status: "True",
          lastTransitionTime: T0,
          reason: "InitialNamesAccepted",
          message: "the initial names have been accepted",
        },
      ],
      acceptedNames: { kind: "Widget", plural: "widgets", singular: "widget", listKind: "WidgetList" },
      storedVersions: ["v1"],
    });
    // Applying the same definition again changes nothing; a new storage version is added to the record.
    const [again] = c.applySync({ objects: [crd([{ name: "v1", storage: true }])], fieldManager: "m" });
    expect(again.action).toBe("unchanged");
    const [v2] = c.applySync({
      objects: [
        crd([
          { name: "v1", storage: false },
          { name: "v2", storage: true },
        ]),
      ],
      fieldManager: "m",
    });
    expect(v2.action).toBe("configured");
    expect((v2.object.status as { storedVersions: string[] }).storedVersions).toEqual(["v1", "v2"]);
    expect(v2.object.metadata.generation).toBe(2);
  });

  it("deleting a namespace deletes what is in it", () => {
    const c = newCluster();
    c.applySync({
      objects: [
        deployment(),
        { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "keep", namespace: "default" } },
      ],
      fieldManager: "m",
    });
    c.deleteSync({ apiVersion: "v1", kind: "Namespace", name: "prod" });
    expect(() => c.getSync(ref)).toThrow(ResourceNotFoundError);
    expect(
      c.getSync({ apiVersion: "v1", kind: "ConfigMap", namespace: "default", name: "keep" }),
    ).toBeDefined();
  });
});

describe("MemoryCluster get, list, delete", () => {
  function seeded(): MemoryCluster {
    const c = newCluster(["default", "prod", "dev"]);
    const cm = (name: string, namespace: string, labels: Record<string, string>): KubeObject => ({
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: { name, namespace, labels },
    });
    c.applySync({
      objects: [
        cm("b", "prod", { app: "web", tier: "front" }),
        cm("a", "prod", { app: "api", tier: "back" }),
        cm("c", "dev", { app: "web" }),
        cm("a", "dev", {}),
        deployment(),
      ],
      fieldManager: "m",
    });
    return c;
  }

  it("lists one kind in a stable order, optionally by namespace and selector", async () => {
    const c = seeded();
    const names = (objs: KubeObject[]) => objs.map((o) => `${o.metadata.namespace}/${o.metadata.name}`);
    expect(names(await c.list({ apiVersion: "v1", kind: "ConfigMap" }))).toEqual([
      "dev/a",
      "dev/c",
      "prod/a",
      "prod/b",
    ]);
    expect(names(await c.list({ apiVersion: "v1", kind: "ConfigMap", namespace: "prod" }))).toEqual([
      "prod/a",
      "prod/b",
    ]);
    expect(names(await c.list({ apiVersion: "v1", kind: "ConfigMap", labelSelector: "app=web" }))).toEqual([
      "dev/c",
      "prod/b",
    ]);
    expect(
      names(
        await c.list({
          apiVersion: "v1",
          kind: "ConfigMap",
          labelSelector: { matchExpressions: [{ key: "tier", operator: "DoesNotExist" }] },
        }),
      ),
    ).toEqual(["dev/a", "dev/c"]);
    expect(names(await c.list({ apiVersion: "apps/v1", kind: "Deployment" }))).toEqual(["prod/web"]);
    // Version-independent like the API server: the same object under another version of its group.
    expect(names(await c.list({ apiVersion: "apps/v1beta2", kind: "Deployment" }))).toEqual(["prod/web"]);
    expect(await c.list({ apiVersion: "extensions/v1beta1", kind: "Deployment" })).toEqual([]);
  });

  it("returns copies", async () => {
    const c = seeded();
    const got = await c.get(ref);
    (got.spec as { replicas: number }).replicas = 100;
    expect(((await c.get(ref)).spec as { replicas: number }).replicas).toBe(2);
  });

  it("get and delete fail with typed not-found errors in the API server's words", async () => {
    const c = seeded();
    await expect(c.get({ ...ref, name: "nope" })).rejects.toThrow('deployments.apps "nope" not found');
    await expect(c.get({ ...ref, name: "nope" })).rejects.toBeInstanceOf(ResourceNotFoundError);
    await expect(
      c.delete({ apiVersion: "networking.k8s.io/v1", kind: "IngressClass", name: "x" }),
    ).rejects.toThrow('ingressclasses.networking.k8s.io "x" not found');
    await expect(c.get({ apiVersion: "v1", kind: "Endpoints", name: "x" })).rejects.toThrow(
      'endpoints "x" not found',
    );
    await expect(c.get({ apiVersion: "v1", kind: "Policy", name: "x" })).rejects.toThrow(
      'policies "x" not found',
    );
  });

  it("deletes, with dry run leaving the object", async () => {
    const c = seeded();
    const dry = await c.delete({ ...ref, dryRun: true });
    expect(dry.metadata.name).toBe("web");
    expect(await c.get(ref)).toBeDefined();
    const gone = await c.delete(ref);
    expect(gone.spec).toMatchObject({ replicas: 2 });
    await expect(c.get(ref)).rejects.toBeInstanceOf(ResourceNotFoundError);
    await expect(c.delete(ref)).rejects.toBeInstanceOf(ResourceNotFoundError);
  });
});

describe("MemoryCluster dry run", () => {
  it("reports what would happen without storing anything", () => {
    const c = newCluster();
    const before = JSON.stringify(c.snapshot());
    const [r] = c.applySync({ objects: [deployment()], fieldManager: "flux", dryRun: true });
    expect(r.action).toBe("created");
    expect(r.object.metadata.generation).toBe(1);
    expect(JSON.stringify(c.snapshot())).toBe(before);
    expect(() => c.getSync(ref)).toThrow(ResourceNotFoundError);

    c.applySync({ objects: [deployment()], fieldManager: "flux" });
    const [d] = c.applySync({ objects: [deployment({ replicas: 5 })], fieldManager: "flux", dryRun: true });
    expect(d.action).toBe("configured");
    expect(d.object.spec).toMatchObject({ replicas: 5 });
    expect(c.getSync(ref).spec).toMatchObject({ replicas: 2 });
    const [real] = c.applySync({ objects: [deployment({ replicas: 5 })], fieldManager: "flux" });
    // The dry run consumed no resourceVersion.
    expect(real.object.metadata.resourceVersion).toBe(
      String(Number(c.getSync(ref).metadata.resourceVersion)),
    );
    expect(real.object.metadata.resourceVersion).toBe("4");
  });
});

describe("MemoryCluster field managers (server-side apply)", () => {
  it("records ownership as managedFields in FieldsV1 form", () => {
    const c = newCluster();
    const [r] = c.applySync({ objects: [deployment({}, { labels: { app: "web" } })], fieldManager: "flux" });
    expect(r.object.metadata.managedFields).toEqual([
      {
        manager: "flux",
        operation: "Apply",
        apiVersion: "apps/v1",
        time: T0,
        fieldsType: "FieldsV1",
        fieldsV1: {
          "f:metadata": { ".": {}, "f:labels": { ".": {}, "f:app": {} } },
          "f:spec": {
            ".": {},
            "f:replicas": {},
            "f:template": {
              ".": {},
              "f:spec": {
                ".": {},
                "f:containers": {
                  ".": {},
                  'k:{"name":"app"}': { ".": {}, "f:image": {}, "f:name": {} },
                },
              },
            },
          },
        },
      },
    ]);
  });

  it("removes a field the manager stops applying", () => {
    const c = newCluster();
    c.applySync({
      objects: [deployment({ paused: true }, { labels: { app: "web", old: "x" } })],
      fieldManager: "flux",
    });
    const [r] = c.applySync({ objects: [deployment({}, { labels: { app: "web" } })], fieldManager: "flux" });
    expect(r.action).toBe("configured");
    expect(r.object.spec).not.toHaveProperty("paused");
    expect(r.object.metadata.labels).toEqual({ app: "web" });
    expect(r.object.metadata.generation).toBe(2);
    // Dropping every label removes the map.
    const [r2] = c.applySync({ objects: [deployment()], fieldManager: "flux" });
    expect(r2.object.metadata.labels).toBeUndefined();
  });

  it("keeps fields other managers set when one manager drops its own", () => {
    const c = newCluster();
    c.applySync({ objects: [deployment({}, { labels: { app: "web" } })], fieldManager: "flux" });
    const hpa: KubeObject = {
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: "web", namespace: "prod", labels: { scaled: "yes" } },
      spec: { minReadySeconds: 5 },
    };
    c.applySync({ objects: [hpa], fieldManager: "other" });
    const [r] = c.applySync({
      objects: [
        {
          ...deployment(),
          spec: { template: { spec: { containers: [{ name: "app", image: "nginx:1.25" }] } } },
        },
      ],
      fieldManager: "flux",
    });
    expect(r.object.metadata.labels).toEqual({ scaled: "yes" });
    expect(r.object.spec).toEqual({
      minReadySeconds: 5,
      template: { spec: { containers: [{ name: "app", image: "nginx:1.25" }] } },
    });
    expect(r.object.metadata.managedFields?.map((m) => m.manager)).toEqual(["flux", "other"]);
  });

  it("keeps a shared field when one of two owners drops it", () => {
    const c = newCluster();
    c.applySync({ objects: [deployment()], fieldManager: "a" });
    c.applySync({ objects: [deployment()], fieldManager: "b" }); // same values: shared ownership, no conflict
    const [r] = c.applySync({
      objects: [
        {
          ...deployment(),
          spec: { template: { spec: { containers: [{ name: "app", image: "nginx:1.25" }] } } },
        },
      ],
      fieldManager: "a",
    });
    expect(r.object.spec).toMatchObject({ replicas: 2 });
  });

  it("merges containers by name and removes only the manager's own list elements", () => {
    const c = newCluster();
    const withContainers = (containers: unknown[]) => deployment({ template: { spec: { containers } } });
    c.applySync({
      objects: [
        withContainers([
          { name: "app", image: "a:1" },
          { name: "sidecar", image: "s:1" },
        ]),
      ],
      fieldManager: "flux",
    });
    c.applySync({ objects: [withContainers([{ name: "injected", image: "i:1" }])], fieldManager: "mesh" });
    const [r] = c.applySync({
      objects: [withContainers([{ name: "app", image: "a:2" }])],
      fieldManager: "flux",
    });
    const containers = (r.object.spec as { template: { spec: { containers: unknown[] } } }).template.spec
      .containers;
    expect(containers).toEqual([
      { name: "app", image: "a:2" },
      { name: "injected", image: "i:1" },
    ]);
  });

  it("fails with a ConflictError when changing another manager's field, unless forced", () => {
    const c = newCluster();
    c.applySync({ objects: [deployment()], fieldManager: "flux" });
    try {
      c.applySync({ objects: [deployment({ replicas: 9 })], fieldManager: "kubectl" });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ConflictError);
      expect((err as ConflictError).code).toBe("CONFLICT");
      expect((err as ConflictError).conflicts).toEqual([{ manager: "flux", field: ".spec.replicas" }]);
      expect((err as Error).message).toContain('conflict with "flux": .spec.replicas');
    }
    expect(c.getSync(ref).spec).toMatchObject({ replicas: 2 });
    const [forced] = c.applySync({
      objects: [deployment({ replicas: 9 })],
      fieldManager: "kubectl",
      force: true,
    });
    expect(forced.object.spec).toMatchObject({ replicas: 9 });
    // flux lost .spec.replicas, so dropping it from flux's configuration now leaves it alone...
    const fluxFields = forced.object.metadata.managedFields?.find((m) => m.manager === "flux")?.fieldsV1 as {
      "f:spec": Record<string, unknown>;
    };
    expect(fluxFields["f:spec"]).not.toHaveProperty("f:replicas");
    // ...and flux re-applying its old value is now the conflict.
    expect(() => c.applySync({ objects: [deployment()], fieldManager: "flux" })).toThrow(ConflictError);
  });

  it("reports conflicts inside list elements with a readable path", () => {
    const c = newCluster();
    c.applySync({ objects: [deployment()], fieldManager: "flux" });
    const img = deployment({ template: { spec: { containers: [{ name: "app", image: "nginx:2" }] } } });
    expect(() => c.applySync({ objects: [img], fieldManager: "image-automation" })).toThrow(
      '.spec.template.spec.containers[name="app"].image',
    );
  });

  it("checks a resourceVersion precondition", () => {
    const c = newCluster();
    const [r] = c.applySync({ objects: [deployment()], fieldManager: "flux" });
    const stale = deployment({ replicas: 4 }, { resourceVersion: "1" });
    expect(() => c.applySync({ objects: [stale], fieldManager: "flux" })).toThrow(ConflictError);
    expect(() => c.applySync({ objects: [stale], fieldManager: "flux" })).toThrow(
      "the object has been modified",
    );
    const fresh = deployment({ replicas: 4 }, { resourceVersion: r.object.metadata.resourceVersion });
    expect(c.applySync({ objects: [fresh], fieldManager: "flux" })[0].action).toBe("configured");
    const create = {
      ...deployment({}, { resourceVersion: "5" }),
      metadata: { name: "new", namespace: "prod", resourceVersion: "5" },
    };
    expect(() => c.applySync({ objects: [create], fieldManager: "flux" })).toThrow(ValidationError);
  });

  it("treats null in an applied configuration as not set", () => {
    const c = newCluster();
    c.applySync({ objects: [deployment({ paused: true })], fieldManager: "flux" });
    const [r] = c.applySync({ objects: [deployment({ paused: null })], fieldManager: "flux" });
    expect(r.object.spec).not.toHaveProperty("paused");
  });
});

describe("MemoryCluster validation", () => {
  it("rejects malformed objects with ValidationError naming the object", () => {
    const c = newCluster();
    const bad: unknown[] = [
      { kind: "ConfigMap", metadata: { name: "x" } },
      { apiVersion: "v1", kind: "ConfigMap", metadata: {} },
      { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "a/b" } },
      { apiVersion: "a/b/c", kind: "ConfigMap", metadata: { name: "x" } },
      { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "x", namespace: 5 } },
    ];
    for (const obj of bad) {
      expect(
        () => c.applySync({ objects: [obj as KubeObject], fieldManager: "m" }),
        JSON.stringify(obj),
      ).toThrow(ValidationError);
    }
    expect(() => c.applySync({ objects: [bad[1] as KubeObject], fieldManager: "m" })).toThrow(
      "apply objects[0]",
    );
    expect(() => c.applySync({ objects: [], fieldManager: "" })).toThrow("fieldManager is required");
  });
});

describe("MemoryCluster snapshots", () => {
  it("round-trips through JSON", () => {
    const c = newCluster();
    c.applySync({ objects: [deployment({}, { labels: { app: "web" } })], fieldManager: "flux" });
    c.updateStatusSync({ ...ref, status: { readyReplicas: 1 } });
    const json = JSON.stringify(c.snapshot());
    const copy = MemoryCluster.fromSnapshot(JSON.parse(json), { clock: fixedClock(T0) });
    expect(JSON.stringify(copy.snapshot())).toBe(json);
    // Ownership survives: dropping the label removes it in the restored cluster too.
    const [r] = copy.applySync({ objects: [deployment()], fieldManager: "flux" });
    expect(r.object.metadata.labels).toBeUndefined();
    // Counters continue where they were.
    expect(r.object.metadata.resourceVersion).toBe(String(Number(JSON.parse(json).resourceVersion) + 1));
    const [n] = copy.applySync({
      objects: [{ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "new", namespace: "prod" } }],
      fieldManager: "m",
    });
    expect(n.object.metadata.uid).toBe("00000000-0000-4000-8000-000000000004");
  });

  it("lists objects in a deterministic order", () => {
    const c = newCluster(["b", "a"]);
    c.applySync({
      objects: [
        { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "z", namespace: "a" } },
        deployment({}, { namespace: "b" }),
        { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "y", namespace: "b" } },
      ],
      fieldManager: "m",
    });
    expect(
      c.snapshot().objects.map((o) => `${o.kind}/${o.metadata.namespace ?? ""}/${o.metadata.name}`),
    ).toEqual(["ConfigMap/a/z", "ConfigMap/b/y", "Namespace//a", "Namespace//b", "Deployment/b/web"]);
  });

  it("fills in server fields of a hand-written state", () => {
    const c = MemoryCluster.fromSnapshot(
      {
        objects: [
          {
            apiVersion: "v1",
            kind: "ConfigMap",
            metadata: { name: "cfg", namespace: "team" },
            data: { a: "1" },
          },
          { apiVersion: "v1", kind: "Namespace", metadata: { name: "team" } },
        ],
      },
      { clock: fixedClock(T0) },
    );
    const cm = c.getSync({ apiVersion: "v1", kind: "ConfigMap", namespace: "team", name: "cfg" });
    expect(cm.metadata).toMatchObject({ generation: 1, creationTimestamp: T0 });
    expect(cm.metadata.uid).toMatch(/^00000000-0000-4000-8000-/);
    expect(c.snapshot().resourceVersion).toBe("2");
    // No managedFields: the fields are unowned, so a new manager takes them over without conflict.
    const [r] = c.applySync({
      objects: [
        {
          apiVersion: "v1",
          kind: "ConfigMap",
          metadata: { name: "cfg", namespace: "team" },
          data: { a: "2" },
        },
      ],
      fieldManager: "flux",
    });
    expect(r.object.data).toEqual({ a: "2" });
  });

  it("rejects invalid snapshots with messages naming the object", () => {
    const cases: Array<[unknown, string]> = [
      [null, 'expected an object with an "objects" list'],
      [{ objects: [{ kind: "X" }] }, "snapshot objects[0]"],
      [
        { objects: [{ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "c", namespace: "missing" } }] },
        'ConfigMap "c" is in namespace "missing"',
      ],
      [
        {
          objects: [
            { apiVersion: "v1", kind: "Namespace", metadata: { name: "a" } },
            { apiVersion: "v1", kind: "Namespace", metadata: { name: "a" } },
          ],
        },
        "duplicate object",
      ],
      [{ resourceVersion: "x", objects: [] }, "resourceVersion"],
      [
        { objects: [{ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "c" } }] },
        "metadata.namespace is required",
      ],
    ];
    for (const [snapshot, message] of cases) {
      expect(() => MemoryCluster.fromSnapshot(snapshot), message).toThrow(ValidationError);
      expect(() => MemoryCluster.fromSnapshot(snapshot), message).toThrow(message);
    }
  });

  it("updateStatus of a missing object is a not-found error", () => {
    const c = newCluster();
    expect(() => c.updateStatusSync({ ...ref, status: {} })).toThrow(ResourceNotFoundError);
  });
});
