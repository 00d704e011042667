/**
 * The kustomization file kustomize-controller builds: the user's `kustomization.yaml` (or one generated
 * from the manifests in the directory) with the Flux Kustomization's `targetNamespace`, `namePrefix`,
 * `nameSuffix`, `patches`, `components`, legacy patches, `images` and `buildMetadata` injected in
 * Flux's order.
 *
 * @module
 */
import {
  errorMessage,
  type FileSystem,
  parseYaml,
  parseYamlStream,
  posixPath,
  printYaml,
  resolveWithin,
} from "@gitops-kit/core";
import { KUSTOMIZATION_FILE_NAMES } from "../kustomization.js";
import { objectsFromDocuments } from "../resource-factory.js";
import type { KustomizationSpec, Selector } from "./api.js";
import { GenerateError } from "./errors.js";
import { type FluxBuildIgnoreRules, fluxBuildIgnoreRules } from "./ignore.js";
import { OverlayFs } from "./overlay-fs.js";

/** The spec fields the generator reads (all optional: it works on any partial spec, as upstream). */
export type GeneratorSpec = Partial<
  Pick<
    KustomizationSpec,
    | "targetNamespace"
    | "namePrefix"
    | "nameSuffix"
    | "patches"
    | "components"
    | "ignoreMissingComponents"
    | "patchesStrategicMerge"
    | "patchesJson6902"
    | "images"
    | "buildMetadata"
  >
>;

/** What was done to the kustomization file: `created` (generated) or `unchanged` (the user's, patched). */
export type GenerateAction = "created" | "unchanged";

/** Options of {@link generateKustomization}. */
export interface GenerateKustomizationOptions {
  fs: FileSystem;
  /** The Kustomization's directory (`spec.path` inside the source), absolute. */
  path: string;
  /** The source root nothing may be read outside of (default: `path`). */
  root?: string;
  /** The Flux Kustomization's spec (or the subset the generator reads). */
  spec: GeneratorSpec;
  /**
   * Filter with ignore rules, as `flux build kustomization` does (the controller does not): the
   * `.sourceignore` files under `path` plus `patterns` (gitignore syntax, applied last, so `!x` wins)
   * remove entries from the resources, components and crds of an existing kustomization, and skip
   * files when generating one.
   */
  ignore?: { patterns?: string };
}

/** The kustomization the build will use. */
export interface GeneratedKustomization {
  action: GenerateAction;
  /** The kustomization file's path (existing, or `<path>/kustomization.yaml` when generated). */
  file: string;
  /** The kustomization as data. */
  kustomization: Record<string, unknown>;
  /** The kustomization as YAML. */
  text: string;
}

// Fields of kustomize's types.Kustomization; a Go struct decode keeps only these (matched case-insensitively).
const KUSTOMIZATION_FIELDS = [
  "apiVersion",
  "kind",
  "metadata",
  "openapi",
  "namePrefix",
  "nameSuffix",
  "namespace",
  "commonLabels",
  "labels",
  "commonAnnotations",
  "patchesStrategicMerge",
  "patchesJson6902",
  "patches",
  "images",
  "imageTags",
  "replacements",
  "replicas",
  "vars",
  "sortOptions",
  "resources",
  "components",
  "crds",
  "bases",
  "configMapGenerator",
  "secretGenerator",
  "helmGlobals",
  "helmCharts",
  "helmChartInflationGenerator",
  "generatorOptions",
  "configurations",
  "generators",
  "transformers",
  "validators",
  "buildMetadata",
];
const FIELD_BY_LOWER = new Map(KUSTOMIZATION_FIELDS.map((f) => [f.toLowerCase(), f]));

const DEFAULT_API_VERSION = "kustomize.config.k8s.io/v1beta1";
const DEFAULT_KIND = "Kustomization";

