import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { NotFoundError } from "@gitops-kit/core";
import { nodeFs } from "@gitops-kit/core/node";
import { formatHelmError, HelmError, helmTemplate, loadChart, type ValuesFile } from "@gitops-kit/helm";
import { parseCommandArgs } from "../args.js";
import type { Command, CommandIO } from "../registry.js";

/** `-f` files, read relative to the working directory (`-` is standard input). */
async function readValuesFiles(paths: string[], io: CommandIO): Promise<ValuesFile[]> {
  const files: ValuesFile[] = [];
  for (const path of paths) {
    if (path.trim() === "-") files.push({ name: path, data: await io.readStdin() });
    else {
      try {
        files.push({ name: path, data: readFileSync(resolve(io.cwd, path)) });
      } catch (err) {
        throw new NotFoundError(`open ${path}: no such file or directory`, { cause: err });
      }
    }
  }
  return files;
}

/** `gitops-kit helm template`: what `helm template` prints. */
export const helmTemplateCommand: Command = {
  name: "helm template",
  summary: "Render a chart and print the manifests, as `helm template` does",
  usage: "[RELEASE] CHART [-f values.yaml]... [--set k=v]... [--namespace NS] [--kube-version V] [options]",
  description: [
    "Renders CHART (a chart directory or a packaged .tgz) in-process and prints exactly what",
    "`helm template` (Helm v3.21) prints: manifests in install order with '# Source:' headers, then hooks.",
    "RELEASE defaults to 'release-name'. Errors are printed as Helm prints them.",
    "",
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
  ].join("\n"),
  examples: [
    "gitops-kit helm template web ./charts/podinfo -f prod.yaml --set replicaCount=3 -n prod",
    "gitops-kit helm template ./podinfo-6.5.0.tgz --include-crds --show-only templates/deployment.yaml",
  ],
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(
      args,
      {
        values: { type: "string", short: "f", multiple: true },
        set: { type: "string", multiple: true },
        "set-string": { type: "string", multiple: true },
        "set-json": { type: "string", multiple: true },
        namespace: { type: "string", short: "n" },
        "kube-version": { type: "string" },
        "api-versions": { type: "string", short: "a", multiple: true },
        "include-crds": { type: "boolean" },
        "show-only": { type: "string", short: "s", multiple: true },
        "skip-tests": { type: "boolean" },
        "is-upgrade": { type: "boolean" },
        "skip-schema-validation": { type: "boolean" },
      },
      { min: 1, max: 2 },
    );
    const [releaseName, chartPath] =
      positionals.length === 2 ? positionals : ["release-name", positionals[0]];
    try {
      const chart = loadChart({ fs: nodeFs(), path: resolve(io.cwd, chartPath) });
      io.stdout(
        helmTemplate({
          chart,
          releaseName,
          namespace: values.namespace ?? "default",
          valuesFiles: await readValuesFiles(values.values ?? [], io),
          set: values.set,
          setString: values["set-string"],
          setJson: values["set-json"],
          kubeVersion: values["kube-version"],
          apiVersions: values["api-versions"],
          includeCrds: values["include-crds"],
          showOnly: values["show-only"],
          skipTests: values["skip-tests"],
          isUpgrade: values["is-upgrade"],
          skipSchemaValidation: values["skip-schema-validation"],
        }),
      );
      return 0;
    } catch (err) {
      // Helm's own wording on stderr, so scripts that parse `helm template` errors keep working.
      if (err instanceof HelmError) {
        io.stderr(formatHelmError(err));
        return 1;
      }
      throw err;
    }
  },
};
