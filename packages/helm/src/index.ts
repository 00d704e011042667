/**
 * @gitops-kit/helm: Helm charts rendered exactly like `helm template`, in-process and runtime-neutral.
 *
 * ```ts
 * import { helmTemplate, loadChart } from "@gitops-kit/helm";
 * const chart = loadChart({ archive: tgzBytes });
 * const text = helmTemplate({ chart, releaseName: "web", namespace: "prod", set: ["replicaCount=2"] });
 * ```
 *
 * HelmRelease composition: {@link reconcileHelmRelease} and its steps (`parseHelmRelease`, `resolveChart`,
 * `composeValues`, `postRenderManifests`, `detectDrift`, `planRelease`).
 *
 * kustomize's `helmCharts` (`--enable-helm`): {@link helmChartRenderer}, given to `buildKustomization` as `helm`.
 *
 * Lower levels: {@link renderChart} (manifests, hooks, notes, CRDs), the values pipeline
 * (`coalesceValues`, `processDependencies`, `parseStrvals`, `validateValues`) and Helm's template functions
 * for `@gitops-kit/template` (`createHelmFuncs`).
 */
export * from "./chart/archive.js";
export { HELM_IGNORE_FILE, HelmIgnore } from "./chart/helmignore.js";
export { type LoadChartOptions, type LoadChartSource, loadChart, loadChartFiles } from "./chart/load.js";
export { readChartYaml, validateMetadata } from "./chart/metadata.js";
export { type ChartNode, chartFullPath, chartNodes } from "./chart/node.js";
export { goPathMatch } from "./chart/pathmatch.js";
export * from "./chart/types.js";
export * from "./errors.js";
export * from "./funcs/index.js";
export * from "./kustomize-renderer.js";
export * from "./release/index.js";
export * from "./render/capabilities.js";
export {
  type RenderScope,
  type RenderTemplatesOptions,
  renderTemplates,
  templateOrder,
} from "./render/engine.js";
export * from "./render/manifests.js";
export type { Capabilities, HelmVersionInfo, KubeVersion, ReleaseInfo } from "./render/objects.js";
export * from "./render/release.js";
export * from "./render/template.js";
export {
  type CoalesceWarn,
  coalesceValues,
  coalesceValueTables,
  GLOBAL_KEY,
  mergeValues,
  mergeValueTables,
} from "./values/coalesce.js";
export {
  checkDependencies,
  isCompatibleRange,
  type ProcessDependenciesOptions,
  processDependencies,
} from "./values/dependencies.js";
export { valuesPathValue, valuesTable } from "./values/path.js";
export { mergeValueMaps, readValuesYaml, type Values } from "./values/read.js";
export { formatSchemaErrors, type SchemaErrorNode, ValuesSchema } from "./values/schema.js";
export * from "./values/strvals.js";
export { validateValues } from "./values/validate.js";
