/**
 * The cold `gitops-kit kustomize build` (a new process per build, as a CI step or a script runs it)
 * against `kubectl kustomize`, on small conformance cases and on the generated fleet at several sizes.
 *
 *   npx tsx --conditions=source bench/kustomize-cli.ts [--runs 5] [--fleet-scales 1,2,4] [--kubectl-fleet-scales 1,2] [--json FILE]
 *
 * The CLI is bundled first (packages/cli/scripts/bundle.mjs, into a temporary directory) exactly as
 * `npm run build` publishes it. Each run of ours is a fresh `node` process; its V8 code cache (kept in
 * the user's cache directory) is warmed by one unmeasured run, like a second invocation on a developer
 * machine; a row "no code cache" shows the very first run's cost. Runs of ours and kubectl alternate so
 * that load from other work hits both alike. Wall and CPU (user + system) medians; peak RSS from GNU time.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { FLEET_APPS, fleetTree } from "./benchmarks/kustomize-fleet.js";
import { median, runTimed, type TimedRun } from "./lib.js";

const here = dirname(fileURLToPath(import.meta.url));
const CORPUS = join(here, "../../shared/conformance/kustomize/cases");
const SMALL_CASES = [
  "examples__breakfast__1",
  "baseandoverlaymedium__TestMediumOverlay",
  "complexcomposition__TestComplexComposition_Prod_SuccessWithBaseTransformers",
];

interface Row {
  tree: string;
  objects: number;
  ours: Summary;
  oursNoCache?: Summary;
  /** Ours with NODE_EXTRA_CA_CERTS unset (only when the environment sets it). */
  oursNoExtraCa?: Summary;
  kubectl?: Summary;
  identical?: boolean;
}

interface Summary {
  wallMs: number;
  cpuMs: number;
  peakMiB: number;
}

function summary(samples: TimedRun[]): Summary {
  return {
    wallMs: median(samples.map((s) => s.wallMs)),
    cpuMs: median(samples.map((s) => s.cpuMs)),
    peakMiB: Math.max(...samples.map((s) => s.peakMiB ?? 0)),
  };
}

function writeTree(root: string, files: Record<string, string>): void {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
}

