export {
  type FetchGitRepositoryOptions,
  fetchGitRepository,
  type GitRepositoryFetched,
  type GitRepositoryObservation,
  type GitRepositoryResult,
  type GitRepositoryUnchanged,
} from "./fetch-repository.js";
export { type IsomorphicFs, type IsomorphicStat, toIsomorphicFs } from "./fs-adapter.js";
export {
  type FetchHttpClientOptions,
  fetchHttpClient,
  type GitHttpClient,
  type GitHttpRequest,
  type GitHttpResponse,
} from "./http-client.js";
export {
  type IsomorphicGitAdapterOptions,
  type IsomorphicGitExtras,
  isomorphicGitAdapter,
} from "./isomorphic-adapter.js";
export { httpAuthHeaders, isHttpUrl, isSshUrl, redactUrl } from "./remote.js";
export {
  checkoutStrategy,
  DEFAULT_GIT_BRANCH,
  describeStrategy,
  GIT_REPOSITORY_API_VERSION,
  type GitCheckoutStrategy,
  type GitRepository,
  type GitRepositoryInclude,
  GitRepositoryIncludeSchema,
  type GitRepositoryRef,
  GitRepositoryRefSchema,
  type GitRepositorySpec,
  GitRepositorySpecError,
  type GitRepositorySpecInput,
  GitRepositorySpecSchema,
  parseGitRepository,
  parseGitRepositorySpec,
  SOURCE_GROUP,
} from "./spec.js";