/**
 * Produce the kustomization kustomize-controller builds for a directory (fluxcd/pkg `Generator`):
 *
 * - an existing `kustomization.yaml` / `.yml` / `Kustomization` is used (`unchanged`); if it lists no
 *   resources it gets `buildMetadata: [originAnnotations]`;
 * - otherwise one is generated (`created`) listing every `.yaml`/`.yml` file that decodes as Kubernetes
 *   objects (a file that does not fails the generation) and every sub-directory that has a
 *   kustomization, in lexical walk order; with nothing found it holds `namespace: _placeholder`;
 * - then `targetNamespace`, `namePrefix` and `nameSuffix` override, `patches` and `components` are
 *   appended (components must be local relative paths; missing ones are dropped with
 *   `ignoreMissingComponents`), legacy patches appended, `images` merged by name (a new tag or digest
 *   replaces both) and a non-empty `buildMetadata` replaces the file's.
 *
 * Nothing is written: pass the result to {@link overlayKustomization} to build it.
 *
 * @throws GenerateError naming the file or component at fault.
 */
export function generateKustomization(options: GenerateKustomizationOptions): GeneratedKustomization {
  const { fs, spec } = options;
  const dir = posixPath.resolve(options.path);
  const root = posixPath.resolve(options.root ?? dir);
  const rules =
    options.ignore !== undefined
      ? fluxBuildIgnoreRules({ fs, dir, patterns: options.ignore.patterns })
      : undefined;

  const found = findOrGenerate(fs, dir, root, rules);
  const kus = found.kustomization;
  if (found.action === "unchanged" && stringList(kus.resources).length === 0) {
    // kustomize refuses an empty kustomization; origin annotations make it non-empty.
    kus.buildMetadata = ["originAnnotations"];
  }
  if (rules) {
    for (const field of ["resources", "components", "crds"] as const) {
      const list = kus[field];
      if (!Array.isArray(list)) continue;
      const kept = list.filter((entry) => {
        if (typeof entry !== "string") return true;
        if (field !== "crds" && isUrl(entry)) return true;
        const target = posixPath.join(dir, entry);
        if (!fs.exists(target) && !isDanglingLink(fs, target)) {
          throw new GenerateError(`lstat ${target}: no such file or directory`);
        }
        return !rules.ignores(target, fs.lstat(target).isDirectory());
      });
      setOrDrop(kus, field, kept);
    }
  }

  if (spec.targetNamespace !== undefined) setOrDrop(kus, "namespace", spec.targetNamespace);
  if (spec.namePrefix !== undefined) setOrDrop(kus, "namePrefix", spec.namePrefix);
  if (spec.nameSuffix !== undefined) setOrDrop(kus, "nameSuffix", spec.nameSuffix);

  for (const p of spec.patches ?? []) {
    appendTo(kus, "patches", withTarget({ patch: p.patch }, p.target));
  }

  for (const component of spec.components ?? []) {
    if (!isLocalRelativePath(component)) {
      throw new GenerateError(`component path '${component}' must be local and relative`);
    }
    if (spec.ignoreMissingComponents && !fs.exists(posixPath.join(dir, component))) continue;
    appendTo(kus, "components", component);
  }

  for (const p of spec.patchesStrategicMerge ?? []) appendTo(kus, "patchesStrategicMerge", JSON.stringify(p));
  for (const p of spec.patchesJson6902 ?? []) {
    const ops = p.patch.map((op) => ({
      op: op.op,
      path: op.path,
      ...(op.from ? { from: op.from } : {}),
      ...(op.value !== undefined ? { value: op.value } : {}),
    }));
    appendTo(kus, "patchesJson6902", withTarget({ patch: JSON.stringify(ops) }, p.target));
  }

  for (const image of spec.images ?? []) mergeImage(kus, image);

  if (spec.buildMetadata && spec.buildMetadata.length > 0) kus.buildMetadata = [...spec.buildMetadata];

  return { action: found.action, file: found.file, kustomization: kus, text: printYaml(kus) };
}

