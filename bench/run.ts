/**
 * Benchmark harness: `npm run bench -- [name ...] [--runs N] [--warmup N] [--json FILE] [--list]`.
 *
 * For each registered benchmark that can run here, times our in-process implementation and the
 * reference tool (a child process) in the same session on the same inputs, checks that both print the
 * same bytes, and reports the medians and their ratio.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { BENCHMARKS } from "./benchmarks/index.js";
import type { Benchmark } from "./benchmarks/types.js";
import { median, runChild, type TimingOptions, timeChild, timeFunction } from "./lib.js";

/** The measured result of one benchmark. */
export interface BenchResult {
  name: string;
  description: string;
  /** The reference tool, e.g. `kubectl kustomize`. */
  reference: string;
  runs: number;
  /** Median wall-clock milliseconds, ours in-process. */
  oursMs: number;
  /** Median wall-clock milliseconds of the reference tool as a child process (start-up included). */
  referenceMs: number;
  /** referenceMs / oursMs: above 1 means we are faster. */
  speedup: number;
  /** Whether both produced byte-identical output. */
  identical: boolean;
}

/** Where and how a run was made: what a reader needs to weigh its figures. */
export interface BenchMeta {
  /** ISO time the run finished. */
  date: string;
  node: string;
  platform: string;
  cpus: number;
  cpuModel: string;
  /** 1-minute load average when the run finished (other work on the machine slows both sides). */
  loadAverage: number;
  runs: number;
  warmup: number;
}

/** What `--json FILE` writes; `bench/report.ts` turns it into the tables of docs/benchmarks.md. */
export interface BenchReport {
  meta: BenchMeta;
  results: BenchResult[];
}

function runMeta(options: TimingOptions): BenchMeta {
  const cpus = os.cpus();
  return {
    date: new Date().toISOString(),
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    cpus: cpus.length,
    cpuModel: cpus[0]?.model.trim() ?? "unknown",
    loadAverage: Math.round(os.loadavg()[0] * 10) / 10,
    runs: options.runs,
    warmup: options.warmup,
  };
}

/**
 * Prepare one benchmark, check that both sides print the same bytes, then time ours in-process and the
 * reference as a child process, each after its warm-up runs.
 */
export async function measure(bench: Benchmark, options: TimingOptions): Promise<BenchResult> {
  const prepared = await bench.prepare();
  try {
    const identical = (await prepared.ours()) === runChild(prepared.reference);
    const oursMs = median(await timeFunction(prepared.ours, options));
    const referenceMs = median(await timeChild(prepared.reference, options));
    return {
      name: bench.name,
      description: bench.description,
      reference: [prepared.reference.command, ...prepared.reference.args.slice(0, 1)].join(" "),
      runs: options.runs,
      oursMs,
      referenceMs,
      speedup: referenceMs / oursMs,
      identical,
    };
  } finally {
    prepared.cleanup?.();
  }
}

const fmt = (ms: number) => (ms >= 100 ? ms.toFixed(0) : ms.toFixed(2));

async function main(argv: string[]): Promise<number> {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (err) {
    console.error(
      `${(err as Error).message}\nusage: npm run bench -- [name ...] [--runs N] [--warmup N] [--json FILE] [--list]`,
    );
    return 2;
  }
  const { values, positionals } = parsed;
  const runs = Number(values.runs ?? 10);
  const warmup = Number(values.warmup ?? 1);
  if (!Number.isInteger(runs) || runs < 1 || !Number.isInteger(warmup) || warmup < 0) {
    console.error("--runs must be a positive integer and --warmup a non-negative integer");
    return 2;
  }
  const unknown = positionals.filter((n) => !BENCHMARKS.some((b) => b.name === n));
  if (unknown.length > 0) {
    console.error(
      `unknown benchmark(s): ${unknown.join(", ")}; known: ${BENCHMARKS.map((b) => b.name).join(", ")}`,
    );
    return 2;
  }
  const selected =
    positionals.length > 0 ? BENCHMARKS.filter((b) => positionals.includes(b.name)) : BENCHMARKS;

  const runnable: Benchmark[] = [];
  for (const bench of selected) {
    const why = await bench.unavailable();
    if (why) console.log(`${bench.name}: not run (${why})`);
    else runnable.push(bench);
    if (values.list && !why) console.log(`${bench.name}: ${bench.description}`);
  }
  if (values.list) return 0;
  if (runnable.length === 0) {
    console.log("no benchmark can run yet: their engines are not written (see bench/README.md)");
    return 0;
  }

  const results: BenchResult[] = [];
  for (const bench of runnable) {
    console.log(`${bench.name}: ${bench.description} (${runs} runs after ${warmup} warm-up)`);
    const r = await measure(bench, { runs, warmup });
    results.push(r);
    console.log(
      `  ours ${fmt(r.oursMs)} ms, ${r.reference} ${fmt(r.referenceMs)} ms: ` +
        `${r.speedup.toFixed(1)}x; output ${r.identical ? "identical" : "DIFFERS"}`,
    );
  }

  console.log("\n| benchmark | ours (median ms) | reference (median ms) | speed-up | identical output |");
  console.log("|---|---:|---:|---:|---|");
  for (const r of results) {
    console.log(
      `| ${r.name} | ${fmt(r.oursMs)} | ${fmt(r.referenceMs)} | ${r.speedup.toFixed(1)}x | ${r.identical ? "yes" : "no"} |`,
    );
  }
  if (values.json) {
    const report: BenchReport = { meta: runMeta({ runs, warmup }), results };
    mkdirSync(dirname(resolve(values.json)), { recursive: true });
    writeFileSync(resolve(values.json), `${JSON.stringify(report, null, 2)}\n`);
  }
  return 0;
}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      runs: { type: "string" },
      warmup: { type: "string" },
      json: { type: "string" },
      list: { type: "boolean" },
    },
  });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = await main(process.argv.slice(2));
}
