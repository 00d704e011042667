import { describe, expect, it } from "vitest";
import { builtinMergeSchema, customMergeSchema } from "../src/openapi/schema.js";
import { applyStrategicMergePatch } from "../src/patch/apply-strategic-merge.js";
import { StrategicMergeError } from "../src/patch/errors.js";
import { strategicMerge } from "../src/patch/strategic-merge.js";
import { idOf, loadFixtures, parseDocs } from "./patch-fixtures.js";

type Obj = Record<string, unknown>;

/** Apply the fixture's patch documents the way its kustomization does (by id, or to every selected target). */
function runFixture(fixture: ReturnType<typeof loadFixtures>[number]): Obj[] {
  const schema = fixture.schemaDocument
    ? customMergeSchema({ document: fixture.schemaDocument, source: "schema.json" })
    : builtinMergeSchema();
  const patches = parseDocs(fixture.patchText) as Obj[];
  const options = (fixture.extra.options ?? {}) as Record<string, boolean>;
  const selector = fixture.extra.target as { kind?: string } | undefined;
  let resources: (Obj | undefined)[] = [...fixture.targets];
  for (const patch of patches) {
    resources = resources.map((target) => {
      if (target === undefined) return undefined;
      const selected = selector
        ? selector.kind === undefined || target.kind === selector.kind
        : idOf(target) === idOf(patch) && target.apiVersion === patch.apiVersion;
      if (!selected) return target;
      return applyStrategicMergePatch({
        target,
        patch,
        schema,
        source: '[path: "patch.yaml"]',
        allowNameChange: options.allowNameChange,
        allowKindChange: options.allowKindChange,
      });
    });
  }
  return resources.filter((r): r is Obj => r !== undefined);
}

describe("strategic merge patch (fixtures recorded from kubectl kustomize)", () => {
  for (const fixture of loadFixtures("smp")) {
    it(fixture.name, () => {
      if (fixture.expectedError !== undefined) {
        const core = fixture.expectedError.split(": node contents:")[0];
        expect(() => runFixture(fixture)).toThrow(StrategicMergeError);
        expect(() => runFixture(fixture)).toThrow(core);
        return;
      }
      const results = runFixture(fixture);
      const expected = fixture.expected ?? [];
      expect(results.map(idOf).sort()).toEqual(expected.map(idOf).sort());
      for (const result of results) {
        expect(result).toEqual(expected.find((e) => idOf(e) === idOf(result)));
      }
    });
  }
});

describe("strategicMerge", () => {
  const target = {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: "web" },
    spec: { template: { spec: { containers: [{ name: "a", image: "a" }] } } },
  };

  it("does not modify its inputs", () => {
    const patch = {
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: "web" },
      spec: { template: { spec: { containers: [{ name: "b", $patch: "delete" }] } } },
    };
    const before = JSON.stringify([target, patch]);
    strategicMerge({ target, patch });
    expect(JSON.stringify([target, patch])).toBe(before);
  });

  it("appends new elements with listIncreaseDirection append", () => {
    const patch = { spec: { template: { spec: { containers: [{ name: "b", image: "b" }] } } } };
    const merged = strategicMerge({ target, patch, listIncreaseDirection: "append" });
    expect((merged?.spec as Obj | undefined)?.template).toEqual({
      spec: {
        containers: [
          { name: "a", image: "a" },
          { name: "b", image: "b" },
        ],
      },
    });
  });

  it("names the patch in errors", () => {
    const patch = { spec: { template: { spec: { containers: { name: "a" } } } } };
    expect(() => strategicMerge({ target, patch, source: '[path: "p.yaml"]' })).toThrow('[path: "p.yaml"]');
  });
});
