/**
 * One kustomization directory in a build, and the recursive accumulation kustomize performs:
 * resources (files and nested kustomizations), transformer configurations and CRDs, generators,
 * components, then transformers, validators and vars — in that order, per level.
 *
 * @module
 */

import { errorMessage } from "@gitops-kit/core";
import {
  type BuiltinContext,
  type Generator,
  generatorFromConfig,
  generatorsFromKustomization,
  type Transformer,
  transformerFromConfig,
  transformersFromKustomization,
} from "./builtins.js";
import type { KustomizeCache } from "./cache.js";
import { loadCrdConfig } from "./crds.js";
import {
  GeneratorError,
  KustomizationFileError,
  KustomizeError,
  KustomizeLoadError,
  LoadRestrictionError,
  ResourceIdConflictError,
  ResourceParseError,
  TransformerError,
} from "./errors.js";
import {
  ConflictingFieldSpecsError,
  copyTransformerConfig,
  EMPTY_TRANSFORMER_CONFIG,
  mergeTransformerConfigs,
  type TransformerConfig,
} from "./fieldspecs/config.js";
import { DEFAULT_TRANSFORMER_CONFIG } from "./fieldspecs/defaults.js";
import { fieldText, isMap } from "./fieldspecs/fieldspec.js";
import { parseTransformerConfig } from "./fieldspecs/user-config.js";
import type { HelmChartRenderer } from "./helm-charts.js";
import {
  COMPONENT_KIND,
  KUSTOMIZATION_FILE_NAMES,
  type Kustomization,
  parseKustomization,
} from "./kustomization.js";
import type { FileLoader, LoadRestrictions, RemoteLoader } from "./loader.js";
import type { MergeSchema } from "./openapi/schema.js";
import {
  addTransformation,
  appendOrigin,
  getOrigin,
  hasOrigin,
  joinOriginPath,
  setOrigin,
} from "./origin.js";
import { resIdKey, resIdString, type ScopeResolver } from "./resid.js";
import { ResMap } from "./resmap.js";
import type { Origin, Resource } from "./resource.js";
import { resourcesFromText, type YamlParser } from "./resource-factory.js";
import { unprintableKeyMessage } from "./scalar-text.js";
import { mergeVars, type VarDef, VarSet } from "./vars-step.js";

/** The built-in tables, shared (read-only) by every build. */
const DEFAULT_CONFIG = copyTransformerConfig(DEFAULT_TRANSFORMER_CONFIG);

/** State shared by every level of one build. */
export interface BuildContext {
  parse: YamlParser;
  restrictions: LoadRestrictions;
  remote?: RemoteLoader;
  scope: ScopeResolver;
  /** The schema used for strategic merge (kustomize keeps one, set by the first kustomization that names one). */
  schema(): MergeSchema;
  /** Apply a kustomization's `openapi:` field (root: `reset`). */
  setSchema(
    openapi: Record<string, string> | undefined,
    loader: FileLoader,
    file: string,
    reset: boolean,
  ): void;
  /** Deprecation notes and other warnings kustomize prints on stderr. */
  warnings: string[];
  /** The caller's cache, if any. */
  cache?: KustomizeCache;
  /** Renders `helmCharts`, if the caller gave a renderer. */
  helm?: HelmChartRenderer;
}

/** Resources plus the rules collected for them (kustomize's ResAccumulator). */
export class Accumulator {
  resources: ResMap;
  config: TransformerConfig = EMPTY_TRANSFORMER_CONFIG;
  vars = new VarSet();

  constructor(scope: ScopeResolver) {
    this.resources = new ResMap(scope);
  }

  mergeConfig(other: TransformerConfig, file: string): void {
    try {
      this.config = mergeTransformerConfigs(this.config, other);
    } catch (err) {
      if (err instanceof ConflictingFieldSpecsError) {
        throw new KustomizationFileError(`merging transformer configurations in ${file}: ${err.message}`, {
          file,
          field: "configurations",
          cause: err,
        });
      }
      throw err;
    }
  }

  /** Take over another accumulator's resources, configuration and vars. */
  absorb(other: Accumulator, file: string): void {
    this.resources.appendAll(other.resources.resources(), `merging from ${file}`);
    this.mergeConfig(other.config, file);
    this.vars.mergeSet(other.vars, file);
  }
}

