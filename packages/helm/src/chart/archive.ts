/**
 * Chart archives (`.tgz`, as `helm package` writes them): the files of the chart, never written anywhere,
 * with Helm's path rules (the top-level directory is dropped; absolute paths, `..` and drive letters are
 * refused) and size limits (per file and per chart) enforced while decompressing.
 */
import { posixPath } from "@gitops-kit/core";
import { ArchiveError, gunzipBounded, readTar } from "@gitops-kit/source";
import { ChartLoadError, ChartTooLargeError } from "../errors.js";
import type { ChartFile } from "./types.js";

/** Size limits applied while loading a chart. */
export interface ChartLimits {
  /** Most bytes of file content in one chart, subcharts included (Helm: 100 MiB). */
  maxChartSize?: number;
  /** Largest single file (Helm: 5 MiB). */
  maxFileSize?: number;
}

export const DEFAULT_MAX_CHART_SIZE = 100 * 1024 * 1024;
export const DEFAULT_MAX_FILE_SIZE = 5 * 1024 * 1024;

/** The limits with defaults filled in. */
export function resolveLimits(limits: ChartLimits = {}): Required<ChartLimits> {
  return {
    maxChartSize: limits.maxChartSize ?? DEFAULT_MAX_CHART_SIZE,
    maxFileSize: limits.maxFileSize ?? DEFAULT_MAX_FILE_SIZE,
  };
}

const UTF8_BOM = [0xef, 0xbb, 0xbf];

/** File content without a leading UTF-8 byte order mark (Helm strips it from every file). */
export function stripBom(data: Uint8Array): Uint8Array {
  return data.length >= 3 && data[0] === UTF8_BOM[0] && data[1] === UTF8_BOM[1] && data[2] === UTF8_BOM[2]
    ? data.subarray(3)
    : data;
}

const DRIVE_PATH = /^[a-zA-Z]:\//;

/** Whether the bytes start like a gzip stream (`1f 8b 08`). */
export function isGzip(data: Uint8Array): boolean {
  return data.length >= 3 && data[0] === 0x1f && data[1] === 0x8b && data[2] === 0x08;
}

function unsafe(message: string, entry: string): ChartLoadError {
  return new ChartLoadError(message, { code: "CHART_UNSAFE_PATH", file: entry });
}

/** The chart-relative name of an archive entry, or a typed error when it would leave the chart. */
function entryName(raw: string): string {
  // Archives written on Windows may use `\`.
  const delimiter = raw.includes("\\") ? "\\" : "/";
  const parts = raw.split(delimiter);
  if (parts[0] === "Chart.yaml") throw new ChartLoadError("chart yaml not in base directory", { file: raw });
  let name = parts.slice(1).join("/");
  if (name.startsWith("/")) throw unsafe("chart illegally contains absolute paths", raw);
  name = posixPath.normalize(name);
  if (name === "." || name === "") {
    throw unsafe(`chart illegally contains content outside the base directory: ${JSON.stringify(raw)}`, raw);
  }
  if (name.startsWith("..")) throw unsafe("chart illegally references parent directory", raw);
  if (DRIVE_PATH.test(name)) throw unsafe("chart contains illegally named files", raw);
  return name;
}

/**
 * The files of a chart archive (gzip-compressed tar), in archive order, named relative to the chart root.
 * Throws {@link ChartLoadError} for malformed archives and unsafe names, {@link ChartTooLargeError} when a
 * limit is passed (checked while decompressing, so a compression bomb stops early).
 */
export function readChartArchive(
  archive: Uint8Array,
  limits: ChartLimits = {},
  name = "chart archive",
): ChartFile[] {
  const { maxChartSize, maxFileSize } = resolveLimits(limits);
  let tar: Uint8Array;
  let entries: ReturnType<typeof readTar>;
  try {
    // Headers and padding come on top of the content the chart limit counts.
    tar = gunzipBounded(archive, { maxBytes: maxChartSize + Math.max(maxChartSize, 1 << 20), name });
    entries = readTar(tar, { maxSize: maxChartSize * 2 });
  } catch (err) {
    if (err instanceof ArchiveError && err.code === "ARCHIVE_TOO_LARGE") {
      throw new ChartTooLargeError(
        `decompressed chart is larger than the maximum file size ${maxChartSize}`,
        {
          limit: maxChartSize,
          cause: err,
        },
      );
    }
    throw new ChartLoadError(`${name}: ${(err as Error).message}`, { cause: err });
  }
  const files: ChartFile[] = [];
  let remaining = maxChartSize;
  for (const entry of entries) {
    if (entry.kind === "dir") continue;
    const file = entryName(entry.name);
    if (entry.size > remaining) {
      throw new ChartTooLargeError(
        `decompressed chart is larger than the maximum file size ${maxChartSize}`,
        {
          limit: maxChartSize,
        },
      );
    }
    if (entry.size > maxFileSize) {
      throw new ChartTooLargeError(
        `decompressed chart file ${JSON.stringify(entry.name)} is larger than the maximum file size ${maxFileSize}`,
        { limit: maxFileSize },
      );
    }
    remaining -= entry.size;
    if (remaining <= 0) {
      throw new ChartTooLargeError(
        `decompressed chart is larger than the maximum file size ${maxChartSize}`,
        {
          limit: maxChartSize,
        },
      );
    }
    // Links and special entries carry no data here: nothing is written, so they cannot point anywhere.
    files.push({ name: file, data: stripBom(entry.data.slice()) });
  }
  if (files.length === 0) throw new ChartLoadError("no files in chart archive");
  return files;
}
