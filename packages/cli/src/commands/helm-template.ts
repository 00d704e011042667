import { lazyCommand } from "../registry.js";

/** `gitops-kit helm template`: what `helm template` prints. */
export const helmTemplateCommand = lazyCommand(
  {
    name: "helm template",
    summary: "Render a chart and print the manifests, as `helm template` does",
    usage:
      "[RELEASE] CHART [-f values.yaml]... [--set k=v]... [-n NS] [--kube-version V] [-o yaml|json] [options]",
    description: [
      "Renders CHART (a chart directory or a packaged .tgz) in-process and prints exactly what",
      "`helm template` (Helm v3.21) prints: manifests in install order with '# Source:' headers, then hooks.",
      "RELEASE defaults to 'release-name'. Errors are printed as Helm prints them.",
      "",
      "Options:",
      "  -f, --values FILE        values file (repeatable, merged left to right; '-' reads standard input)",
      "  --set K=V                set values (repeatable; Helm's --set syntax)",
      "  --set-string K=V         set string values    --set-json K=JSON   set JSON values",
      "  -n, --namespace NS       release namespace (default 'default')",
      "  --kube-version V         .Capabilities.KubeVersion (default v1.36.0)",
      "  -a, --api-versions LIST  extra .Capabilities.APIVersions (repeatable, comma-separated)",
      "  --include-crds           print the crds/ files first",
      "  -s, --show-only PATH     only the manifests of these templates (repeatable, glob patterns)",
      "  --skip-tests             leave out test hooks",
      "  --is-upgrade             .Release.IsUpgrade instead of .Release.IsInstall",
      "  --skip-schema-validation do not check values against values.schema.json",
      "  -o, --output FORMAT      yaml (default: exactly helm's output) or json (a v1 List; no # Source lines)",
    ].join("\n"),
    examples: [
      "gitops-kit helm template web ./charts/podinfo -f prod.yaml --set replicaCount=3 -n prod",
      "gitops-kit helm template ./podinfo-6.5.0.tgz --include-crds --show-only templates/deployment.yaml",
    ],
  },
  async () => (await import("./run/helm-template.js")).runHelmTemplate,
);
