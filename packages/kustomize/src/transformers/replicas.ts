/**
 * The replica count transformer (`replicas:` / ReplicaCountTransformer).
 *
 * @module
 */
import { TransformerError } from "../errors.js";
import { type FieldSpec, specGvk } from "../fieldspecs/config.js";
import { applyFieldSpec, setSlot } from "../fieldspecs/fieldspec.js";
import { gvkSelected, gvkString } from "../resid.js";
import type { ResMap } from "../resmap.js";
import { setScalarKeepingStyle } from "../scalar-text.js";

/** Options of {@link transformReplicas}. */
export interface ReplicasTransformOptions {
  resources: ResMap;
  name: string;
  count: number;
  fieldSpecs: FieldSpec[];
  file?: string;
}

/**
 * Set the replica count of the resources named `name` (under any of their names).
 *
 * @throws TransformerError when no resource of a configured kind has that name.
 */
export function transformReplicas(options: ReplicasTransformOptions): void {
  let found = false;
  for (const fs of options.fieldSpecs) {
    const selector = specGvk(fs);
    const matched = options.resources
      .resources()
      .filter(
        (r) =>
          (r.name === options.name || r.prevNames.includes(options.name)) &&
          r.allIds().some((id) => id.name === options.name && gvkSelected(id, selector)),
      );
    if (matched.length === 0) continue;
    found = true;
    for (const r of matched) {
      applyFieldSpec({
        obj: r.obj,
        spec: fs,
        createKind: "scalar",
        set: (slot) =>
          Array.isArray(slot.holder)
            ? setSlot(slot, options.count)
            : setScalarKeepingStyle(slot.holder, String(slot.key), options.count),
      });
    }
  }
  if (!found) {
    const gvks = options.fieldSpecs.map((fs) => gvkString(specGvk(fs)));
    throw new TransformerError(
      `resource with name ${options.name} does not match a config with the following GVK [${gvks.join(" ")}]`,
      { file: options.file, field: "replicas" },
    );
  }
}
