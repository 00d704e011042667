/**
 * Peak memory of resolving a chart in a generated 20 MB index.yaml, in a fresh process: generate the
 * index to a file, then (in a child process, so the generator's memory does not count) read, parse and
 * resolve once, and print the time and the child's peak resident set size.
 *
 *   npx tsx --conditions=source bench/source-helm-index-peak.ts [--full]
 *
 * `--full` decodes every chart (the strict whole-index parse) instead of only the one resolved.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { findChartVersion, parseHelmIndex } from "@gitops-kit/source";
import { generateHelmIndex } from "../packages/source/test/helm-fixtures.js";
import { CHART, INDEX_BYTES } from "./benchmarks/source-helm-index.js";

const [mode, file] = process.argv.slice(2).filter((a) => a !== "--full");
const full = process.argv.includes("--full");

if (mode === "--child") {
  const { readFileSync } = await import("node:fs");
  const start = performance.now();
  const cpu = process.cpuUsage();
  const { index } = parseHelmIndex({ data: readFileSync(file), charts: full ? undefined : [CHART] });
  const chosen = findChartVersion({ index, chart: CHART });
  const ms = performance.now() - start;
  const used = process.cpuUsage(cpu);
  const peak = process.resourceUsage().maxRSS / 1024;
  console.log(
    `${full ? "full" : "targeted"} parse + resolve ${chosen.name} ${chosen.version}: ${ms.toFixed(0)} ms wall, ` +
      `${((used.user + used.system) / 1000).toFixed(0)} ms CPU, peak RSS ${peak.toFixed(0)} MiB (process total, runtime included)`,
  );
} else {
  const root = mkdtempSync(join(tmpdir(), "gitops-kit-helm-index-peak-"));
  try {
    const index = join(root, "index.yaml");
    writeFileSync(index, generateHelmIndex({ targetBytes: INDEX_BYTES }));
    const self = fileURLToPath(import.meta.url);
    const args = [
      "--conditions=source",
      "--import",
      "tsx",
      self,
      "--child",
      index,
      ...(full ? ["--full"] : []),
    ];
    process.stdout.write(execFileSync(process.execPath, args, { encoding: "utf8" }));
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
