/**
 * Checks on a downloaded chart package before anything trusts it: gzip and tar well-formed, no entry
 * escaping the chart directory, no file over Flux's per-file limit, a `Chart.yaml` at the top.
 *
 * @module
 */
import { parseYaml } from "@gitops-kit/core";
import { cleanEntryName } from "../artifact/extract.js";
import { gunzipBounded } from "../artifact/gzip.js";
import { DEFAULT_MAX_SIZE, readTar, type TarEntry } from "../artifact/tar-reader.js";
import { HelmRepositoryError } from "./errors.js";

/** Flux's limit on a chart package: 10 MiB. */
export const MAX_CHART_SIZE = 10 * 1024 * 1024;
/** Flux's limit on any one file in a chart: 5 MiB. */
export const MAX_CHART_FILE_SIZE = 5 * 1024 * 1024;

/** The fields of `Chart.yaml` that identify a chart. */
export interface ChartMetadata {
  apiVersion: string;
  name: string;
  version: string;
  appVersion?: string;
  description?: string;
  type?: string;
}

/** A checked chart package. */
export interface InspectedChart {
  /** `Chart.yaml` of the chart. */
  metadata: ChartMetadata;
  /** The chart's top directory in the archive (normally the chart name). */
  root: string;
  /** The uncompressed tar. */
  tar: Uint8Array;
  entries: TarEntry[];
}

/** Options of {@link inspectChartArchive}. */
export interface InspectChartArchiveOptions {
  /** The `.tgz` bytes. */
  data: Uint8Array;
  /** Name for messages (the chart URL or file). */
  name: string;
  /** Largest file in the chart (default {@link MAX_CHART_FILE_SIZE}). */
  maxFileSize?: number;
}

/**
 * Validate a chart package and read its `Chart.yaml`. Throws {@link HelmRepositoryError}
 * (`HELM_CHART_INVALID`, `HELM_CHART_TOO_LARGE`) or the archive's own `ArchiveError`.
 */
export function inspectChartArchive(options: InspectChartArchiveOptions): InspectedChart {
  const { name } = options;
  const maxFile = options.maxFileSize ?? MAX_CHART_FILE_SIZE;
  const tar = gunzipBounded(options.data, { maxBytes: DEFAULT_MAX_SIZE + 4 * 1024 * 1024, name });
  const entries = readTar(tar);
  let chartYaml: TarEntry | undefined;
  let root: string | undefined;
  for (const entry of entries) {
    if (entry.kind === "dir") continue;
    const clean = cleanEntryName(entry.name.replaceAll("\\", "/"), entry.name);
    if (clean === "") continue;
    if (entry.size > maxFile) {
      throw new HelmRepositoryError(
        "HELM_CHART_TOO_LARGE",
        `${name}: size of '${entry.name}' exceeds '${maxFile}' bytes limit`,
        { url: name },
      );
    }
    const parts = clean.split("/");
    if (parts.length === 2 && parts[1] === "Chart.yaml") {
      chartYaml ??= entry;
      root ??= parts[0];
    }
  }
  if (!chartYaml || root === undefined) {
    throw new HelmRepositoryError("HELM_CHART_INVALID", `${name}: no 'Chart.yaml' found`, { url: name });
  }
  return { metadata: readChartYaml(chartYaml, name), root, tar, entries };
}

function readChartYaml(entry: TarEntry, name: string): ChartMetadata {
  let doc: unknown;
  try {
    doc = parseYaml(new TextDecoder().decode(entry.data), { file: entry.name, dialect: "sigs-yaml" });
  } catch (err) {
    throw new HelmRepositoryError(
      "HELM_CHART_INVALID",
      `${name}: cannot load 'Chart.yaml': ${(err as Error).message}`,
      {
        url: name,
        cause: err,
      },
    );
  }
  const map = (doc && typeof doc === "object" && !Array.isArray(doc) ? doc : {}) as Record<string, unknown>;
  const text = (v: unknown) => (v === undefined || v === null ? undefined : String(v));
  const metadata: ChartMetadata = {
    apiVersion: text(map.apiVersion) ?? "v1",
    name: text(map.name) ?? "",
    version: text(map.version) ?? "",
  };
  for (const key of ["appVersion", "description", "type"] as const) {
    const v = text(map[key]);
    if (v !== undefined) metadata[key] = v;
  }
  if (metadata.name === "" || metadata.version === "") {
    throw new HelmRepositoryError("HELM_CHART_INVALID", `${name}: Chart.yaml lacks a name or version`, {
      url: name,
    });
  }
  return metadata;
}