function main(): void {
  const { values } = parseArgs({
    options: {
      runs: { type: "string" },
      "fleet-scales": { type: "string" },
      "kubectl-fleet-scales": { type: "string" },
      json: { type: "string" },
    },
  });
  const runs = Number(values.runs ?? 5);
  const fleetScales = (values["fleet-scales"] ?? "1,2,4").split(",").filter(Boolean).map(Number);
  const kubectlFleetScales = (values["kubectl-fleet-scales"] ?? "1,2").split(",").filter(Boolean).map(Number);
  if (!existsSync("/usr/bin/time")) throw new Error("this benchmark needs GNU time (/usr/bin/time)");

  const work = mkdtempSync(join(tmpdir(), "gitops-kit-bench-cli-"));
  try {
    const bundled = spawnSync(
      process.execPath,
      [join(here, "../packages/cli/scripts/bundle.mjs"), join(work, "cli")],
      {
        encoding: "utf8",
      },
    );
    if (bundled.status !== 0) throw new Error(`bundling the CLI failed: ${bundled.stderr}`);
    const bin = join(work, "cli/gitops-kit.cjs");
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      XDG_CACHE_HOME: join(work, "cache"),
      GITOPS_KIT_NO_COMPILE_CACHE: "",
    };
    const noCacheEnv = { ...env, GITOPS_KIT_NO_COMPILE_CACHE: "1" };
    const extraCa = process.env.NODE_EXTRA_CA_CERTS !== undefined;
    const { NODE_EXTRA_CA_CERTS: _, ...noExtraCaEnv } = env;
    const ours = (path: string, e = env) => runTimed(process.execPath, [bin, "kustomize", "build", path], e);
    const kubectl = (path: string) => runTimed("kubectl", ["kustomize", path], env);

    // Node's own start-up, the floor under every cold row.
    const empty = (e: NodeJS.ProcessEnv) => runTimed(process.execPath, ["-e", "0"], e);
    const emptySamples = Array.from({ length: runs }, () => empty(env));
    const rows: Row[] = [
      {
        tree: "node -e 0",
        objects: 0,
        ours: summary(emptySamples),
        oursNoExtraCa: extraCa ? summary(Array.from({ length: runs }, () => empty(noExtraCaEnv))) : undefined,
      },
    ];
    console.log(
      `node -e 0: ${rows[0].ours.wallMs.toFixed(0)} ms wall` +
        (rows[0].oursNoExtraCa
          ? `; without NODE_EXTRA_CA_CERTS ${rows[0].oursNoExtraCa.wallMs.toFixed(0)} ms`
          : ""),
    );

    const trees: { name: string; path: string; kubectl: boolean; runs: number }[] = [];
    for (const id of SMALL_CASES) {
      if (!existsSync(join(CORPUS, id))) continue;
      const meta = JSON.parse(readFileSync(join(CORPUS, id, "case.json"), "utf8")) as { root: string };
      trees.push({ name: id, path: join(CORPUS, id, "input", meta.root), kubectl: true, runs });
    }
    for (const scale of fleetScales) {
      const root = join(work, `fleet-${scale}x`);
      writeTree(root, fleetTree(FLEET_APPS * scale));
      trees.push({
        name: `fleet ${scale}x`,
        path: root,
        kubectl: kubectlFleetScales.includes(scale),
        runs: Math.max(1, Math.min(runs, 3)),
      });
    }

    ours(trees[0]?.path ?? "."); // warms the code cache
    for (const tree of trees) {
      const small = !tree.name.startsWith("fleet");
      const oursSamples: TimedRun[] = [];
      const noCache: TimedRun[] = [];
      const noExtraCa: TimedRun[] = [];
      const ref: TimedRun[] = [];
      for (let i = 0; i < tree.runs; i++) {
        oursSamples.push(ours(tree.path));
        if (small) noCache.push(ours(tree.path, noCacheEnv));
        if (small && extraCa) noExtraCa.push(ours(tree.path, noExtraCaEnv));
        if (tree.kubectl) ref.push(kubectl(tree.path));
      }
      const out = oursSamples[0]?.stdout ?? "";
      const row: Row = {
        tree: tree.name,
        objects: (out.match(/^kind: /gm) ?? []).length,
        ours: summary(oursSamples),
        oursNoCache: noCache.length ? summary(noCache) : undefined,
        oursNoExtraCa: noExtraCa.length ? summary(noExtraCa) : undefined,
      };
      if (ref.length) {
        row.kubectl = summary(ref);
        row.identical = ref.every((s) => s.stdout === out);
      }
      rows.push(row);
      const ratio = row.kubectl
        ? ` = ${(row.ours.wallMs / row.kubectl.wallMs).toFixed(2)}x wall, ${(row.ours.cpuMs / row.kubectl.cpuMs).toFixed(2)}x CPU` +
          (row.oursNoExtraCa
            ? `; without NODE_EXTRA_CA_CERTS ${row.oursNoExtraCa.wallMs.toFixed(0)} ms = ${(row.oursNoExtraCa.wallMs / row.kubectl.wallMs).toFixed(2)}x`
            : "")
        : "";
      console.log(
        `${tree.name} (${row.objects} objects): ours ${row.ours.wallMs.toFixed(0)} ms wall / ${row.ours.cpuMs.toFixed(0)} ms CPU / ${row.ours.peakMiB.toFixed(0)} MiB` +
          (row.oursNoCache
            ? `; no code cache ${row.oursNoCache.wallMs.toFixed(0)} ms wall / ${row.oursNoCache.cpuMs.toFixed(0)} ms CPU`
            : "") +
          (row.kubectl
            ? `; kubectl ${row.kubectl.wallMs.toFixed(0)} ms wall / ${row.kubectl.cpuMs.toFixed(0)} ms CPU / ${row.kubectl.peakMiB.toFixed(0)} MiB${ratio}; identical: ${row.identical}`
            : ""),
      );
    }
    if (values.json) writeFileSync(values.json, `${JSON.stringify({ runs, extraCa, rows }, null, 2)}\n`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

main();
