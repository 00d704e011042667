import { mkdir, mkdtemp, rename, rm, stat } from "node:fs/promises";
import { join } from "node:path";
import { errorMessage, GitOpsError } from "@gitops-kit/core";
import { nodeFs } from "@gitops-kit/core/node";
import { helmChartRenderer } from "@gitops-kit/helm";
import type { HelmChartPull } from "@gitops-kit/kustomize";
import { pullHelmChart } from "@gitops-kit/source";
import { terminalProgress } from "../../progress.js";
import type { CommandIO, CommandRun } from "../../registry.js";
import { kustomizeBuild } from "./kustomize-build.js";

/**
 * Runs `gitops-kit kustomize build --enable-helm`: the same command with `helmCharts` rendered in-process,
 * and repo charts missing from their chart home pulled first, as kubectl's `helm pull` does.
 * A module of its own so the Helm and source engines are bundled (and loaded) only for runs that ask for it.
 */
export const runKustomizeBuildWithHelm: CommandRun = (args, io) =>
  kustomizeBuild(args, io, { renderer: helmChartRenderer, pullChart: pullMissingChart });

/** A `helmCharts` chart could not be pulled from its repository. */
export class HelmChartPullError extends GitOpsError {
  constructor(pull: HelmChartPull, reason: string, cause?: unknown) {
    const version = pull.version ? `version '${pull.version}'` : "the latest version";
    super(
      "KUSTOMIZE_HELM_PULL",
      `pulling helm chart '${pull.name}' (${version}) from ${displayUrl(pull.repo)} into ${pull.chartHome} failed: ${reason}`,
      { cause },
    );
  }
}

/**
 * Pulls a chart to `<chartHome>/<name>`. `pullHelmChart` empties the directory it is given, so it gets a
 * fresh one of its own inside chartHome (never the chart home, which may hold other charts); the chart
 * is then renamed into place, so a failed pull leaves nothing half-written where the build looks.
 */
async function pullMissingChart(pull: HelmChartPull, io: CommandIO): Promise<void> {
  // The topmost directory this call creates (if any), removed again when the pull fails.
  const created = await mkdir(pull.chartHome, { recursive: true });
  const scratch = await mkdtemp(join(pull.chartHome, `.${pull.name}-pull-`));
  const progress = terminalProgress(io);
  let pulled = false;
  try {
    progress.status(`pulling helm chart ${pull.name} ${pull.version || "(latest)"}`);
    const into = join(scratch, "chart");
    try {
      await pullHelmChart({
        url: pull.repo,
        chart: pull.name,
        version: pull.version || undefined,
        fs: nodeFs(),
        dir: into,
        onProgress: progress.onProgress,
      });
    } catch (err) {
      throw new HelmChartPullError(pull, errorMessage(err), err);
    }
    const unpacked = join(into, pull.name);
    if (!(await isDirectory(unpacked))) {
      throw new HelmChartPullError(pull, `the chart package has no top-level '${pull.name}/' directory`);
    }
    const target = join(pull.chartHome, pull.name);
    try {
      await rename(unpacked, target);
    } catch (err) {
      throw new HelmChartPullError(pull, `cannot move it to ${target}: ${errorMessage(err)}`, err);
    }
    pulled = true;
    progress.done();
    if (io.terminal?.stderr && !io.quiet) io.stderr(`pulled helm chart ${pull.name} into ${target}\n`);
  } finally {
    progress.done();
    await rm(scratch, { recursive: true, force: true });
    if (!pulled && created) await rm(created, { recursive: true, force: true });
  }
}

async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}

/** The repository URL without any user information, for messages. */
function displayUrl(repo: string): string {
  try {
    const url = new URL(repo);
    if (!url.username && !url.password) return repo;
    url.username = "";
    url.password = "";
    return url.toString();
  } catch {
    return repo;
  }
}
