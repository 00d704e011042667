/**
 * Labels and annotations (LabelTransformer, AnnotationsTransformer): set each key, in sorted key
 * order, at every map the fieldSpecs reach (creating the maps where the spec says so).
 *
 * @module
 */
import { TransformerError } from "../errors.js";
import type { FieldSpec } from "../fieldspecs/config.js";
import { applyFieldSpec, FieldPathError, type FieldSlot, isMap, slotValue } from "../fieldspecs/fieldspec.js";
import { resIdString } from "../resid.js";
import type { ResMap } from "../resmap.js";
import { unprintableKeyMessage } from "../scalar-text.js";

/** Options of {@link transformMetadataMap}. */
export interface MetadataMapOptions {
  resources: ResMap;
  /** The key/value pairs to set. */
  entries: Record<string, string>;
  fieldSpecs: FieldSpec[];
  /** `labels` or `annotations`, for messages. */
  what: string;
  file?: string;
}

/** Set labels or annotations through fieldSpecs. */
export function transformMetadataMap(options: MetadataMapOptions): void {
  const keys = Object.keys(options.entries).sort();
  if (keys.length === 0) return;
  // One setter for the whole run: the key and value it writes are updated in the loop.
  let key = "";
  let value = "";
  const set = (slot: FieldSlot): void => {
    const target = slotValue(slot);
    if (target === null) return;
    if (!isMap(target)) throw new FieldPathError("wrong node kind: expected MappingNode");
    // A key already there keeps its node; a new one is written as a plain scalar.
    if (!Object.hasOwn(target, key)) {
      const problem = unprintableKeyMessage([key], `setting ${options.what}`);
      if (problem) throw new TransformerError(problem, { file: options.file, field: options.what });
    }
    target[key] = value;
  };
  for (const r of options.resources.resources()) {
    for (const k of keys) {
      key = k;
      value = options.entries[k];
      for (const spec of options.fieldSpecs) {
        try {
          applyFieldSpec({ obj: r.obj, spec, createKind: "map", set });
        } catch (err) {
          if (err instanceof FieldPathError) {
            throw new TransformerError(
              `setting ${options.what} on field '${spec.path}' of ${resIdString(r.curId())}: ${err.message}`,
              { file: options.file, field: options.what, cause: err },
            );
          }
          throw err;
        }
      }
    }
  }
}
