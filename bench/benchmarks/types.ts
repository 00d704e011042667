import type { ChildCommand } from "../lib.js";

/** Inputs made ready for one benchmark: the two things to time and how to compare their outputs. */
export interface PreparedBenchmark {
  /** Our in-process implementation; returns its output (text) so it can be compared. */
  ours: () => Promise<string> | string;
  /** The reference tool, run as a child process; its stdout is the reference output. */
  reference: ChildCommand;
  /** Remove temporary inputs. */
  cleanup?: () => void;
}

/** One registered benchmark. */
export interface Benchmark {
  name: string;
  /** What is measured, one line. */
  description: string;
  /** `undefined` when it can run here, otherwise why not (engine not written, tool not installed). */
  unavailable(): Promise<string | undefined>;
  prepare(): Promise<PreparedBenchmark>;
}
