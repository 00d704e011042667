/**
 * Corpus `kustomize`: one case per folder of `kustomize/cases/` (see that README). Each case builds
 * `input/<root>` and compares the printed stream with `expected.yaml` byte for byte; error cases
 * (`expectError`) pass when the build fails.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import {
  diffSummary,
  errorText,
  listDirs,
  notImplemented,
  optionalExport,
  readJson,
  runEach,
} from "../lib.js";
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
}

type BuildKustomization = (options: {
  fs: unknown;
  path: string;
  loadRestrictions?: string;
}) => { resources: unknown[] } | Promise<{ resources: unknown[] }>;
type PrintYamlStream = (objects: unknown[]) => string;

/**
 * Load the engine when `@gitops-kit/kustomize` exports `buildKustomization`; `undefined` until then.
 *
 * Expected contract (the kustomize engineers adjust this adapter when theirs differs):
 * `buildKustomization({ fs, path, loadRestrictions? }) -> { resources }` with `fs` a core FileSystem over
 * the real disk (`nodeFs()` from `@gitops-kit/core/node`), and `printYamlStream(resources)` from
 * `@gitops-kit/core` giving kubectl's bytes. `loadRestrictions` is passed in kustomize's own spelling.
 */
export async function loadKustomizeEngine(): Promise<KustomizeEngine | undefined> {
  const buildKustomization = await optionalExport<BuildKustomization>(
    "@gitops-kit/kustomize",
    "buildKustomization",
  );
  if (typeof buildKustomization !== "function") return undefined;
  const printYamlStream = await optionalExport<PrintYamlStream>("@gitops-kit/core", "printYamlStream");
  const nodeFs =
    (await optionalExport<() => unknown>("@gitops-kit/core/node", "nodeFs")) ??
    (await optionalExport<() => unknown>("@gitops-kit/core", "nodeFs"));
  if (typeof printYamlStream !== "function")
    throw new Error("@gitops-kit/core does not export printYamlStream");
  if (typeof nodeFs !== "function") throw new Error("@gitops-kit/core/node does not export nodeFs");
  const fs = nodeFs();
  const build = async (request: KustomizeBuildRequest) => {
    const options: Parameters<BuildKustomization>[0] = { fs, path: request.path };
    if (request.loadRestrictions) options.loadRestrictions = request.loadRestrictions;
    return (await buildKustomization(options)).resources;
  };
  return { build, buildAndPrint: async (request) => printYamlStream(await build(request)) };
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
        return meta.expectError ? undefined : `build failed: ${errorText(err)}`;
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
