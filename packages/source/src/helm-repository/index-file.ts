/**
 * Helm repository index files (`index.yaml`): parsing as source-controller loads them, and chart
 * version lookup. Runtime-neutral.
 *
 * Loading follows Helm's `loadIndex` as Flux calls it: JSON when the bytes are valid JSON, otherwise
 * YAML decoded strictly (an unknown field or a repeated key fails the whole index, values are
 * converted to the Go field types the way sigs.k8s.io/yaml converts them), `apiVersion` required,
 * entries that fail Helm's chart metadata validation dropped, each chart's versions sorted newest
 * first.
 *
 * Large indexes are read by a line-oriented reader ({@link readBlockYaml}) that handles the block
 * YAML chart tools write; other YAML goes through the general parser with the same result.
 *
 * @module
 */
import {
  compareSemver,
  type FormatError,
  parseYaml,
  type SemverVersion,
  tryParseSemver,
} from "@gitops-kit/core";
import { ChartVersionError } from "../errors.js";
import { selectChartVersion } from "../helm/select-version.js";
import { type BlockYamlValue, DuplicateKeyError, formatFloat32, readBlockYaml } from "./block-yaml.js";
import { HelmIndexError } from "./errors.js";

/** Flux's limit on an index file: 50 MiB. */
export const MAX_INDEX_SIZE = 50 * 1024 * 1024;

/** A chart maintainer. */
export interface HelmChartMaintainer {
  name?: string;
  email?: string;
  url?: string;
}

/** A dependency declared in a chart's metadata. */
export interface HelmChartDependency {
  name: string;
  version?: string;
  repository: string;
  condition?: string;
  tags?: string[];
  enabled?: boolean;
  "import-values"?: unknown[];
  alias?: string;
}

/** One version of a chart in an index: its Chart.yaml metadata plus where to download it. */
export interface HelmChartVersion {
  name: string;
  version: string;
  /** Chart API version (`v1` when the index leaves it out, as Helm defaults it). */
  apiVersion: string;
  /** Download URLs, absolute or relative to the repository URL; the first one is used. */
  urls: string[];
  /** Hex SHA-256 of the chart package, when the index gives one. */
  digest?: string;
  /** When the chart was packaged (RFC 3339). */
  created?: string;
  removed?: boolean;
  appVersion?: string;
  description?: string;
  home?: string;
  icon?: string;
  keywords?: string[];
  sources?: string[];
  maintainers?: HelmChartMaintainer[];
  annotations?: Record<string, string>;
  kubeVersion?: string;
  type?: string;
  condition?: string;
  tags?: string;
  deprecated?: boolean;
  dependencies?: HelmChartDependency[];
  /** Deprecated fields Helm still reads. */
  checksum?: string;
  engine?: string;
  tillerVersion?: string;
  url?: string;
}

/** A parsed repository index. */
export interface HelmIndex {
  apiVersion: string;
  /** When the index was generated (RFC 3339), if it says. */
  generated?: string;
  /** Chart name → versions, newest first. */
  entries: Record<string, HelmChartVersion[]>;
  publicKeys?: string[];
  annotations?: Record<string, string>;
  serverInfo?: Record<string, unknown>;
}

/** An index entry left out because Helm's metadata validation refused it. */
export interface SkippedChartVersion {
  chart: string;
  /** The entry's position in the index. */
  position: number;
  version: string;
  reason: string;
}

/** Options of {@link parseHelmIndex}. */
export interface ParseHelmIndexOptions {
  /** The index bytes (UTF-8) or text. */
  data: Uint8Array | string;
  /** Name for messages (default `index.yaml`). */
  name?: string;
  /** Largest accepted index in bytes (default {@link MAX_INDEX_SIZE}). */
  maxSize?: number;
  /**
   * Decode only these charts' entries; the others are absent from `entries`. Their text is passed over
   * without being read (so errors in it go unnoticed), which makes resolving one chart in a
   * repository of thousands cheap. Default: every chart.
   */
  charts?: readonly string[];
}

/** What {@link parseHelmIndex} returns. */
export interface ParsedHelmIndex {
  index: HelmIndex;
  /** Entries dropped by validation (Helm logs and skips them). */
  skipped: SkippedChartVersion[];
  /** Which reader handled the text: `json`, the fast `block` reader or the general `yaml` parser. */
  reader: "json" | "block" | "yaml";
}

