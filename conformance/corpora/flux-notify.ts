/**
 * Corpus `flux/notify`: notification-controller (see `flux/notify/README.md` and SPEC.md): one case per
 * provider request vector (`providers/<type>.json`), per receiver vector (`receivers/<type>.json`), per
 * webhook path (`receivers/webhook-path.json`) and per row of `alerts.jsonl`.
 * Note-only providers have no vectors and so no cases; `provider-assertions/` is an earlier helper that
 * restates the same upstream tests, so it is not counted twice.
 */
import { basename, join } from "node:path";
import { jsonlCases, listEntries, notImplemented, readJson, uniqueIds } from "../lib.js";
import type { Corpus } from "../types.js";

interface VectorFile {
  vectors: { id?: string; name?: string; namespace?: string }[];
}

function vectorIds(dir: string, folder: string): string[] {
  const ids: string[] = [];
  for (const name of listEntries(join(dir, folder)).filter((n) => n.endsWith(".json"))) {
    const file = readJson<VectorFile>(join(dir, folder, name));
    const stem = basename(name, ".json");
    file.vectors.forEach((v, i) => {
      if (stem === "webhook-path") ids.push(`webhook-path/${v.namespace}/${v.name}`);
      else ids.push(`${folder}/${v.id ?? `${stem}/${i + 1}`}`);
    });
  }
  return ids;
}

const corpus: Corpus = {
  name: "flux/notify",
  folder: "flux/notify",
  async run(dir) {
    const ids = uniqueIds([
      ...vectorIds(dir, "providers"),
      ...vectorIds(dir, "receivers"),
      ...jsonlCases(join(dir, "alerts.jsonl")).map((c) => c.id),
    ]);
    return notImplemented(ids, "Flux notifications (@gitops-kit/notify)");
  },
};

export default corpus;
