import { readFileSync } from "node:fs";
import { join } from "node:path";
import { memFs, printYamlStream } from "@gitops-kit/core";
import { nodeFs } from "@gitops-kit/core/node";
import { describe, expect, it } from "vitest";
import { buildKustomization } from "../src/build.js";
import {
  builtinMergeSchema,
  customMergeSchema,
  MergeSchema,
  OpenApiSchemaError,
} from "../src/openapi/schema.js";
import { fixturesDir } from "./patch-fixtures.js";

describe("built-in merge facts (Kubernetes v1.21.2 as embedded in kustomize v5.5.0)", () => {
  const schema = builtinMergeSchema();
  const facts = (apiVersion: string, kind: string, path: string[]) =>
    schema.forType(apiVersion, kind)?.lookup(path)?.facts();

  it("merges containers by name and container ports by containerPort + protocol", () => {
    expect(facts("apps/v1", "Deployment", ["spec", "template", "spec", "containers"])).toEqual({
      strategy: "merge",
      mergeKeys: ["name"],
      associative: true,
    });
    expect(facts("apps/v1", "Deployment", ["spec", "template", "spec", "containers", "[]", "ports"])).toEqual(
      {
        strategy: "merge",
        mergeKeys: ["containerPort", "protocol"],
        listType: "map",
        associative: true,
      },
    );
    expect(facts("v1", "Service", ["spec", "ports"])?.mergeKeys).toEqual(["port", "protocol"]);
  });

  it("knows retainKeys volumes, replace selectors, key-less merge lists and plain lists", () => {
    expect(facts("v1", "Pod", ["spec", "volumes"])?.strategy).toBe("merge,retainKeys");
    // `selector: {$ref: LabelSelector, x-kubernetes-patch-strategy: replace}`: kyaml follows the ref and loses
    // the sibling strategy (harmless: a replace strategy on a map changes nothing in its merge).
    expect(facts("policy/v1beta1", "PodDisruptionBudget", ["spec", "selector"])?.strategy).toBeUndefined();
    expect(facts("v1", "ConfigMap", ["metadata", "finalizers"])).toEqual({
      strategy: "merge",
      mergeKeys: [],
      associative: true,
    });
    expect(facts("v1", "Pod", ["spec", "tolerations"])).toEqual({ mergeKeys: [], associative: false });
  });

  it("follows additionalProperties and has no schema for kinds a 1.21 server does not serve", () => {
    expect(facts("v1", "ConfigMap", ["data", "anything"])).toEqual({ mergeKeys: [], associative: false });
    expect(schema.forType("autoscaling/v2", "HorizontalPodAutoscaler")).toBeUndefined();
    expect(schema.forType("apps/v1beta1", "Deployment")).toBeUndefined();
    expect(schema.forType("batch/v1beta1", "CronJob")).toBeDefined();
    expect(
      schema
        .forType("kustomize.config.k8s.io/v1beta1", "Kustomization")
        ?.field("configMapGenerator")
        ?.facts(),
    ).toEqual({ strategy: "merge", mergeKeys: ["name"], associative: true });
  });

  it("has kustomize's precomputed namespace scope", () => {
    expect(schema.isNamespaceScoped("rbac.authorization.k8s.io/v1", "ClusterRole")).toBe(false);
    expect(schema.isNamespaceScoped("apps/v1", "Deployment")).toBe(true);
    expect(schema.isNamespaceScoped("rbac.authorization.k8s.io/v1alpha1", "ClusterRole")).toBeUndefined();
    expect(schema.isNamespaceScoped("x/v1", "Foo")).toBeUndefined();
  });
});

