import { type OutputFormat, printResult } from "./output.js";

/** What every `source pull` command reports: the fetched revision, the artifact digest and where it wrote. */
export interface PullSummary {
  revision: string;
  digest: string;
  out: string;
}

/**
 * A pull's result: with `-o yaml|json` the summary as given (with any fields the command adds), as text its
 * revision, digest and `wrote <wrote> to <out>`.
 */
export function printPullResult(summary: PullSummary, format: OutputFormat, wrote: string): string {
  return printResult(
    summary,
    format,
    () => `revision: ${summary.revision}\ndigest: ${summary.digest}\nwrote ${wrote} to ${summary.out}\n`,
  );
}
