import { describe, expect, it } from "vitest";
import { KustomizationFileError, parseKustomization } from "../src/index.js";

const file = "/k/kustomization.yaml";

describe("parseKustomization", () => {
  it("defaults kind and apiVersion and folds legacy fields", () => {
    const k = parseKustomization({
      document: {
        resources: ["a.yaml"],
        bases: ["../base"],
        images: [{ name: "a" }],
        imageTags: [{ name: "b" }],
        configMapGenerator: [{ name: "c", env: "x.env", envs: ["y.env"] }],
      },
      file,
    });
    expect(k.kind).toBe("Kustomization");
    expect(k.apiVersion).toBe("kustomize.config.k8s.io/v1beta1");
    expect(k.resources).toEqual(["a.yaml", "../base"]);
    expect(k.images?.map((i) => i.name)).toEqual(["a", "b"]);
    expect(k.configMapGenerator?.[0].envs).toEqual(["y.env", "x.env"]);
    expect(k.configMapGenerator?.[0]).not.toHaveProperty("env");
  });

  it("gives a Component its own default apiVersion", () => {
    const k = parseKustomization({ document: { kind: "Component", namePrefix: "x-" }, file });
    expect(k.apiVersion).toBe("kustomize.config.k8s.io/v1alpha1");
  });

  it("matches field names case-insensitively, as Go's JSON decoder does", () => {
    const k = parseKustomization({ document: { Resources: ["a.yaml"], NAMEPREFIX: "p-" }, file });
    expect(k.resources).toEqual(["a.yaml"]);
    expect(k.namePrefix).toBe("p-");
  });

  it("treats null as absent and null list elements as zero values", () => {
    const k = parseKustomization({
      document: { resources: null, components: ["c", null], namePrefix: "p" },
      file,
    });
    expect(k.resources).toBeUndefined();
    expect(k.components).toEqual(["c", ""]);
  });

  it("takes only booleans in boolean fields: a quoted word is a string, which Go's bool refuses", () => {
    const k = parseKustomization({
      document: { generatorOptions: { disableNameSuffixHash: true, immutable: false } },
      file,
    });
    expect(k.generatorOptions).toEqual({ disableNameSuffixHash: true, immutable: false });
    for (const word of ["yes", "true", "maybe"]) {
      expect(() => parseKustomization({ document: { generatorOptions: { immutable: word } }, file })).toThrow(
        /generatorOptions\.immutable: expected boolean, got string/,
      );
    }
  });

  it("rejects unknown fields, naming the file and the field", () => {
    const err = (() => {
      try {
        parseKustomization({ document: { resources: [], patches: [{ path: "p.yaml", targett: {} }] }, file });
      } catch (e) {
        return e;
      }
    })() as KustomizationFileError;
    expect(err).toBeInstanceOf(KustomizationFileError);
    expect(err.code).toBe("KUSTOMIZATION_INVALID");
    expect(err.file).toBe(file);
    expect(err.field).toBe("patches[0]");
    expect(err.message).toContain("targett");
    expect(err.message).toContain(file);
  });

  it("rejects values of the wrong type", () => {
    expect(() => parseKustomization({ document: { namePrefix: 1 }, file })).toThrow(
      /namePrefix: expected string/,
    );
    expect(() => parseKustomization({ document: { commonLabels: { a: 1 } }, file })).toThrow(/commonLabels/);
    expect(() => parseKustomization({ document: { resources: "a.yaml" }, file })).toThrow(/resources/);
    expect(() => parseKustomization({ document: { replicas: [{ name: "x", count: "3" }] }, file })).toThrow(
      /replicas\[0\]\.count/,
    );
    expect(() => parseKustomization({ document: { replicas: [{ name: "x", count: 1.5 }] }, file })).toThrow(
      KustomizationFileError,
    );
  });

  it("rejects an empty kustomization and wrong kinds or versions", () => {
    expect(() => parseKustomization({ document: null, file })).toThrow(/is empty/);
    expect(() =>
      parseKustomization({ document: { apiVersion: "kustomize.config.k8s.io/v1beta1" }, file }),
    ).toThrow(/is empty/);
    expect(() => parseKustomization({ document: { kind: "Deployment", resources: [] }, file })).toThrow(
      /kind should be Kustomization or Component/,
    );
    expect(() =>
      parseKustomization({
        document: { kind: "Component", apiVersion: "kustomize.config.k8s.io/v1beta1", resources: [] },
        file,
      }),
    ).toThrow(/apiVersion for Component should be kustomize.config.k8s.io\/v1alpha1/);
    expect(() => parseKustomization({ document: ["a"], file })).toThrow(/not a mapping/);
  });
});
