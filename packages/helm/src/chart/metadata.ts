/**
 * Chart.yaml (and the legacy requirements.yaml / lock files): read with sigs.k8s.io/yaml rules, decoded into
 * typed metadata with zod, checked as Helm's `Metadata.Validate` checks it.
 */
import { parseYaml, tryParseSemver, YamlError } from "@gitops-kit/core";
import { z } from "zod";
import { ChartLoadError } from "../errors.js";
import type { ChartDependency, ChartLock, ChartMaintainer, ChartMetadata } from "./types.js";

// JSON null leaves a Go field at its zero value, so every field accepts null.
const str = z
  .string()
  .nullish()
  .transform((v) => v ?? "");
const bool = z
  .boolean()
  .nullish()
  .transform((v) => v ?? false);
const strings = z
  .array(str)
  .nullish()
  .transform((v) => v ?? []);

const maintainerSchema = z
  .object({ name: str, email: str, url: str })
  .nullable()
  .transform((m): ChartMaintainer | null => m);

const dependencySchema = z
  .object({
    name: str,
    version: str,
    repository: str,
    condition: str,
    tags: strings,
    enabled: bool,
    "import-values": z
      .array(z.unknown())
      .nullish()
      .transform((v) => v ?? []),
    alias: str,
  })
  .nullable()
  .transform(
    (d): ChartDependency | null =>
      d && {
        name: d.name,
        version: d.version,
        repository: d.repository,
        condition: d.condition,
        tags: d.tags,
        enabled: d.enabled,
        importValues: d["import-values"],
        alias: d.alias,
      },
  );

const dependencies = z
  .array(dependencySchema)
  .nullish()
  .transform((v) => v ?? undefined);

/** Chart.yaml as Helm decodes it into `chart.Metadata` (unknown fields ignored). */
export const chartMetadataSchema = z.object({
  name: str,
  home: str,
  sources: strings,
  version: str,
  description: str,
  keywords: strings,
  maintainers: z
    .array(maintainerSchema)
    .nullish()
    .transform((v) => v ?? []),
  icon: str,
  apiVersion: str,
  condition: str,
  tags: str,
  appVersion: str,
  deprecated: bool,
  annotations: z
    .record(z.string(), str)
    .nullish()
    .transform((v) => v ?? {}),
  kubeVersion: str,
  dependencies,
  type: str,
});

const lockSchema = z.object({
  generated: z.unknown().transform((v) => (typeof v === "string" ? v : "")),
  digest: str,
  dependencies,
});

const GO_STRUCT: Record<string, string> = { maintainers: "Maintainer", dependencies: "Dependency" };

function jsonKind(v: unknown): string {
  if (Array.isArray(v)) return "array";
  if (v === null) return "null";
  if (typeof v === "object") return "object";
  if (typeof v === "boolean") return "bool";
  return typeof v; // number, string
}

function goTypeOf(expected: string): string {
  switch (expected) {
    case "boolean":
      return "bool";
    case "array":
      return "[]string";
    case "object":
    case "record":
      return "map[string]string";
    default:
      return expected;
  }
}

/** Go's `json: cannot unmarshal X into Go struct field S.path of type T` for the first zod issue. */
function goDecodeMessage(data: unknown, issue: z.core.$ZodIssue, rootStruct: string): string {
  const keys = issue.path.filter((p): p is string => typeof p === "string");
  let value: unknown = data;
  for (const p of issue.path) value = (value as Record<PropertyKey, unknown> | undefined)?.[p as string];
  let struct = rootStruct;
  for (const k of keys) if (GO_STRUCT[k]) struct = GO_STRUCT[k];
  const expected = issue.code === "invalid_type" ? goTypeOf(String(issue.expected)) : "string";
  return `json: cannot unmarshal ${jsonKind(value)} into Go struct field ${struct}.${keys.join(".")} of type ${expected}`;
}

/** YAML → JSON-like data with sigs.k8s.io/yaml rules; errors worded like Helm's (`cannot load X: ...`). */
function readYamlDocument(data: Uint8Array, file: string): unknown {
  const text = new TextDecoder().decode(data);
  try {
    return parseYaml(text, { file, dialect: "sigs-yaml" });
  } catch (err) {
    const reason = err instanceof YamlError ? `line ${err.line}: ${err.reason}` : (err as Error).message;
    throw new ChartLoadError(`cannot load ${file}: error converting YAML to JSON: yaml: ${reason}`, {
      file,
      cause: err,
    });
  }
}

function decode<S extends z.ZodType>(schema: S, data: unknown, file: string, struct: string): z.output<S> {
  const input = data ?? {};
  if (typeof input !== "object" || Array.isArray(input)) {
    throw new ChartLoadError(
      `cannot load ${file}: error unmarshaling JSON: while decoding JSON: json: cannot unmarshal ${jsonKind(input)} into Go value of type chart.${struct}`,
      { file },
    );
  }
  const r = schema.safeParse(input);
  if (!r.success) {
    const issue = r.error.issues[0];
    throw new ChartLoadError(
      `cannot load ${file}: error unmarshaling JSON: while decoding JSON: ${goDecodeMessage(input, issue, struct)}`,
      { file, cause: r.error },
    );
  }
  return r.data;
}

