/**
 * Chart resolution for a HelmRelease, as source-controller builds the HelmChart helm-controller asks for:
 *
 * - `spec.chart` from a **HelmRepository**: the index entry picked by `spec.chart.spec.version` (exact, a
 *   Masterminds range, `*` = latest stable) and the package downloaded through `@gitops-kit/source`
 *   (`fetchHelmChart`, which also handles OCI Helm repositories);
 * - `spec.chart` from a **GitRepository** or **Bucket** artifact: the chart directory (or `.tgz`) at
 *   `spec.chart.spec.chart` inside the artifact; with `reconcileStrategy: Revision` the chart version gets the
 *   source revision as build metadata, as source-controller packages it;
 * - `spec.chartRef` to an **OCIRepository**, **HelmChart** or **ExternalArtifact**: the artifact is the chart
 *   package.
 *
 * `spec.chart.spec.valuesFiles` replace the chart's default values with those files merged in order (paths
 * relative to the chart for a HelmRepository, to the source root for Git and Bucket artifacts).
 * Everything that crosses the network or reads the cluster goes through a {@link ChartSourceAdapter}.
 */
import {
  type ClusterAdapter,
  errorMessage,
  GitOpsError,
  type HttpFetch,
  type KubeObject,
  NotFoundError,
  posixPath,
} from "@gitops-kit/core";
import {
  digestFromOciRevision,
  fetchHelmChart,
  gunzipBounded,
  type HelmRepositoryAuth,
  helmChartRevision,
  readTar,
} from "@gitops-kit/source";
import { loadChart } from "../chart/load.js";
import type { Chart } from "../chart/types.js";
import { mergeValueMaps, readValuesYaml, type Values } from "../values/read.js";
import { ChartSourceError } from "./errors.js";
import { helmChartNameOf } from "./name.js";
import type { HelmRelease } from "./schema.js";

/** A source object a HelmRelease points at. */
export interface SourceReference {
  kind: "HelmRepository" | "GitRepository" | "Bucket" | "OCIRepository" | "HelmChart" | "ExternalArtifact";
  name: string;
  namespace: string;
}

/** A chart repository: where it is and how to talk to it (what a HelmRepository spec says). */
export interface ResolvedHelmRepository {
  kind: "HelmRepository";
  url: string;
  type?: "default" | "oci";
  auth?: HelmRepositoryAuth;
  passCredentials?: boolean;
  insecure?: boolean;
}

/** An artifact a source produced (GitRepository, Bucket, OCIRepository, HelmChart, ExternalArtifact). */
export interface ResolvedArtifact {
  kind: Exclude<SourceReference["kind"], "HelmRepository">;
  artifact: { tarGz: Uint8Array; revision: string; digest?: string };
}

/** What a {@link ChartSourceAdapter} answers for a reference. */
export type ResolvedSource = ResolvedHelmRepository | ResolvedArtifact;

/**
 * Resolves the sources a HelmRelease refers to. Throw a `NotFoundError` (from `@gitops-kit/core`) for a
 * source that does not exist or has no artifact yet.
 */
export interface ChartSourceAdapter {
  resolve(ref: SourceReference): Promise<ResolvedSource>;
}

/** A chart ready to render, and where it came from. */
export interface ResolvedChart {
  chart: Chart;
  /** Chart name and version as released (the version with source build metadata when it applies). */
  name: string;
  version: string;
  sourceKind: SourceReference["kind"];
  /** `namespace/name` of the HelmChart helm-controller would manage (`spec.chart` only). */
  helmChart?: string;
  /** The source artifact's revision, or the chart version for HelmRepository sources. */
  revision: string;
  /** `sha256:` of the package or artifact, when known. */
  digest?: string;
  /** For charts from an OCIRepository: the manifest digest (`status.history[].ociDigest`). */
  ociDigest?: string;
}

/** Options of {@link resolveChart}. */
export interface ResolveChartOptions {
  release: HelmRelease;
  sources: ChartSourceAdapter;
  /** HTTP client for chart repositories (default: global fetch). */
  fetch?: HttpFetch;
  signal?: AbortSignal;
}

/** A path as source-controller takes it: relative, cleaned, no leading `./` or `/`. */
function cleanPath(path: string): string {
  return posixPath
    .normalize(path)
    .replace(/^(\.\/)+/, "")
    .replace(/^\/+/, "");
}

/** Reads the files `valuesFiles` names: inside the chart (HelmRepository) or the source artifact (Git, Bucket). */
type FileReader = (path: string) => Uint8Array | undefined;

function chartFileReader(chart: Chart): FileReader {
  return (path) => {
    const name = cleanPath(path);
    return (chart.raw.find((f) => f.name === name) ?? chart.files.find((f) => f.name === name))?.data;
  };
}

