import { helmChartRenderer } from "@gitops-kit/helm";
import type { CommandRun } from "../../registry.js";
import { kustomizeBuild } from "./kustomize-build.js";

/**
 * Runs `gitops-kit kustomize build --enable-helm`: the same command with `helmCharts` rendered in-process.
 * A module of its own so the Helm engine is bundled (and loaded) only for runs that ask for it.
 */
export const runKustomizeBuildWithHelm: CommandRun = (args, io) =>
  kustomizeBuild(args, io, helmChartRenderer);