/**
 * Parse a repository index as source-controller loads it. Throws {@link HelmIndexError}:
 * `HELM_INDEX_EMPTY` ("empty index.yaml file"), `HELM_INDEX_NO_API_VERSION` ("no API version
 * specified"), `HELM_INDEX_TOO_LARGE`, `HELM_INDEX_INVALID` (malformed text, a field of the wrong type,
 * an unknown field in YAML, a bad timestamp; the message names the field path).
 *
 * @example
 * const { index } = parseHelmIndex({ data: await (await fetch(url)).text() });
 * const chart = findChartVersion({ index, chart: "nginx", version: "^15" });
 */
export function parseHelmIndex(options: ParseHelmIndexOptions): ParsedHelmIndex {
  const name = options.name ?? "index.yaml";
  const maxSize = options.maxSize ?? MAX_INDEX_SIZE;
  const size = typeof options.data === "string" ? utf8Length(options.data, maxSize) : options.data.length;
  if (size > maxSize) {
    throw new HelmIndexError(
      "HELM_INDEX_TOO_LARGE",
      `${name} exceeds the maximum index file size of ${maxSize} bytes`,
    );
  }
  if (size === 0) throw new HelmIndexError("HELM_INDEX_EMPTY", `${name}: empty index.yaml file`);
  const text = typeof options.data === "string" ? options.data : new TextDecoder().decode(options.data);

  let raw: unknown;
  let reader: ParsedHelmIndex["reader"];
  const json = tryJson(text);
  if (json.ok) {
    raw = json.value;
    reader = "json";
  } else {
    let block: { value: BlockYamlValue } | undefined;
    const wanted = options.charts ? new Set(options.charts) : undefined;
    try {
      block = readBlockYaml(
        text,
        wanted ? { skip: { path: ["entries"], keep: (chart) => wanted.has(chart) } } : {},
      );
    } catch (err) {
      if (err instanceof DuplicateKeyError) {
        throw new HelmIndexError("HELM_INDEX_INVALID", `${name}: ${err.message}`, { cause: err });
      }
      throw err;
    }
    if (block) {
      raw = block.value;
      reader = "block";
    } else {
      try {
        raw = parseYaml(text, { file: name, dialect: "sigs-yaml", nonStringKeys: "stringify" });
      } catch (err) {
        throw new HelmIndexError("HELM_INDEX_INVALID", `${name}: ${(err as FormatError).message}`, {
          cause: err,
        });
      }
      reader = "yaml";
    }
  }
  const decoder = new Decoder(name, reader !== "json", options.charts);
  const index = decoder.indexFile(raw);
  if (index.apiVersion === "") {
    throw new HelmIndexError("HELM_INDEX_NO_API_VERSION", `${name}: no API version specified`);
  }
  return { index, skipped: decoder.skipped, reader };
}

/** Options of {@link findChartVersion}. */
export interface FindChartVersionOptions {
  index: HelmIndex;
  /** Chart name. */
  chart: string;
  /** `spec.version`: an exact version, a semver constraint, or `""` / `*` for the latest stable one. */
  version?: string;
}

/**
 * The index entry a HelmChart resolves to (source-controller's `GetChartVersion`): an unknown chart is a
 * `ChartVersionError` `CHART_NAME_NOT_FOUND` ("no chart name found"); otherwise
 * {@link selectChartVersion}'s rules apply.
 */
export function findChartVersion(options: FindChartVersionOptions): HelmChartVersion {
  const { index, chart } = options;
  const entries = Object.hasOwn(index.entries, chart) ? index.entries[chart] : undefined;
  if (!entries) throw new ChartVersionError("CHART_NAME_NOT_FOUND", "no chart name found");
  return selectChartVersion({ chart, entries, version: options.version });
}

/** Byte length of a string in UTF-8, counting only until it passes `limit`. */
function utf8Length(text: string, limit: number): number {
  // Each UTF-16 unit is at most 3 bytes: below the limit either way, the exact count is not needed.
  if (text.length * 3 <= limit) return text.length;
  return new TextEncoder().encode(text).length;
}

