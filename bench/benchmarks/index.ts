/**
 * Every benchmark, in one place: add a new one by writing a `Benchmark` in its own module and listing
 * it here. A benchmark whose engine does not exist yet reports itself unavailable and is skipped.
 */
import { helmTemplateBench } from "./helm-template.js";
import { kustomizeBuild } from "./kustomize-build.js";
import {
  kustomizeCorpusComplex,
  kustomizeCorpusMedium,
  kustomizeCorpusSmall,
  kustomizeFleet,
  kustomizeFleet2x,
  kustomizeFleet4x,
} from "./kustomize-fleet.js";
import { sourceGitClone } from "./source-git-clone.js";
import { sourceHelmIndex } from "./source-helm-index.js";
import { templateHelm } from "./template-helm.js";
import type { Benchmark } from "./types.js";

export const BENCHMARKS: readonly Benchmark[] = [
  kustomizeBuild,
  kustomizeCorpusSmall,
  kustomizeCorpusMedium,
  kustomizeCorpusComplex,
  kustomizeFleet,
  kustomizeFleet2x,
  kustomizeFleet4x,
  sourceGitClone,
  sourceHelmIndex,
  templateHelm,
  helmTemplateBench,
];
