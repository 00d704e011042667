/**
 * The builtin transformers and generators, configured either from kustomization fields (with the
 * accumulated fieldSpec tables) or from builtin plugin configs listed under `transformers:`,
 * `generators:` and `validators:` (with the fieldSpecs the config itself gives).
 *
 * @module
 */
import { GeneratorError, PluginNotSupportedError, TransformerError } from "./errors.js";
import {
  ConflictingFieldSpecsError,
  type FieldSpec,
  mergeFieldSpec,
  mergeFieldSpecs,
  type TransformerConfig,
} from "./fieldspecs/config.js";
import { splitFieldPath } from "./fieldspecs/fieldspec.js";
import {
  type GeneratorArgs,
  generateConfigMap,
  generateSecret,
  mergeGeneratorOptions,
} from "./generators/configmap-secret.js";
import { DecodeIssue, decode, formatDecodePath } from "./go-decode.js";
import { type HelmChartRenderer, helmChartGenerator, helmChartGenerators } from "./helm-charts.js";
import {
  decodeHelmChart,
  decodeHelmGlobals,
  decodeReplacementField,
  type Kustomization,
} from "./kustomization.js";
import type { FileLoader } from "./loader.js";
import {
  type PatchContext,
  type PatchEntry,
  PatchJson6902Transformer,
  PatchStrategicMergeTransformer,
  PatchTransformer,
} from "./patches.js";
import { ConfigReader } from "./plugin-config.js";
import { type ReplacementSpec, runReplacements } from "./replacements-step.js";
import { resIdString } from "./resid.js";
import type { ResMap } from "./resmap.js";
import { type Origin, Resource } from "./resource.js";
import { type Selector, selectResources } from "./select-resources.js";
import { addHashSuffixes } from "./transformers/hash-suffix.js";
import { type ImageRule, transformImages } from "./transformers/images.js";
import { transformMetadataMap } from "./transformers/metadata-maps.js";
import { transformNameAffix } from "./transformers/name-affixes.js";
import {
  applyNamespaceFilter,
  type RoleBindingSubjectMode,
  transformNamespace,
} from "./transformers/namespace.js";
import { transformReplicas } from "./transformers/replicas.js";

/** A configured transformer. */
export interface Transformer {
  /** Builtin kind, e.g. `PatchTransformer`. */
  kind: string;
  /** Recorded with `buildMetadata: [transformerAnnotations]`. */
  origin?: Origin;
  transform(resources: ResMap): void;
}

/** A configured generator. */
export interface Generator {
  kind: string;
  origin?: Origin;
  generate(): Resource[];
}

/** Everything builtins need from the kustomization being built. */
export interface BuiltinContext extends PatchContext {
  loader: FileLoader;
  /** Renders `helmCharts` (see `HelmChartRenderer`). */
  helm?: HelmChartRenderer;
}

function readFileFor(ctx: BuiltinContext): (path: string) => Uint8Array {
  return (path) => ctx.loader.load(path);
}

function wrapConflict(err: unknown, ctx: BuiltinContext, field: string): never {
  if (err instanceof ConflictingFieldSpecsError) {
    throw new TransformerError(`failed to merge ${field}: conflicting fieldspecs (path ${err.spec.path})`, {
      file: ctx.file,
      field,
      cause: err,
    });
  }
  throw err;
}

