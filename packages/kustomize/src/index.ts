export {
  type BuildKustomizationOptions,
  type BuildKustomizationResult,
  buildKustomization,
} from "./build.js";
export { createKustomizeCache, type KustomizeCache, type KustomizeCacheOptions } from "./cache.js";
export * from "./envsubst/index.js";
export * from "./errors.js";
export * from "./flux/index.js";
export { encodeHashSuffix, hashInput, nameHash } from "./generators/hash.js";
export {
  HelmChartNotPulledError,
  type HelmChartPull,
  type HelmChartRenderer,
  type HelmTemplateRequest,
} from "./helm-charts.js";
export {
  KUSTOMIZATION_FILE_NAMES,
  type Kustomization,
  type KustomizationInput,
  type ParseKustomizationOptions,
  parseKustomization,
} from "./kustomization.js";
export { isRemoteReference, type LoadRestrictions, type RemoteLoader, type RemoteTarget } from "./loader.js";
