import { describe, expect, it } from "vitest";
import {
  asKubeObjects,
  CLUSTER_SCOPED_KINDS,
  compareResourceIds,
  formatApiVersion,
  formatResourceId,
  isClusterScoped,
  isClusterScopedForKustomize,
  isKubeObject,
  parseApiVersion,
  parseResourceId,
  type ResourceId,
  resourceIdOf,
  sameResourceId,
  ValidationError,
  withoutManagedFields,
} from "../src/index.js";
import kustomizeScope from "./fixtures/kustomize-namespace-scope.json" with { type: "json" };

describe("apiVersion", () => {
  it("splits and joins group and version", () => {
    expect(parseApiVersion("apps/v1")).toEqual({ group: "apps", version: "v1" });
    expect(parseApiVersion("v1")).toEqual({ group: "", version: "v1" });
    expect(parseApiVersion("")).toEqual({ group: "", version: "" });
    expect(parseApiVersion("kustomize.toolkit.fluxcd.io/v1")).toEqual({
      group: "kustomize.toolkit.fluxcd.io",
      version: "v1",
    });
    expect(formatApiVersion({ group: "", version: "v1" })).toBe("v1");
    expect(formatApiVersion({ group: "apps", version: "v1" })).toBe("apps/v1");
  });

  it("rejects more than one slash", () => {
    expect(() => parseApiVersion("a/b/c")).toThrow(ValidationError);
    expect(() => parseApiVersion("a/b/c")).toThrow("unexpected GroupVersion string: a/b/c");
  });
});

describe("ResourceId", () => {
  const deploy = {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: "web", namespace: "prod" },
  };

  it("is taken from an object as written", () => {
    expect(resourceIdOf(deploy)).toEqual({
      group: "apps",
      version: "v1",
      kind: "Deployment",
      namespace: "prod",
      name: "web",
    });
    expect(resourceIdOf({ apiVersion: "v1", kind: "Namespace", metadata: { name: "prod" } })).toEqual({
      group: "",
      version: "v1",
      kind: "Namespace",
      namespace: "",
      name: "prod",
    });
    // Tolerates malformed input instead of crashing.
    expect(resourceIdOf({} as never)).toEqual({ group: "", version: "", kind: "", namespace: "", name: "" });
  });

  it("has a documented string form that parses back", () => {
    const cases: Array<[ResourceId, string]> = [
      [resourceIdOf(deploy), "apps/v1/Deployment/prod/web"],
      [
        { group: "", version: "v1", kind: "ConfigMap", namespace: "default", name: "cfg" },
        "v1/ConfigMap/default/cfg",
      ],
      [{ group: "", version: "v1", kind: "Namespace", namespace: "", name: "prod" }, "v1/Namespace//prod"],
      [
        {
          group: "rbac.authorization.k8s.io",
          version: "v1",
          kind: "ClusterRole",
          namespace: "",
          name: "view",
        },
        "rbac.authorization.k8s.io/v1/ClusterRole//view",
      ],
      [{ group: "apps", version: "", kind: "Deployment", namespace: "", name: "x" }, "apps//Deployment//x"],
      [{ group: "", version: "", kind: "", namespace: "", name: "" }, "///"],
      [{ group: "g", version: "v", kind: "K", namespace: "n", name: "a/b%c" }, "g/v/K/n/a%2Fb%25c"],
    ];
    for (const [id, text] of cases) {
      expect(formatResourceId(id)).toBe(text);
      expect(parseResourceId(text)).toEqual(id);
    }
  });

  it("rejects malformed id strings", () => {
    for (const bad of ["", "a/b", "a/b/c/d/e/f", "/v1/K/n/x", "v1/K/n/a%zz", "v1/K/n/50%"]) {
      expect(() => parseResourceId(bad), bad).toThrow(ValidationError);
    }
  });

  it("compares and orders ids", () => {
    const a = resourceIdOf(deploy);
    expect(sameResourceId(a, { ...a })).toBe(true);
    expect(sameResourceId(a, { ...a, namespace: "dev" })).toBe(false);
    const ids = [{ ...a, name: "b" }, { ...a, group: "" }, { ...a, kind: "DaemonSet" }, a];
    expect([...ids].sort(compareResourceIds).map(formatResourceId)).toEqual([
      "v1/Deployment/prod/web",
      "apps/v1/DaemonSet/prod/web",
      "apps/v1/Deployment/prod/b",
      "apps/v1/Deployment/prod/web",
    ]);
  });

  it("isKubeObject checks the shape", () => {
    expect(isKubeObject(deploy)).toBe(true);
    expect(isKubeObject({ apiVersion: "v1", kind: "X" })).toBe(false);
    expect(isKubeObject({ apiVersion: "v1", kind: "X", metadata: [] })).toBe(false);
    expect(isKubeObject(null)).toBe(false);
    expect(isKubeObject("x")).toBe(false);
  });
});

