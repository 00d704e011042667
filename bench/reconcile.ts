// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${var} is postBuild substitution syntax
/**
 * `bench/reconcile`: a Flux Kustomization over the generated kustomize fleet (`benchmarks/kustomize-fleet.ts`,
 * about 2 000 objects at 1x) with postBuild substitutions (`substitute` and a `substituteFrom` ConfigMap),
 * reconciled into a `MemoryCluster` with `reconcileKustomization`. There is no reference tool (no
 * cluster here); it reports our own throughput and memory.
 *
 *   npx tsx --conditions=source bench/reconcile.ts [--scales 1,2,4] [--runs 3] [--no-cache] [--json FILE]
 *
 * Per scale, in a child process of its own (so that peak memory is that scale's): the median wall time of
 * a first reconcile into an empty cluster (every object created), of the same revision again (every
 * object unchanged) and of a next revision that changes every app's settings and drops a tenth of the
 * apps (configured + pruned); resources per second for each; the build alone; and the child's peak RSS.
 * Like a controller process, the child keeps one `createKustomizeCache()` for all its reconciles (so a
 * revision seen before is not parsed again); `--no-cache` reconciles without one.
 */
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { MemoryCluster, memFs } from "@gitops-kit/core";
import {
  buildFluxKustomization,
  createKustomizeCache,
  type FluxKustomization,
  type KustomizeCache,
  parseFluxKustomization,
  reconcileKustomization,
} from "@gitops-kit/kustomize";
import { FLEET_APPS, fleetTree } from "./benchmarks/kustomize-fleet.js";
import { median } from "./lib.js";

const ENVIRONMENTS = ["dev", "staging", "prod"];

/** The fleet with `${var}` references in every Deployment and Service, and the Namespaces it needs. */
export function substitutedFleet(apps: number, revision = 1): Record<string, string> {
  const tree = fleetTree(apps);
  const files: Record<string, string> = {};
  for (const [path, text] of Object.entries(tree)) {
    let out = text;
    if (path.endsWith("/base/deployment.yaml")) {
      out = out.replace(
        "metadata:\n",
        "metadata:\n  annotations:\n    example.com/cluster: ${cluster_name}\n    example.com/region: ${region:=eu-west-1}\n    example.com/revision: r${fleet_revision}\n",
      );
    } else if (path.endsWith("/base/service.yaml")) {
      out = out.replace("metadata:\n", "metadata:\n  labels:\n    example.com/owner: ${owner}\n");
    }
    files[path] = out;
  }
  files["namespaces.yaml"] = ENVIRONMENTS.map(
    (name) => `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${name}\n`,
  ).join("---\n");
  files["kustomization.yaml"] = `${files["kustomization.yaml"]}- namespaces.yaml\n`;
  // Revision 2 changes every Deployment (through the substituted revision) and drops a tenth of the apps.
  if (revision > 1) {
    const kept = apps - Math.floor(apps / 10);
    for (const env of ENVIRONMENTS) {
      const path = `envs/${env}/kustomization.yaml`;
      const lines = files[path].split("\n");
      files[path] = lines
        .filter((line) => {
          const m = /svc-(\d+)\//.exec(line);
          return !m || Number(m[1]) < kept;
        })
        .join("\n");
    }
  }
  return files;
}

function fluxKustomization(revision: number): FluxKustomization {
  return parseFluxKustomization({
    object: {
      apiVersion: "kustomize.toolkit.fluxcd.io/v1",
      kind: "Kustomization",
      metadata: { name: "fleet", namespace: "flux-system" },
      spec: {
        interval: "10m",
        path: "./",
        prune: true,
        sourceRef: { kind: "GitRepository", name: "fleet" },
        postBuild: {
          substitute: { cluster_name: "bench", fleet_revision: String(revision) },
          substituteFrom: [{ kind: "ConfigMap", name: "cluster-vars" }],
        },
      },
    },
  });
}

function newCluster(): MemoryCluster {
  const cluster = new MemoryCluster({ namespaces: ["default", "flux-system"] });
  cluster.applySync({
    objects: [
      {
        apiVersion: "v1",
        kind: "ConfigMap",
        metadata: { name: "cluster-vars", namespace: "flux-system" },
        data: { owner: "platform", region: "eu-central-1" },
      },
    ],
    fieldManager: "bench",
  });
  return cluster;
}

interface Sample {
  wall: number;
  cpu: number;
}

/** Medians of wall and CPU milliseconds. */
interface Timing {
  ms: number;
  cpuMs: number;
}

interface Row {
  scale: number;
  objects: number;
  build: Timing;
  create: Timing;
  unchanged: Timing;
  update: Timing;
  /** Objects configured and pruned by the second revision. */
  configured: number;
  pruned: number;
  peakMiB: number;
}

async function reconcileOnce(
  cluster: MemoryCluster,
  files: Record<string, string>,
  revision: number,
  ks: FluxKustomization,
  cache: KustomizeCache | undefined,
) {
  const result = await reconcileKustomization({
    kustomization: ks,
    artifact: { fs: memFs(files), root: "/", revision: `main@sha1:${String(revision).padStart(40, "0")}` },
    cluster,
    cache,
  });
  if (!result.ready) throw new Error(`reconcile not ready: ${result.reason}: ${result.error?.message}`);
  return result;
}

