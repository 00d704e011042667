/**
 * Corpus `kustomize`: one case per folder of `kustomize/cases/` (see that README). Each case builds
 * `input/<root>` and compares the printed stream with `expected.yaml` byte for byte; error cases
 * (`expectError`) pass when the build fails.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { GitOpsError, printYamlStream } from "@gitops-kit/core";
import { nodeFs } from "@gitops-kit/core/node";
import { type BuildKustomizationOptions, buildKustomization } from "@gitops-kit/kustomize";
import { diffSummary, errorText, listDirs, notImplemented, readJson, runEach } from "../lib.js";
import type { CaseResult, Corpus } from "../types.js";

interface CaseJson {
  root: string;
  expectError: boolean;
  options?: { loadRestrictions?: string; reorder?: string };
}

/** Options of one build, as the corpus describes it. */
export interface KustomizeBuildRequest {
  /** Absolute path of the kustomization directory to build. */
  path: string;
  /** kustomize's own value, `LoadRestrictionsRootOnly` (default) or `LoadRestrictionsNone`. */
  loadRestrictions?: string;
}

/** The kustomize engine as the conformance modules use it. */
export interface KustomizeEngine {
  /** Build and return the resources as plain objects. */
  build(request: KustomizeBuildRequest): Promise<unknown[]>;
  /** Build and print the stream exactly as `kubectl kustomize` would. */
  buildAndPrint(request: KustomizeBuildRequest): Promise<string>;
  /** When true, an error case passes only if the engine throws a typed error (a GitOpsError with a `code`). */
  typedErrors?: boolean;
}

/**
 * The engine under test: `buildKustomization` from `@gitops-kit/kustomize` over the real disk, printed with
 * `printYamlStream` from `@gitops-kit/core` (kubectl's bytes). Load restrictions use kustomize's spelling.
 */
export async function loadKustomizeEngine(): Promise<KustomizeEngine | undefined> {
  const fs = nodeFs();
  const build = async (request: KustomizeBuildRequest) => {
    const restrictions = request.loadRestrictions as BuildKustomizationOptions["loadRestrictions"];
    return buildKustomization({ fs, path: request.path, loadRestrictions: restrictions }).resources;
  };
  return {
    build,
    buildAndPrint: async (request) => printYamlStream(await build(request)),
    typedErrors: true,
  };
}

/** A GitOpsError, or anything else that carries a stable string `code`. */
function isTypedError(err: unknown): boolean {
  return (
    err instanceof GitOpsError ||
    (err instanceof Error && typeof (err as { code?: unknown }).code === "string")
  );
}

export const ENGINE = "kustomize build (@gitops-kit/kustomize buildKustomization)";

/** Check every case of the corpus folder `dir` against `engine` (exported so any engine can be checked). */
export async function runKustomizeCases(dir: string, engine: KustomizeEngine): Promise<CaseResult[]> {
  const casesDir = join(dir, "cases");
  return runEach(
    listDirs(casesDir),
    (id) => id,
    async (id) => {
      const caseDir = join(casesDir, id);
      const meta = readJson<CaseJson>(join(caseDir, "case.json"));
      const request: KustomizeBuildRequest = { path: join(caseDir, "input", meta.root) };
      if (meta.options?.loadRestrictions) request.loadRestrictions = meta.options.loadRestrictions;
      let output: string;
      try {
        output = await engine.buildAndPrint(request);
      } catch (err) {
        if (!meta.expectError) return `build failed: ${errorText(err)}`;
        if (engine.typedErrors && !isTypedError(err))
          return `failed with an untyped error: ${errorText(err)}`;
        return undefined;
      }
      if (meta.expectError) return "expected the build to fail, it succeeded";
      const expectedFile = join(caseDir, "expected.yaml");
      if (!existsSync(expectedFile)) return "case has no expected.yaml";
      const expected = readFileSync(expectedFile, "utf8");
      return output === expected ? undefined : diffSummary(expected, output);
    },
  );
}

const corpus: Corpus = {
  name: "kustomize",
  folder: "kustomize",
  async run(dir) {
    const engine = await loadKustomizeEngine();
    if (!engine) return notImplemented(listDirs(join(dir, "cases")), ENGINE);
    return runKustomizeCases(dir, engine);
  },
};

export default corpus;
