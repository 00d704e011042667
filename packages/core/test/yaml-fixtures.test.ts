import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { GitOpsError, parseYamlStream, printYamlStream } from "../src/index.js";

// Inputs next to what kubectl kustomize printed for them (see fixtures/yaml/README.md).
const root = join(import.meta.dirname, "fixtures", "yaml");
const cases = readdirSync(root, { withFileTypes: true })
  .filter((e) => e.isDirectory())
  .map((e) => e.name)
  .sort();

function roundTrip(input: string): string {
  return printYamlStream(parseYamlStream(input, { file: "input.yaml" }));
}

describe("kubectl-recorded YAML fixtures", () => {
  it("has both kinds of fixtures", () => {
    const ok = cases.filter((c) => existsSync(join(root, c, "expected.yaml")));
    const failing = cases.filter((c) => existsSync(join(root, c, "expected-error.txt")));
    expect(ok.length).toBeGreaterThanOrEqual(15);
    expect(failing.length).toBeGreaterThanOrEqual(15);
    expect(ok.length + failing.length).toBe(cases.length);
  });

  for (const name of cases) {
    const dir = join(root, name);
    const input = readFileSync(join(dir, "input.yaml"), "utf8");
    if (existsSync(join(dir, "expected.yaml"))) {
      it(`${name}: prints what kubectl printed`, () => {
        expect(roundTrip(input)).toBe(readFileSync(join(dir, "expected.yaml"), "utf8"));
      });
    } else {
      it(`${name}: fails where kubectl failed`, () => {
        let error: unknown;
        try {
          roundTrip(input);
        } catch (err) {
          error = err;
        }
        expect(error).toBeInstanceOf(GitOpsError);
        expect((error as GitOpsError).code).toMatch(/^YAML_(PARSE|PRINT)$/);
      });
    }
  }
});
