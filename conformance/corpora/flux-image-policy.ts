/**
 * Corpus `flux/image-policy`: one case per row of each `*.jsonl` in `flux/image-policy/` (see its README
 * and SPEC.md): tag selection by semver / alphabetical / numerical policies with filterTags, exclusion
 * lists, latestTags, Flux's version parsing, policy validation and the Ready message.
 */
import { notImplemented, vectorCaseIds } from "../lib.js";
import type { Corpus } from "../types.js";

const corpus: Corpus = {
  name: "flux/image-policy",
  folder: "flux/image-policy",
  async run(dir) {
    return notImplemented(vectorCaseIds(dir), "ImagePolicy selection (@gitops-kit/image)");
  },
};

export default corpus;
