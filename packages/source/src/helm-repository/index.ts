export {
  type BlockYamlMap,
  type BlockYamlValue,
  type ReadBlockYamlOptions,
  readBlockYaml,
} from "./block-yaml.js";
export {
  type ChartMetadata,
  type InspectChartArchiveOptions,
  type InspectedChart,
  inspectChartArchive,
  MAX_CHART_FILE_SIZE,
  MAX_CHART_SIZE,
} from "./chart-archive.js";
export { HelmIndexError, HelmRepositoryError } from "./errors.js";
export type { HelmRepositoryAuth, ProgressCallback, TransferProgress } from "./http.js";
export {
  type FindChartVersionOptions,
  findChartVersion,
  type HelmChartDependency,
  type HelmChartMaintainer,
  type HelmChartVersion,
  type HelmIndex,
  MAX_INDEX_SIZE,
  type ParsedHelmIndex,
  type ParseHelmIndexOptions,
  parseHelmIndex,
  type SkippedChartVersion,
} from "./index-file.js";
export {
  type FetchedHelmIndex,
  type FetchHelmChartOptions,
  type FetchHelmIndexOptions,
  fetchHelmChart,
  fetchHelmIndex,
  type HelmChartPackage,
  type HelmRepositoryOptions,
  helmIndexUrl,
  normalizeHelmRepositoryUrl,
  type PulledHelmChart,
  type PullHelmChartOptions,
  pullHelmChart,
  resolveChartUrl,
} from "./repository.js";
