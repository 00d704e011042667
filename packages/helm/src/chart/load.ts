/**
 * Chart loading, as Helm's `loader` package does it: from a directory (with `.helmignore`), from a chart
 * archive (`.tgz` bytes), or from a source artifact (a packaged chart, or a chart directory inside a Git /
 * OCI / Bucket artifact). Subcharts in `charts/` are loaded from directories and archives alike.
 */
import { errorMessage, type FileSystem, posixPath } from "@gitops-kit/core";
import { ArchiveError, gunzipBounded, readTar, type SourceArtifact } from "@gitops-kit/source";
import { ChartLoadError, ChartTooLargeError } from "../errors.js";
import { readValuesYaml } from "../values/read.js";
import { type ChartLimits, isGzip, readChartArchive, resolveLimits, stripBom } from "./archive.js";
import { HELM_IGNORE_FILE, HelmIgnore } from "./helmignore.js";
import { emptyMetadata, readChartLock, readChartYaml, validateMetadata } from "./metadata.js";
import type { Chart, ChartFile, ChartMetadata } from "./types.js";

/** Where {@link loadChart} reads a chart from: exactly one of the forms. */
export type LoadChartSource =
  /** A chart directory, or a `.tgz` file, on a FileSystem. */
  | { fs: FileSystem; path: string }
  /** The bytes of a packaged chart (`helm package` output). */
  | { archive: Uint8Array }
  /**
   * A source artifact: without `path`, the artifact is a packaged chart (a HelmChart / HelmRepository
   * artifact); with `path`, the chart directory (or `.tgz`) at that path inside the artifact (a Git, OCI or
   * Bucket artifact).
   */
  | { artifact: Pick<SourceArtifact, "tarGz">; path?: string };

/** Options of {@link loadChart}. */
export type LoadChartOptions = LoadChartSource & {
  /** Size limits (default: Helm's 100 MiB per chart and 5 MiB per file). */
  limits?: ChartLimits;
};

/**
 * Load a chart and its subcharts. Throws {@link ChartLoadError} (invalid Chart.yaml / values.yaml, missing
 * Chart.yaml, irregular file, unsafe archive entry) or {@link ChartTooLargeError}.
 *
 * @example
 * const chart = loadChart({ fs: nodeFs(), path: "./charts/podinfo" });
 * const packaged = loadChart({ archive: tgzBytes });
 */
export function loadChart(options: LoadChartOptions): Chart {
  const limits = options.limits;
  if ("archive" in options) return loadChartFiles(readChartArchive(options.archive, limits), limits);
  if ("artifact" in options) return loadFromArtifact(options.artifact.tarGz, options.path, limits);
  const { fs, path } = options;
  const stat = fs.stat(path);
  if (stat.isDirectory()) return loadChartFiles(readChartDirectory(fsTree(fs, path), limits), limits);
  const data = fs.readFile(path);
  if (!isGzip(data)) {
    if (/\.ya?ml$/.test(path)) {
      throw new ChartLoadError(`file '${path}' seems to be a YAML file, but expected a gzipped archive`);
    }
    throw new ChartLoadError(`file '${path}' does not appear to be a gzipped archive`);
  }
  return loadChartFiles(readChartArchive(data, limits, path), limits);
}

// --- directories ------------------------------------------------------------------------------------------

/** What the directory walk needs to know about an entry. */
interface TreeEntry {
  name: string;
  kind: "file" | "dir" | "other";
  size: number;
}

/** A read-only directory tree: a FileSystem directory or a directory inside an artifact. */
interface Tree {
  list(dir: string): TreeEntry[];
  read(path: string): Uint8Array;
}

function fsTree(fs: FileSystem, root: string): Tree {
  const abs = (p: string) => (p === "" ? root : posixPath.join(root, p));
  return {
    list(dir) {
      return fs.readdir(abs(dir)).map((name) => {
        const full = abs(dir === "" ? name : `${dir}/${name}`);
        // Symbolic links are followed, as Helm's walk follows them.
        const st = fs.exists(full) ? fs.stat(full) : fs.lstat(full);
        return { name, kind: st.isDirectory() ? "dir" : st.isFile() ? "file" : "other", size: st.size };
      });
    },
    read: (p) => fs.readFile(abs(p)),
  };
}

/** Longest chain of nested directories walked (guards against directory link loops). */
const MAX_DEPTH = 64;

/**
 * The files of a chart directory, in Helm's walk order (depth first, names sorted), skipping what
 * `.helmignore` (at the chart root) and Helm's default rule ignore.
 */