const MAX_ARTIFACT_BYTES = 100 * 1024 * 1024;

function artifactFileReader(tarGz: Uint8Array): FileReader {
  let files: Map<string, Uint8Array> | undefined;
  return (path) => {
    if (!files) {
      files = new Map();
      for (const e of readTar(gunzipBounded(tarGz, { maxBytes: MAX_ARTIFACT_BYTES, name: "artifact" }))) {
        if (e.kind === "file") files.set(cleanPath(e.name), e.data);
      }
    }
    return files.get(cleanPath(path));
  };
}

/** `spec.chart.spec.valuesFiles` merged in order, replacing the chart's default values. */
function applyValuesFiles(
  chart: Chart,
  files: readonly string[],
  ignoreMissing: boolean,
  read: FileReader,
): Chart {
  let values: Values = {};
  for (const file of files) {
    const data = read(file);
    if (data === undefined) {
      if (ignoreMissing) continue;
      throw new ChartSourceError(`no values file found at path '${file}' in chart '${chart.metadata.name}'`, {
        code: "CHART_VALUES_FILE_NOT_FOUND",
      });
    }
    values = mergeValueMaps(values, readValuesYaml(data, file, `failed to parse values file '${file}'`));
  }
  return { ...chart, values };
}

/**
 * Fetch and load the chart of a HelmRelease. Errors are {@link ChartSourceError}s (`CHART_SOURCE_NOT_FOUND`
 * for a missing source, `CHART_SOURCE` otherwise) wrapping what the source or the chart loader reported.
 *
 * @example
 * const resolved = await resolveChart({ release, sources: staticChartSources({ "HelmRepository/flux-system/podinfo": { kind: "HelmRepository", url } }) });
 * resolved.chart.metadata.version; // e.g. "6.5.4"
 */