describe("scope", () => {
  it("knows cluster-scoped built-ins in every version", () => {
    for (const [group, kind] of [
      ["", "Namespace"],
      ["", "Node"],
      ["", "PersistentVolume"],
      ["rbac.authorization.k8s.io", "ClusterRole"],
      ["apiextensions.k8s.io", "CustomResourceDefinition"],
      ["admissionregistration.k8s.io", "ValidatingAdmissionPolicy"],
      ["storage.k8s.io", "StorageClass"],
      ["networking.k8s.io", "IngressClass"],
    ]) {
      expect(isClusterScoped({ group, kind }), kind).toBe(true);
    }
    for (const [group, kind] of [
      ["", "ConfigMap"],
      ["apps", "Deployment"],
      ["rbac.authorization.k8s.io", "Role"],
      ["", "PersistentVolumeClaim"],
      ["kustomize.toolkit.fluxcd.io", "Kustomization"],
      ["authorization.k8s.io", "LocalSubjectAccessReview"],
      ["", "Namespace2"],
      ["apps", "Namespace"],
    ]) {
      expect(isClusterScoped({ group, kind }), kind).toBe(false);
    }
    expect(isClusterScoped({ group: "cert-manager.io", kind: "ClusterIssuer" })).toBe(false);
    expect(
      isClusterScoped({ group: "cert-manager.io", kind: "ClusterIssuer" }, [
        { group: "cert-manager.io", kind: "ClusterIssuer" },
      ]),
    ).toBe(true);
    expect(CLUSTER_SCOPED_KINDS).toContainEqual({ group: "", kind: "Namespace" });
  });

  it("reproduces kustomize's exact apiVersion+kind table", () => {
    for (const entry of kustomizeScope.entries) {
      expect(isClusterScopedForKustomize(entry), `${entry.apiVersion} ${entry.kind}`).toBe(!entry.namespaced);
    }
    // kustomize treats what it does not know as namespaced, even real cluster-scoped kinds.
    const vap = { apiVersion: "admissionregistration.k8s.io/v1", kind: "ValidatingAdmissionPolicy" };
    expect(isClusterScopedForKustomize(vap)).toBe(false);
    expect(
      isClusterScoped({ group: "admissionregistration.k8s.io", kind: "ValidatingAdmissionPolicy" }),
    ).toBe(true);
    expect(
      isClusterScopedForKustomize({ apiVersion: "rbac.authorization.k8s.io/v1alpha1", kind: "ClusterRole" }),
    ).toBe(false);
    expect(
      isClusterScopedForKustomize({ apiVersion: "rbac.authorization.k8s.io/v1", kind: "ClusterRole" }),
    ).toBe(true);
  });

  it("the Kubernetes view covers every kind kustomize calls cluster-scoped (except NodeProxyOptions)", () => {
    for (const entry of kustomizeScope.entries.filter(
      (e) => !e.namespaced && e.kind !== "NodeProxyOptions",
    )) {
      const { group } = parseApiVersion(entry.apiVersion);
      expect(isClusterScoped({ group, kind: entry.kind }), `${entry.apiVersion} ${entry.kind}`).toBe(true);
    }
  });
});

describe("asKubeObjects and withoutManagedFields", () => {
  it("types parsed documents or names the first bad one", () => {
    const docs = [{ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "a" } }];
    expect(asKubeObjects(docs)).toBe(docs);
    expect(() => asKubeObjects([...docs, { kind: "X" }], { file: "app.yaml" })).toThrow(
      "app.yaml: document 2 is not a Kubernetes object",
    );
    expect(() => asKubeObjects(["text"])).toThrow(ValidationError);
  });

  it("drops managedFields without touching the input", () => {
    const obj = {
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: { name: "a", managedFields: [] as never[], labels: { x: "y" } },
    };
    expect(withoutManagedFields(obj).metadata).toEqual({ name: "a", labels: { x: "y" } });
    expect(obj.metadata.managedFields).toEqual([]);
  });
});