const EDIT_FIX = "Run 'kustomize edit fix' to update your Kustomization automatically.";
const DEPRECATIONS: [keyof Kustomization | "bases" | "imageTags", string][] = [
  ["bases", `# Warning: 'bases' is deprecated. Please use 'resources' instead. ${EDIT_FIX}`],
  ["commonLabels", `# Warning: 'commonLabels' is deprecated. Please use 'labels' instead. ${EDIT_FIX}`],
  ["imageTags", `# Warning: 'imageTags' is deprecated. Please use 'images' instead. ${EDIT_FIX}`],
  [
    "patchesJson6902",
    `# Warning: 'patchesJson6902' is deprecated. Please use 'patches' instead. ${EDIT_FIX}`,
  ],
  [
    "patchesStrategicMerge",
    `# Warning: 'patchesStrategicMerge' is deprecated. Please use 'patches' instead. ${EDIT_FIX}`,
  ],
  ["vars", `# Warning: 'vars' is deprecated. Please use 'replacements' instead. [EXPERIMENTAL] ${EDIT_FIX}`],
];

/** Read and decode the kustomization file at a loader's root. */
export function loadKustomizationFile(
  loader: FileLoader,
  ctx: BuildContext,
): { k: Kustomization; file: string } {
  const found: { name: string; bytes: Uint8Array }[] = [];
  const names = loader.entries();
  for (const name of KUSTOMIZATION_FILE_NAMES) {
    if (!names.has(name)) continue;
    try {
      found.push({ name, bytes: loader.load(name) });
    } catch {
      // Not readable (or outside the root): not a kustomization file.
    }
  }
  if (found.length === 0) {
    throw new KustomizationFileError(
      `unable to find one of 'kustomization.yaml', 'kustomization.yml' or 'Kustomization' in directory '${loader.root}'`,
      { file: loader.root },
    );
  }
  if (found.length > 1) {
    throw new KustomizationFileError(`Found multiple kustomization files under: ${loader.root}`, {
      file: loader.root,
    });
  }
  const file = loader.resolve(found[0].name);
  const text = new TextDecoder().decode(found[0].bytes);
  let docs: unknown[];
  try {
    // kustomize decodes the file with sigs.k8s.io/yaml: YAML 1.1 scalars (`yes` is a boolean),
    // timestamps as written, and a repeated key replacing the earlier one.
    docs = ctx.parse(text, file, "sigs-yaml");
  } catch (err) {
    throw new KustomizationFileError(`invalid kustomization ${file}: ${errorMessage(err)}`, {
      file,
      cause: err,
    });
  }
  const document = docs.length > 0 ? docs[0] : null;
  if (isMap(document)) {
    for (const [field, message] of DEPRECATIONS) {
      const v = Object.entries(document).find(([key]) => key.toLowerCase() === field.toLowerCase())?.[1];
      if (v !== undefined && v !== null) ctx.warnings.push(message);
    }
  }
  // The decoded kustomization is plain data: with a cache, decode each distinct text once.
  const k = ctx.cache
    ? ctx.cache.memo(`kustomization\u0000${file}\u0000${text}`, () => parseKustomization({ document, file }))
    : parseKustomization({ document, file });
  return { k, file };
}

/** One kustomization (or component) directory being built. */
export class KustTarget {
  /** Origin tracking (set when `buildMetadata` is non-empty at the root). */
  origin: Origin | undefined;

  constructor(
    readonly loader: FileLoader,
    readonly k: Kustomization,
    /** Absolute path of the kustomization file. */
    readonly file: string,
    readonly ctx: BuildContext,
  ) {}

  /** The kustomization file's base name (for origins). */
  get fileName(): string {
    return this.file.slice(this.file.lastIndexOf("/") + 1);
  }

  private builtinContext(): BuiltinContext {
    return {
      loader: this.loader,
      parse: this.ctx.parse,
      scope: this.ctx.scope,
      schema: () => this.ctx.schema(),
      file: this.file,
      cache: this.ctx.cache,
      helm: this.ctx.helm,
    };
  }

  /** Accumulate this kustomization into a fresh accumulator. */
  accumulate(): Accumulator {
    return this.accumulateInto(new Accumulator(this.ctx.scope));
  }

  /**
   * Accumulate into `ra`: empty for a kustomization; the parent's accumulator for a component
   * (components act directly on what their parent has gathered so far).
   */
  accumulateInto(ra: Accumulator): Accumulator {
    const k = this.k;
    this.accumulateResources(ra, k.resources ?? [], "resources");
    ra.mergeConfig(this.transformerConfig(), this.file);
    if (k.crds && k.crds.length > 0)
      ra.mergeConfig(
        loadCrdConfig({ loader: this.loader, paths: k.crds, ctx: this.ctx, file: this.file }),
        this.file,
      );
    this.runGenerators(ra);
    ra = this.accumulateComponents(ra, k.components ?? []);
    this.runTransformers(ra);
    this.runValidators(ra);
    mergeVars({ accumulator: ra, vars: (k.vars ?? []) as VarDef[], file: this.file });
    return ra;
  }

