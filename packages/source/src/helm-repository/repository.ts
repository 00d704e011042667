/**
 * HelmRepository and HelmChart sources: download and parse a repository's `index.yaml`, resolve a
 * chart version, download the package, verify it (index digest, Flux's size limits, a `Chart.yaml`),
 * and optionally unpack it. Repositories of type `oci` (or `oci://` URLs) go through the OCI client:
 * versions come from the registry's tags, the package from the chart layer.
 *
 * @module
 */
import {
  defaultFetch,
  digestOf,
  type FileSystem,
  type HttpFetch,
  posixPath,
  sha256Hex,
  tryParseFluxSemver,
  ValidationError,
} from "@gitops-kit/core";
import { extractArchive } from "../artifact/extract.js";
import type { SourceArtifact } from "../artifact/source-artifact.js";
import { selectChartVersion } from "../helm/select-version.js";
import type { RegistryCredentials } from "../oci/auth.js";
import { OciClient } from "../oci/client.js";
import { OciError } from "../oci/errors.js";
import { HELM_CHART_LAYER_MEDIA_TYPE, HELM_LEGACY_CHART_LAYER_MEDIA_TYPE } from "../oci/media-types.js";
import { formatOciReference, parseOciReference } from "../oci/reference.js";
import {
  type ChartMetadata,
  inspectChartArchive,
  MAX_CHART_FILE_SIZE,
  MAX_CHART_SIZE,
} from "./chart-archive.js";
import { HelmIndexError, HelmRepositoryError } from "./errors.js";
import {
  type HelmRepositoryAuth,
  httpGetBounded,
  type ProgressCallback,
  redactUrl,
  splitUserInfo,
} from "./http.js";
import {
  findChartVersion,
  type HelmChartVersion,
  type HelmIndex,
  MAX_INDEX_SIZE,
  parseHelmIndex,
  type SkippedChartVersion,
} from "./index-file.js";

/** Where a chart repository is and how to talk to it (the fields of a HelmRepository spec that matter). */
export interface HelmRepositoryOptions {
  /** `https://...` (or `http://`) for a classic repository, `oci://...` for a registry. */
  url: string;
  /** `spec.type` (default: `oci` for an `oci://` URL, else `default`). */
  type?: "default" | "oci";
  /** Basic (`username` + `password`) or bearer (`token`) credentials. Never in messages. */
  auth?: HelmRepositoryAuth;
  /** `spec.passCredentials`: send the credentials to chart URLs on other hosts too. */
  passCredentials?: boolean;
  /** `spec.insecure` (OCI only): plain HTTP to a registry on this machine. */
  insecure?: boolean;
  fetch?: HttpFetch;
  signal?: AbortSignal;
  /** For OCI repositories: a client to reuse. */
  ociClient?: OciClient;
}

/** Options of {@link fetchHelmIndex}. */
export interface FetchHelmIndexOptions extends HelmRepositoryOptions {
  /** Largest index accepted (default 50 MiB, Flux's limit). */
  maxIndexSize?: number;
  /** Decode only these charts (see `parseHelmIndex`); all by default. */
  charts?: readonly string[];
}

/** A downloaded and parsed index. */
export interface FetchedHelmIndex {
  /** The index URL (no credentials). */
  url: string;
  index: HelmIndex;
  skipped: SkippedChartVersion[];
  /** `sha256:` of the index bytes: a HelmRepository artifact's revision and digest. */
  digest: string;
  size: number;
}

/**
 * The repository URL as source-controller normalises it: exactly one trailing slash for HTTP(S), none
 * for `oci://`.
 */
export function normalizeHelmRepositoryUrl(url: string): string {
  if (url === "") return url;
  if (url.startsWith("oci://")) return url.replace(/\/+$/, "");
  try {
    const u = new URL(url);
    u.pathname = `${u.pathname.replace(/\/+$/, "")}/`;
    return u.toString();
  } catch {
    return `${url.replace(/\/+$/, "")}/`;
  }
}

