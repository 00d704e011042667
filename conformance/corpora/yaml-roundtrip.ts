/**
 * Corpus `yaml-roundtrip`: the YAML printer against kubectl's own output. For every case of
 * `kustomize/cases/` that has an `expected.yaml`, parsing it with `parseYamlStream` and printing it
 * again with `printYamlStream` must give the same bytes.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parseYamlStream, printYamlStream } from "@gitops-kit/core";
import { diffSummary, listDirs, runEach } from "../lib.js";
import type { Corpus } from "../types.js";

const corpus: Corpus = {
  name: "yaml-roundtrip",
  folder: "kustomize",
  async run(dir) {
    const casesDir = join(dir, "cases");
    const ids = listDirs(casesDir).filter((id) => existsSync(join(casesDir, id, "expected.yaml")));
    return runEach(
      ids,
      (id) => id,
      (id) => {
        const file = join(casesDir, id, "expected.yaml");
        const expected = readFileSync(file, "utf8");
        const printed = printYamlStream(parseYamlStream(expected, { file }));
        return printed === expected ? undefined : diffSummary(expected, printed);
      },
    );
  },
};

export default corpus;
