/**
 * Corpus `flux/flux-kustomization`: what kustomize-controller does around a build (see
 * `flux/flux-kustomization/README.md` and SPEC.md): one case per folder of `generator-cases/` and one per
 * row of `images.jsonl`, `components.jsonl`, `local-relative-path.jsonl` and `inventory-ids.jsonl`.
 */
import { notImplemented, vectorCaseIds } from "../lib.js";
import type { Corpus } from "../types.js";

interface ObjectRow {
  kind?: string;
  metadata?: { name?: string; namespace?: string };
}

const corpus: Corpus = {
  name: "flux/flux-kustomization",
  folder: "flux/flux-kustomization",
  async run(dir) {
    const ids = vectorCaseIds(dir, {
      trees: ["generator-cases"],
      // These two files carry no id: the input names the case.
      idOf: {
        "local-relative-path": (row) => JSON.stringify(row.path),
        "inventory-ids": (row) => {
          const o = row.object as ObjectRow | undefined;
          return `${o?.kind}/${o?.metadata?.namespace ?? ""}/${o?.metadata?.name}`;
        },
      },
    });
    return notImplemented(ids, "Flux Kustomization layer (@gitops-kit/kustomize)");
  },
};

export default corpus;
