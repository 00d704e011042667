/**
 * namePrefix / nameSuffix (PrefixTransformer, SuffixTransformer): prepend or append to every field
 * the configuration names (`metadata/name` by default), except for CRDs, APIServices and
 * Namespaces; renamed objects remember their previous id for the name-reference fix-up.
 *
 * @module
 */
import { TransformerError } from "../errors.js";
import { type FieldSpec, specGvk } from "../fieldspecs/config.js";
import {
  applyFieldSpec,
  FieldPathError,
  fieldText,
  isMap,
  setSlot,
  slotValue,
} from "../fieldspecs/fieldspec.js";
import { type Gvk, gvkSelected, resIdString, type ScopeResolver } from "../resid.js";
import type { ResMap } from "../resmap.js";

const SKIP: Partial<Gvk>[] = [
  { kind: "CustomResourceDefinition" },
  { group: "apiregistration.k8s.io", kind: "APIService" },
  { kind: "Namespace" },
];

/** Options of {@link transformNameAffix}. */
export interface NameAffixOptions {
  resources: ResMap;
  /** `prefix` prepends, `suffix` appends. */
  position: "prefix" | "suffix";
  value: string;
  fieldSpecs: FieldSpec[];
  scope: ScopeResolver;
  file?: string;
}

/** Add a name prefix or suffix. */
export function transformNameAffix(options: NameAffixOptions): void {
  const { resources, position, value, scope } = options;
  for (const r of resources.resources()) {
    const org = r.orgId();
    if (SKIP.some((s) => gvkSelected(org, s))) continue;
    for (const fs of options.fieldSpecs) {
      if (!gvkSelected(org, specGvk(fs))) continue;
      if (fs.path === "metadata/name") {
        if (position === "prefix") r.addNamePrefix(value);
        else r.addNameSuffix(value);
        if (value !== "") r.storePreviousId(scope);
      }
      try {
        applyFieldSpec({
          obj: r.obj,
          spec: fs,
          createKind: "scalar",
          set: (slot) => {
            const current = slotValue(slot);
            if (isMap(current) || Array.isArray(current))
              throw new FieldPathError("wrong node kind: expected a scalar");
            const text = fieldText(slot.holder, slot.key);
            setSlot(slot, position === "prefix" ? value + text : text + value);
          },
        });
      } catch (err) {
        if (err instanceof FieldPathError) {
          throw new TransformerError(
            `name${position} transformation failed on field '${fs.path}' of ${resIdString(r.curId())}: ${err.message}`,
            { file: options.file, field: position === "prefix" ? "namePrefix" : "nameSuffix", cause: err },
          );
        }
        throw err;
      }
    }
  }
  resources.invalidate();
}
