/**
 * Corpus `helm`: one case per folder of `helm/cases/` (see that README): `helm template` of a chart with
 * the case's release, namespace, values files and capabilities, compared with `expected.yaml` (or
 * `expected-error.txt` for error cases), except the lines listed in `volatileLines`, which only have to
 * exist (and to agree up to the first `:` when they hold a `key: value`).
 *
 * Error cases pass when rendering fails; the message says whether our stderr text equals Helm's.
 * Charts are loaded once per corpus run (from disk, with `loadChart`) and shared by their cases.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { nodeFs } from "@gitops-kit/core/node";
import { type Chart, formatHelmError, helmTemplate, loadChart } from "@gitops-kit/helm";
import { diffSummary, errorText, listDirs, readJson, runEach } from "../lib.js";
import type { CaseResult, Corpus } from "../types.js";

/** A case.json. */
export interface HelmCase {
  chart: string;
  release: string;
  namespace: string;
  valuesFiles: string[];
  kubeVersion: string;
  apiVersions: string[];
  includeCrds: boolean;
  expectError: boolean;
  volatileLines?: number[];
}

/** Render one case as `helm template` would print it (also used by `bench/benchmarks/helm-render.ts`). */
export function renderCase(caseDir: string, c: HelmCase, chart: Chart): string {
  return helmTemplate({
    chart,
    releaseName: c.release,
    namespace: c.namespace,
    valuesFiles: c.valuesFiles.map((name) => ({ name, data: readFileSync(join(caseDir, name)) })),
    kubeVersion: c.kubeVersion,
    apiVersions: c.apiVersions,
    includeCrds: c.includeCrds,
  });
}

/** The part of a volatile line that must still match: the key of `key: value`, or nothing. */
function stablePrefix(line: string): string {
  const i = line.indexOf(": ");
  return i < 0 ? "" : line.slice(0, i);
}

/** Compare outputs, treating `volatile` (1-based) lines as wildcards that keep their key. */
export function compareOutput(
  expected: string,
  actual: string,
  volatile: readonly number[] = [],
): string | undefined {
  if (volatile.length === 0) return expected === actual ? undefined : diffSummary(expected, actual);
  const e = expected.split("\n");
  const a = actual.split("\n");
  if (e.length !== a.length) return `${diffSummary(expected, actual)} (line counts differ)`;
  const skip = new Set(volatile);
  for (let i = 0; i < e.length; i++) {
    if (e[i] === a[i]) continue;
    if (skip.has(i + 1) && stablePrefix(e[i]) === stablePrefix(a[i])) continue;
    return `line ${i + 1}: expected ${JSON.stringify(e[i].slice(0, 80))}, got ${JSON.stringify(a[i].slice(0, 80))}`;
  }
  return undefined;
}

const corpus: Corpus = {
  name: "helm",
  folder: "helm",
  async run(dir) {
    const fs = nodeFs();
    const charts = new Map<string, Chart>();
    const chartFor = (path: string) => {
      let chart = charts.get(path);
      if (!chart) {
        chart = loadChart({ fs, path: join(dir, path) });
        charts.set(path, chart);
      }
      return chart;
    };
    return runEach(
      listDirs(join(dir, "cases")),
      (id) => id,
      (id): CaseResult | string | undefined => {
        const caseDir = join(dir, "cases", id);
        const c = readJson<HelmCase>(join(caseDir, "case.json"));
        let output: string | undefined;
        let failure: unknown;
        try {
          output = renderCase(caseDir, c, chartFor(c.chart));
        } catch (err) {
          failure = err;
        }
        if (c.expectError) {
          if (failure === undefined) return "expected an error, rendering succeeded";
          const expected = readFileSync(join(caseDir, "expected-error.txt"), "utf8");
          const ours = formatHelmError(failure);
          return {
            id,
            ok: true,
            message:
              ours === expected
                ? "error text identical to Helm's"
                : `error text differs: ${diffSummary(expected, ours)}`,
          };
        }
        if (failure !== undefined) return errorText(failure);
        const expectedFile = join(caseDir, "expected.yaml");
        if (!existsSync(expectedFile)) return "expected.yaml missing";
        return compareOutput(readFileSync(expectedFile, "utf8"), output as string, c.volatileLines);
      },
    );
  },
};

export default corpus;