/** The builtin transformers a kustomization's fields configure, in kustomize's order. */
export function transformersFromKustomization(
  k: Kustomization,
  config: TransformerConfig,
  ctx: BuiltinContext,
): Transformer[] {
  const out: Transformer[] = [];
  const { scope, file } = ctx;
  if (k.patchesStrategicMerge && k.patchesStrategicMerge.length > 0) {
    const t = new PatchStrategicMergeTransformer(k.patchesStrategicMerge, undefined, ctx.loader, ctx);
    out.push({ kind: "PatchStrategicMergeTransformer", transform: (m) => t.transform(m) });
  }
  for (const p of k.patches ?? []) {
    const t = new PatchTransformer(p as PatchEntry, ctx.loader, ctx);
    out.push({ kind: "PatchTransformer", transform: (m) => t.transform(m) });
  }
  if (k.namespace) {
    const namespace = k.namespace;
    out.push({
      kind: "NamespaceTransformer",
      transform: (m) =>
        transformNamespace({ resources: m, namespace, fieldSpecs: config.namespace, scope, file }),
    });
  }
  if (k.namePrefix) {
    const value = k.namePrefix;
    out.push({
      kind: "PrefixTransformer",
      transform: (m) =>
        transformNameAffix({
          resources: m,
          position: "prefix",
          value,
          fieldSpecs: config.namePrefix,
          scope,
          file,
        }),
    });
  }
  if (k.nameSuffix) {
    const value = k.nameSuffix;
    out.push({
      kind: "SuffixTransformer",
      transform: (m) =>
        transformNameAffix({
          resources: m,
          position: "suffix",
          value,
          fieldSpecs: config.nameSuffix,
          scope,
          file,
        }),
    });
  }
  if ((k.labels && k.labels.length > 0) || (k.commonLabels && Object.keys(k.commonLabels).length > 0)) {
    for (const label of k.labels ?? []) {
      let fss: FieldSpec[] = (label.fields ?? []).map((f) => ({ ...f, path: f.path ?? "" }));
      try {
        fss = mergeFieldSpecs(fss, config.labels);
        if (label.includeSelectors) fss = mergeFieldSpecs(fss, config.commonLabels);
        else {
          if (label.includeTemplates) fss = mergeFieldSpecs(fss, config.templateLabels);
          fss = mergeFieldSpec(fss, { path: "metadata/labels", create: true });
        }
      } catch (err) {
        wrapConflict(err, ctx, "labels");
      }
      const entries = label.pairs ?? {};
      const specs = fss;
      out.push({
        kind: "LabelTransformer",
        transform: (m) =>
          transformMetadataMap({ resources: m, entries, fieldSpecs: specs, what: "labels", file }),
      });
    }
    const common = k.commonLabels ?? {};
    out.push({
      kind: "LabelTransformer",
      transform: (m) =>
        transformMetadataMap({
          resources: m,
          entries: common,
          fieldSpecs: config.commonLabels,
          what: "labels",
          file,
        }),
    });
  }
  if (k.commonAnnotations && Object.keys(k.commonAnnotations).length > 0) {
    const entries = k.commonAnnotations;
    out.push({
      kind: "AnnotationsTransformer",
      transform: (m) =>
        transformMetadataMap({
          resources: m,
          entries,
          fieldSpecs: config.commonAnnotations,
          what: "annotations",
          file,
        }),
    });
  }
  for (const p of k.patchesJson6902 ?? []) {
    const t = new PatchJson6902Transformer(
      p.target as Selector | undefined,
      p.path,
      p.patch,
      ctx.loader,
      ctx,
    );
    out.push({ kind: "PatchJson6902Transformer", transform: (m) => t.transform(m) });
  }
  for (const r of k.replicas ?? []) {
    const name = r.name ?? "";
    const count = r.count ?? 0;
    out.push({
      kind: "ReplicaCountTransformer",
      transform: (m) => transformReplicas({ resources: m, name, count, fieldSpecs: config.replicas, file }),
    });
  }
  for (const image of k.images ?? []) {
    const rule = image as ImageRule;
    out.push({
      kind: "ImageTagTransformer",
      transform: (m) => transformImages({ resources: m, rule, fieldSpecs: config.images, file }),
    });
  }
  if (k.replacements && k.replacements.length > 0) {
    const specs = loadReplacements(k.replacements as ReplacementSpec[], ctx);
    out.push({
      kind: "ReplacementTransformer",
      transform: (m) => runReplacements({ resources: m, replacements: specs, ctx }),
    });
  }
  return out;
}

/** A replacement read from a file, with Go's type checks (`name: y` is a boolean there and fails). */
function checkedReplacement(doc: unknown, where: string, ctx: BuiltinContext): ReplacementSpec {
  try {
    // kustomize reads replacement files leniently about unknown fields, strictly about types.
    decode(decodeReplacementField, doc, { ignoreUnknownFields: true });
  } catch (err) {
    if (!(err instanceof DecodeIssue)) throw err;
    const got = err.input;
    throw new TransformerError(
      `replacement file ${where}: field ${formatDecodePath(err.path)}: ${err.message}, got ${got === null ? "null" : Array.isArray(got) ? "a list" : typeof got}`,
      { file: ctx.file, field: "replacements" },
    );
  }
  return doc as ReplacementSpec;
}