  private transformerConfig(): TransformerConfig {
    let config = DEFAULT_CONFIG;
    for (const path of this.k.configurations ?? []) {
      const text = new TextDecoder().decode(this.loadFor(path, "configurations"));
      const user = parseTransformerConfig({ text, parse: this.ctx.parse, file: this.loader.resolve(path) });
      try {
        config = mergeTransformerConfigs(config, user);
      } catch (err) {
        if (err instanceof ConflictingFieldSpecsError) {
          throw new KustomizationFileError(`${this.loader.resolve(path)}: ${err.message}`, {
            file: this.file,
            field: "configurations",
            cause: err,
          });
        }
        throw err;
      }
    }
    return config;
  }

  private loadFor(path: string, field: string): Uint8Array {
    try {
      return this.loader.load(path);
    } catch (err) {
      if (err instanceof KustomizeError) {
        throw new KustomizeLoadError(`${this.file}: ${field}: ${err.message}`, {
          file: this.file,
          field,
          cause: err,
        });
      }
      throw err;
    }
  }

  /** Read one resource file into `ra`. */
  private accumulateFile(ra: Accumulator, path: string): void {
    const bytes = this.loader.load(path);
    const source = this.loader.resolve(path);
    const resources = resourcesFromText({
      text: new TextDecoder().decode(bytes),
      source,
      parse: this.ctx.parse,
    });
    // A file may not repeat an id either.
    const seen = new Set<string>();
    for (const r of resources) {
      const key = resIdKey(r.curId(), this.ctx.scope);
      if (seen.has(key)) {
        throw new ResourceIdConflictError(
          `${source}: may not add resource with an already registered id: ${resIdString(r.curId())}`,
          { file: source },
        );
      }
      seen.add(key);
      if (this.origin) setOrigin(r, appendOrigin(this.origin, path));
    }
    ra.resources.appendAll(resources, `merging resources from '${path}' (in ${this.file})`);
  }

  /** kustomize's accumulateResources: each path is a file, else a kustomization directory. */
  accumulateResources(ra: Accumulator, paths: string[], field: string): void {
    for (const path of paths) {
      let fileError: unknown;
      if (this.loader.isDirectory(path)) {
        // kustomize tries a file first; a directory always fails that, so go straight to it.
        this.accumulateDirectory(ra, this.loader.child(path), false, path);
        continue;
      }
      try {
        this.accumulateFile(ra, path);
        continue;
      } catch (err) {
        if (!(err instanceof KustomizeError)) throw err;
        fileError = err;
      }
      let child: FileLoader;
      try {
        child = this.loader.child(path);
      } catch (dirError) {
        if (!(dirError instanceof KustomizeError)) throw dirError;
        // Malformed YAML in an existing file, an id clash in it, or a cycle: report that one.
        if (
          fileError instanceof ResourceParseError ||
          fileError instanceof ResourceIdConflictError ||
          dirError.code === "KUSTOMIZE_CYCLE" ||
          dirError.code === "KUSTOMIZE_REMOTE"
        ) {
          throw fileError instanceof ResourceParseError || fileError instanceof ResourceIdConflictError
            ? fileError
            : dirError;
        }
        const message = `${this.file}: ${field}: '${path}': ${(fileError as Error).message}; also not a kustomization directory: ${dirError.message}`;
        if (fileError instanceof LoadRestrictionError) {
          throw new LoadRestrictionError(message, { file: this.file, field, cause: fileError });
        }
        throw new KustomizeLoadError(message, { file: this.file, field, cause: dirError });
      }
      this.accumulateDirectory(ra, child, false, path);
    }
  }

  /** Accumulate a base (fresh accumulator, then merged) or a component (same accumulator). */
  private accumulateDirectory(
    ra: Accumulator,
    loader: FileLoader,
    isComponent: boolean,
    path: string,
  ): Accumulator {
    const { k, file } = loadKustomizationFile(loader, this.ctx);
    const sub = new KustTarget(loader, { ...k, buildMetadata: this.k.buildMetadata }, file, this.ctx);
    sub.origin = this.origin ? appendOrigin(this.origin, path) : undefined;
    this.ctx.setSchema(k.openapi, loader, file, false);
    if (isComponent && k.kind !== COMPONENT_KIND) {
      throw new KustomizationFileError(
        `expected kind '${COMPONENT_KIND}' for path '${loader.root}' but got '${k.kind}'`,
        {
          file,
          field: "kind",
        },
      );
    }
    if (!isComponent && k.kind === COMPONENT_KIND) {
      throw new KustomizationFileError(
        `expected kind != '${COMPONENT_KIND}' for path '${loader.root}' (listed in resources of ${this.file}; use components)`,
        { file, field: "kind" },
      );
    }
    if (isComponent) {
      const subRa = sub.accumulateInto(ra);
      const fresh = new Accumulator(this.ctx.scope);
      fresh.absorb(subRa, file);
      return fresh;
    }
    ra.absorb(sub.accumulate(), file);
    return ra;
  }