/** `<repository>/index.yaml` (path joined and cleaned, query kept), as Flux builds it. */
export function helmIndexUrl(repositoryUrl: string): string {
  const u = new URL(repositoryUrl);
  u.pathname = posixPath.join(u.pathname === "" ? "/" : u.pathname, "index.yaml");
  return u.toString();
}

/** A chart URL from an index resolved against the repository URL (Helm's `ResolveReferenceURL`). */
export function resolveChartUrl(repositoryUrl: string, chartUrl: string): string {
  if (/^[a-z][a-z0-9+.-]*:/i.test(chartUrl)) return chartUrl;
  const base = new URL(repositoryUrl);
  base.pathname = `${base.pathname.replace(/\/+$/, "")}/`;
  const resolved = new URL(chartUrl, base);
  resolved.search = base.search;
  return resolved.toString();
}

function isOci(options: HelmRepositoryOptions): boolean {
  return options.type === "oci" || options.url.startsWith("oci://");
}

/** Download and parse a repository's index. Errors: {@link HelmIndexError}, {@link HelmRepositoryError}. */
export async function fetchHelmIndex(options: FetchHelmIndexOptions): Promise<FetchedHelmIndex> {
  if (isOci(options)) {
    throw new ValidationError(`'${options.url}' is an OCI Helm repository, which has no index`);
  }
  const split = splitUserInfo(normalizeHelmRepositoryUrl(options.url), options.auth);
  const url = helmIndexUrl(split.url);
  const maxSize = options.maxIndexSize ?? MAX_INDEX_SIZE;
  const { data } = await httpGetBounded({
    url,
    fetch: options.fetch ?? defaultFetch(),
    auth: split.auth,
    authUrl: split.url,
    passCredentials: options.passCredentials,
    maxBytes: maxSize,
    tooLarge: (max) =>
      new HelmIndexError(
        "HELM_INDEX_TOO_LARGE",
        `${redactUrl(url)}: index exceeds the maximum index file size of ${max} bytes`,
      ),
    what: "index",
    signal: options.signal,
  });
  const parsed = parseHelmIndex({ data, name: redactUrl(url), maxSize, charts: options.charts });
  return {
    url: redactUrl(url),
    index: parsed.index,
    skipped: parsed.skipped,
    digest: digestOf(data),
    size: data.length,
  };
}

/** Options of {@link fetchHelmChart}. */
export interface FetchHelmChartOptions extends HelmRepositoryOptions {
  /** Chart name. */
  chart: string;
  /** `spec.version`: exact, a semver range, or `""` / `*` for the latest stable version. */
  version?: string;
  /** An index already fetched (HTTP repositories); fetched (for this chart only) when absent. */
  index?: HelmIndex;
  /** Largest package accepted (default 10 MiB). */
  maxChartSize?: number;
  /** Largest file in the chart (default 5 MiB). */
  maxFileSize?: number;
  /** Check the package against the index's `digest` when it has one (default true). */
  verifyDigest?: boolean;
  /** Sees the package download advance. */
  onProgress?: ProgressCallback;
}

/** A downloaded, checked chart package. */
export interface HelmChartPackage {
  name: string;
  version: string;
  /** Where it was downloaded from (no credentials). */
  url: string;
  /** The `.tgz` bytes as downloaded. */
  data: Uint8Array;
  /** `sha256:` of {@link data}. */
  digest: string;
  /** `<name>-<version>.tgz`. */
  fileName: string;
  /** The index entry (HTTP) or a minimal one (OCI). */
  chartVersion: HelmChartVersion;
  /** `Chart.yaml` of the package. */
  metadata: ChartMetadata;
  /** The uncompressed tar, its digest and entry names. */
  tar: Uint8Array;
  tarDigest: string;
  entries: string[];
}

/**
 * Resolve and download a chart. HTTP repositories: the index entry chosen by `version`, its first URL
 * resolved against the repository URL, credentials sent only to the repository's host unless
 * `passCredentials`. OCI repositories: an exact version is used as the tag directly; otherwise the
 * registry's tags (with `_` read as `+`) are matched against the range.
 */