/** Decode a builtin plugin's config with Go's type checks, naming the plugin on failure. */
function decodeConfig<T>(run: () => T, r: Resource, ctx: BuiltinContext, field: string): T {
  try {
    return run();
  } catch (err) {
    if (!(err instanceof DecodeIssue)) throw err;
    throw new GeneratorError(
      `${r.kind} ${r.name} in ${ctx.file}: field ${formatDecodePath(err.path)}: ${err.message}`,
      { file: ctx.file, field, cause: err },
    );
  }
}

/** Inline replacements, and the ones loaded from `path:` files, in order. */
function loadReplacements(list: ReplacementSpec[], ctx: BuiltinContext): ReplacementSpec[] {
  const out: ReplacementSpec[] = [];
  for (const r of list) {
    if (!r.path) {
      out.push(r);
      continue;
    }
    if (r.source !== undefined || (r.targets !== undefined && r.targets.length > 0)) {
      throw new TransformerError("cannot specify both path and inline replacement", {
        file: ctx.file,
        field: "replacements",
      });
    }
    const text = new TextDecoder().decode(ctx.loader.load(r.path));
    // kustomize decodes the file with sigs.k8s.io/yaml: YAML 1.1 scalars, Go types, unknown fields ignored.
    const docs = ctx.parse(text, ctx.loader.resolve(r.path), "sigs-yaml");
    const doc = docs.length > 0 ? docs[0] : null;
    if (Array.isArray(doc)) out.push(...doc.map((d, i) => checkedReplacement(d, `${r.path}[${i}]`, ctx)));
    else if (doc !== null && typeof doc === "object") out.push(checkedReplacement(doc, r.path, ctx));
    else {
      throw new TransformerError(
        `unsupported replacement type encountered within replacement path: ${r.path}`,
        {
          file: ctx.file,
          field: "replacements",
        },
      );
    }
  }
  return out;
}

/** The builtin generators a kustomization's fields configure. */
export function generatorsFromKustomization(k: Kustomization, ctx: BuiltinContext): Generator[] {
  const out: Generator[] = [];
  const readFile = readFileFor(ctx);
  for (const g of k.configMapGenerator ?? []) {
    const args: GeneratorArgs = { ...g, options: mergeGeneratorOptions(g.options, k.generatorOptions) };
    out.push({
      kind: "ConfigMapGenerator",
      generate: () => [generateConfigMap({ args, readFile, file: ctx.file })],
    });
  }
  for (const g of k.secretGenerator ?? []) {
    const args: GeneratorArgs = { ...g, options: mergeGeneratorOptions(g.options, k.generatorOptions) };
    out.push({
      kind: "SecretGenerator",
      generate: () => [generateSecret({ args, readFile, file: ctx.file })],
    });
  }
  out.push(...helmChartGenerators(k, ctx));
  return out;
}

function isBuiltinConfig(r: Resource): boolean {
  const g = r.gvk();
  return g.group === "" && g.version === "builtin";
}

function notBuiltin(r: Resource, ctx: BuiltinContext, field: string): never {
  throw new PluginNotSupportedError(
    `external plugins disabled; unable to load external plugin '${r.kind}' (${resIdString(r.curId())}) listed in ${field} of ${ctx.file}`,
    { file: ctx.file, field },
  );
}

function selectorFrom(r: ConfigReader | undefined): Selector | undefined {
  if (!r) return undefined;
  const s: Selector = {};
  for (const k of [
    "group",
    "version",
    "kind",
    "name",
    "namespace",
    "labelSelector",
    "annotationSelector",
  ] as const) {
    const v = r.string(k);
    if (v) s[k] = v;
  }
  return s;
}

function generatorArgsFrom(r: ConfigReader, withType: boolean): GeneratorArgs {
  const md = r.object("metadata");
  const opts = r.object("options");
  const args: GeneratorArgs = {
    name: r.string("name") || md?.string("name"),
    namespace: r.string("namespace") || md?.string("namespace"),
    behavior: r.string("behavior"),
    literals: r.strings("literals"),
    files: r.strings("files"),
    envs: r.strings("envs"),
  };
  if (opts) {
    args.options = {
      labels: opts.stringMap("labels"),
      annotations: opts.stringMap("annotations"),
      disableNameSuffixHash: opts.bool("disableNameSuffixHash"),
      immutable: opts.bool("immutable"),
    };
  }
  if (withType) args.type = r.string("type");
  return args;
}