/**
 * A read-only view of `fs` in which the generated kustomization replaces (or adds) its file, for
 * `buildKustomization`. The caller's file system is not modified.
 */
export function overlayKustomization(fs: FileSystem, generated: GeneratedKustomization): OverlayFs {
  // JSON is YAML; it keeps every string exactly as generated.
  return new OverlayFs(fs, { [generated.file]: `${JSON.stringify(generated.kustomization, null, 2)}\n` });
}

/**
 * Whether a component path is local and relative (fluxcd/pkg `IsLocalRelativePath`): not a Git or HTTP
 * URL (`git::`, `gh:`, `ssh://`, `https://`, `http://`, `git@`, `github.com:`, `github.com/`), not
 * absolute, and not `file://` followed by an absolute path.
 */
export function isLocalRelativePath(path: string): boolean {
  const lower = path.toLowerCase();
  for (const prefix of [
    "git::",
    "gh:",
    "ssh://",
    "https://",
    "http://",
    "git@",
    "github.com:",
    "github.com/",
  ]) {
    if (prefix.length < path.length && lower.startsWith(prefix)) return false;
  }
  const withoutScheme = lower.startsWith("file://") ? lower.slice("file://".length) : lower;
  return !path.startsWith("/") && !withoutScheme.startsWith("/");
}

function findOrGenerate(
  fs: FileSystem,
  dir: string,
  root: string,
  rules: FluxBuildIgnoreRules | undefined,
): { action: GenerateAction; file: string; kustomization: Record<string, unknown> } {
  for (const name of KUSTOMIZATION_FILE_NAMES) {
    const file = posixPath.join(dir, name);
    if (fs.exists(file) && !fs.stat(file).isDirectory()) {
      const text = readConfined(fs, root, file);
      let document: unknown;
      try {
        // The controller decodes the file with sigs.k8s.io/yaml (go-yaml v2).
        document = parseYaml(text, { file, dialect: "sigs-yaml" });
      } catch (err) {
        throw new GenerateError(`failed to read ${file}: ${errorMessage(err)}`, { cause: err });
      }
      return { action: "unchanged", file, kustomization: decodeKustomization(document, file) };
    }
  }
  const files = scanManifests(fs, dir, root, rules);
  const kustomization: Record<string, unknown> = { apiVersion: DEFAULT_API_VERSION, kind: DEFAULT_KIND };
  if (files.length === 0) kustomization.namespace = "_placeholder";
  else kustomization.resources = files.map((f) => `.${f.slice(dir.length)}`);
  return { action: "created", file: posixPath.join(dir, KUSTOMIZATION_FILE_NAMES[0]), kustomization };
}

/** Decode as Go decodes into kustomize's struct: known fields only (case-insensitive), nulls and empties dropped. */
function decodeKustomization(document: unknown, file: string): Record<string, unknown> {
  if (document !== null && (typeof document !== "object" || Array.isArray(document))) {
    throw new GenerateError(`failed to read ${file}: the document is not a mapping`);
  }
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries((document ?? {}) as Record<string, unknown>)) {
    const field = FIELD_BY_LOWER.get(key.toLowerCase());
    if (field === undefined) continue;
    out[field] = value;
  }
  for (const key of Object.keys(out)) if (isEmptyValue(out[key])) delete out[key];
  if (out.apiVersion === undefined) out.apiVersion = DEFAULT_API_VERSION;
  if (out.kind === undefined) out.kind = DEFAULT_KIND;
  return out;
}

