/**
 * `helmCharts` (kustomize's HelmChartInflationGenerator, `kustomize build --enable-helm`): each entry
 * is one `helm template` run whose output joins the kustomization's resources. kustomize runs the
 * `helm` binary; here a {@link HelmChartRenderer} given to `buildKustomization` does it
 * (`@gitops-kit/helm` provides one), so this package stays free of Helm. Without a renderer a
 * kustomization with `helmCharts` fails, as kustomize does without `--enable-helm`.
 *
 * @module
 */
import { errorMessage, type FileSystem, posixPath, printYaml } from "@gitops-kit/core";
import type { Generator } from "./builtins.js";
import { GeneratorError, PluginNotSupportedError } from "./errors.js";
import type { HelmChart, HelmGlobals, Kustomization } from "./kustomization.js";
import type { FileLoader } from "./loader.js";
import { strategicMerge } from "./patch/strategic-merge.js";
import { isMap, type KubeObject } from "./patch/yaml-values.js";
import type { Resource } from "./resource.js";
import { resourcesFromText, type YamlParser } from "./resource-factory.js";

/** kustomize's default `helmGlobals.chartHome`, relative to the kustomization. */
const DEFAULT_CHART_HOME = "charts";

/** One `helm template` run, as kustomize builds the command line from a `helmCharts` entry. */
export interface HelmTemplateRequest {
  /** The file system the build reads. */
  fs: FileSystem;
  /** Absolute path of the chart directory on `fs` (`<chartHome>/<name>`). */
  chartDir: string;
  /** The chart's `name` field (for messages). */
  chartName: string;
  /** `helm template NAME`; absent: `--name-template` when given, else `--generate-name`. */
  releaseName?: string;
  /** `--name-template`: a Go template (with Sprig) whose output is the release name. */
  nameTemplate?: string;
  /** `--namespace`; absent: Helm's default (`default`). */
  namespace?: string;
  /** The `-f` files in order: the chart's (possibly merged) values, then `additionalValuesFiles`. */
  valuesFiles: { name: string; data: Uint8Array | string }[];
  /** `--api-versions`, in order. */
  apiVersions: string[];
  /** `--kube-version`. */
  kubeVersion?: string;
  /** `--include-crds`. */
  includeCrds: boolean;
  /** `--skip-tests`. */
  skipTests: boolean;
  /** `--no-hooks`. */
  skipHooks: boolean;
}

/** Renders the charts of `helmCharts`; see `helmChartRenderer` in `@gitops-kit/helm`. */
export interface HelmChartRenderer {
  /**
   * What `helm template` prints for the request (the manifests stream). Failures are thrown as
   * `GitOpsError`s whose message says what Helm would say.
   */
  template(request: HelmTemplateRequest): string;
}

/** Where a chart that is not present would come from: what `helm pull` would be asked. */
export interface HelmChartPull {
  /** The chart's name. */
  name: string;
  /** The chart repository URL (`https://...` or `oci://...`). */
  repo: string;
  /** The `version` field (exact or a constraint; empty for the latest). */
  version: string;
  /** The absolute directory the chart belongs in, as `<chartHome>/<name>`. */
  chartHome: string;
}

/**
 * A `helmCharts` entry names a chart from a repository that is not under its chart home. kustomize
 * pulls it with `helm pull`; a build here is synchronous and offline, so the caller may pull it
 * (`pull` says what and where, e.g. with `pullHelmChart` from @gitops-kit/source) and build again.
 */
export class HelmChartNotPulledError extends GeneratorError {
  /** What to pull, and where to. */
  readonly pull: HelmChartPull;

  constructor(options: { message: string; file: string; pull: HelmChartPull }) {
    super(options.message, { file: options.file, field: "helmCharts" });
    this.pull = options.pull;
  }
}

/** What {@link helmChartGenerators} needs from the kustomization being built. */
export interface HelmChartsContext {
  /** The kustomization's loader (its root, file system and load restrictions). */
  loader: FileLoader;
  /** The kustomization file, for messages. */
  file: string;
  /** Parses the chart's output and values files as kustomize reads resources. */
  parse: YamlParser;
  /** The renderer; without one, `helmCharts` fail. */
  helm?: HelmChartRenderer;
}

/** One configured chart, as kustomize's plugin holds it after `Config`. */
interface ConfiguredChart extends HelmChart {
  name: string;
  /** Absolute: `chartHome` joined to the root, plus `<name>-<version>` for a versioned chart from a repo. */
  chartHome: string;
  valuesFile: string;
  additionalValuesFiles: string[];
  valuesMerge: ValuesMerge;
}

type ValuesMerge = "override" | "merge" | "replace";
const VALUES_MERGE: readonly string[] = ["merge", "override", "replace"];

/**
 * The generators of a kustomization's `helmCharts` (after the legacy `helmChartInflationGenerator` was
 * folded in), configured as kustomize configures them: every entry is checked before any chart is
 * rendered.
 *
 * @throws PluginNotSupportedError without a renderer; GeneratorError for a bad entry.
 */
export function helmChartGenerators(k: Kustomization, ctx: HelmChartsContext): Generator[] {
  const globals = k.helmGlobals ?? {};
  return (k.helmCharts ?? []).map((chart, i) => helmChartGenerator(chart, globals, ctx, `helmCharts[${i}]`));
}

/**
 * One chart's generator (a `helmCharts` entry, or a HelmChartInflationGenerator plugin config under
 * `generators:`, whose fields are the entry's and `helmGlobals`' together).
 *
 * @throws PluginNotSupportedError without a renderer; GeneratorError for a bad entry.
 */
