export * from "./envsubst/index.js";
export { type BuildKustomizationOptions, type BuildKustomizationResult, buildKustomization } from "./build.js";
export * from "./errors.js";
export * from "./flux/index.js";
export {
  type Kustomization,
  type KustomizationInput,
  KUSTOMIZATION_FILE_NAMES,
  parseKustomization,
  type ParseKustomizationOptions,
} from "./kustomization.js";
export { isRemoteReference, type LoadRestrictions, type RemoteLoader, type RemoteTarget } from "./loader.js";
export { encodeHashSuffix, hashInput, nameHash } from "./generators/hash.js";
