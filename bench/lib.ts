/**
 * Timing helpers for the benchmarks: an in-process function and a child process are timed the same
 * way (wall clock, after warm-up runs), and summarised by their median.
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { performance } from "node:perf_hooks";

/** How many times to run, after how many untimed warm-up runs. */
export interface TimingOptions {
  runs: number;
  warmup: number;
}

/** Wall-clock milliseconds of each timed run. */
export type Samples = number[];

/** The median of the samples (mean of the two middle ones for an even count). */
export function median(samples: Samples): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Time an in-process function (sync or async); its result is discarded. */
export async function timeFunction(fn: () => unknown, options: TimingOptions): Promise<Samples> {
  for (let i = 0; i < options.warmup; i++) await fn();
  const samples: Samples = [];
  for (let i = 0; i < options.runs; i++) {
    const start = performance.now();
    await fn();
    samples.push(performance.now() - start);
  }
  return samples;
}

/** A command to run as a child process. */
export interface ChildCommand {
  command: string;
  args: string[];
  cwd?: string;
}

/** Run a command once and return its stdout; a non-zero exit throws with its stderr. */
export function runChild(child: ChildCommand): string {
  const result = spawnSync(child.command, child.args, {
    cwd: child.cwd,
    encoding: "utf8",
    maxBuffer: 1 << 30,
    stdio: ["ignore", "pipe", "pipe"],
  });
  if (result.error) throw result.error;
  if (result.status !== 0) {
    throw new Error(
      `${child.command} ${child.args.join(" ")} exited ${result.status}: ${result.stderr.trim()}`,
    );
  }
  return result.stdout;
}

/** Time a child process from spawn to exit (so its start-up time is included, as a user would see it). */
export async function timeChild(child: ChildCommand, options: TimingOptions): Promise<Samples> {
  return timeFunction(() => runChild(child), options);
}

/** Whether a command can be started at all (e.g. `kubectl` is installed). */
export function commandExists(command: string, args: string[] = ["version", "--client"]): boolean {
  const result = spawnSync(command, args, { stdio: "ignore" });
  return !result.error;
}

/** One run of a command under GNU time (`/usr/bin/time`): its output, wall and CPU time, peak RSS. */
export interface TimedRun {
  stdout: string;
  wallMs: number;
  /** User + system CPU; NaN without GNU time. */
  cpuMs: number;
  /** Max RSS in MiB; undefined without GNU time. */
  peakMiB?: number;
}

/** Run a command to exit, timed by GNU time when the machine has it; throws when the command fails. */
export function runTimed(command: string, args: string[], env?: NodeJS.ProcessEnv): TimedRun {
  const gnuTime = existsSync("/usr/bin/time");
  const t0 = performance.now();
  const r = gnuTime
    ? spawnSync("/usr/bin/time", ["-f", "gnu-time %U %S %M", command, ...args], {
        encoding: "utf8",
        maxBuffer: 1 << 30,
        env,
      })
    : spawnSync(command, args, { encoding: "utf8", maxBuffer: 1 << 30, env });
  const wallMs = performance.now() - t0;
  if (!gnuTime) return { stdout: r.stdout, wallMs, cpuMs: Number.NaN };
  const m = /gnu-time ([\d.]+) ([\d.]+) (\d+)/.exec(r.stderr ?? "");
  if (r.status !== 0 || !m) throw new Error(`${command} ${args.join(" ")} failed: ${r.stderr}`);
  return {
    stdout: r.stdout,
    wallMs,
    cpuMs: (Number(m[1]) + Number(m[2])) * 1000,
    peakMiB: Number(m[3]) / 1024,
  };
}