export function helmChartGenerator(
  chart: HelmChart,
  globals: HelmGlobals,
  ctx: HelmChartsContext,
  field: string,
): Generator {
  const { helm } = ctx;
  if (!helm) {
    throw new PluginNotSupportedError(
      `${field} in ${ctx.file}: rendering Helm charts needs a Helm renderer (the \`helm\` option of buildKustomization, e.g. helmChartRenderer() from @gitops-kit/helm; --enable-helm in the CLI), as kustomize needs --enable-helm`,
      { file: ctx.file, field },
    );
  }
  const configured = configure(chart, globals, ctx, field);
  return { kind: "HelmChartInflationGenerator", generate: () => inflate(configured, ctx, helm) };
}

/** kustomize's `Config` and `validateArgs` for one entry. */
function configure(
  chart: HelmChart,
  globals: HelmGlobals,
  ctx: HelmChartsContext,
  field: string,
): ConfiguredChart {
  const fail = (message: string, cause?: unknown) =>
    new GeneratorError(`${field} in ${ctx.file}: ${message}`, { file: ctx.file, field, cause });
  const name = chart.name ?? "";
  if (name === "") throw fail("chart name cannot be empty");
  const root = ctx.loader.root;
  const home = globals.chartHome || DEFAULT_CHART_HOME;
  let chartHome = posixPath.isAbsolute(home) ? home : posixPath.join(root, home);
  if (chart.version && chart.repo) chartHome = posixPath.join(chartHome, `${name}-${chart.version}`);
  const additionalValuesFiles = (chart.additionalValuesFiles ?? []).map((file) => {
    try {
      ctx.loader.load(file);
    } catch (err) {
      throw fail(`could not load additionalValuesFile: ${errorMessage(err)}`, err);
    }
    return posixPath.join(root, file);
  });
  const valuesMerge = chart.valuesMerge || "override";
  if (!VALUES_MERGE.includes(valuesMerge)) {
    throw fail(`valuesMerge must be one of [${VALUES_MERGE.join(" ")}]`);
  }
  return {
    ...chart,
    name,
    chartHome,
    valuesFile: chart.valuesFile || posixPath.join(chartHome, name, "values.yaml"),
    additionalValuesFiles,
    valuesMerge: valuesMerge as ValuesMerge,
  };
}

/** kustomize's `Generate`: the chart must be present, the values file is written, `helm template` runs. */
function inflate(chart: ConfiguredChart, ctx: HelmChartsContext, helm: HelmChartRenderer): Resource[] {
  const { fs } = ctx.loader;
  const label = `helm chart ${chart.name} (${ctx.file})`;
  const chartDir = posixPath.join(chart.chartHome, chart.name);
  if (!ctx.loader.isDirectory(chartDir)) {
    const where = `no chart found at '${chartDir}'`;
    if (!chart.repo)
      throw new GeneratorError(`${label}: no repo specified for pull, ${where}`, { file: ctx.file });
    // Pulling needs the network, which a synchronous build has not: the chart must be there already.
    const version = chart.version ? ` --version ${chart.version}` : "";
    throw new HelmChartNotPulledError({
      message: `${label}: ${where}; charts are not pulled during a build: put it there first (helm pull --untar --untardir ${chart.chartHome} --repo ${chart.repo} ${chart.name}${version}, or pullHelmChart from @gitops-kit/source)`,
      file: ctx.file,
      pull: { name: chart.name, repo: chart.repo, version: chart.version ?? "", chartHome: chart.chartHome },
    });
  }
  const valuesFiles = [
    { name: `${chart.name}-kustomize-values.yaml`, data: valuesFileText(chart, ctx) },
    ...chart.additionalValuesFiles.map((path) => ({ name: path, data: ctx.loader.load(path) })),
  ];
  const text = helm.template({
    fs,
    chartDir,
    chartName: chart.name,
    releaseName: chart.releaseName || undefined,
    nameTemplate: chart.nameTemplate || undefined,
    namespace: chart.namespace || undefined,
    valuesFiles,
    apiVersions: chart.apiVersions ?? [],
    kubeVersion: chart.kubeVersion || undefined,
    includeCrds: chart.includeCRDs === true,
    skipTests: chart.skipTests === true,
    skipHooks: chart.skipHooks === true,
  });
  return resourcesFromText({ text, source: label, parse: ctx.parse });
}

/**
 * The values file kustomize hands to `helm template -f`: the chart's (or `valuesFile`) as it is, or,
 * with `valuesInline`, the inline values merged over it (`override`), it merged over them (`merge`),
 * or the inline values alone (`replace`); a merged file is written as sigs.k8s.io/yaml writes a map.
 */
function valuesFileText(chart: ConfiguredChart, ctx: HelmChartsContext): Uint8Array | string {
  const inline = chart.valuesInline ?? {};
  if (Object.keys(inline).length === 0) return ctx.loader.load(chart.valuesFile);
  if (chart.valuesMerge === "replace") return printYaml(inline);
  const [fileValues] = ctx.parse(
    new TextDecoder().decode(ctx.loader.load(chart.valuesFile)),
    chart.valuesFile,
  );
  const fromFile = isMap(fileValues) ? fileValues : {};
  // kyaml's merge (lists replaced, a null removes), the patch side winning.
  const [target, patch] = chart.valuesMerge === "override" ? [fromFile, inline] : [inline, fromFile];
  const merged = strategicMerge({
    target: target as KubeObject,
    patch: patch as KubeObject,
    listIncreaseDirection: "append",
    source: chart.valuesFile,
  });
  return printYaml(merged ?? {});
}
