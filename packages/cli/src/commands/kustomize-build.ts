import { type Command, lazyCommand } from "../registry.js";

const spec: Omit<Command, "run"> = {
  name: "kustomize build",
  summary: "Build a kustomization directory and print the result, as `kubectl kustomize` does",
  usage:
    "[DIR] [--load-restrictor LoadRestrictionsRootOnly|LoadRestrictionsNone] [--enable-helm [--helm-kube-version V] [--helm-api-versions LIST]...] [-o yaml|json]",
  description: [
    "Builds the kustomization in DIR (default: the working directory) in-process and prints the objects",
    "exactly as `kubectl kustomize DIR` (Kustomize v5.5.0) prints them: legacy order, '---' between",
    "documents. Remote bases and exec plugins are not supported; Helm charts need --enable-helm.",
    "",
    "Options:",
    "  --load-restrictor R        LoadRestrictionsRootOnly (default): files must be in or below DIR;",
    "                             LoadRestrictionsNone: files may come from anywhere",
    "  --enable-helm              render helmCharts in-process, as `helm template` (Helm v3.21) does;",
    "                             a chart is read from <chartHome>/<name> (chartHome default 'charts';",
    "                             <chartHome>/<name>-<version>/<name> for a versioned repo chart); a",
    "                             repo chart missing there is pulled into that directory first, as",
    "                             kubectl does (helm pull: https:// or oci://) and kept for later builds",
    "  --helm-kube-version V      .Capabilities.KubeVersion for charts that set no kubeVersion",
    "  --helm-api-versions LIST   .Capabilities.APIVersions extras for charts that set no apiVersions",
    "                             (repeatable, comma-separated)",
    "  -o, --output FORMAT        yaml (default, as kubectl prints it) or json (one v1 List)",
  ].join("\n"),
  examples: [
    "gitops-kit kustomize build ./overlays/prod",
    "gitops-kit kustomize build ./overlays/prod --load-restrictor LoadRestrictionsNone",
    "gitops-kit kustomize build ./apps/monitoring --enable-helm --helm-kube-version 1.30.0",
  ],
};

const withoutHelm = lazyCommand(
  spec,
  async () => (await import("./run/kustomize-build.js")).runKustomizeBuild,
);
const withHelm = lazyCommand(
  spec,
  async () => (await import("./run/kustomize-build-helm.js")).runKustomizeBuildWithHelm,
);

/**
 * Whether the arguments turn on `--enable-helm` (before any `--`, which ends the options). The only form
 * the argument parser accepts for the flag is the bare `--enable-helm`.
 */
export function enablesHelm(args: readonly string[]): boolean {
  const end = args.indexOf("--");
  return (end === -1 ? args : args.slice(0, end)).includes("--enable-helm");
}

/**
 * `gitops-kit kustomize build`: what `kubectl kustomize DIR` prints. Runs with `--enable-helm` load a
 * separate implementation that includes the Helm engine; the others never load it.
 */
export const kustomizeBuild: Command = {
  ...spec,
  run: (args, io) => (enablesHelm(args) ? withHelm : withoutHelm).run(args, io),
};
