import { fstatSync, writeSync } from "node:fs";
import { createRequire } from "node:module";
import type { CommandIO } from "./registry.js";

/** Read a whole stream as UTF-8. */
async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === "string" ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks).toString("utf8");
}

/** File descriptors whose reader has gone away (EPIPE): later output to them is dropped, as `head` expects. */
const closed = new Set<number>();

/**
 * Write all of `text` to a file descriptor, synchronously. Going straight to the descriptor spares a
 * short command the cost of setting up `process.stdout` as a stream (a noticeable part of its start-up);
 * on Linux that stream writes synchronously to pipes, files and terminals anyway. A descriptor left
 * non-blocking by a parent process answers EAGAIN when full: wait a moment and go on.
 */
function writeText(fd: number, text: string): void {
  if (closed.has(fd)) return;
  let data = Buffer.from(text, "utf8");
  while (data.length > 0) {
    try {
      data = data.subarray(writeSync(fd, data));
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === "EAGAIN") {
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1);
      } else if (code === "EPIPE") {
        closed.add(fd);
        return;
      } else {
        throw err;
      }
    }
  }
}

/**
 * Whether a descriptor is a terminal. Pipes and files (the usual case for scripts) are answered by one
 * `fstat`; only character devices are asked of node:tty, whose loading costs a few milliseconds.
 */
function isTerminal(fd: number): boolean {
  try {
    if (!fstatSync(fd).isCharacterDevice()) return false;
    const tty = createRequire(import.meta.url)("node:tty") as typeof import("node:tty");
    return tty.isatty(fd);
  } catch {
    return false;
  }
}

/** The process's own streams, working directory, environment and terminal facts. */
export function processIO(): CommandIO {
  return {
    stdout: (text) => writeText(1, text),
    stderr: (text) => writeText(2, text),
    readStdin: () => readAll(process.stdin),
    cwd: process.cwd(),
    terminal: {
      stdout: isTerminal(1),
      stderr: isTerminal(2),
      // Only asked when drawing progress on a terminal; reading it creates the stream objects.
      get columns() {
        return process.stderr.columns || process.stdout.columns || undefined;
      },
    },
    env: process.env,
  };
}
