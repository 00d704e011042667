import {
  type ClusterAdapter,
  ConflictError,
  GitOpsError,
  type KubeObject,
  ResourceNotFoundError,
} from "@gitops-kit/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { KubeCluster } from "../src/index.js";
import { type FakeApiServer, fakeBackingCluster, startFakeApiServer } from "./fake-api-server.js";
import { kubeconfigText } from "./helpers.js";

/**
 * The same scenario against MemoryCluster and against KubeCluster talking to the fake API server:
 * the transcripts (actions, returned objects, error types, codes, refs and field conflicts) must be
 * equal. The fake stores objects in a MemoryCluster, so this checks the adapter's side: URLs and
 * scope, request bodies, status mapping, conflict parsing, list assembly and ordering, and the
 * created / configured / unchanged decision.
 */
async function scenario(cluster: ClusterAdapter): Promise<unknown[]> {
  const out: unknown[] = [];
  const step = async (name: string, fn: () => Promise<unknown>) => {
    try {
      out.push({ step: name, ok: await fn() });
    } catch (err) {
      out.push({ step: name, error: describeError(err) });
    }
  };
  const cm = (data: Record<string, string>, name = "cfg"): KubeObject => ({
    apiVersion: "v1",
    kind: "ConfigMap",
    metadata: { name, namespace: "apps", labels: { app: "web" } },
    data,
  });
  const deployment: KubeObject = {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: "web", namespace: "apps", labels: { app: "web" } },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: "web" } },
      template: {
        metadata: { labels: { app: "web" } },
        spec: { containers: [{ name: "app", image: "nginx:1.27" }] },
      },
    },
  };
  const firstBatch: KubeObject[] = [
    { apiVersion: "v1", kind: "Namespace", metadata: { name: "apps" } },
    cm({ a: "1" }),
    cm({ b: "2" }, "other"),
    deployment,
    {
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "ClusterRole",
      metadata: { name: "reader", namespace: "apps" },
      rules: [{ apiGroups: [""], resources: ["configmaps"], verbs: ["get"] }],
    },
    { apiVersion: "example.com/v1", kind: "Gadget", metadata: { name: "g1" }, spec: { size: 3 } },
  ];
  const apply = (
    objects: KubeObject[],
    extra: { fieldManager?: string; force?: boolean; dryRun?: boolean } = {},
  ) => cluster.apply({ objects, fieldManager: "flux", ...extra });

  await step("create", () => apply(firstBatch));
  await step("re-apply", () => apply(firstBatch).then((r) => r.map((x) => x.action)));
  await step("change", () => apply([cm({ a: "2" })]));
  await step("conflict", () => apply([cm({ a: "3" })], { fieldManager: "kubectl" }));
  await step("force", () => apply([cm({ a: "3" })], { fieldManager: "kubectl", force: true }));
  await step("dry-run create", () =>
    apply([cm({}, "dry")], { dryRun: true }).then((r) => r.map((x) => x.action)),
  );
  await step("dry-run leaves nothing", () =>
    cluster.get({ apiVersion: "v1", kind: "ConfigMap", name: "dry", namespace: "apps" }),
  );
  await step("dry-run change", () => apply([cm({ a: "9" })], { fieldManager: "kubectl", dryRun: true }));
  await step("get", () =>
    cluster.get({ apiVersion: "v1", kind: "ConfigMap", name: "cfg", namespace: "apps" }),
  );
  await step("get cluster-scoped with a namespace", () =>
    cluster.get({ apiVersion: "example.com/v1", kind: "Gadget", name: "g1", namespace: "apps" }),
  );
  await step("list by selector", () =>
    cluster.list({ apiVersion: "v1", kind: "ConfigMap", namespace: "apps", labelSelector: "app=web" }),
  );
  await step("list namespaces", () => cluster.list({ apiVersion: "v1", kind: "Namespace" }));
  await step("list cluster-scoped ignores namespace", () =>
    cluster.list({ apiVersion: "rbac.authorization.k8s.io/v1", kind: "ClusterRole", namespace: "apps" }),
  );
  await step("missing namespace", () =>
    apply([{ ...cm({}), metadata: { name: "x", namespace: "nowhere" } }]),
  );
  await step("no field manager", () => apply([cm({})], { fieldManager: "" }));
  await step("dry-run delete", () =>
    cluster.delete({
      apiVersion: "apps/v1",
      kind: "Deployment",
      name: "web",
      namespace: "apps",
      dryRun: true,
    }),
  );
  await step("delete", () =>
    cluster.delete({ apiVersion: "apps/v1", kind: "Deployment", name: "web", namespace: "apps" }),
  );
  await step("get deleted", () =>
    cluster.get({ apiVersion: "apps/v1", kind: "Deployment", name: "web", namespace: "apps" }),
  );
  await step("delete again", () =>
    cluster.delete({ apiVersion: "apps/v1", kind: "Deployment", name: "web", namespace: "apps" }),
  );
  await step("list after delete", () => cluster.list({ apiVersion: "apps/v1", kind: "Deployment" }));
  return out;
}

function describeError(err: unknown): unknown {
  if (!(err instanceof GitOpsError)) return { unexpected: String(err) };
  const base = { type: err.constructor.name, code: err.code };
  // The adapter passes the server's conflict message through; the fields in conflict must agree.
  if (err instanceof ConflictError) return { ...base, conflicts: err.conflicts };
  if (err instanceof ResourceNotFoundError) return { ...base, message: err.message, ref: err.ref };
  return { ...base, message: err.message };
}

describe("ClusterAdapter contract: MemoryCluster and KubeCluster against the fake agree", () => {
  let fake: FakeApiServer;
  let kube: KubeCluster;

  beforeAll(async () => {
    fake = await startFakeApiServer();
    kube = KubeCluster.fromKubeconfig({ contents: kubeconfigText({ server: fake.url }) });
  });

  afterAll(async () => {
    kube.close();
    await fake.close();
  });

  it("gives the same transcript", async () => {
    const memory = await scenario(fakeBackingCluster());
    const remote = await scenario(kube);
    expect(remote).toEqual(memory);
    // The scenario exercises what it claims to.
    const byStep = Object.fromEntries((memory as Array<{ step: string }>).map((s) => [s.step, s]));
    expect(byStep["re-apply"]).toEqual({ step: "re-apply", ok: Array(6).fill("unchanged") });
    expect(byStep.conflict).toMatchObject({
      error: { type: "ConflictError", conflicts: [{ manager: "flux", field: ".data.a" }] },
    });
    expect(byStep["dry-run leaves nothing"]).toMatchObject({ error: { type: "ResourceNotFoundError" } });
    expect(byStep["no field manager"]).toMatchObject({ error: { type: "ValidationError" } });
    expect(byStep["get deleted"]).toMatchObject({ error: { code: "NOT_FOUND" } });
    expect(fake.requests.some((r) => r.method === "DELETE")).toBe(true);
  });
});
