export {
  type AuthChallenge,
  basicAuthorization,
  type FetchBearerTokenOptions,
  fetchBearerToken,
  parseWwwAuthenticate,
  type RegistryCredentials,
} from "./auth.js";
export {
  DEFAULT_MAX_BLOB_SIZE,
  type FetchedManifest,
  nextLink,
  OciClient,
  type OciClientOptions,
  type OciReferenceInput,
  type RegistryCredentialsSource,
} from "./client.js";
export {
  type DockerConfig,
  type DockerConfigCredentialsOptions,
  type DockerConfigEntry,
  dockerConfigCredentials,
  entryCredentials,
  parseDockerConfig,
  type RegistryCredentialsFromSecretOptions,
  registryCredentialsFromSecret,
} from "./credentials.js";
export { OciError } from "./errors.js";
export {
  type DecodedManifest,
  decodeManifest,
  formatPlatform,
  type OciDescriptor,
  type OciImageIndex,
  type OciImageManifest,
  type OciPlatform,
  parsePlatform,
  selectPlatform,
} from "./manifest.js";
export * from "./media-types.js";
export {
  type ArtifactLayer,
  type BuildArtifactLayerOptions,
  buildArtifactLayer,
  DEFAULT_PUSH_IGNORE,
  fluxArtifactConfig,
  fluxArtifactManifest,
  normalizeCreated,
  type PushArtifactOptions,
  type PushedArtifact,
  pushArtifact,
} from "./push.js";
export {
  DOCKER_HUB,
  formatOciReference,
  isLoopbackRegistry,
  type OciReference,
  parseOciReference,
  registryBaseUrl,
  stripOciScheme,
} from "./reference.js";
export {
  type FetchOciRepositoryOptions,
  fetchOciRepository,
  type OciRepositoryFetched,
  type OciRepositoryObservation,
  type OciRepositoryResult,
  type OciRepositoryUnchanged,
} from "./repository.js";
export {
  OciLayerSelectorSchema,
  OciRepositoryRefSchema,
  type OciRepositorySpec,
  OciRepositorySpecError,
  type OciRepositorySpecInput,
  OciRepositorySpecSchema,
  parseOciRepositorySpec,
} from "./spec.js";
export { type SelectSemverTagOptions, selectSemverTag } from "./tags.js";
