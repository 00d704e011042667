/**
 * The loaded-chart model, shaped like Helm's `chart.Chart`. A loaded chart is treated as immutable:
 * rendering works on its own copies, so one chart can be rendered many times (and concurrently).
 */

/** A file of a chart: its path relative to the chart root (`/`-separated) and its bytes. */
export interface ChartFile {
  name: string;
  data: Uint8Array;
}

/** A maintainer entry of Chart.yaml. */
export interface ChartMaintainer {
  name: string;
  email: string;
  url: string;
}

/** One entry of Chart.yaml `dependencies` (or requirements.yaml for apiVersion v1 charts). */
export interface ChartDependency {
  name: string;
  /** A semver constraint the vendored chart's version must meet (Masterminds syntax). */
  version: string;
  repository: string;
  /** Comma-separated value paths; the first one holding a boolean enables or disables the dependency. */
  condition: string;
  tags: string[];
  /** Set while processing dependencies; Chart.yaml may set it too. */
  enabled: boolean;
  /** `import-values`: strings (`exports.<name>` of the child) or `{ child, parent }` maps. */
  importValues: unknown[];
  /** Name under which the dependency is rendered and receives values. */
  alias: string;
}

/** Chart.yaml, with Helm's defaults (missing strings are `""`). */
export interface ChartMetadata {
  name: string;
  home: string;
  sources: string[];
  version: string;
  description: string;
  keywords: string[];
  /** `null` entries are kept so that validation can reject them like Helm. */
  maintainers: (ChartMaintainer | null)[];
  icon: string;
  /** `v1` or `v2` (`v1` when Chart.yaml has none). */
  apiVersion: string;
  condition: string;
  tags: string;
  appVersion: string;
  deprecated: boolean;
  annotations: Record<string, string>;
  kubeVersion: string;
  /**
   * `undefined` when Chart.yaml has no (or a null) `dependencies` list. Helm tells an absent list from an
   * empty one: only charts with a list have their subcharts' conditions and import-values processed.
   */
  dependencies: (ChartDependency | null)[] | undefined;
  /** `""`, `application` or `library`. */
  type: string;
}

/** Chart.lock / requirements.lock. */
export interface ChartLock {
  generated: string;
  digest: string;
  dependencies: (ChartDependency | null)[] | undefined;
}

/** A loaded chart and, recursively, the charts vendored in its `charts/` directory. */
export interface Chart {
  metadata: ChartMetadata;
  lock: ChartLock | undefined;
  /** Files under `templates/`, in load order. */
  templates: ChartFile[];
  /** values.yaml, read like Helm reads it (every number a float64). */
  values: Record<string, unknown>;
  /** values.schema.json as bytes, when present. */
  schema: Uint8Array | undefined;
  /** Every other file (what templates see as `.Files`), including `crds/`. */
  files: ChartFile[];
  /** Every file as loaded, Chart.yaml included. */
  raw: ChartFile[];
  /** Subcharts from `charts/` (directories and .tgz archives), sorted by their name in `charts/`. */
  dependencies: Chart[];
}

/** Whether a chart is a library chart (its non-partial templates are not rendered). */
export function isLibraryChart(chart: Chart): boolean {
  return chart.metadata.type.toLowerCase() === "library";
}
