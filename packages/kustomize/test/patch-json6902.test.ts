import { describe, expect, it } from "vitest";
import { Json6902Error } from "../src/patch/errors.js";
import { applyJson6902, parseJson6902 } from "../src/patch/json6902.js";
import { loadFixtures } from "./patch-fixtures.js";

describe("JSON 6902 patches (fixtures recorded from kubectl kustomize)", () => {
  for (const fixture of loadFixtures("json6902")) {
    it(fixture.name, () => {
      const run = () =>
        fixture.targets.map((target) =>
          applyJson6902({
            target,
            operations: parseJson6902({ text: fixture.patchText, source: '[path: "patch.yaml"]' }),
            source: '[path: "patch.yaml"]',
          }),
        );
      if (fixture.expectedError !== undefined) {
        expect(run).toThrow(Json6902Error);
        expect(run).toThrow(fixture.expectedError);
        return;
      }
      expect(run()).toEqual(fixture.expected);
    });
  }
});

describe("parseJson6902", () => {
  it("reads JSON when the text starts with [ and YAML otherwise", () => {
    expect(parseJson6902({ text: '[{"op":"remove","path":"/a"}]' })).toEqual([{ op: "remove", path: "/a" }]);
    expect(parseJson6902({ text: "- op: remove\n  path: /a\n" })).toEqual([{ op: "remove", path: "/a" }]);
  });

  it("requires strict JSON after a leading [", () => {
    expect(() => parseJson6902({ text: "[{op: remove, path: /a}]", source: "p" })).toThrow(Json6902Error);
  });

  it("rejects documents that are not operation lists, naming the patch", () => {
    expect(() => parseJson6902({ text: "op: remove\n", source: '[path: "p.yaml"]' })).toThrow(
      '[path: "p.yaml"]',
    );
    expect(() => parseJson6902({ text: "- 1\n" })).toThrow(/operation 0/);
    expect(() => parseJson6902({ text: "" })).toThrow("empty json patch operations");
  });

  it("does not modify the target", () => {
    const target = { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "c" }, data: { a: "1" } };
    applyJson6902({ target, operations: [{ op: "remove", path: "/data/a" }] });
    expect(target.data).toEqual({ a: "1" });
  });

  it("turns bigints into numbers as the JSON round trip does", () => {
    const target = { apiVersion: "v1", kind: "X", metadata: { name: "x" }, big: 12345678901234567890n };
    const out = applyJson6902({ target, operations: [] });
    expect(out.big).toBe(12345678901234567000);
  });
});
