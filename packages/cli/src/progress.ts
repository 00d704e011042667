import type { TransferProgress } from "@gitops-kit/source";

/**
 * A one-line progress bar on standard error while a source downloads, drawn only when standard error is
 * a terminal (never in pipes, logs or tests). `done()` clears the line.
 */
export function terminalProgress(): { onProgress?: (p: TransferProgress) => void; done(): void } {
  const stream = process.stderr;
  if (!stream.isTTY) return { done() {} };
  let last = 0;
  let drawn = false;
  const onProgress = (p: TransferProgress) => {
    const now = Date.now();
    if (now - last < 100 && p.done !== p.total) return;
    last = now;
    const width = 24;
    const ratio = p.total ? Math.min(1, p.done / p.total) : undefined;
    const bar = ratio === undefined ? "" : `[${"#".repeat(Math.round(ratio * width)).padEnd(width, ".")}] `;
    const amount =
      p.unit === "bytes"
        ? `${mib(p.done)}${p.total ? ` / ${mib(p.total)}` : ""}`
        : `${p.done}${p.total ? ` / ${p.total}` : ""} objects`;
    const columns = stream.columns || 80;
    const line = `${bar}${amount} ${p.what}`.slice(0, columns - 1);
    stream.write(`\r${line}\x1b[K`);
    drawn = true;
  };
  return {
    onProgress,
    done() {
      if (drawn) stream.write("\r\x1b[K");
    },
  };
}

function mib(bytes: number): string {
  return bytes < 1024 * 1024 ? `${(bytes / 1024).toFixed(1)} KiB` : `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}