  private accumulateComponents(ra: Accumulator, paths: string[]): Accumulator {
    for (const path of paths) {
      const loader = this.loader.child(path);
      ra = this.accumulateDirectory(ra, loader, true, path);
    }
    return ra;
  }

  private builtinOrigin(kind: string): Origin | undefined {
    if (!this.origin) return undefined;
    const o: Origin = {
      configuredIn: joinOriginPath(this.origin.path, this.fileName),
      configuredBy: { apiVersion: "builtin", kind },
    };
    if (this.origin.repo) o.repo = this.origin.repo;
    if (this.origin.ref) o.ref = this.origin.ref;
    return o;
  }

  /** Plugin config resources listed in `generators:` / `transformers:` / `validators:` (inline or files). */
  private pluginConfigs(entries: string[], field: string): Resource[] {
    const ra = new Accumulator(this.ctx.scope);
    const paths: string[] = [];
    for (const entry of entries) {
      let inline: Resource[] | undefined;
      try {
        inline = resourcesFromText({ text: entry, source: `${this.file} (${field})`, parse: this.ctx.parse });
      } catch {
        inline = undefined;
      }
      if (inline === undefined || inline.length === 0) {
        paths.push(entry);
        continue;
      }
      if (this.origin) for (const r of inline) setOrigin(r, appendOrigin(this.origin, this.fileName));
      ra.resources.appendAll(inline, `configuring ${field} (in ${this.file})`);
    }
    this.accumulateResources(ra, paths, field);
    return ra.resources.resources();
  }

  private pluginOrigin(r: Resource): Origin | undefined {
    const o = getOrigin(r);
    if (!o) return undefined;
    const out: Origin = {
      configuredIn: o.path,
      configuredBy: { apiVersion: r.apiVersion, kind: r.kind, name: r.name, namespace: r.namespace },
    };
    if (o.repo) out.repo = o.repo;
    if (o.ref) out.ref = o.ref;
    return out;
  }

  private runGenerators(ra: Accumulator): void {
    const ctx = this.builtinContext();
    const generators: Generator[] = generatorsFromKustomization(this.k, ctx).map((g) => ({
      ...g,
      origin: this.builtinOrigin(g.kind),
    }));
    for (const r of this.pluginConfigs(this.k.generators ?? [], "generators")) {
      generators.push({ ...generatorFromConfig(r, ctx), origin: this.pluginOrigin(r) });
    }
    for (const g of generators) {
      const made = g.generate();
      if (g.origin) for (const r of made) if (!hasOrigin(r)) setOrigin(r, g.origin);
      for (const r of made) absorbGenerated(ra.resources, r, this.file);
    }
  }

  private runTransformers(ra: Accumulator): void {
    const ctx = this.builtinContext();
    const transformers: Transformer[] = transformersFromKustomization(this.k, ra.config, ctx).map((t) => ({
      ...t,
      origin: this.builtinOrigin(t.kind),
    }));
    for (const r of this.pluginConfigs(this.k.transformers ?? [], "transformers")) {
      transformers.push({ ...transformerFromConfig(r, ctx, "transformers"), origin: this.pluginOrigin(r) });
    }
    runAll(ra.resources, transformers);
  }

  private runValidators(ra: Accumulator): void {
    const ctx = this.builtinContext();
    for (const r of this.pluginConfigs(this.k.validators ?? [], "validators")) {
      const v = transformerFromConfig(r, ctx, "validators");
      const before = snapshot(ra.resources);
      v.transform(ra.resources);
      ra.resources.dropEmpties();
      const after = snapshot(ra.resources, true);
      if (before !== after) {
        throw new TransformerError(
          `validator shouldn't modify the resource map (${v.kind} in ${this.file})`,
          {
            file: this.file,
            field: "validators",
          },
        );
      }
    }
  }
}

