/**
 * The kustomize scaling curve: the generated fleet (`benchmarks/kustomize-fleet.ts`) at several sizes,
 * built in-process (warm, with and without a parse cache) and by `kubectl kustomize`, with CPU time and
 * peak memory.
 *
 *   npx tsx --conditions=source bench/kustomize-scaling.ts [--scales 1,2,4] [--kubectl-scales 1,2] [--runs 3] [--json FILE]
 *
 * Medians of wall-clock and CPU (user + system) milliseconds. CPU time is the steadier figure on a
 * machine shared with other work. kubectl's CPU time and peak memory come from GNU time
 * (`/usr/bin/time`); ours from `process.cpuUsage()` in-process, and peak memory from a separate process
 * that builds once (max RSS, Node start-up included).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { printYamlStream } from "@gitops-kit/core";
import { nodeFs } from "@gitops-kit/core/node";
import { buildKustomization, createKustomizeCache } from "@gitops-kit/kustomize";
import { FLEET_APPS, fleetTree } from "./benchmarks/kustomize-fleet.js";
import { median, runTimed } from "./lib.js";

interface Timing {
  wallMs: number;
  cpuMs: number;
}

interface Row {
  scale: number;
  objects: number;
  oursCached: Timing;
  oursUncached: Timing;
  /** Undefined when kubectl was not run at this scale. */
  kubectl?: Timing;
  identical?: boolean;
  oursPeakMiB?: number;
  kubectlPeakMiB?: number;
}

const here = dirname(fileURLToPath(import.meta.url));

function medianTiming(samples: Timing[]): Timing {
  return { wallMs: median(samples.map((s) => s.wallMs)), cpuMs: median(samples.map((s) => s.cpuMs)) };
}

function timeOurs(fn: () => unknown, runs: number): Timing {
  const samples: Timing[] = [];
  for (let i = 0; i < runs; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    fn();
    const wallMs = performance.now() - t0;
    const c = process.cpuUsage(c0);
    samples.push({ wallMs, cpuMs: (c.user + c.system) / 1000 });
  }
  return medianTiming(samples);
}

function fmt(t: Timing | undefined): string {
  return t ? `${t.wallMs.toFixed(0)} ms wall / ${t.cpuMs.toFixed(0)} ms CPU` : "not run";
}

function main(): void {
  const { values } = parseArgs({
    options: {
      scales: { type: "string" },
      "kubectl-scales": { type: "string" },
      runs: { type: "string" },
      json: { type: "string" },
    },
  });
  const scales = (values.scales ?? "1,2,4").split(",").map(Number);
  // kubectl grows faster than linearly: large scales can be left to ours alone.
  const kubectlScales = (values["kubectl-scales"] ?? values.scales ?? "1,2,4").split(",").map(Number);
  const runs = Number(values.runs ?? 3);
  const rows: Row[] = [];
  for (const scale of scales) {
    const root = mkdtempSync(join(tmpdir(), "gitops-kit-bench-scaling-"));
    try {
      for (const [p, text] of Object.entries(fleetTree(FLEET_APPS * scale))) {
        mkdirSync(dirname(join(root, p)), { recursive: true });
        writeFileSync(join(root, p), text);
      }
      const fs = nodeFs();
      const cache = createKustomizeCache();
      const build = (withCache: boolean) =>
        printYamlStream(
          buildKustomization({ fs, path: root, cache: withCache ? cache : undefined }).resources,
        );
      const ours = build(true);
      build(false);
      const oursCached = timeOurs(() => build(true), runs);
      const oursUncached = timeOurs(() => build(false), runs);
      const tsx = resolve(here, "../node_modules/.bin/tsx");
      const once = runTimed(tsx, ["--conditions=source", join(here, "kustomize-build-once.ts"), root]);
      const row: Row = {
        scale,
        objects: (ours.match(/^kind: /gm) ?? []).length,
        oursCached,
        oursUncached,
        oursPeakMiB: once.peakMiB,
      };
      if (kubectlScales.includes(scale)) {
        const samples: Timing[] = [];
        let peak = 0;
        for (let i = 0; i < runs; i++) {
          const r = runTimed("kubectl", ["kustomize", root]);
          samples.push(r);
          peak = Math.max(peak, r.peakMiB ?? 0);
          row.identical = (row.identical ?? true) && r.stdout === ours;
        }
        row.kubectl = medianTiming(samples);
        row.kubectlPeakMiB = peak || undefined;
      }
      rows.push(row);
      const ratio = (a: Timing, b: Timing | undefined) =>
        b ? `${(a.wallMs / b.wallMs).toFixed(3)} wall, ${(a.cpuMs / b.cpuMs).toFixed(3)} CPU` : "-";
      console.log(
        `${scale}x (${row.objects} objects): ours ${fmt(oursCached)} (cache), ${fmt(oursUncached)} (no cache); kubectl ${fmt(row.kubectl)}; ratio ${ratio(oursCached, row.kubectl)} (cache), ${ratio(oursUncached, row.kubectl)} (no cache); peak ${row.oursPeakMiB?.toFixed(0) ?? "?"} MiB vs ${row.kubectlPeakMiB?.toFixed(0) ?? "?"} MiB; ${row.identical === undefined ? "kubectl not run" : row.identical ? "identical" : "DIFFERS"}`,
      );
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  }
  if (values.json) writeFileSync(values.json, `${JSON.stringify(rows, null, 2)}\n`);
}

main();