/** An empty metadata record (what a requirements.yaml read before Chart.yaml starts from). */
export function emptyMetadata(): ChartMetadata {
  return decode(chartMetadataSchema, {}, "Chart.yaml", "Metadata");
}

/**
 * Read Chart.yaml into `into` (fields present in the file replace those already there, like decoding into
 * an existing Go struct). `apiVersion` defaults to `v1`.
 */
export function readChartYaml(data: Uint8Array, file = "Chart.yaml", into?: ChartMetadata): ChartMetadata {
  const raw = readYamlDocument(data, file);
  const md = decode(chartMetadataSchema, raw, file, "Metadata");
  const present = raw && typeof raw === "object" ? (raw as Record<string, unknown>) : {};
  const out: ChartMetadata = into ? { ...into } : md;
  if (into) {
    for (const key of Object.keys(md) as (keyof ChartMetadata)[]) {
      if (Object.hasOwn(present, key) && present[key] !== null)
        (out as unknown as Record<string, unknown>)[key] = md[key];
    }
  }
  if (out.apiVersion === "") out.apiVersion = "v1";
  return out;
}

/** Chart.lock / requirements.lock. */
export function readChartLock(data: Uint8Array, file: string): ChartLock {
  return decode(lockSchema, readYamlDocument(data, file), file, "Lock");
}

/** Go's `unicode.IsSpace` → `' '`, non-printable runes dropped (Helm's sanitizeString). */
export function sanitizeString(s: string): string {
  let out = "";
  for (const ch of s) {
    if (/^[\s\u0085]$/u.test(ch) && ch !== "\ufeff") out += " ";
    else if (/^[\p{L}\p{M}\p{N}\p{P}\p{S}\u0020]$/u.test(ch)) out += ch;
  }
  return out;
}

const ALIAS_NAME = /^[a-zA-Z0-9_-]+$/;

/** `validation: ...` as Helm words metadata errors. */
function invalid(message: string): ChartLoadError {
  return new ChartLoadError(`validation: ${message}`, { file: "Chart.yaml" });
}

/**
 * Helm's `Metadata.Validate`: sanitises the free-text fields (in place) and checks the required fields,
 * the version, the chart type, maintainers and dependencies (aliases, duplicates).
 */
export function validateMetadata(md: ChartMetadata): void {
  md.name = sanitizeString(md.name);
  md.description = sanitizeString(md.description);
  md.home = sanitizeString(md.home);
  md.icon = sanitizeString(md.icon);
  md.condition = sanitizeString(md.condition);
  md.tags = sanitizeString(md.tags);
  md.appVersion = sanitizeString(md.appVersion);
  md.kubeVersion = sanitizeString(md.kubeVersion);
  md.sources = md.sources.map(sanitizeString);
  md.keywords = md.keywords.map(sanitizeString);

  if (md.apiVersion === "") throw invalid("chart.metadata.apiVersion is required");
  if (md.name === "") throw invalid("chart.metadata.name is required");
  if (md.name === "." || md.name === "..")
    throw invalid(`chart.metadata.name ${JSON.stringify(md.name)} is not allowed`);
  if (md.name.includes("/")) throw invalid(`chart.metadata.name ${JSON.stringify(md.name)} is invalid`);
  if (md.version === "") throw invalid("chart.metadata.version is required");
  if (!tryParseSemver(md.version).ok)
    throw invalid(`chart.metadata.version ${JSON.stringify(md.version)} is invalid`);
  if (!["", "application", "library"].includes(md.type)) {
    throw invalid("chart.metadata.type must be application or library");
  }
  for (const m of md.maintainers) {
    if (m === null) throw invalid("maintainers must not contain empty or null nodes");
    m.name = sanitizeString(m.name);
    m.email = sanitizeString(m.email);
    m.url = sanitizeString(m.url);
  }
  const seen = new Set<string>();
  for (const d of md.dependencies ?? []) {
    if (d === null) throw invalid("dependencies must not contain empty or null nodes");
    d.name = sanitizeString(d.name);
    d.version = sanitizeString(d.version);
    d.repository = sanitizeString(d.repository);
    d.condition = sanitizeString(d.condition);
    d.tags = d.tags.map(sanitizeString);
    if (d.alias !== "" && !ALIAS_NAME.test(d.alias)) {
      throw invalid(`dependency ${JSON.stringify(d.name)} has disallowed characters in the alias`);
    }
    const key = d.alias !== "" ? d.alias : d.name;
    if (seen.has(key)) throw invalid(`more than one dependency with name or alias ${JSON.stringify(key)}`);
    seen.add(key);
  }
}