export async function resolveChart(options: ResolveChartOptions): Promise<ResolvedChart> {
  const { release } = options;
  const template = release.spec.chart;
  const ref: SourceReference = template
    ? {
        kind: template.spec.sourceRef.kind ?? "HelmRepository",
        name: template.spec.sourceRef.name,
        namespace: template.spec.sourceRef.namespace || release.metadata.namespace,
      }
    : {
        kind: release.spec.chartRef?.kind ?? "OCIRepository",
        name: release.spec.chartRef?.name ?? "",
        namespace: release.spec.chartRef?.namespace || release.metadata.namespace,
      };
  const where = `${ref.kind} '${ref.namespace}/${ref.name}'`;
  let source: ResolvedSource;
  try {
    source = await options.sources.resolve(ref);
  } catch (err) {
    if (err instanceof NotFoundError) {
      throw new ChartSourceError(`${where} not found: ${errorMessage(err)}`, {
        code: "CHART_SOURCE_NOT_FOUND",
        cause: err,
      });
    }
    throw err;
  }
  try {
    if (!template) {
      if (source.kind === "HelmRepository")
        throw new ChartSourceError(`${where}: chartRef cannot point at a HelmRepository`);
      const chart = loadChart({ artifact: source.artifact });
      const ociDigest =
        source.kind === "OCIRepository" ? digestFromOciRevision(source.artifact.revision) : undefined;
      return {
        chart,
        name: chart.metadata.name,
        version: chart.metadata.version,
        sourceKind: source.kind,
        revision: source.artifact.revision,
        digest: source.artifact.digest,
        ...(ociDigest ? { ociDigest } : {}),
      };
    }
    const spec = template.spec;
    const helmChart = `${release.metadata.namespace}/${helmChartNameOf(release)}`;
    let chart: Chart;
    let revision: string;
    let digest: string | undefined;
    if (source.kind === "HelmRepository") {
      const pkg = await fetchHelmChart({
        url: source.url,
        type: source.type,
        auth: source.auth,
        passCredentials: source.passCredentials,
        insecure: source.insecure,
        chart: spec.chart,
        version: spec.version,
        fetch: options.fetch,
        signal: options.signal,
      });
      chart = loadChart({ archive: pkg.data });
      revision = pkg.version;
      digest = pkg.digest;
    } else {
      if (source.kind !== "GitRepository" && source.kind !== "Bucket") {
        throw new ChartSourceError(
          `${where}: spec.chart.spec.sourceRef must be a HelmRepository, GitRepository or Bucket`,
        );
      }
      const path = spec.chart.replace(/^\.\//, "");
      chart = loadChart({ artifact: source.artifact, path });
      revision = source.artifact.revision;
      digest = source.artifact.digest;
    }
    if (spec.valuesFiles && spec.valuesFiles.length > 0) {
      // Paths are relative to the chart for a HelmRepository, to the source root for Git and Bucket.
      const read =
        source.kind === "HelmRepository" ? chartFileReader(chart) : artifactFileReader(source.artifact.tarGz);
      chart = applyValuesFiles(chart, spec.valuesFiles, spec.ignoreMissingValuesFiles ?? false, read);
    }
    const version = helmChartRevision({
      sourceKind: source.kind,
      chartVersion: chart.metadata.version,
      reconcileStrategy: spec.reconcileStrategy,
      sourceRevision: source.kind === "HelmRepository" ? undefined : source.artifact.revision,
      valuesFiles: spec.valuesFiles,
      // A HelmChart helm-controller creates starts at generation 1.
      generation: 1,
    });
    if (version !== chart.metadata.version) chart = { ...chart, metadata: { ...chart.metadata, version } };
    if (source.kind === "HelmRepository") revision = version;
    return {
      chart,
      name: chart.metadata.name,
      version,
      sourceKind: source.kind,
      helmChart,
      revision,
      digest,
    };
  } catch (err) {
    if (err instanceof ChartSourceError) throw err;
    throw new ChartSourceError(`chart from ${where}: ${errorMessage(err)}`, {
      code: err instanceof GitOpsError ? err.code : "CHART_SOURCE",
      cause: err,
    });
  }
}

/**
 * A {@link ChartSourceAdapter} over a fixed table keyed `Kind/namespace/name`, e.g. for tests and CLIs that
 * fetched the artifacts themselves.
 */
export function staticChartSources(table: Readonly<Record<string, ResolvedSource>>): ChartSourceAdapter {
  return {
    async resolve(ref) {
      const found = table[`${ref.kind}/${ref.namespace}/${ref.name}`];
      if (!found) throw new NotFoundError(`no ${ref.kind} '${ref.namespace}/${ref.name}' is known`);
      return found;
    },
  };
}

/** Options of {@link clusterChartSources}. */
export interface ClusterChartSourcesOptions {
  /** Where HelmRepository objects (and their `secretRef` Secrets) are read. */
  cluster: ClusterAdapter;
  /** The artifact of a GitRepository, Bucket, OCIRepository, HelmChart or ExternalArtifact. */
  artifact?: (ref: SourceReference) => Promise<ResolvedArtifact["artifact"]>;
}

function decodeSecretField(secret: KubeObject, key: string): string | undefined {
  const v = (secret.data as Record<string, unknown> | undefined)?.[key];
  if (typeof v !== "string") return undefined;
  try {
    return new TextDecoder().decode(Uint8Array.from(atob(v), (c) => c.charCodeAt(0)));
  } catch {
    return undefined;
  }
}

/**
 * A {@link ChartSourceAdapter} that reads HelmRepository objects (`source.toolkit.fluxcd.io/v1`: `url`,
 * `type`, `passCredentials`, `insecure`, and basic-auth `secretRef` credentials) from a cluster, and asks
 * `artifact` for every other kind.
 */
export function clusterChartSources(options: ClusterChartSourcesOptions): ChartSourceAdapter {
  return {
    async resolve(ref) {
      if (ref.kind !== "HelmRepository") {
        if (!options.artifact)
          throw new NotFoundError(`no artifact for ${ref.kind} '${ref.namespace}/${ref.name}'`);
        return { kind: ref.kind, artifact: await options.artifact(ref) };
      }
      const repo = await options.cluster.get({
        apiVersion: "source.toolkit.fluxcd.io/v1",
        kind: "HelmRepository",
        name: ref.name,
        namespace: ref.namespace,
      });
      const spec = (repo.spec ?? {}) as {
        url?: unknown;
        type?: unknown;
        passCredentials?: unknown;
        insecure?: unknown;
        secretRef?: { name?: unknown };
      };
      if (typeof spec.url !== "string" || spec.url === "") {
        throw new ChartSourceError(`HelmRepository '${ref.namespace}/${ref.name}' has no spec.url`);
      }
      let auth: HelmRepositoryAuth | undefined;
      if (typeof spec.secretRef?.name === "string") {
        const secret = await options.cluster.get({
          apiVersion: "v1",
          kind: "Secret",
          name: spec.secretRef.name,
          namespace: ref.namespace,
        });
        auth = {
          username: decodeSecretField(secret, "username"),
          password: decodeSecretField(secret, "password"),
        };
      }
      return {
        kind: "HelmRepository",
        url: spec.url,
        type: spec.type === "oci" ? "oci" : "default",
        passCredentials: spec.passCredentials === true,
        insecure: spec.insecure === true,
        ...(auth ? { auth } : {}),
      };
    },
  };
}