function readChartDirectory(tree: Tree, limits: ChartLimits | undefined): ChartFile[] {
  const { maxChartSize, maxFileSize } = resolveLimits(limits);
  const rootEntries = tree.list("");
  const rules = rootEntries.some((e) => e.name === HELM_IGNORE_FILE && e.kind === "file")
    ? HelmIgnore.parse(new TextDecoder().decode(tree.read(HELM_IGNORE_FILE)))
    : new HelmIgnore();
  rules.withDefaults();
  const files: ChartFile[] = [];
  let total = 0;
  const walk = (dir: string, entries: TreeEntry[], depth: number) => {
    if (depth > MAX_DEPTH) throw new ChartLoadError(`${dir}: directories nested too deeply (a link loop?)`);
    for (const e of entries) {
      const rel = dir === "" ? e.name : `${dir}/${e.name}`;
      if (e.kind === "dir") {
        if (!rules.ignores(rel, true)) walk(rel, tree.list(rel), depth + 1);
        continue;
      }
      if (rules.ignores(rel, false)) continue;
      if (e.kind !== "file") {
        throw new ChartLoadError(`cannot load irregular file ${rel} as it has file mode type bits set`, {
          file: rel,
        });
      }
      if (e.size > maxFileSize) {
        throw new ChartTooLargeError(
          `chart file ${JSON.stringify(e.name)} is larger than the maximum file size ${maxFileSize}`,
          { limit: maxFileSize },
        );
      }
      total += e.size;
      if (total > maxChartSize) {
        throw new ChartTooLargeError(`chart is larger than the maximum size ${maxChartSize}`, {
          limit: maxChartSize,
        });
      }
      files.push({ name: rel, data: stripBom(tree.read(rel)) });
    }
  };
  walk("", rootEntries, 0);
  return files;
}

// --- artifacts --------------------------------------------------------------------------------------------

function loadFromArtifact(
  tarGz: Uint8Array,
  path: string | undefined,
  limits: ChartLimits | undefined,
): Chart {
  if (path === undefined) return loadChartFiles(readChartArchive(tarGz, limits, "artifact"), limits);
  const { maxChartSize } = resolveLimits(limits);
  let entries: ReturnType<typeof readTar>;
  try {
    entries = readTar(gunzipBounded(tarGz, { maxBytes: maxChartSize * 4, name: "artifact" }), {
      maxSize: maxChartSize * 4,
    });
  } catch (err) {
    if (err instanceof ArchiveError && err.code === "ARCHIVE_TOO_LARGE") {
      throw new ChartTooLargeError(`artifact: ${err.message}`, { limit: maxChartSize * 4, cause: err });
    }
    throw new ChartLoadError(`artifact: ${(err as Error).message}`, { cause: err });
  }
  const target = posixPath.normalize(path);
  if (target.startsWith("..") || posixPath.isAbsolute(target)) {
    throw new ChartLoadError(`chart path ${JSON.stringify(path)} is outside the artifact`, {
      code: "CHART_UNSAFE_PATH",
    });
  }
  // Index regular files and directories by their normalised name; unsafe names never match a chart path.
  const filesByName = new Map<string, Uint8Array>();
  const dirs = new Map<string, Map<string, TreeEntry>>();
  const addChild = (parent: string, entry: TreeEntry) => {
    let children = dirs.get(parent);
    if (!children) {
      children = new Map();
      dirs.set(parent, children);
    }
    if (!children.has(entry.name) || entry.kind === "dir") children.set(entry.name, entry);
  };
  for (const e of entries) {
    const name = posixPath.normalize(e.name);
    if (name === "." || name.startsWith("..") || posixPath.isAbsolute(name)) continue;
    const kind: TreeEntry["kind"] = e.kind === "dir" ? "dir" : e.kind === "file" ? "file" : "other";
    if (kind === "other") continue; // links are not followed inside artifacts
    const parts = name.split("/");
    for (let i = 1; i < parts.length; i++) {
      addChild(parts.slice(0, i - 1).join("/"), { name: parts[i - 1], kind: "dir", size: 0 });
    }
    addChild(parts.slice(0, -1).join("/"), { name: parts[parts.length - 1], kind, size: e.size });
    if (kind === "file") filesByName.set(name, e.data);
  }
  if (target.endsWith(".tgz") && filesByName.has(target)) {
    return loadChartFiles(readChartArchive(filesByName.get(target) as Uint8Array, limits, target), limits);
  }
  const prefix = target === "." ? "" : target;
  if (!dirs.has(prefix)) {
    throw new ChartLoadError(`chart path ${JSON.stringify(path)} not found in the artifact`, {
      code: "CHART_NOT_FOUND",
    });
  }
  const within = (p: string) => (prefix === "" ? p : p === "" ? prefix : `${prefix}/${p}`);
  const tree: Tree = {
    list: (dir) =>
      [...(dirs.get(within(dir))?.values() ?? [])].sort((a, b) =>
        a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
      ),
    read: (p) => filesByName.get(within(p)) ?? new Uint8Array(),
  };
  return loadChartFiles(readChartDirectory(tree, limits), limits);
}

