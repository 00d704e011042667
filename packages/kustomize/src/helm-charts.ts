/**
 * `helmCharts` (kustomize's HelmChartInflationGenerator, `kustomize build --enable-helm`): each entry
 * is one `helm template` run whose output joins the kustomization's resources. kustomize runs the
 * `helm` binary; here a {@link HelmChartRenderer} given to `buildKustomization` does it
 * (`@gitops-kit/helm` provides one), so this package stays free of Helm. Without a renderer a
 * kustomization with `helmCharts` fails, as kustomize does without `--enable-helm`.
 *
 * @module
 */
import type { FileSystem } from "@gitops-kit/core";

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
