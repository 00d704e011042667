/**
 * kustomize's `helmCharts` rendered in-process: a `HelmChartRenderer` for `buildKustomization` that does
 * what `helm template` does with the command line kustomize builds for each entry (release name or
 * `--generate-name`, `--name-template`, `-f` files, `--namespace`, `--api-versions`, `--kube-version`,
 * `--include-crds`, `--skip-tests`, `--no-hooks`).
 */
import { errorMessage, GitOpsError } from "@gitops-kit/core";
import type { HelmChartRenderer, HelmTemplateRequest } from "@gitops-kit/kustomize";
import { renderTemplate, sprigFuncs } from "@gitops-kit/template";
import { loadChart } from "./chart/load.js";
import { ChartLoadError, HelmError, type HelmErrorPhase } from "./errors.js";
import { parseKubeVersion } from "./render/capabilities.js";
import { helmTemplate, mergeUserValues } from "./render/template.js";

/** Options of {@link helmChartRenderer}: kubectl's `--helm-kube-version` and `--helm-api-versions`. */
export interface HelmChartRendererOptions {
  /**
   * `--helm-kube-version`: the `--kube-version` of every chart that does not set its own `kubeVersion`
   * (kustomize reads the flag first and lets the entry's field replace it).
   */
  kubeVersion?: string;
  /**
   * `--helm-api-versions`: the `--api-versions` of every chart that does not set its own `apiVersions`
   * (each entry may hold several, comma-separated).
   */
  apiVersions?: readonly string[];
}

/**
 * A `helm template` failure of one `helmCharts` entry. The message names the chart and says what Helm
 * says; `code` is the code of the Helm engine's error (e.g. `HELM_RENDER`, `VALUES_INVALID`,
 * `CHART_INVALID`), or `HELM_TEMPLATE_FAILED` for anything else, and `cause` is that error.
 */
export class HelmChartTemplateError extends HelmError {
  /** The entry's chart `name`. */
  readonly chartName: string;

  constructor(chartName: string, cause: unknown) {
    const code = cause instanceof GitOpsError ? cause.code : "HELM_TEMPLATE_FAILED";
    const phase: HelmErrorPhase = cause instanceof HelmError ? cause.phase : "render";
    super(code, `helm template of chart '${chartName}' failed: ${errorMessage(cause)}`, { phase, cause });
    this.chartName = chartName;
  }
}

/**
 * The release name `helm template` uses for kustomize's arguments. kustomize passes the entry's
 * `releaseName` as the NAME argument, or `--generate-name` without one, plus `--name-template` when set.
 * `helm template` presets the name `release-name` before it reads the arguments, so `--generate-name`
 * never generates anything there: the result is `release-name`.
 */
export function helmTemplateReleaseName(
  request: Pick<HelmTemplateRequest, "releaseName" | "nameTemplate">,
): string {
  const nameTemplate = request.nameTemplate ?? "";
  if (request.releaseName !== undefined && request.releaseName !== "") {
    if (nameTemplate !== "") {
      throw new HelmError("RELEASE_NAME_INVALID", "cannot set --name-template and also specify a name", {
        phase: "load",
      });
    }
    return request.releaseName;
  }
  // Helm executes the template with Sprig and no data.
  if (nameTemplate !== "")
    return renderTemplate({ name: "name-template", text: nameTemplate, funcs: sprigFuncs });
  return "release-name";
}

/**
 * A renderer for kustomize's `helmCharts` (`kubectl kustomize --enable-helm`): each request is rendered as
 * `helm template` (Helm v3.21) prints it, from the chart directory on the build's file system.
 *
 * Failures throw {@link HelmChartTemplateError}: the chart name plus Helm's message (e.g. `path
 * "/app/charts/web" not found`, `execution error at (web/templates/x.yaml:3:4): ...`).
 *
 * @example
 * import { buildKustomization } from "@gitops-kit/kustomize";
 * const { resources } = buildKustomization({ fs, path: "/app", helm: helmChartRenderer({ kubeVersion: "1.30.0" }) });
 */
export function helmChartRenderer(options: HelmChartRendererOptions = {}): HelmChartRenderer {
  return {
    template(request) {
      try {
        return renderRequest(request, options);
      } catch (err) {
        throw new HelmChartTemplateError(request.chartName, err);
      }
    },
  };
}

function renderRequest(request: HelmTemplateRequest, options: HelmChartRendererOptions): string {
  const kubeVersion = nonEmpty(request.kubeVersion) ?? nonEmpty(options.kubeVersion);
  const apiVersions = request.apiVersions.length > 0 ? request.apiVersions : (options.apiVersions ?? []);
  // In Helm's order: the version flag, the name, the chart path, the values files, then the chart.
  if (kubeVersion !== undefined) parseKubeVersion(kubeVersion);
  const releaseName = helmTemplateReleaseName(request);
  const { fs, chartDir } = request;
  if (!fs.exists(chartDir)) {
    throw new ChartLoadError(`path ${JSON.stringify(chartDir)} not found`, { code: "CHART_NOT_FOUND" });
  }
  const values = mergeUserValues({ valuesFiles: request.valuesFiles });
  const chart = loadChart({ fs, path: chartDir });
  return helmTemplate({
    chart,
    releaseName,
    namespace: nonEmpty(request.namespace),
    values,
    kubeVersion,
    apiVersions,
    includeCrds: request.includeCrds,
    skipTests: request.skipTests,
    noHooks: request.skipHooks,
  });
}

function nonEmpty(text: string | undefined): string | undefined {
  return text === undefined || text === "" ? undefined : text;
}
