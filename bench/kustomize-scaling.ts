/**
 * The kustomize scaling curve: the generated fleet (`benchmarks/kustomize-fleet.ts`) at 1x, 2x and 4x,
 * built in-process (warm, with and without a parse cache) and by `kubectl kustomize`, with peak memory.
 *
 *   npx tsx --conditions=source bench/kustomize-scaling.ts [--scales 1,2,4] [--kubectl-scales 1,2] [--runs 3] [--json FILE]
 *
 * Wall-clock medians; kubectl's peak memory from `/usr/bin/time -v` (max RSS), ours from a separate
 * process that builds once (max RSS, Node start-up included) when `/usr/bin/time` exists.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { printYamlStream } from "@gitops-kit/core";
import { nodeFs } from "@gitops-kit/core/node";
import { buildKustomization, createKustomizeCache } from "@gitops-kit/kustomize";
import { FLEET_APPS, fleetTree } from "./benchmarks/kustomize-fleet.js";
import { median } from "./lib.js";

interface Row {
  scale: number;
  objects: number;
  oursCachedMs: number;
  oursUncachedMs: number;
  kubectlMs: number;
  /** Undefined when kubectl was not run at this scale (its time is then NaN). */
  identical?: boolean;
  oursPeakMiB?: number;
  kubectlPeakMiB?: number;
}

const here = dirname(fileURLToPath(import.meta.url));

function time(fn: () => unknown, runs: number): number {
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn();
    samples.push(performance.now() - t0);
  }
  return median(samples);
}

/** Max RSS in MiB of a command, via GNU time. */
function peakMiB(command: string, args: string[]): number | undefined {
  if (!existsSync("/usr/bin/time")) return undefined;
  const r = spawnSync("/usr/bin/time", ["-v", command, ...args], { encoding: "utf8", maxBuffer: 1 << 30 });
  const m = /Maximum resident set size \(kbytes\): (\d+)/.exec(r.stderr ?? "");
  return m ? Number(m[1]) / 1024 : undefined;
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
      const oursCachedMs = time(() => build(true), runs);
      const oursUncachedMs = time(() => build(false), runs);
      const withKubectl = kubectlScales.includes(scale);
      const reference = withKubectl
        ? execFileSync("kubectl", ["kustomize", root], { maxBuffer: 1 << 30, encoding: "utf8" })
        : undefined;
      const kubectlMs = withKubectl
        ? time(() => execFileSync("kubectl", ["kustomize", root], { maxBuffer: 1 << 30 }), runs)
        : Number.NaN;
      const script = join(here, "kustomize-build-once.ts");
      const tsx = resolve(here, "../node_modules/.bin/tsx");
      rows.push({
        scale,
        objects: (ours.match(/^kind: /gm) ?? []).length,
        oursCachedMs,
        oursUncachedMs,
        kubectlMs,
        identical: reference === undefined ? undefined : ours === reference,
        oursPeakMiB: peakMiB(tsx, ["--conditions=source", script, root]),
        kubectlPeakMiB: withKubectl ? peakMiB("kubectl", ["kustomize", root]) : undefined,
      });
      const r = rows[rows.length - 1];
      console.log(
        `${scale}x: ${r.objects} objects; ours ${r.oursCachedMs.toFixed(0)} ms (cache) / ${r.oursUncachedMs.toFixed(0)} ms (no cache), kubectl ${r.kubectlMs.toFixed(0)} ms; ratio ${(r.oursCachedMs / r.kubectlMs).toFixed(3)} / ${(r.oursUncachedMs / r.kubectlMs).toFixed(3)}; peak ${r.oursPeakMiB?.toFixed(0) ?? "?"} MiB vs ${r.kubectlPeakMiB?.toFixed(0) ?? "?"} MiB; ${r.identical === undefined ? "kubectl not run" : r.identical ? "identical" : "DIFFERS"}`,
      );
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  }
  if (values.json) writeFileSync(values.json, `${JSON.stringify(rows, null, 2)}\n`);
}

main();
