/**
 * `kustomize build`: the whole pipeline from a kustomization directory to the final resources.
 *
 * @module
 */
import { errorMessage, type FileSystem, GitOpsError, type KubeObject } from "@gitops-kit/core";
import type { KustomizeCache } from "./cache.js";
import { KustomizationFileError, KustomizeError, TransformerError } from "./errors.js";
import { isMap, scalarText } from "./fieldspecs/fieldspec.js";
import type { HelmChartRenderer } from "./helm-charts.js";
import { FileLoader, type LoadRestrictions, type RemoteLoader } from "./loader.js";
import { BUILTIN_OPENAPI_VERSIONS, customMergeSchema } from "./openapi/schema.js";
import { resIdKey, resIdString } from "./resid.js";
import { ORIGIN_ANNOTATION, type Resource, TRANSFORMATIONS_ANNOTATION } from "./resource.js";
import type { YamlParser } from "./resource-factory.js";
import { parseKustomizeYaml, settleFlowScalars, unprintableKeyMessage, writtenText } from "./scalar-text.js";
import { SchemaState } from "./schema-state.js";
import { type BuildContext, KustTarget, loadKustomizationFile } from "./target.js";
import { addHashSuffixes } from "./transformers/hash-suffix.js";
import { transformMetadataMap } from "./transformers/metadata-maps.js";
import { fixNameReferences } from "./transformers/name-references.js";
import { sortResources } from "./transformers/sort.js";
import { resolveVars } from "./vars-step.js";

/** Options of {@link buildKustomization}. */
export interface BuildKustomizationOptions {
  /** The file system to read from (e.g. `memFs(...)`, or `nodeFs()` from `@gitops-kit/core/node`). */
  fs: FileSystem;
  /** The kustomization directory (absolute, or relative to `/`). */
  path: string;
  /**
   * kustomize's load restrictions: `LoadRestrictionsRootOnly` (default: files must be in or below
   * the kustomization that names them) or `LoadRestrictionsNone`. `RootOnly` / `None` are accepted too.
   */
  loadRestrictions?: LoadRestrictions | "RootOnly" | "None";
  /**
   * Output order when the root kustomization has no `sortOptions`: `legacy` (default, as
   * `kubectl kustomize`) or `none` (input order, as kustomize's `--reorder none` and its library).
   */
  reorder?: "legacy" | "none";
  /** Resolves remote bases and files (git, http). Without it they are rejected. */
  remote?: RemoteLoader;
  /** Label value for `buildMetadata: [managedByLabel]` (`app.kubernetes.io/managed-by`). */
  managedByValue?: string;
  /**
   * Parsed files to reuse across builds (see {@link createKustomizeCache}); without it every file is
   * parsed afresh.
   */
  cache?: KustomizeCache;
  /**
   * Renders `helmCharts` (kustomize's `--enable-helm`), e.g. `helmChartRenderer()` from
   * `@gitops-kit/helm`. Without it a kustomization with `helmCharts` fails.
   */
  helm?: HelmChartRenderer;
}

/** What {@link buildKustomization} returns. */
export interface BuildKustomizationResult {
  /** The resources in output order; print them with `printYamlStream` from `@gitops-kit/core`. */
  resources: KubeObject[];
  /** Deprecation notes and other warnings kustomize prints on stderr. */
  warnings: string[];
}

function normalizeRestrictions(r: BuildKustomizationOptions["loadRestrictions"]): LoadRestrictions {
  if (r === undefined || r === "LoadRestrictionsRootOnly" || r === "RootOnly")
    return "LoadRestrictionsRootOnly";
  if (r === "LoadRestrictionsNone" || r === "None") return "LoadRestrictionsNone";
  throw new KustomizationFileError(`unknown load restrictions ${JSON.stringify(r)}`);
}

/** Apply a kustomization's `openapi:` field to the build's schema state (kustomize's SetSchema). */
function applyOpenApiField(
  state: SchemaState,
  openapi: Record<string, string> | undefined,
  loader: FileLoader,
  file: string,
  parse: YamlParser,
  reset: boolean,
): void {
  if (state.isChosen && !reset) return;
  const path = openapi?.path;
  const version = openapi?.version;
  if (path !== undefined) {
    if (version !== undefined) {
      throw new KustomizationFileError(
        `builtin version and custom schema provided, cannot use both (in ${file})`,
        {
          file,
          field: "openapi",
        },
      );
    }
    const source = loader.resolve(path);
    const text = new TextDecoder().decode(loader.load(path));
    let document: unknown;
    try {
      document = text.trimStart().startsWith("{") ? JSON.parse(text) : parse(text, source)[0];
    } catch (err) {
      throw new KustomizationFileError(`invalid schema file ${source}: ${errorMessage(err)}`, {
        file,
        field: "openapi",
        cause: err,
      });
    }
    state.choose(customMergeSchema({ document, source }), reset);
    return;
  }
  if (version === undefined || version === "") return;
  if (!BUILTIN_OPENAPI_VERSIONS.includes(version)) {
    throw new KustomizationFileError(`the specified OpenAPI version is not built in (in ${file})`, {
      file,
      field: "openapi.version",
    });
  }
  state.choose(undefined, reset);
}

/**
 * Build a kustomization directory exactly as `kubectl kustomize <path>` (Kustomize v5.5.0) does:
 * accumulate resources, components and generators level by level, run each level's transformers,
 * then at the root add hash suffixes, fix name references, resolve vars, drop local-config objects
 * and sort.
 *
 * @example
 * const fs = memFs({ "/app/kustomization.yaml": "resources: [cm.yaml]\nnamePrefix: dev-\n", "/app/cm.yaml": "..." });
 * const { resources } = buildKustomization({ fs, path: "/app" });
 * process.stdout.write(printYamlStream(resources));
 *
 * @throws KustomizeError (a GitOpsError) naming the kustomization file and field at fault.
 */