/** One scale, measured in this process (the parent runs each scale in a child). */
async function measure(scale: number, runs: number, useCache: boolean): Promise<Row> {
  const cache = useCache ? createKustomizeCache() : undefined;
  const apps = FLEET_APPS * scale;
  const rev1 = substitutedFleet(apps, 1);
  const rev2 = substitutedFleet(apps, 2);
  const ks1 = fluxKustomization(1);
  const ks2 = fluxKustomization(2);

  // Wall time, and this process's CPU time (user + system), which other load on the machine inflates less.
  const timed = async (fn: () => Promise<unknown>): Promise<Sample> => {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    await fn();
    const wall = performance.now() - t0;
    const cpu = process.cpuUsage(c0);
    return { wall, cpu: (cpu.user + cpu.system) / 1000 };
  };
  const build = () =>
    buildFluxKustomization({ fs: memFs(rev1), root: "/", kustomization: ks1, cluster: newCluster(), cache });

  const first = await build(); // warm-up, and the object count
  const buildTiming = summary(await series(runs, () => timed(build)));

  const create: Sample[] = [];
  const unchanged: Sample[] = [];
  const update: Sample[] = [];
  let configured = 0;
  let pruned = 0;
  // One untimed round warms the JIT; then `runs` timed rounds, each on a fresh cluster.
  for (let i = 0; i <= runs; i++) {
    const cluster = newCluster();
    let ks = ks1;
    let created!: Awaited<ReturnType<typeof reconcileOnce>>;
    const tCreate = await timed(async () => {
      created = await reconcileOnce(cluster, rev1, 1, ks, cache);
    });
    ks = { ...ks, status: created.status };
    let again!: Awaited<ReturnType<typeof reconcileOnce>>;
    const tUnchanged = await timed(async () => {
      again = await reconcileOnce(cluster, rev1, 1, ks, cache);
    });
    if (again.applied.some((e) => e.action !== "unchanged"))
      throw new Error("second reconcile changed objects");
    ks = { ...ks2, status: again.status };
    let next!: Awaited<ReturnType<typeof reconcileOnce>>;
    const tUpdate = await timed(async () => {
      next = await reconcileOnce(cluster, rev2, 2, ks, cache);
    });
    configured = next.applied.filter((e) => e.action === "configured").length;
    pruned = next.pruned.length;
    if (i === 0) continue;
    create.push(tCreate);
    unchanged.push(tUnchanged);
    update.push(tUpdate);
  }
  return {
    scale,
    objects: first.objects.length,
    build: buildTiming,
    create: summary(create),
    unchanged: summary(unchanged),
    update: summary(update),
    configured,
    pruned,
    peakMiB: process.resourceUsage().maxRSS / 1024,
  };
}

function summary(samples: Sample[]): Timing {
  return { ms: median(samples.map((s) => s.wall)), cpuMs: median(samples.map((s) => s.cpu)) };
}

async function series(n: number, fn: () => Promise<Sample>): Promise<Sample[]> {
  const out: Sample[] = [];
  for (let i = 0; i < n; i++) out.push(await fn());
  return out;
}

function perSecond(objects: number, ms: number): string {
  return Math.round((objects * 1000) / ms).toLocaleString("en-US");
}

/** `wall (cpu)` milliseconds. */
function ms(t: Timing): string {
  return `${t.ms.toFixed(0)} (${t.cpuMs.toFixed(0)})`;
}

/** Objects per second of wall time (per second of CPU time). */
function rate(objects: number, t: Timing): string {
  return `${perSecond(objects, t.ms)} (${perSecond(objects, t.cpuMs)})`;
}

function table(rows: Row[]): string {
  const header = [
    "scale",
    "objects",
    "build ms (cpu)",
    "create ms (cpu)",
    "create obj/s (per cpu-s)",
    "unchanged ms (cpu)",
    "unchanged obj/s (per cpu-s)",
    "next revision ms (cpu)",
    "configured / pruned",
    "peak RSS MiB",
  ];
  const body = rows.map((r) => [
    `${r.scale}x`,
    String(r.objects),
    ms(r.build),
    ms(r.create),
    rate(r.objects, r.create),
    ms(r.unchanged),
    rate(r.objects, r.unchanged),
    ms(r.update),
    `${r.configured} / ${r.pruned}`,
    r.peakMiB.toFixed(0),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => row[i].length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(" | ")} |`;
  return [line(header), line(widths.map((w) => "-".repeat(w))), ...body.map(line)].join("\n");
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      scales: { type: "string" },
      runs: { type: "string" },
      json: { type: "string" },
      child: { type: "string" },
      "no-cache": { type: "boolean" },
    },
  });
  const useCache = !values["no-cache"];
  const runs = Number(values.runs ?? 3);
  if (values.child !== undefined) {
    process.stdout.write(`${JSON.stringify(await measure(Number(values.child), runs, useCache))}\n`);
    return;
  }
  const rows: Row[] = [];
  for (const scale of (values.scales ?? "1").split(",").map(Number)) {
    const child = spawnSync(
      process.execPath,
      [
        ...process.execArgv,
        fileURLToPath(import.meta.url),
        "--child",
        String(scale),
        "--runs",
        String(runs),
        ...(useCache ? [] : ["--no-cache"]),
      ],
      { encoding: "utf8", maxBuffer: 1 << 26 },
    );
    if (child.status !== 0) throw new Error(`scale ${scale} failed:\n${child.stderr}`);
    rows.push(JSON.parse(child.stdout.trim().split("\n").pop() ?? ""));
    console.error(`${scale}x done`);
  }
  console.log(table(rows));
  if (values.json) writeFileSync(values.json, `${JSON.stringify(rows, null, 2)}\n`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
