/**
 * Corpus `flux/envsubst`: Flux postBuild substitution (see `flux/envsubst/README.md` and SPEC.md): one case
 * per row of `cases.jsonl`, `controller-cases.jsonl` and `var-names.jsonl`, and one per folder of
 * `kustomize-cases/`.
 */
import { notImplemented, vectorCaseIds } from "../lib.js";
import type { Corpus } from "../types.js";

const corpus: Corpus = {
  name: "flux/envsubst",
  folder: "flux/envsubst",
  async run(dir) {
    const ids = vectorCaseIds(dir, {
      trees: ["kustomize-cases"],
      // var-names rows have no id: the variable name itself (quoted, as it may be empty) names the case.
      idOf: { "var-names": (row) => JSON.stringify(row.name) },
    });
    return notImplemented(ids, "postBuild substitution (@gitops-kit/kustomize)");
  },
};

export default corpus;
