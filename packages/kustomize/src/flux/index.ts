/**
 * The Flux Kustomization layer: what kustomize-controller does around `kustomize build`.
 *
 * @module
 */
export * from "./api.js";
export * from "./apply.js";
export * from "./build.js";
export * from "./decryption.js";
export * from "./dependencies.js";
export * from "./drift-ignore.js";
export * from "./errors.js";
export * from "./generator.js";
export {
  computeHealth,
  type HealthRef,
  type HealthResult,
  type HealthStatus,
  type WaitForHealthyOptions,
  type WaitResult,
  waitForHealthy,
} from "./health.js";
export * from "./ignore.js";
export * from "./inventory.js";
export * from "./overlay-fs.js";
export * from "./prune.js";
export * from "./reconcile.js";
export {
  type DecryptSopsDataOptions,
  type DecryptSopsObjectOptions,
  decryptSopsData,
  decryptSopsObject,
  isSopsEncryptedObject,
  type SopsDecryptOptions,
} from "./sops/decrypt.js";
export { detectFormatFromMarker, formatForPath, type SopsFormat } from "./sops/formats.js";
export { AgeIdentities } from "./sops/metadata.js";
export {
  isSubstitutionDisabled,
  isValidVarName,
  type LoadSubstituteVariablesOptions,
  loadSubstituteVariables,
  SUBSTITUTE_ANNOTATION,
  type SubstituteObjectOptions,
  type SubstituteVariables,
  substituteObject,
  VAR_NAME_REGEX_TEXT,
} from "./substitute.js";
