/**
 * Corpus `flux/image-update`: the Setters strategy tree cases (`cases/<name>`: input tree, policies,
 * expected tree) and one case per row of `commit-templates.jsonl`, `push-summary.jsonl` and
 * `errors.jsonl` (see `flux/image-update/README.md` and SPEC.md).
 */
import { notImplemented, vectorCaseIds } from "../lib.js";
import type { Corpus } from "../types.js";

const corpus: Corpus = {
  name: "flux/image-update",
  folder: "flux/image-update",
  async run(dir) {
    return notImplemented(
      vectorCaseIds(dir, { trees: ["cases"] }),
      "ImageUpdateAutomation setters and commit (@gitops-kit/image)",
    );
  },
};

export default corpus;
