import type { TransferProgress } from "@gitops-kit/source";
import type { CommandIO } from "./registry.js";

/** What {@link terminalProgress} returns: hand `onProgress` to a transfer, call `done()` when it ends. */
export interface Progress {
  /** Draw a transfer's progress; undefined when nothing is drawn, so engines skip the bookkeeping. */
  onProgress?: (p: TransferProgress) => void;
  /** Show what is under way, for work that reports no amounts (an upload, a tag listing). */
  status(what: string): void;
  /** Clear the line. Safe to call more than once. */
  done(): void;
}

const silent: Progress = { status() {}, done() {} };

/**
 * A one-line progress bar on standard error for network work (clone, pull, index download), drawn only
 * when standard error is a terminal and `--quiet` was not given — never in pipes, logs or CI, where it
 * would only add noise. Standard output, which carries the result, is never touched.
 */
export function terminalProgress(io: CommandIO): Progress {
  if (!io.terminal?.stderr || io.quiet) return silent;
  const columns = io.terminal.columns || 80;
  let last = 0;
  let drawn = false;
  const draw = (line: string) => {
    io.stderr(`\r${line.slice(0, columns - 1)}\x1b[K`);
    drawn = true;
  };
  return {
    onProgress(p) {
      const now = Date.now();
      // At most ten redraws a second, but always the final state.
      if (now - last < 100 && p.done !== p.total) return;
      last = now;
      draw(progressLine(p));
    },
    status(what) {
      draw(`${what} ...`);
    },
    done() {
      if (drawn) io.stderr("\r\x1b[K");
      drawn = false;
    },
  };
}

/** `[#####.....] 1.2 MiB / 3.4 MiB what` (no bar and no total when the size is unknown). */
export function progressLine(p: TransferProgress): string {
  const width = 24;
  const ratio = p.total ? Math.min(1, p.done / p.total) : undefined;
  const bar = ratio === undefined ? "" : `[${"#".repeat(Math.round(ratio * width)).padEnd(width, ".")}] `;
  const amount =
    p.unit === "bytes"
      ? `${size(p.done)}${p.total ? ` / ${size(p.total)}` : ""}`
      : `${p.done}${p.total ? ` / ${p.total}` : ""} objects`;
  return `${bar}${amount} ${p.what}`;
}

function size(bytes: number): string {
  return bytes < 1024 * 1024 ? `${(bytes / 1024).toFixed(1)} KiB` : `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}