function tryJson(text: string): { ok: true; value: unknown } | { ok: false } {
  // Go's json.Valid: only whitespace may surround the value. YAML indexes never start with `{` / `[`.
  let i = 0;
  while (i < text.length && /[ \t\r\n]/.test(text[i])) i++;
  const c = text[i];
  if (c !== "{" && c !== "[" && c !== '"') return { ok: false };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

type Kind = "string" | "bool" | "strings" | "stringMap" | "time" | "any";

/** Fields of a ChartVersion (Chart.yaml metadata + index fields) and how each decodes. */
const CHART_VERSION_FIELDS: Record<string, Kind | "maintainers" | "dependencies"> = {
  name: "string",
  home: "string",
  sources: "strings",
  version: "string",
  description: "string",
  keywords: "strings",
  maintainers: "maintainers",
  icon: "string",
  apiVersion: "string",
  condition: "string",
  tags: "string",
  appVersion: "string",
  deprecated: "bool",
  annotations: "stringMap",
  kubeVersion: "string",
  dependencies: "dependencies",
  type: "string",
  urls: "strings",
  created: "time",
  removed: "bool",
  digest: "string",
  checksum: "string",
  engine: "string",
  tillerVersion: "string",
  url: "string",
};

const MAINTAINER_FIELDS: Record<string, Kind> = { name: "string", email: "string", url: "string" };

const DEPENDENCY_FIELDS: Record<string, Kind> = {
  name: "string",
  version: "string",
  repository: "string",
  condition: "string",
  tags: "strings",
  enabled: "bool",
  "import-values": "any",
  alias: "string",
};

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$/;
const ALIAS = /^[a-zA-Z0-9_-]+$/;

/** `path.key`, or `path` alone. */
function at(path: string, key: string | undefined): string {
  return key === undefined ? path : `${path}.${key}`;
}

/** Go's name for a JSON value's type in unmarshal errors. */
function jsonType(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  if (typeof value === "object") return "object";
  return typeof value === "boolean" ? "bool" : typeof value === "number" ? "number" : "string";
}

/**
 * Turns the generic value tree into typed index data, with Go's decoding rules: `strict` (YAML) refuses
 * unknown fields; scalars meant for string fields are converted to text as sigs.k8s.io/yaml does.
 */
class Decoder {
  readonly skipped: SkippedChartVersion[] = [];

  private readonly charts?: ReadonlySet<string>;

  constructor(
    private readonly name: string,
    private readonly strict: boolean,
    charts?: readonly string[],
  ) {
    this.charts = charts ? new Set(charts) : undefined;
  }

  private fail(path: string, message: string): never {
    throw new HelmIndexError("HELM_INDEX_INVALID", `${this.name}: ${path}: ${message}`);
  }

  private object(value: unknown, path: string): Record<string, unknown> | undefined {
    if (value === null || value === undefined) return undefined;
    if (typeof value !== "object" || Array.isArray(value)) {
      this.fail(path, `cannot decode ${jsonType(value)} into an object`);
    }
    return value as Record<string, unknown>;
  }

  indexFile(raw: unknown): HelmIndex {
    const top = this.object(raw, "(root)") ?? {};
    const index: HelmIndex = { apiVersion: "", entries: {} };
    for (const key of Object.keys(top)) {
      const value = top[key];
      switch (key) {
        case "apiVersion":
          index.apiVersion = this.string(value, key) ?? "";
          break;
        case "generated":
          index.generated = this.time(value, key);
          break;
        case "publicKeys":
          index.publicKeys = this.strings(value, key);
          break;
        case "annotations":
          index.annotations = this.stringMap(value, key);
          break;
        case "serverInfo":
          index.serverInfo = this.object(value, key);
          break;
        case "entries":
          index.entries = this.entries(value);
          break;
        default:
          if (this.strict) this.fail(key, `unknown field "${key}"`);
      }
    }
    return index;
  }

  private entries(value: unknown): Record<string, HelmChartVersion[]> {
    const out: Record<string, HelmChartVersion[]> = {};
    const map = this.object(value, "entries");
    if (!map) return out;
    for (const chart of Object.keys(map)) {
      if (this.charts && !this.charts.has(chart)) continue;
      const path = `entries.${chart}`;
      const list = map[chart];
      const versions: { entry: HelmChartVersion; version: SemverVersion }[] = [];
      if (list !== null) {
        if (!Array.isArray(list)) this.fail(path, `cannot decode ${jsonType(list)} into a list`);
        for (let i = 0; i < list.length; i++) {
          if (list[i] === null) continue;
          const entry = this.chartVersion(list[i], `${path}[${i}]`);
          const problem = validateChartVersion(entry);
          if (typeof problem === "string") {
            this.skipped.push({ chart, position: i, version: entry.version, reason: problem });
            continue;
          }
          versions.push({ entry, version: problem.version });
        }
      }
      // Newest first (Helm's SortEntries); equal versions keep their index order.
      versions.sort((a, b) => compareSemver(b.version, a.version));
      defineKey(
        out,
        chart,
        versions.map((v) => v.entry),
      );
    }
    return out;
  }

  /**
   * An index entry, decoded in place: the parsed object itself becomes the entry, values converted only
   * where Go's decoding would change them (no second copy of a 20 MB index). Paths for messages are
   * only built when something is wrong.
   */
  private chartVersion(value: unknown, path: string): HelmChartVersion {
    const map = (this.object(value, path) ?? {}) as Record<string, unknown>;
    for (const key of Object.keys(map)) {
      const kind = CHART_VERSION_FIELDS[key];
      const v = map[key];
      if (kind === undefined) {
        if (this.strict) this.fail(path, `unknown field "${key}"`);
        delete map[key];
        continue;
      }
      let decoded: unknown;
      if (kind === "maintainers") decoded = this.records(v, path, key, MAINTAINER_FIELDS);
      else if (kind === "dependencies") decoded = this.records(v, path, key, DEPENDENCY_FIELDS);
      else decoded = this.field(kind, v, path, key);
      if (decoded === undefined) delete map[key];
      else if (decoded !== v) map[key] = decoded;
    }
    if (map.name === undefined) map.name = "";
    if (map.version === undefined) map.version = "";
    if (map.apiVersion === undefined) map.apiVersion = "";
    if (map.urls === undefined) map.urls = [];
    return map as unknown as HelmChartVersion;
  }

  /** A list of maintainers or dependencies, decoded in place (null items kept for validation). */
  private records(
    value: unknown,
    path: string,
    key: string,
    fields: Record<string, Kind>,
  ): Record<string, unknown>[] | undefined {
    if (value === null || value === undefined) return undefined;
    if (!Array.isArray(value)) this.fail(`${path}.${key}`, `cannot decode ${jsonType(value)} into a list`);
    for (let i = 0; i < value.length; i++) {
      if (value[i] === null) continue;
      const itemPath = `${path}.${key}[${i}]`;
      const map = (this.object(value[i], itemPath) ?? {}) as Record<string, unknown>;
      for (const field of Object.keys(map)) {
        const kind = fields[field];
        if (kind === undefined) {
          if (this.strict) this.fail(itemPath, `unknown field "${field}"`);
          delete map[field];
          continue;
        }
        const v = map[field];
        const decoded = this.field(kind, v, itemPath, field);
        if (decoded === undefined) delete map[field];
        else if (decoded !== v) map[field] = decoded;
      }
      value[i] = map;
    }
    return value;
  }

  private field(kind: Kind, value: unknown, path: string, key?: string): unknown {
    switch (kind) {
      case "string":
        return this.string(value, path, key);
      case "bool":
        if (value === null || value === undefined) return undefined;
        if (typeof value !== "boolean")
          this.fail(at(path, key), `cannot decode ${jsonType(value)} into a bool`);
        return value;
      case "strings":
        return this.strings(value, at(path, key));
      case "stringMap":
        return this.stringMap(value, at(path, key));
      case "time":
        return this.time(value, at(path, key));
      default:
        return value ?? undefined;
    }
  }

  /** A string field: text as is; numbers and booleans as sigs.k8s.io/yaml formats them (YAML only). */
  private string(value: unknown, path: string, key?: string): string | undefined {
    if (typeof value === "string") return value;
    if (value === null || value === undefined) return undefined;
    if (this.strict) {
      if (typeof value === "boolean") return value ? "true" : "false";
      if (typeof value === "number") return goYamlNumberText(value);
      if (typeof value === "bigint") return value.toString();
    }
    return this.fail(at(path, key), `cannot decode ${jsonType(value)} into a string`);
  }

  private strings(value: unknown, path: string): string[] | undefined {
    if (value === null || value === undefined) return undefined;
    if (!Array.isArray(value)) this.fail(path, `cannot decode ${jsonType(value)} into a list of strings`);
    for (let i = 0; i < value.length; i++) {
      if (typeof value[i] !== "string") value[i] = this.string(value[i], `${path}[${i}]`) ?? "";
    }
    return value as string[];
  }

  private stringMap(value: unknown, path: string): Record<string, string> | undefined {
    const map = this.object(value, path);
    if (!map) return undefined;
    for (const key of Object.keys(map)) {
      if (typeof map[key] !== "string") defineKey(map, key, this.string(map[key], path, key) ?? "");
    }
    return map as Record<string, string>;
  }

  private time(value: unknown, path: string): string | undefined {
    if (value === null || value === undefined) return undefined;
    if (typeof value !== "string") this.fail(path, `cannot decode ${jsonType(value)} into a time`);
    if (!RFC3339.test(value) || Number.isNaN(Date.parse(value))) {
      this.fail(path, `parsing time ${JSON.stringify(value)} as RFC 3339 failed`);
    }
    return value;
  }
}

/**
 * How sigs.k8s.io/yaml writes a YAML number into a string field: integers in decimal, floats with
 * Go's `strconv.FormatFloat(f, 'g', -1, 32)` (so `1.10` becomes `1.1`).
 */
function goYamlNumberText(value: number): string {
  if (Number.isInteger(value) && Math.abs(value) < 1e21) return String(value);
  return formatFloat32(value);
}

/**
 * Helm's chart metadata validation (after defaulting `apiVersion` to `v1` and sanitising text fields
 * in place). Returns the reason an entry is refused, or its parsed version.
 */
function validateChartVersion(entry: HelmChartVersion): string | { version: SemverVersion } {
  if (entry.apiVersion === "") entry.apiVersion = "v1";
  for (const key of SANITIZED) {
    const v = (entry as unknown as Record<string, unknown>)[key];
    if (typeof v === "string") (entry as unknown as Record<string, unknown>)[key] = sanitize(v);
  }
  if (entry.sources) entry.sources = entry.sources.map(sanitize);
  if (entry.keywords) entry.keywords = entry.keywords.map(sanitize);
  if (entry.name === "") return "chart.metadata.name is required";
  if (entry.name === "." || entry.name === "..") return `chart.metadata.name "${entry.name}" is not allowed`;
  if (entry.name.includes("/")) return `chart.metadata.name "${entry.name}" is invalid`;
  if (entry.version === "") return "chart.metadata.version is required";
  const parsed = tryParseSemver(entry.version);
  if (!parsed.ok) return `chart.metadata.version "${entry.version}" is invalid`;
  if (
    entry.type !== undefined &&
    entry.type !== "" &&
    entry.type !== "application" &&
    entry.type !== "library"
  ) {
    return "chart.metadata.type must be application or library";
  }
  for (const m of entry.maintainers ?? []) {
    if (m === null) return "maintainers must not contain empty or null nodes";
    if (m.name !== undefined) m.name = sanitize(m.name);
    if (m.email !== undefined) m.email = sanitize(m.email);
    if (m.url !== undefined) m.url = sanitize(m.url);
  }
  for (const d of entry.dependencies ?? []) {
    if (d === null) return "dependencies must not contain empty or null nodes";
    d.name = sanitize(d.name ?? "");
    if (d.version !== undefined) d.version = sanitize(d.version);
    d.repository = sanitize(d.repository ?? "");
    if (d.condition !== undefined) d.condition = sanitize(d.condition);
    if (d.tags) d.tags = d.tags.map(sanitize);
    if (d.alias !== undefined && d.alias !== "" && !ALIAS.test(d.alias)) {
      return `dependency "${d.name}" has disallowed characters in the alias`;
    }
    // Repeated dependency names or aliases are tolerated in indexes (Helm skips that check there).
  }
  return { version: parsed.version };
}

const SANITIZED = ["name", "description", "home", "icon", "condition", "tags", "appVersion", "kubeVersion"];

const GO_SPACE = /[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]/gu;
const NOT_PRINTABLE = /[^\p{L}\p{M}\p{N}\p{P}\p{S} ]/gu;

/** Helm's `sanitizeString`: white space becomes a space, other non-printable characters are dropped. */
function sanitize(text: string): string {
  if (!/[^\x20-\x7e]/.test(text)) return text;
  return text.replace(GO_SPACE, " ").replace(NOT_PRINTABLE, "");
}

function defineKey<T>(target: Record<string, T>, key: string, value: T): void {
  if (key === "__proto__") Object.defineProperty(target, key, { value, enumerable: true, writable: true });
  else target[key] = value;
}
