import type { MergeSchema } from "../openapi/schema.js";
import { strategicMerge } from "./strategic-merge.js";
import { deepCopy, isMap, type KubeObject } from "./yaml-values.js";

/** Options of {@link applyStrategicMergePatch}. */
export interface ApplyStrategicMergePatchOptions {
  /** The resource to patch. Not modified. */
  target: KubeObject;
  /** One strategic merge patch document. Not modified. */
  patch: KubeObject;
  /** Merge facts; defaults to the built-in Kubernetes v1.21.2 schema. */
  schema?: MergeSchema;
  /** Name of the patch for error messages, e.g. `[path: "patch.yaml"]`. */
  source?: string;
  /** `options.allowNameChange` of the patches entry: the patch's `metadata.name` renames the target. */
  allowNameChange?: boolean;
  /** `options.allowKindChange` of the patches entry: the patch's `kind` changes the target's kind. */
  allowKindChange?: boolean;
}

/**
 * Apply one strategic merge patch to one resource as kustomize's PatchTransformer / patchesStrategicMerge do:
 * the patch takes the target's apiVersion, is merged with {@link strategicMerge}, and then the target's kind and
 * name are restored unless the matching `allow*Change` option is set; its namespace is always restored
 * (removed when the target had none).
 *
 * Callers that honour `allowNameChange` / `allowKindChange` record the target's previous id first (kustomize's
 * StorePreviousId: the `internal.config.kubernetes.io/previous*` annotations), as kustomize does.
 *
 * @returns the patched resource (a new object), or `undefined` when the patch deletes it (`$patch: delete`).
 * @throws StrategicMergeError naming `source`.
 */
export function applyStrategicMergePatch(options: ApplyStrategicMergePatchOptions): KubeObject | undefined {
  const { target } = options;
  const patch = deepCopy(options.patch);
  // With a selector target kustomize sets the patch's group/version to the target's (keeping its kind);
  // for patches matched by id both already agree.
  if (target.apiVersion !== undefined) patch.apiVersion = target.apiVersion;
  else delete patch.apiVersion;
  const meta = isMap(target.metadata) ? target.metadata : {};
  const name = meta.name;
  const namespace = meta.namespace;
  const kind = target.kind;
  const merged = strategicMerge({ target, patch, schema: options.schema, source: options.source });
  if (merged === undefined || Object.keys(merged).length === 0) return undefined;
  if (!options.allowKindChange) merged.kind = kind ?? "";
  if (!isMap(merged.metadata)) merged.metadata = {};
  const mergedMeta = merged.metadata as Record<string, unknown>;
  if (!options.allowNameChange) mergedMeta.name = name ?? "";
  if (namespace === undefined || namespace === null || namespace === "") delete mergedMeta.namespace;
  else mergedMeta.namespace = namespace;
  return merged;
}