function scanManifests(
  fs: FileSystem,
  base: string,
  root: string,
  rules: FluxBuildIgnoreRules | undefined,
): string[] {
  const out: string[] = [];
  // When scanning, the defaults apply only alongside patterns the tree or the caller gave.
  const matcher = rules && rules.patterns.length > 0 ? rules : undefined;
  const walk = (dir: string) => {
    for (const name of fs.readdir(dir)) {
      const path = posixPath.join(dir, name);
      const info = fs.lstat(path);
      if (info.isDirectory()) {
        if (KUSTOMIZATION_FILE_NAMES.some((k) => isRegularEnough(fs, posixPath.join(path, k)))) {
          out.push(path);
          continue;
        }
        walk(path);
        continue;
      }
      // Go's filepath.Ext: `.sops.yaml` and even a file named `.yml` have a YAML extension.
      const ext = name.slice(name.lastIndexOf("."));
      if (!name.includes(".") || (ext !== ".yaml" && ext !== ".yml")) continue;
      if (matcher?.ignores(path, false)) continue;
      const text = readConfined(fs, root, path);
      try {
        objectsFromDocuments({ documents: parseYamlStream(text, { file: path }), source: path });
      } catch (err) {
        throw new GenerateError(`failed to decode Kubernetes YAML from ${path}: ${errorMessage(err)}`, {
          cause: err,
        });
      }
      out.push(path);
    }
  };
  walk(base);
  return out;
}

function isRegularEnough(fs: FileSystem, path: string): boolean {
  return fs.exists(path) && !fs.stat(path).isDirectory();
}

function isDanglingLink(fs: FileSystem, path: string): boolean {
  try {
    return fs.lstat(path).isSymbolicLink();
  } catch {
    return false;
  }
}

function readConfined(fs: FileSystem, root: string, path: string): string {
  const { realPath } = resolveWithin({ fs, root, path });
  return fs.readFile(realPath, "utf8");
}

// Go's url.ParseRequestURI succeeds with a scheme: `scheme:` followed by an absolute path or opaque text.
function isUrl(s: string): boolean {
  return /^[A-Za-z][A-Za-z0-9+.-]*:/.test(s);
}

function withTarget(patch: Record<string, unknown>, target: Selector | undefined): Record<string, unknown> {
  if (target === undefined) return patch;
  const t: Record<string, string> = {};
  for (const key of [
    "group",
    "version",
    "kind",
    "name",
    "namespace",
    "labelSelector",
    "annotationSelector",
  ] as const) {
    const v = target[key];
    if (v) t[key] = v;
  }
  return { ...patch, target: t };
}

function mergeImage(
  kus: Record<string, unknown>,
  image: { name: string; newName?: string; newTag?: string; digest?: string },
): void {
  const images = Array.isArray(kus.images) ? (kus.images as Record<string, unknown>[]) : [];
  const existing = images.find((i) => i !== null && typeof i === "object" && i.name === image.name);
  if (existing) {
    if (image.newName) existing.newName = image.newName;
    // A tag and a digest select the version together: setting one clears the other.
    if (image.newTag || image.digest) {
      setOrDrop(existing, "newTag", image.newTag ?? "");
      setOrDrop(existing, "digest", image.digest ?? "");
    }
    return;
  }
  const entry: Record<string, unknown> = { name: image.name };
  if (image.newName) entry.newName = image.newName;
  if (image.newTag) entry.newTag = image.newTag;
  if (image.digest) entry.digest = image.digest;
  kus.images = [...images, entry];
}

function appendTo(kus: Record<string, unknown>, field: string, value: unknown): void {
  kus[field] = [...(Array.isArray(kus[field]) ? (kus[field] as unknown[]) : []), value];
}

/** Set a field, or drop it when empty (Go's `omitempty`). */
function setOrDrop(target: Record<string, unknown>, field: string, value: unknown): void {
  if (isEmptyValue(value)) delete target[field];
  else target[field] = value;
}

function isEmptyValue(v: unknown): boolean {
  if (v === null || v === undefined || v === "") return true;
  if (Array.isArray(v)) return v.length === 0;
  if (typeof v === "object") return Object.keys(v).length === 0;
  return false;
}

function stringList(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : [];
}
