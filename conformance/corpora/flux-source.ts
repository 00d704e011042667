/**
 * Corpus `flux/source`: source-controller building blocks (see `flux/source/README.md` and SPEC.md): one
 * case per row of `revisions.jsonl`, `ignore.jsonl` (a whole tree with its path verdicts) and
 * `helm-index.jsonl`, and one per folder of `artifacts/`.
 */
import { notImplemented, vectorCaseIds } from "../lib.js";
import type { Corpus } from "../types.js";

const corpus: Corpus = {
  name: "flux/source",
  folder: "flux/source",
  async run(dir) {
    return notImplemented(vectorCaseIds(dir, { trees: ["artifacts"] }), "Flux sources (@gitops-kit/source)");
  },
};

export default corpus;