/** A transformer from a builtin plugin config object. */
export function transformerFromConfig(r: Resource, ctx: BuiltinContext, field: string): Transformer {
  if (!isBuiltinConfig(r)) notBuiltin(r, ctx, field);
  const cfg = new ConfigReader(r.obj, `${r.kind} ${r.name}`, ctx.file);
  const { scope, file } = ctx;
  const specs = (name = "fieldSpecs") => cfg.fieldSpecs(name) ?? [];
  switch (r.kind) {
    case "AnnotationsTransformer": {
      const entries = cfg.stringMap("annotations") ?? {};
      const fieldSpecs = specs();
      return {
        kind: r.kind,
        transform: (m) =>
          transformMetadataMap({ resources: m, entries, fieldSpecs, what: "annotations", file }),
      };
    }
    case "LabelTransformer": {
      const entries = cfg.stringMap("labels") ?? {};
      const fieldSpecs = specs();
      return {
        kind: r.kind,
        transform: (m) => transformMetadataMap({ resources: m, entries, fieldSpecs, what: "labels", file }),
      };
    }
    case "NamespaceTransformer": {
      const namespace = cfg.object("metadata")?.string("namespace") ?? "";
      const fieldSpecs = specs();
      const unsetOnly = cfg.bool("unsetOnly") ?? false;
      const mode = cfg.string("setRoleBindingSubjects") || "defaultOnly";
      if (mode !== "defaultOnly" && mode !== "allServiceAccounts" && mode !== "none") {
        throw new TransformerError(
          `invalid value "${mode}" for setRoleBindingSubjects: must be one of "defaultOnly", "none" or "allServiceAccounts"`,
          { file, field },
        );
      }
      return {
        kind: r.kind,
        transform: (m) =>
          transformNamespace({
            resources: m,
            namespace,
            fieldSpecs,
            unsetOnly,
            setRoleBindingSubjects: mode as RoleBindingSubjectMode,
            scope,
            file,
          }),
      };
    }
    case "PrefixTransformer":
    case "SuffixTransformer":
    case "PrefixSuffixTransformer": {
      const fieldSpecs = cfg.fieldSpecs("fieldSpecs");
      if (fieldSpecs === undefined) {
        throw new TransformerError(`${r.kind} ${r.name}: fieldSpecs is not expected to be nil`, {
          file,
          field,
        });
      }
      const prefix = r.kind === "SuffixTransformer" ? "" : (cfg.string("prefix") ?? "");
      const suffix = r.kind === "PrefixTransformer" ? "" : (cfg.string("suffix") ?? "");
      return {
        kind: r.kind,
        transform: (m) => {
          if (r.kind !== "SuffixTransformer") {
            transformNameAffix({ resources: m, position: "prefix", value: prefix, fieldSpecs, scope, file });
          }
          if (r.kind !== "PrefixTransformer") {
            transformNameAffix({ resources: m, position: "suffix", value: suffix, fieldSpecs, scope, file });
          }
        },
      };
    }
    case "ImageTagTransformer": {
      const it = cfg.object("imageTag");
      const rule: ImageRule = {
        name: it?.string("name"),
        newName: it?.string("newName"),
        tagSuffix: it?.string("tagSuffix"),
        newTag: it?.string("newTag"),
        digest: it?.string("digest"),
      };
      const fieldSpecs = specs();
      return { kind: r.kind, transform: (m) => transformImages({ resources: m, rule, fieldSpecs, file }) };
    }
    case "ReplicaCountTransformer": {
      const rep = cfg.object("replica");
      const name = rep?.string("name") ?? "";
      const count = rep?.int("count") ?? 0;
      const fieldSpecs = specs();
      return {
        kind: r.kind,
        transform: (m) => transformReplicas({ resources: m, name, count, fieldSpecs, file }),
      };
    }
    case "PatchTransformer": {
      const t = new PatchTransformer(
        {
          path: cfg.string("path"),
          patch: cfg.string("patch"),
          target: selectorFrom(cfg.object("target")),
          options: cfg.boolMap("options"),
        },
        ctx.loader,
        ctx,
      );
      return { kind: r.kind, transform: (m) => t.transform(m) };
    }
    case "PatchStrategicMergeTransformer": {
      const t = new PatchStrategicMergeTransformer(
        cfg.strings("paths") ?? [],
        cfg.string("patches"),
        ctx.loader,
        ctx,
      );
      return { kind: r.kind, transform: (m) => t.transform(m) };
    }
    case "PatchJson6902Transformer": {
      const t = new PatchJson6902Transformer(
        selectorFrom(cfg.object("target")),
        cfg.string("path"),
        cfg.string("jsonOp"),
        ctx.loader,
        ctx,
      );
      return { kind: r.kind, transform: (m) => t.transform(m) };
    }
    case "ReplacementTransformer": {
      const list = (cfg.value("replacements") ?? []) as ReplacementSpec[];
      if (!Array.isArray(list))
        throw new TransformerError(`${r.kind}: replacements must be a list`, { file, field });
      const replacements = loadReplacements(list, ctx);
      return { kind: r.kind, transform: (m) => runReplacements({ resources: m, replacements, ctx }) };
    }
    case "HashTransformer":
      return { kind: r.kind, transform: (m) => addHashSuffixes({ resources: m, scope }) };
    case "ValueAddTransformer":
      return valueAddTransformer(cfg, ctx, field);
    case "ConfigMapGenerator":
    case "SecretGenerator":
    case "IAMPolicyGenerator":
    case "HelmChartInflationGenerator":
      throw new PluginNotSupportedError(`plugin ${resIdString(r.curId())} not a transformer`, {
        file,
        field,
      });
    default:
      throw new PluginNotSupportedError(`unable to load builtin ${r.kind} (listed in ${field} of ${file})`, {
        file,
        field,
      });
  }
}

