import { resolve } from "node:path";
import { printYamlStream } from "@gitops-kit/core";
import { nodeFs } from "@gitops-kit/core/node";
import { buildKustomization, type HelmChartRenderer } from "@gitops-kit/kustomize";
import { parseCommandArgs } from "../../args.js";
import { UsageError } from "../../errors.js";
import { outputFormat, printObjects } from "../../output.js";
import type { CommandIO, CommandRun } from "../../registry.js";

const RESTRICTORS = ["LoadRestrictionsRootOnly", "LoadRestrictionsNone"] as const;
type Restrictor = (typeof RESTRICTORS)[number];

/** Makes the `helmCharts` renderer from kubectl's `--helm-kube-version` / `--helm-api-versions`. */
export type HelmRendererFactory = (options: {
  kubeVersion?: string;
  apiVersions?: string[];
}) => HelmChartRenderer;

/** Runs `gitops-kit kustomize build` without the Helm engine (see kustomize-build-helm.ts). */
export const runKustomizeBuild: CommandRun = (args, io) => kustomizeBuild(args, io);

/**
 * `gitops-kit kustomize build`; `helm` renders `helmCharts` when `--enable-helm` is given. The command spec
 * routes `--enable-helm` runs to the module that passes it, so the Helm engine is loaded only for them.
 */
export function kustomizeBuild(args: string[], io: CommandIO, helm?: HelmRendererFactory): number {
  const { values, positionals } = parseCommandArgs(
    args,
    {
      "load-restrictor": { type: "string" },
      output: { type: "string", short: "o" },
      "enable-helm": { type: "boolean" },
      "helm-kube-version": { type: "string" },
      "helm-api-versions": { type: "string", multiple: true },
    },
    { max: 1 },
  );
  const format = outputFormat(values.output, ["yaml", "json"]);
  const restrictor = values["load-restrictor"] ?? "LoadRestrictionsRootOnly";
  if (!(RESTRICTORS as readonly string[]).includes(restrictor)) {
    throw new UsageError(`--load-restrictor must be one of ${RESTRICTORS.join(", ")}, not '${restrictor}'`);
  }
  // Unreachable through the command spec, which routes every --enable-helm run to the Helm module.
  if (values["enable-helm"] && !helm)
    throw new Error("--enable-helm reached the build without the Helm engine");
  const { resources, warnings } = buildKustomization({
    fs: nodeFs(),
    path: resolve(io.cwd, positionals[0] ?? "."),
    loadRestrictions: restrictor as Restrictor,
    // The --helm-* flags only matter with --enable-helm, as in kubectl.
    helm:
      values["enable-helm"] && helm
        ? helm({ kubeVersion: values["helm-kube-version"], apiVersions: values["helm-api-versions"] })
        : undefined,
  });
  // kubectl prints deprecation warnings on stderr, before the output.
  for (const warning of warnings) io.stderr(`${warning}\n`);
  io.stdout(format === "yaml" ? printYamlStream(resources) : printObjects(resources, format));
  return 0;
}