/** Run transformers in order, dropping deleted resources and recording transformations after each. */
export function runAll(resources: ResMap, transformers: Transformer[]): void {
  for (const t of transformers) {
    t.transform(resources);
    resources.invalidate();
    if (t.origin) {
      const o = t.origin;
      for (const r of resources.resources()) addTransformation(r, o);
    }
    resources.dropEmpties();
  }
}

function snapshot(m: ResMap, dropValidatedBy = false): string {
  return JSON.stringify(
    m.resources().map((r) => {
      const obj = structuredClone(r.obj);
      if (dropValidatedBy && isMap(obj.metadata) && isMap(obj.metadata.labels)) {
        delete obj.metadata.labels["validated-by"];
      }
      return [resIdString(r.curId()), obj];
    }),
  );
}

/** Add a generated resource: create, or merge / replace an existing one with the same id. */
export function absorbGenerated(resources: ResMap, res: Resource, file: string): void {
  const id = res.curId();
  const matches = resources.byAnyId(id);
  const behavior = res.behavior ?? "unspecified";
  if (matches.length === 0) {
    if (behavior === "merge" || behavior === "replace") {
      throw new ResourceIdConflictError(
        `id ${resIdString(id)} does not exist; cannot merge or replace (in ${file})`,
        {
          file,
          field: "behavior",
        },
      );
    }
    resources.append(res, `merging from generator (in ${file})`);
    return;
  }
  if (matches.length > 1) {
    throw new ResourceIdConflictError(
      `found multiple objects ${matches.map((m) => resIdString(m.curId())).join(", ")} that could accept merge of ${resIdString(id)}`,
      { file },
    );
  }
  const old = matches[0];
  if (behavior === "replace") {
    copyMergeMetadata(res, old, file);
  } else if (behavior === "merge") {
    const orig = getOrigin(old);
    copyMergeMetadata(res, old, file);
    mergeDataMap(res, old, "data", file);
    mergeDataMap(res, old, "binaryData", file);
    if (orig) setOrigin(res, orig);
  } else {
    throw new ResourceIdConflictError(
      `id ${resIdString(id)} exists; behavior must be merge or replace (in ${file})`,
      {
        file,
        field: "behavior",
      },
    );
  }
  resources.replaceResource(old, res);
}

/**
 * kustomize's CopyMergeMetaDataFieldsFrom: labels and annotations merged (the new ones win), name and
 * namespace taken from the old resource, and the old resource's build bookkeeping kept.
 */
function copyMergeMetadata(res: Resource, old: Resource, file: string): void {
  const labels = { ...old.getLabels(), ...res.getLabels() };
  const ann = { ...old.getAnnotations(), ...res.getAnnotations() };
  const where = resIdString(old.curId());
  const problem =
    unprintableKeyMessage(Object.keys(labels), `${where} metadata.labels`) ??
    unprintableKeyMessage(Object.keys(ann), `${where} metadata.annotations`);
  if (problem) throw new GeneratorError(problem, { file, field: "behavior" });
  res.setStringMapInMeta("labels", labels);
  res.setStringMapInMeta("annotations", ann);
  res.setName(old.name);
  res.setNamespace(old.namespace);
  const needsHash = res.needsHashSuffix;
  // All bookkeeping comes from the old resource, except that the hash suffix needs both to want it.
  res.copyBookkeepingFrom(old);
  res.needsHashSuffix = needsHash && old.needsHashSuffix;
  res.refVarNames = [...old.refVarNames];
}

function mergeDataMap(res: Resource, old: Resource, field: "data" | "binaryData", file: string): void {
  const oldMap = isMap(old.obj[field]) ? (old.obj[field] as Record<string, unknown>) : {};
  const newMap = isMap(res.obj[field]) ? (res.obj[field] as Record<string, unknown>) : {};
  const merged: Record<string, unknown> = {};
  // kyaml's GetDataMap: each value's text as written (`0755` stays "0755"), "" for null or collections.
  for (const [k, v] of Object.entries(oldMap))
    merged[k] = v === null || typeof v === "object" ? "" : fieldText(oldMap, k);
  for (const [k, v] of Object.entries(newMap))
    merged[k] = v === null || typeof v === "object" ? "" : fieldText(newMap, k);
  const keys = Object.keys(merged).sort();
  const problem = unprintableKeyMessage(keys, `${resIdString(old.curId())} ${field}`);
  if (problem) throw new GeneratorError(problem, { file, field: "behavior" });
  delete res.obj[field];
  if (keys.length === 0) return;
  const out: Record<string, unknown> = {};
  for (const key of keys) out[key] = merged[key];
  res.obj[field] = out;
}