export async function fetchHelmChart(options: FetchHelmChartOptions): Promise<HelmChartPackage> {
  if (isOci(options)) return fetchOciHelmChart(options);
  const repoSplit = splitUserInfo(normalizeHelmRepositoryUrl(options.url), options.auth);
  const index = options.index ?? (await fetchHelmIndex({ ...options, charts: [options.chart] })).index;
  const entry = findChartVersion({ index, chart: options.chart, version: options.version });
  if (entry.urls.length === 0) {
    throw new HelmRepositoryError("HELM_CHART_INVALID", `chart '${entry.name}' has no downloadable URLs`, {
      url: redactUrl(repoSplit.url),
    });
  }
  const url = resolveChartUrl(repoSplit.url, entry.urls[0]);
  const maxSize = options.maxChartSize ?? MAX_CHART_SIZE;
  const fileName = `${entry.name}-${entry.version}.tgz`;
  const { data } = await httpGetBounded({
    url,
    fetch: options.fetch ?? defaultFetch(),
    auth: repoSplit.auth,
    authUrl: repoSplit.url,
    passCredentials: options.passCredentials,
    maxBytes: maxSize,
    tooLarge: (max) =>
      new HelmRepositoryError(
        "HELM_CHART_TOO_LARGE",
        `size of chart '${fileName}' exceeds '${max}' bytes limit`,
        {
          url: redactUrl(url),
        },
      ),
    what: "chart",
    signal: options.signal,
    onProgress: options.onProgress,
  });
  if (options.verifyDigest !== false && entry.digest) {
    const actual = sha256Hex(data);
    const expected = entry.digest.replace(/^sha256:/, "").toLowerCase();
    if (actual !== expected) {
      throw new HelmRepositoryError(
        "HELM_CHART_DIGEST_MISMATCH",
        `chart '${fileName}' from ${redactUrl(url)} has digest ${actual}, the index says ${expected}`,
        { url: redactUrl(url) },
      );
    }
  }
  return packageOf({ data, url: redactUrl(url), chartVersion: entry, maxFileSize: options.maxFileSize });
}

function packageOf(options: {
  data: Uint8Array;
  url: string;
  chartVersion: HelmChartVersion;
  maxFileSize?: number;
}): HelmChartPackage {
  const { data, url, chartVersion } = options;
  const inspected = inspectChartArchive({
    data,
    name: url,
    maxFileSize: options.maxFileSize ?? MAX_CHART_FILE_SIZE,
  });
  return {
    name: chartVersion.name,
    version: chartVersion.version,
    url,
    data,
    digest: digestOf(data),
    fileName: `${chartVersion.name}-${chartVersion.version}.tgz`,
    chartVersion,
    metadata: inspected.metadata,
    tar: inspected.tar,
    tarDigest: digestOf(inspected.tar),
    entries: inspected.entries.map((e) => e.name),
  };
}

function ociCredentials(auth: HelmRepositoryAuth | undefined): RegistryCredentials | undefined {
  if (!auth) return undefined;
  if (auth.username || auth.password) return { username: auth.username, password: auth.password };
  if (auth.token) return { registryToken: auth.token };
  return undefined;
}

