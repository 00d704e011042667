/**
 * @gitops-kit/image: ImageRepository tag exclusion, ImagePolicy selection and the
 * ImageUpdateAutomation Setters strategy with minimal-diff rewrites and templated commits.
 *
 * ```ts
 * import { selectLatestTag } from "@gitops-kit/image";
 * selectLatestTag({ tags: ["1.0.0", "1.2.0", "2.0.0"], policy: { semver: { range: "^1.0" } } }); // "1.2.0"
 * ```
 */

export * from "./commit/commit-and-push.js";
export * from "./commit/message.js";
export {
  CHANGE_TYPE,
  type CommitTemplateDataOptions,
  commitTemplateData,
  NAMESPACED_NAME_TYPE,
  OBJECT_CHANGES_TYPE,
  OBJECT_IDENTIFIER_TYPE,
  objectIdentifierValue,
} from "./commit/template-data.js";
export * from "./errors.js";
export { parseGoFloat } from "./policy/parse-float.js";
export { createPolicer, type Policer } from "./policy/policer.js";
export * from "./policy/scan.js";
export * from "./policy/schema.js";
export * from "./policy/select.js";
export { parseTagVersion } from "./policy/version.js";
export * from "./repository/digest.js";
export * from "./repository/scan.js";
export { MARKER_TOKEN, markerSetter } from "./update/marker.js";
export * from "./update/result.js";
export { type ScalarStyle, scalarText } from "./update/scalar-text.js";
export { defineSetters, isValidImageRef, type SetterPolicy } from "./update/setters.js";
export * from "./update/setters-update.js";
export { isSetterCandidate, listSetterFiles } from "./update/walk.js";
