import { describe, expect, it } from "vitest";
import { parseYaml, parseYamlStream, YamlError } from "../src/index.js";

describe("pathological nesting", () => {
  const deepFlow = (n: number) => `x: ${"[".repeat(n)}${"]".repeat(n)}\n`;

  it("refuses deep flow collections with a typed error, repeatedly, without aborting the process", () => {
    for (const n of [3_000, 20_000, 20_000]) {
      const error = (() => {
        try {
          parseYaml(deepFlow(n), { file: "deep.yaml" });
        } catch (e) {
          return e;
        }
      })();
      expect(error).toBeInstanceOf(YamlError);
      expect((error as YamlError).message).toBe("deep.yaml:1:504: collections nested deeper than 500 levels");
    }
  });

  it("refuses long compact `- - -` chains", () => {
    expect(() => parseYamlStream(`- ${"- ".repeat(5_000)}a\n`, { file: "seq.yaml" })).toThrow(
      /seq\.yaml:1:\d+: collections nested deeper than 500 levels/,
    );
  });

  it("still reads ordinary nesting and brackets inside scalars and comments", () => {
    expect(parseYaml(`x: ${"{a: ".repeat(100)}1${"}".repeat(100)}\n`)).toBeTruthy();
    const many = `a: '${"[".repeat(600)}' # ${"{".repeat(600)}\nb: [[1], {c: [2]}]\n`;
    expect(parseYaml(many)).toEqual({ a: "[".repeat(600), b: [[1], { c: [2] }] });
  });
});
