/**
 * `bench/helm`: @gitops-kit/helm rendering the largest chart of the helm corpus (kube-prometheus-stack with
 * its five subcharts) as `helm template` would, over and over in one process. No `helm` binary is available
 * here (Debian has no package for it), so only our side is timed; the output is checked against the
 * corpus's expected.yaml (volatile lines aside) so the timing is of a correct render.
 *
 * Reported: chart load (cold), first render (cold: template parsing included), warm renders (median and
 * p90 of wall-clock and CPU time), heap and peak RSS, and `tpl` scaling (a chart whose templates call
 * `tpl` N times, for N and 4N: the time should grow 4x, not 16x, since `tpl` is quadratic in older Helm).
 *
 *   npx tsx --conditions=source bench/helm.ts [--runs N] [--case ID] [--json FILE]
 */
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { memFs } from "@gitops-kit/core";
import { nodeFs } from "@gitops-kit/core/node";
import { helmTemplate, loadChart } from "@gitops-kit/helm";
import { compareOutput, type HelmCase, renderCase } from "../conformance/corpora/helm.js";
import { median } from "./lib.js";

const here = dirname(fileURLToPath(import.meta.url));
const corpus = resolve(process.env.CONFORMANCE_DIR ?? join(here, "../../shared/conformance"), "helm");

interface Sample {
  wallMs: number;
  cpuMs: number;
}

function measure(fn: () => unknown): Sample {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  fn();
  const wallMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  return { wallMs, cpuMs: (cpu.user + cpu.system) / 1000 };
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** A chart with `templates` files, each calling `tpl` `calls` times on a small template string. */
function tplChart(templates: number, calls: number) {
  const files: Record<string, string> = {
    "/c/Chart.yaml": "apiVersion: v2\nname: tpl-scale\nversion: 1.0.0\n",
    "/c/values.yaml": 'greeting: "hello {{ .Release.Name }}"\n',
    "/c/templates/_helpers.tpl": '{{ define "name" }}{{ .Release.Name }}{{ end }}',
  };
  for (let t = 0; t < templates; t++) {
    const lines = [`kind: ConfigMap\nmetadata:\n  name: cm-${t}\ndata:`];
    for (let i = 0; i < calls; i++) lines.push(`  k${i}: {{ tpl .Values.greeting . | quote }}`);
    files[`/c/templates/cm-${t}.yaml`] = `${lines.join("\n")}\n`;
  }
  return loadChart({ fs: memFs(files), path: "/c" });
}

function main(): void {
  const { values } = parseArgs({
    options: { runs: { type: "string" }, case: { type: "string" }, json: { type: "string" } },
  });
  const runs = Number(values.runs ?? 30);
  const id = values.case ?? "kube-prometheus-stack-default";
  const caseDir = join(corpus, "cases", id);
  const c = JSON.parse(readFileSync(join(caseDir, "case.json"), "utf8")) as HelmCase;

  let chart: ReturnType<typeof loadChart> | undefined;
  const load = measure(() => {
    chart = loadChart({ fs: nodeFs(), path: join(corpus, c.chart) });
  });
  const loaded = chart as NonNullable<typeof chart>;
  let output = "";
  const cold = measure(() => {
    output = renderCase(caseDir, c, loaded);
  });
  const mismatch = compareOutput(
    readFileSync(join(caseDir, "expected.yaml"), "utf8"),
    output,
    c.volatileLines,
  );
  const warm: Sample[] = [];
  for (let i = 0; i < runs; i++) warm.push(measure(() => renderCase(caseDir, c, loaded)));
  const memory = process.memoryUsage();
  const peakRssMiB = process.resourceUsage().maxRSS / 1024;

  // tpl scaling: 40 templates x N calls, warm (second render timed).
  const tplRuns = (calls: number) => {
    const small = tplChart(40, calls);
    helmTemplate({ chart: small, releaseName: "r" });
    return median(
      Array.from({ length: 5 }, () => measure(() => helmTemplate({ chart: small, releaseName: "r" })).cpuMs),
    );
  };
  const tpl1 = tplRuns(50);
  const tpl4 = tplRuns(200);

  const wallMs = warm.map((s) => s.wallMs);
  const cpuMs = warm.map((s) => s.cpuMs);
  const report = {
    case: id,
    outputLines: output.split("\n").length,
    identical: mismatch === undefined,
    loadMs: load.wallMs,
    coldRender: cold,
    warm: {
      runs,
      wallMedianMs: median(wallMs),
      wallP90Ms: percentile(wallMs, 90),
      cpuMedianMs: median(cpuMs),
      cpuP90Ms: percentile(cpuMs, 90),
    },
    heapUsedMiB: memory.heapUsed / 2 ** 20,
    peakRssMiB,
    tpl: { calls2000CpuMs: tpl1, calls8000CpuMs: tpl4, ratio: tpl4 / tpl1 },
  };
  const f = (n: number) => n.toFixed(1);
  console.log(
    `helm render of ${id} (${report.outputLines} lines, output ${report.identical ? "identical to helm template" : `DIFFERS: ${mismatch}`})`,
  );
  console.log(`  load chart (cold)      ${f(load.wallMs)} ms`);
  console.log(`  first render (cold)    ${f(cold.wallMs)} ms wall, ${f(cold.cpuMs)} ms CPU`);
  console.log(
    `  warm render x${runs}       median ${f(report.warm.wallMedianMs)} ms wall (p90 ${f(report.warm.wallP90Ms)}), median ${f(report.warm.cpuMedianMs)} ms CPU (p90 ${f(report.warm.cpuP90Ms)})`,
  );
  console.log(`  memory                 heap ${f(report.heapUsedMiB)} MiB, peak RSS ${f(peakRssMiB)} MiB`);
  console.log(
    `  tpl 2000 -> 8000 calls ${f(tpl1)} -> ${f(tpl4)} ms CPU (x${report.tpl.ratio.toFixed(2)}; linear is x4)`,
  );
  console.log(
    `  goal: warm render under 100 ms: ${report.warm.cpuMedianMs < 100 ? "met" : "not met"} (CPU time; wall time also counts waiting for a busy CPU)`,
  );
  if (values.json) writeFileSync(values.json, `${JSON.stringify(report, null, 2)}\n`);
}

main();
