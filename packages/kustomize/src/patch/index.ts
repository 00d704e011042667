/**
 * Patch engines: kustomize's strategic merge ({@link strategicMerge}, {@link applyStrategicMergePatch}),
 * JSON 6902 ({@link parseJson6902}, {@link applyJson6902}) and the choice between them ({@link classifyPatch}).
 *
 * @module
 */
export {
  type ApplyStrategicMergePatchOptions,
  applyStrategicMergePatch,
} from "./apply-strategic-merge.js";
export {
  type ClassifiedPatch,
  type ClassifyPatchOptions,
  classifyPatch,
  patchSourceName,
} from "./classify.js";
export { Json6902Error, PatchError, PatchParseError, StrategicMergeError } from "./errors.js";
export {
  type ApplyJson6902Options,
  applyJson6902,
  type Json6902Operation,
  type ParseJson6902Options,
  parseJson6902,
} from "./json6902.js";
export { type StrategicMergeOptions, strategicMerge } from "./strategic-merge.js";