async function fetchOciHelmChart(options: FetchHelmChartOptions): Promise<HelmChartPackage> {
  const repoUrl = normalizeHelmRepositoryUrl(options.url);
  const base = parseOciReference(`${repoUrl}/${options.chart}`);
  const client =
    options.ociClient ??
    new OciClient({
      fetch: options.fetch,
      credentials: ociCredentials(options.auth),
      insecure: options.insecure,
      signal: options.signal,
    });
  const wanted = options.version ?? "";
  let version: string;
  if (wanted !== "" && tryParseFluxSemver(wanted).ok) {
    version = wanted;
  } else {
    const tags = await client.listTags({ repository: base });
    // Helm reads `_` in tags as `+` and keeps only strict semantic versions.
    const versions = tags.map((t) => t.replaceAll("_", "+")).filter((v) => isStrictSemver(v));
    if (versions.length === 0) {
      throw new OciError(
        "OCI_NO_MATCHING_TAG",
        `unable to locate any tags in provided repository: ${formatOciReference(base)}`,
        {
          reference: formatOciReference(base),
        },
      );
    }
    version = selectChartVersion({
      chart: options.chart,
      entries: versions.map((v) => ({ version: v })),
      version: wanted,
    }).version;
  }
  const ref = { ...base, tag: version.replaceAll("+", "_") };
  const manifest = await client.getManifest({ reference: ref });
  if (manifest.kind !== "manifest") {
    throw new OciError("OCI_INVALID_MANIFEST", `'${formatOciReference(ref)}' is an index, not a chart`, {
      reference: formatOciReference(ref),
    });
  }
  const layer =
    manifest.manifest.layers.find((l) => l.mediaType === HELM_CHART_LAYER_MEDIA_TYPE) ??
    manifest.manifest.layers.find((l) => l.mediaType === HELM_LEGACY_CHART_LAYER_MEDIA_TYPE);
  if (!layer) {
    throw new OciError("OCI_LAYER_NOT_FOUND", `'${formatOciReference(ref)}' has no Helm chart layer`, {
      reference: formatOciReference(ref),
    });
  }
  const maxSize = options.maxChartSize ?? MAX_CHART_SIZE;
  if (layer.size > maxSize) {
    throw new HelmRepositoryError(
      "HELM_CHART_TOO_LARGE",
      `size of chart '${options.chart}-${version}.tgz' exceeds '${maxSize}' bytes limit`,
      { url: formatOciReference(ref) },
    );
  }
  const data = await client.getBlob({
    repository: ref,
    digest: layer.digest,
    maxSize,
    onProgress: options.onProgress,
  });
  const url = `oci://${formatOciReference(ref)}`;
  return packageOf({
    data,
    url,
    chartVersion: {
      name: options.chart,
      version,
      apiVersion: "v2",
      urls: [url],
      digest: layer.digest.slice(7),
    },
    maxFileSize: options.maxFileSize,
  });
}

const STRICT_SEMVER =
  /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$/;

function isStrictSemver(text: string): boolean {
  return STRICT_SEMVER.test(text);
}

/** Options of {@link pullHelmChart}. */
export interface PullHelmChartOptions extends FetchHelmChartOptions {
  fs: FileSystem;
  /** Emptied first; receives the unpacked chart (`<dir>/<chart>/Chart.yaml`, ...) or the package. */
  dir: string;
  /** Unpack the chart (default true); `false` writes `<dir>/<name>-<version>.tgz`. */
  untar?: boolean;
}

/** A pulled chart: the package, and the HelmChart artifact (the package as is, revision = chart version). */
export interface PulledHelmChart {
  chart: HelmChartPackage;
  artifact: SourceArtifact;
  /** Files written, relative to `dir`. */
  files: string[];
}

/** {@link fetchHelmChart}, then unpack it (safely) into `dir` or write the package there. */
export async function pullHelmChart(options: PullHelmChartOptions): Promise<PulledHelmChart> {
  const chart = await fetchHelmChart(options);
  const { fs, dir } = options;
  if (fs.exists(dir)) fs.rm(dir, { recursive: true });
  fs.mkdir(dir);
  let files: string[];
  if (options.untar === false) {
    fs.writeFile(posixPath.join(dir, chart.fileName), chart.data);
    files = [chart.fileName];
  } else {
    files = extractArchive({
      fs,
      dir,
      data: chart.tar,
      gzip: false,
      symlinks: "skip",
      name: chart.url,
    }).files;
  }
  const artifact: SourceArtifact = {
    revision: chart.version,
    tarGz: chart.data,
    digest: chart.digest,
    size: chart.data.length,
    tarDigest: chart.tarDigest,
    tarSize: chart.tar.length,
    entries: chart.entries,
  };
  return { chart, artifact, files };
}