interface ValueAddTarget {
  selector?: Selector;
  fieldPath: string;
  filePathPosition: number;
}

function valueAddTargets(list: ConfigReader[] | undefined): ValueAddTarget[] {
  return (list ?? []).map((t) => ({
    selector: selectorFrom(t.object("selector")),
    fieldPath: t.string("fieldPath") ?? "",
    filePathPosition: t.int("filePathPosition") ?? 0,
  }));
}

/** Insert `part` into a `/`-separated path at `pos` (0 prefixes; beyond the end appends). */
function insertPathPart(path: string, pos: number, part: string): string {
  if (part === "") return path;
  const parts = path === "" ? [] : path.split("/");
  let p = Math.max(0, Math.min(pos, parts.length));
  if (parts.length > 0 && parts[0] === "" && p < parts.length) p++;
  parts.splice(p, 0, part);
  const joined = parts.filter((x, i) => x !== "" || i === 0).join("/");
  return joined.replace(/\/{2,}/g, "/");
}

/** ValueAddTransformer: put a value (default: the kustomization directory's name) into fields. */
function valueAddTransformer(cfg: ConfigReader, ctx: BuiltinContext, field: string): Transformer {
  let value = (cfg.string("value") ?? "").trim();
  if (value === "") value = ctx.loader.root.slice(ctx.loader.root.lastIndexOf("/") + 1);
  const targets = valueAddTargets(cfg.objects("targets"));
  const targetFile = cfg.string("targetFilePath");
  if (targetFile) {
    const text = new TextDecoder().decode(ctx.loader.load(targetFile));
    const doc = ctx.parse(text, ctx.loader.resolve(targetFile))[0];
    const reader = new ConfigReader(isMapValue(doc) ? doc : {}, targetFile, ctx.file);
    targets.push(...valueAddTargets(reader.objects("targets")));
  }
  if (targets.length === 0)
    throw new TransformerError("must specify at least one target", { file: ctx.file, field });
  for (const t of targets) {
    if (t.fieldPath === "")
      throw new TransformerError("fieldPath cannot be empty", { file: ctx.file, field });
    if (t.filePathPosition < 0) {
      throw new TransformerError(`value of FilePathPosition (${t.filePathPosition}) cannot be negative`, {
        file: ctx.file,
        field,
      });
    }
  }
  return {
    kind: "ValueAddTransformer",
    transform: (m) => {
      for (const t of targets) {
        const list = t.selector ? selectResources(m, t.selector) : m.resources();
        for (const res of list) {
          if (t.fieldPath === "metadata/namespace") {
            applyNamespaceFilter({
              resource: res,
              namespace: value,
              fieldSpecs: [],
              scope: ctx.scope,
              file: ctx.file,
            });
            continue;
          }
          const path = splitFieldPath(t.fieldPath);
          let node: Record<string, unknown> = res.obj;
          for (let i = 0; i < path.length - 1; i++) {
            const next = node[path[i]];
            if (next === undefined || next === null) node[path[i]] = {};
            else if (!isMapValue(next)) {
              throw new TransformerError(`ValueAddTransformer: ${t.fieldPath}: wrong node kind`, {
                file: ctx.file,
                field,
              });
            }
            node = node[path[i]] as Record<string, unknown>;
          }
          const last = path[path.length - 1];
          const current = node[last];
          if (isMapValue(current) || Array.isArray(current)) {
            throw new TransformerError(
              `ValueAddTransformer: ${t.fieldPath}: wrong node kind, expected a scalar`,
              {
                file: ctx.file,
                field,
              },
            );
          }
          const text = current === undefined || current === null ? "" : String(current);
          node[last] = t.filePathPosition > 0 ? insertPathPart(text, t.filePathPosition - 1, value) : value;
        }
      }
      m.invalidate();
    },
  };
}