// --- files → chart ----------------------------------------------------------------------------------------

/** Go's `filepath.Ext`: the suffix from the last `.` of the final element (`.tgz` for `.tgz`). */
function goExt(name: string): string {
  for (let i = name.length - 1; i >= 0 && name[i] !== "/"; i--) if (name[i] === ".") return name.slice(i);
  return "";
}

/**
 * Build a chart from its files (names relative to the chart root), as Helm's `LoadFiles` does: Chart.yaml,
 * values.yaml, values.schema.json, Chart.lock, the deprecated requirements.yaml/.lock, templates/, charts/
 * (each directory or `.tgz` becomes a subchart) and every other file as `.Files`.
 */
export function loadChartFiles(files: ChartFile[], limits?: ChartLimits): Chart {
  let metadata: ChartMetadata | undefined;
  // Chart.yaml first, wherever it is in the list.
  for (const f of files)
    if (f.name === "Chart.yaml") metadata = readChartYaml(f.data, "Chart.yaml", metadata);
  const chart: Chart = {
    metadata: metadata as ChartMetadata,
    lock: undefined,
    templates: [],
    values: {},
    schema: undefined,
    files: [],
    raw: files.map((f) => ({ name: f.name, data: f.data })),
    dependencies: [],
  };
  const subcharts = new Map<string, ChartFile[]>();
  for (const f of files) {
    const name = f.name;
    if (name === "Chart.yaml") continue;
    if (name === "Chart.lock") chart.lock = readChartLock(f.data, name);
    else if (name === "values.yaml")
      chart.values = readValuesYaml(f.data, "values.yaml", "cannot load values.yaml");
    else if (name === "values.schema.json") chart.schema = f.data;
    else if (name === "requirements.yaml") {
      const md = chart.metadata ?? emptyMetadata();
      chart.metadata = readChartYaml(f.data, name, md);
      if (chart.metadata.apiVersion === "v1") chart.files.push({ name, data: f.data });
    } else if (name === "requirements.lock") {
      chart.lock = readChartLock(f.data, name);
      chart.metadata ??= emptyMetadata();
      if (chart.metadata.apiVersion === "v1") chart.files.push({ name, data: f.data });
    } else if (name.startsWith("templates/")) chart.templates.push({ name, data: f.data });
    else if (name.startsWith("charts/")) {
      if (goExt(name) === ".prov") {
        chart.files.push({ name, data: f.data });
        continue;
      }
      const inCharts = name.slice("charts/".length);
      const sub = inCharts.split("/", 1)[0];
      const list = subcharts.get(sub) ?? [];
      subcharts.set(sub, list);
      list.push({ name: inCharts, data: f.data });
    } else chart.files.push({ name, data: f.data });
  }
  if (!chart.metadata) throw new ChartLoadError("Chart.yaml file is missing", { file: "Chart.yaml" });
  validateMetadata(chart.metadata);

  // Helm iterates a Go map here (random order); a sorted order keeps results reproducible.
  for (const sub of [...subcharts.keys()].sort()) {
    if (sub.startsWith("_") || sub.startsWith(".")) continue;
    const subFiles = subcharts.get(sub) as ChartFile[];
    let loaded: Chart;
    try {
      if (goExt(sub) === ".tgz") {
        const file = subFiles[0];
        if (file.name !== sub) {
          throw new ChartLoadError(
            `error unpacking subchart tar in ${chart.metadata.name}: expected ${sub}, got ${file.name}`,
          );
        }
        loaded = loadChartFiles(readChartArchive(file.data, limits, `charts/${sub}`), limits);
      } else {
        const inner: ChartFile[] = [];
        for (const f of subFiles) {
          const slash = f.name.indexOf("/");
          if (slash < 0) continue;
          inner.push({ name: f.name.slice(slash + 1), data: f.data });
        }
        loaded = loadChartFiles(inner, limits);
      }
    } catch (err) {
      if (err instanceof ChartTooLargeError) throw err;
      const message = errorMessage(err);
      if (message.startsWith("error unpacking subchart tar in")) throw err;
      throw new ChartLoadError(`error unpacking subchart ${sub} in ${chart.metadata.name}: ${message}`, {
        code: err instanceof ChartLoadError ? err.code : "CHART_INVALID",
        file: `charts/${sub}`,
        cause: err,
      });
    }
    chart.dependencies.push(loaded);
  }
  return chart;
}