describe("custom schemas", () => {
  const document = {
    definitions: {
      "com.example.Foo": {
        type: "object",
        "x-kubernetes-group-version-kind": [{ group: "example.com", version: "v1", kind: "Foo" }],
        properties: { spec: { $ref: "#/definitions/com.example.FooSpec" } },
      },
      "com.example.FooSpec": {
        type: "object",
        properties: {
          items: {
            type: ["array"],
            items: { type: "object" },
            "x-kubernetes-patch-strategy": "merge",
            "x-kubernetes-patch-merge-key": "id",
          },
          dangling: { $ref: "#/definitions/missing" },
        },
      },
    },
    paths: {
      "/apis/example.com/v1/namespaces/{namespace}/foos/{name}": {
        get: { "x-kubernetes-group-version-kind": { group: "example.com", version: "v1", kind: "Foo" } },
      },
      "/apis/example.com/v1/bars/{name}": {
        get: { "x-kubernetes-group-version-kind": { group: "example.com", version: "v1", kind: "Bar" } },
      },
    },
  };
  const schema = customMergeSchema({ document, source: "schema.json" });

  it("resolves local refs, single-element type arrays and dangling refs", () => {
    expect(schema.forType("example.com/v1", "Foo")?.lookup(["spec", "items"])?.facts().mergeKeys).toEqual([
      "id",
    ]);
    expect(schema.forType("example.com/v1", "Foo")?.lookup(["spec", "dangling"])).toBeUndefined();
  });

  it("replaces the built-in Kubernetes schema but keeps kustomize's own types", () => {
    expect(schema.forType("apps/v1", "Deployment")).toBeUndefined();
    expect(schema.forType("kustomize.config.k8s.io/v1beta1", "Kustomization")).toBeDefined();
  });

  it("derives namespace scope from GET paths, after the precomputed table", () => {
    expect(schema.isNamespaceScoped("example.com/v1", "Foo")).toBe(true);
    expect(schema.isNamespaceScoped("example.com/v1", "Bar")).toBe(false);
    expect(schema.isNamespaceScoped("v1", "Namespace")).toBe(false);
  });

  it("lays schemas over each other: later layers win, earlier definitions stay", () => {
    const builtin = builtinMergeSchema();
    expect(MergeSchema.layered([schema])).toBe(schema);
    const both = MergeSchema.layered([schema, builtin]);
    expect(both.source).toBe(`${schema.source} + ${builtin.source}`);
    expect(both.forType("apps/v1", "Deployment")).toBeDefined();
    expect(both.forType("example.com/v1", "Foo")?.lookup(["spec", "items"])?.facts().mergeKeys).toEqual([
      "id",
    ]);
    expect(both.isNamespaceScoped("example.com/v1", "Bar")).toBe(false);
    expect(() => MergeSchema.layered([])).toThrow(RangeError);
  });

  it("rejects documents that are not mappings", () => {
    expect(() => customMergeSchema({ document: [], source: "s.json" })).toThrow(OpenApiSchemaError);
    expect(() => customMergeSchema({ document: { definitions: [] }, source: "s.json" })).toThrow("s.json");
  });
});

describe("the schema life cycle of a build (orders of events recorded from kubectl kustomize)", () => {
  const build = (name: string) => {
    const root = join(fixturesDir, "..", "openapi", name);
    const result = buildKustomization({ fs: nodeFs(), path: join(root, "root") });
    return {
      printed: printYamlStream(result.resources),
      expected: readFileSync(join(root, "expected.yaml"), "utf8"),
    };
  };

  it("loads the built-in schema too when a CRD kind's scope was asked before the custom schema was set", () => {
    const { printed, expected } = build("delayed-builtin");
    expect(printed).toBe(expected);
  });

  it("uses only the custom schema when it is set before any CRD kind is seen", () => {
    const { printed, expected } = build("custom-replaces-builtin");
    expect(printed).toBe(expected);
  });

  it("adds a custom schema on top of the built-in one loaded by an earlier strategic merge", () => {
    const { printed, expected } = build("custom-after-builtin");
    expect(printed).toBe(expected);
  });

  it("rejects bad openapi fields with kustomize's messages, naming the file", () => {
    const tree = (openapi: string) =>
      memFs({
        "/t/kustomization.yaml": `openapi: ${openapi}\nresources: [cm.yaml]\n`,
        "/t/cm.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n",
        "/t/s.json": "{}",
      });
    expect(() => buildKustomization({ fs: tree("{version: v1.14.1}"), path: "/t" })).toThrow(
      "the specified OpenAPI version is not built in (in /t/kustomization.yaml)",
    );
    expect(() => buildKustomization({ fs: tree("{version: v1.21.2, path: s.json}"), path: "/t" })).toThrow(
      "builtin version and custom schema provided, cannot use both (in /t/kustomization.yaml)",
    );
  });
});
