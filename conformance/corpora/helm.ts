/**
 * Corpus `helm`: one case per folder of `helm/cases/` (see that README): `helm template` of a chart with
 * the case's release, namespace, values files and capabilities, compared with `expected.yaml` (or
 * `expected-error.txt` for error cases), except the lines listed in `volatileLines`.
 */
import { join } from "node:path";
import { listDirs, notImplemented } from "../lib.js";
import type { Corpus } from "../types.js";

const corpus: Corpus = {
  name: "helm",
  folder: "helm",
  async run(dir) {
    // The renderer (@gitops-kit/helm) does not exist yet: every case is listed and fails.
    return notImplemented(listDirs(join(dir, "cases")), "helm template (@gitops-kit/helm)");
  },
};

export default corpus;
