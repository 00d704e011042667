import { describe, expect, it } from "vitest";
import { NameReferenceError } from "../src/index.js";
import { buildObjects, lines } from "./build-helpers.js";

// biome-ignore lint/suspicious/noExplicitAny: objects of many shapes, read in assertions only.
type Obj = Record<string, any>;

function byKind(objs: Record<string, unknown>[]): Record<string, Obj> {
  return Object.fromEntries(objs.map((o) => [o.kind as string, o as Obj]));
}

describe("name references", () => {
  it("follows renames into RBAC subjects and roleRefs, HPA targets and PVC storage classes", () => {
    const objs = byKind(
      buildObjects({
        "/app/kustomization.yaml": lines("namespace: team", "namePrefix: x-", "resources: [r.yaml]"),
        "/app/r.yaml": lines(
          "apiVersion: v1",
          "kind: ServiceAccount",
          "metadata: {name: sa}",
          "---",
          "apiVersion: rbac.authorization.k8s.io/v1",
          "kind: ClusterRole",
          "metadata: {name: cr}",
          "---",
          "apiVersion: rbac.authorization.k8s.io/v1",
          "kind: ClusterRoleBinding",
          "metadata: {name: crb}",
          "roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cr}",
          "subjects: [{kind: ServiceAccount, name: sa, namespace: default}]",
          "---",
          "apiVersion: apps/v1",
          "kind: Deployment",
          "metadata: {name: web}",
          "---",
          "apiVersion: autoscaling/v2",
          "kind: HorizontalPodAutoscaler",
          "metadata: {name: hpa}",
          "spec: {scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}}",
          "---",
          "apiVersion: storage.k8s.io/v1",
          "kind: StorageClass",
          "metadata: {name: fast}",
          "---",
          "apiVersion: v1",
          "kind: PersistentVolumeClaim",
          "metadata: {name: pvc}",
          "spec: {storageClassName: fast}",
          "---",
          "apiVersion: networking.k8s.io/v1",
          "kind: IngressClass",
          "metadata: {name: nginx}",
          "---",
          "apiVersion: networking.k8s.io/v1",
          "kind: Ingress",
          "metadata: {name: ing}",
          "spec: {ingressClassName: nginx}",
        ),
      }),
    );
    expect(objs.ClusterRoleBinding.roleRef.name).toBe("x-cr");
    expect(objs.ClusterRoleBinding.subjects).toEqual([
      { kind: "ServiceAccount", name: "x-sa", namespace: "team" },
    ]);
    expect(objs.ClusterRole.metadata).toEqual({ name: "x-cr" });
    expect(objs.HorizontalPodAutoscaler.spec.scaleTargetRef.name).toBe("x-web");
    expect(objs.PersistentVolumeClaim.spec.storageClassName).toBe("x-fast");
    // kustomize's table names IngressClass with group "networking.k8s.io/v1", so this is never rewritten.
    expect(objs.IngressClass.metadata.name).toBe("x-nginx");
    expect(objs.Ingress.spec.ingressClassName).toBe("nginx");
  });

  it("prefers the target with the same prefix context when two bases define the same name", () => {
    const base = (prefix: string) => ({
      [`/${prefix}/kustomization.yaml`]: lines(`namePrefix: ${prefix}-`, "resources: [r.yaml]"),
      [`/${prefix}/r.yaml`]: lines(
        "apiVersion: v1",
        "kind: ConfigMap",
        "metadata: {name: cfg}",
        "---",
        "apiVersion: v1",
        "kind: Pod",
        "metadata: {name: pod}",
        "spec:",
        "  volumes: [{name: v, configMap: {name: cfg}}]",
      ),
    });
    const objs = buildObjects(
      { ...base("a"), ...base("b"), "/app/kustomization.yaml": lines("resources: [../a, ../b]") },
      "/app",
      { reorder: "none" },
    );
    const pods = objs.filter((o) => o.kind === "Pod") as Obj[];
    expect(pods.map((p) => [p.metadata.name, p.spec.volumes[0].configMap.name])).toEqual([
      ["a-pod", "a-cfg"],
      ["b-pod", "b-cfg"],
    ]);
  });

  it("fails when several candidates remain", () => {
    expect(() =>
      buildObjects({
        "/app/kustomization.yaml": lines("resources: [r.yaml]", "namePrefix: p-"),
        "/app/r.yaml": lines(
          "apiVersion: v1",
          "kind: ServiceAccount",
          "metadata: {name: sa, namespace: a}",
          "---",
          "apiVersion: v1",
          "kind: ServiceAccount",
          "metadata: {name: sa, namespace: b}",
          "---",
          "apiVersion: rbac.authorization.k8s.io/v1",
          "kind: ClusterRoleBinding",
          "metadata: {name: crb}",
          "subjects: [{kind: ServiceAccount, name: sa}]",
        ),
      }),
    ).toThrow(NameReferenceError);
  });
});