function isMapValue(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

/** A generator from a builtin plugin config object. */
export function generatorFromConfig(r: Resource, ctx: BuiltinContext): Generator {
  const field = "generators";
  if (!isBuiltinConfig(r)) notBuiltin(r, ctx, field);
  const cfg = new ConfigReader(r.obj, `${r.kind} ${r.name}`, ctx.file);
  const readFile = readFileFor(ctx);
  switch (r.kind) {
    case "ConfigMapGenerator": {
      const args = generatorArgsFrom(cfg, false);
      return { kind: r.kind, generate: () => [generateConfigMap({ args, readFile, file: ctx.file })] };
    }
    case "SecretGenerator": {
      const args = generatorArgsFrom(cfg, true);
      return { kind: r.kind, generate: () => [generateSecret({ args, readFile, file: ctx.file })] };
    }
    case "IAMPolicyGenerator":
      return { kind: r.kind, generate: () => [iamPolicyServiceAccount(cfg, ctx)] };
    case "HelmChartInflationGenerator": {
      // The plugin reads its config leniently: apiVersion, kind and metadata sit beside the chart's fields.
      const lenient = { ignoreUnknownFields: true };
      const chart = decodeConfig(() => decode(decodeHelmChart, r.obj, lenient), r, ctx, field);
      const globals = decodeConfig(() => decode(decodeHelmGlobals, r.obj, lenient), r, ctx, field);
      return helmChartGenerator(chart, globals, ctx, `${field} (${r.kind} ${r.name})`);
    }
    default:
      if (
        [
          "AnnotationsTransformer",
          "LabelTransformer",
          "NamespaceTransformer",
          "PrefixTransformer",
          "SuffixTransformer",
          "PrefixSuffixTransformer",
          "ImageTagTransformer",
          "ReplicaCountTransformer",
          "PatchTransformer",
          "PatchStrategicMergeTransformer",
          "PatchJson6902Transformer",
          "ReplacementTransformer",
          "HashTransformer",
        ].includes(r.kind)
      ) {
        throw new PluginNotSupportedError(`plugin ${resIdString(r.curId())} not a generator`, {
          file: ctx.file,
          field,
        });
      }
      throw new PluginNotSupportedError(
        `unable to load builtin ${r.kind} (listed in generators of ${ctx.file})`,
        {
          file: ctx.file,
          field,
        },
      );
  }
}

/** The GKE IAMPolicyGenerator: a ServiceAccount annotated with its Google service account. */
function iamPolicyServiceAccount(cfg: ConfigReader, ctx: BuiltinContext): Resource {
  const cloud = cfg.string("cloud") ?? "";
  if (cloud !== "gke") {
    throw new GeneratorError(`cloud provider ${cloud} not supported yet`, {
      file: ctx.file,
      field: "generators",
    });
  }
  const sa = cfg.object("serviceAccount")?.string("name") ?? "";
  const project = cfg.object("serviceAccount")?.string("projectId") ?? "";
  const k8sName = cfg.object("kubernetesService")?.string("name") ?? "";
  const namespace = cfg.object("kubernetesService")?.string("namespace") ?? "";
  const metadata: Record<string, unknown> = {
    annotations: { "iam.gke.io/gcp-service-account": `${sa}@${project}.iam.gserviceaccount.com` },
    name: k8sName,
  };
  if (namespace) metadata.namespace = namespace;
  return new Resource({ apiVersion: "v1", kind: "ServiceAccount", metadata }, ctx.file);
}
