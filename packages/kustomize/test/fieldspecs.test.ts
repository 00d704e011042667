import { describe, expect, it } from "vitest";
import {
  ConflictingFieldSpecsError,
  copyTransformerConfig,
  EMPTY_TRANSFORMER_CONFIG,
  emptyTransformerConfig,
  mergeFieldSpecs,
  mergeTransformerConfigs,
} from "../src/fieldspecs/config.js";
import { DEFAULT_TRANSFORMER_CONFIG } from "../src/fieldspecs/defaults.js";
import { applyFieldSpec, FieldPathError, setSlot, splitFieldPath } from "../src/fieldspecs/fieldspec.js";

describe("fieldSpec paths", () => {
  it("splits on / with \\/ escapes and one leading / ignored", () => {
    expect(splitFieldPath("/metadata/annotations/example.com\\/key")).toEqual([
      "metadata",
      "annotations",
      "example.com/key",
    ]);
  });

  it("walks lists implicitly and honours the GVK filter", () => {
    const obj = {
      apiVersion: "apps/v1",
      kind: "Deployment",
      spec: { template: { spec: { containers: [{ image: "a" }, { image: "b" }, { name: "no-image" }] } } },
    };
    const seen: unknown[] = [];
    applyFieldSpec({
      obj,
      spec: { kind: "Deployment", path: "spec/template/spec/containers/image" },
      set: (slot) => {
        seen.push((slot.holder as Record<string, unknown>)[slot.key]);
        setSlot(slot, "x");
      },
    });
    expect(seen).toEqual(["a", "b"]);
    applyFieldSpec({ obj, spec: { group: "batch", path: "spec" }, set: () => seen.push("wrong group") });
    expect(seen).toHaveLength(2);
  });

  it("creates missing fields only with create and a known kind, never through []", () => {
    const obj: Record<string, unknown> = { kind: "X", spec: { list: null } };
    applyFieldSpec({
      obj,
      spec: { path: "metadata/labels", create: true },
      createKind: "map",
      set: () => {},
    });
    expect(obj.metadata).toEqual({ labels: {} });
    applyFieldSpec({ obj, spec: { path: "status/x", create: false }, createKind: "scalar", set: () => {} });
    expect(obj.status).toBeUndefined();
    // A `[]` field is re-typed from null to an empty list even without create, but never created.
    applyFieldSpec({ obj, spec: { path: "spec/list[]/image" }, set: () => {} });
    expect((obj.spec as Record<string, unknown>).list).toEqual([]);
    applyFieldSpec({
      obj,
      spec: { path: "spec/other[]/image", create: true },
      createKind: "scalar",
      set: () => {},
    });
    expect(obj.spec).not.toHaveProperty("other");
  });

  it("fails when a path runs into a scalar", () => {
    expect(() =>
      applyFieldSpec({ obj: { kind: "X", spec: "text" }, spec: { path: "spec/a" }, set: () => {} }),
    ).toThrow(FieldPathError);
  });
});

describe("transformer configuration merging", () => {
  it("drops a generic spec merged after a kind-specific one with the same path (order matters)", () => {
    const specific = [
      { kind: "IngressHost", path: "metadata/name" },
      { kind: "IngressSecret", path: "metadata/name" },
    ];
    expect(mergeFieldSpecs(specific, [{ path: "metadata/name" }])).toEqual(specific);
    expect(mergeFieldSpecs([{ path: "metadata/name" }], specific)).toHaveLength(3);
    // The same through whole configurations: defaults plus a user table, then into an empty accumulator.
    const user = { ...emptyTransformerConfig(), namePrefix: specific };
    const level = mergeTransformerConfigs(copyTransformerConfig(DEFAULT_TRANSFORMER_CONFIG), user);
    expect(level.namePrefix).toHaveLength(3);
    const accumulated = mergeTransformerConfigs(EMPTY_TRANSFORMER_CONFIG, level);
    expect(accumulated.namePrefix.map((fs) => fs.kind)).toEqual(["IngressHost", "IngressSecret"]);
  });

  it("rejects the same field with different create flags", () => {
    expect(() =>
      mergeFieldSpecs(
        [{ kind: "X", path: "a/b", create: true }],
        [{ kind: "X", path: "a/b", create: false }],
      ),
    ).toThrow(ConflictingFieldSpecsError);
  });

  it("sorts tables by kind rank, then group_version_kind", () => {
    const cfg = mergeTransformerConfigs(EMPTY_TRANSFORMER_CONFIG, {
      ...emptyTransformerConfig(),
      images: [
        { kind: "Widget", group: "example.com", path: "a" },
        { kind: "Pod", version: "v1", path: "b" },
        { kind: "Deployment", path: "c" },
        { kind: "Namespace", path: "d" },
      ],
    });
    expect(cfg.images.map((fs) => fs.kind)).toEqual(["Namespace", "Deployment", "Widget", "Pod"]);
  });

  it("ships kustomize's built-in tables", () => {
    expect(DEFAULT_TRANSFORMER_CONFIG.commonLabels).toHaveLength(32);
    expect(DEFAULT_TRANSFORMER_CONFIG.varReference).toHaveLength(72);
    expect(DEFAULT_TRANSFORMER_CONFIG.nameReference.reduce((n, r) => n + r.fieldSpecs.length, 0)).toBe(167);
  });
});