export function buildKustomization(options: BuildKustomizationOptions): BuildKustomizationResult {
  try {
    return build(options);
  } catch (err) {
    if (err instanceof GitOpsError) throw err;
    // Anything else (a stack overflow on absurdly deep input, an engine bug) still leaves as a typed error.
    const message = errorMessage(err);
    throw new KustomizeError("KUSTOMIZE_INTERNAL", `kustomize build of ${options.path} failed: ${message}`, {
      cause: err,
    });
  }
}

function build(options: BuildKustomizationOptions): BuildKustomizationResult {
  const restrictions = normalizeRestrictions(options.loadRestrictions);
  const parse: YamlParser = options.cache
    ? (text, source, dialect) => options.cache!.parse(text, source, dialect)
    : parseKustomizeYaml;
  const schema = new SchemaState();
  const warnings: string[] = [];
  const ctx: BuildContext = {
    parse,
    restrictions,
    remote: options.remote,
    scope: schema.isClusterScoped,
    schema: () => schema.schema(),
    setSchema: (openapi, loader, file, reset) =>
      applyOpenApiField(schema, openapi, loader, file, parse, reset),
    warnings,
    cache: options.cache,
    helm: options.helm,
  };
  const loader = FileLoader.create({
    fs: options.fs,
    root: options.path,
    restrictions,
    remote: options.remote,
  });
  const { k, file } = loadKustomizationFile(loader, ctx);
  ctx.setSchema(k.openapi, loader, file, true);
  const kt = new KustTarget(loader, k, file, ctx);
  const buildMetadata = k.buildMetadata ?? [];
  if (buildMetadata.length > 0) kt.origin = {};
  const ra = kt.accumulate();
  const resources = ra.resources;
  addHashSuffixes({ resources, scope: ctx.scope });
  fixNameReferences({ resources, backReferences: ra.config.nameReference, scope: ctx.scope });
  resolveVars({ resources, vars: ra.vars, fieldSpecs: ra.config.varReference, file });
  dropLocalConfig(resources.resources(), (kept) => resources.setAll(kept));

  let list = resources.resources();
  if (k.sortOptions !== undefined || options.reorder !== "none") {
    list = sortResources(list, k.sortOptions, file);
    const seen = new Set<string>();
    for (const r of list) {
      const key = resIdKey(r.curId(), ctx.scope);
      if (seen.has(key)) {
        throw new TransformerError(
          `SortOrderTransformer: Failed to append to resources: may not add resource with an already registered id: ${resIdString(r.curId())}`,
          { file },
        );
      }
      seen.add(key);
    }
    resources.setAll(list);
  }
  if (buildMetadata.includes("managedByLabel")) {
    transformMetadataMap({
      resources,
      entries: { "app.kubernetes.io/managed-by": `kustomize-${options.managedByValue ?? "(devel)"}` },
      fieldSpecs: [{ path: "metadata/labels", create: true }],
      what: "labels",
      file,
    });
  }
  const keepOrigin = buildMetadata.includes("originAnnotations");
  const keepTransformations = buildMetadata.includes("transformerAnnotations");
  const out: KubeObject[] = [];
  for (const r of resources.resources()) {
    finalizeAnnotations(r, keepOrigin, keepTransformations);
    settleFlowScalars(r.obj);
    // Every resource was checked to have a kind and metadata.name when it was read.
    out.push(r.obj as KubeObject);
  }
  return { resources: out, warnings };
}

/** Drop objects annotated `config.kubernetes.io/local-config` (any value but "false"). */
function dropLocalConfig(list: Resource[], set: (kept: Resource[]) => void): void {
  const kept = list.filter((r) => {
    const md = r.obj.metadata;
    if (!isMap(md) || !isMap(md.annotations)) return true;
    if (!Object.hasOwn(md.annotations, "config.kubernetes.io/local-config")) return true;
    return scalarText(md.annotations["config.kubernetes.io/local-config"]) === "false";
  });
  if (kept.length !== list.length) set(kept);
}

/**
 * kustomize ends a build by removing its bookkeeping annotations, rewriting `metadata.annotations`
 * through its string-map setter: values become their text, and an empty map is removed.
 */
function finalizeAnnotations(r: Resource, keepOrigin: boolean, keepTransformations: boolean): void {
  const md = r.obj.metadata;
  const rewrite = !keepOrigin || !keepTransformations || r.hasBuildAnnotations();
  if (!isMap(md) || !Object.hasOwn(md, "annotations")) return;
  if (!rewrite) return;
  const ann = md.annotations;
  const out: Record<string, string> = {};
  if (isMap(ann)) {
    for (const [k, v] of Object.entries(ann)) {
      if (!keepOrigin && k === ORIGIN_ANNOTATION) continue;
      if (!keepTransformations && k === TRANSFORMATIONS_ANNOTATION) continue;
      // kustomize's string-map setter takes each scalar's text: `1.50` stays "1.50", `~` is "~".
      out[k] = writtenText(ann, k) ?? scalarText(v);
    }
  }
  const problem = unprintableKeyMessage(Object.keys(out), `${resIdString(r.curId())} metadata.annotations`);
  if (problem) throw new TransformerError(problem, { field: "annotations" });
  if (Object.keys(out).length === 0) delete md.annotations;
  else md.annotations = out;
}
