import { resolve } from "node:path";
import { nodeFs } from "@gitops-kit/core/node";
import {
  buildKustomization,
  HelmChartNotPulledError,
  type HelmChartPull,
  type HelmChartRenderer,
} from "@gitops-kit/kustomize";
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

/** What `--enable-helm` brings: the renderer, and how a repo chart missing from its chart home is pulled. */
export interface HelmSupport {
  renderer: HelmRendererFactory;
  /** Puts the chart at `<chartHome>/<name>`; the build then runs again. */
  pullChart?: (pull: HelmChartPull, io: CommandIO) => Promise<void>;
}

/** Runs `gitops-kit kustomize build` without the Helm engine (see kustomize-build-helm.ts). */
export const runKustomizeBuild: CommandRun = (args, io) => kustomizeBuild(args, io);

/**
 * `gitops-kit kustomize build`; `helm` renders `helmCharts` when `--enable-helm` is given. The command spec
 * routes `--enable-helm` runs to the module that passes it, so the Helm engine is loaded only for them.
 * As kubectl does, a repo chart that is not under its chart home is pulled (by `helm.pullChart`) and the
 * build runs again, once per missing chart.
 */
export async function kustomizeBuild(args: string[], io: CommandIO, helm?: HelmSupport): Promise<number> {
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
  // The --helm-* flags only matter with --enable-helm, as in kubectl.
  const renderer =
    values["enable-helm"] && helm
      ? helm.renderer({ kubeVersion: values["helm-kube-version"], apiVersions: values["helm-api-versions"] })
      : undefined;
  const build = () =>
    buildKustomization({
      fs: nodeFs(),
      path: resolve(io.cwd, positionals[0] ?? "."),
      loadRestrictions: restrictor as Restrictor,
      helm: renderer,
    });
  const pullChart = renderer && helm?.pullChart;
  // Each pass pulls a chart not pulled before, so the loop ends after at most one pass per distinct chart.
  const pulled = new Set<string>();
  let result: ReturnType<typeof build>;
  for (;;) {
    try {
      result = build();
      break;
    } catch (err) {
      const missing = pullChart && missingChart(err);
      if (!pullChart || !missing) throw err;
      const key = JSON.stringify([missing.chartHome, missing.name, missing.repo, missing.version]);
      // Still missing after its pull: pulling again would not help.
      if (pulled.has(key)) throw err;
      pulled.add(key);
      await pullChart(missing, io);
    }
  }
  // kubectl prints deprecation warnings on stderr, before the output.
  for (const warning of result.warnings) io.stderr(`${warning}\n`);
  io.stdout(printObjects(result.resources, format));
  return 0;
}

/** The chart to pull when `err` (or an error it wraps) says a repo chart is not on disk. */
function missingChart(err: unknown): HelmChartPull | undefined {
  for (let e = err, depth = 0; e && depth < 10; e = (e as { cause?: unknown }).cause, depth++) {
    if (e instanceof HelmChartNotPulledError) return e.pull;
  }
  return undefined;
}
