import type { CommandIO } from "../src/index.js";

/** An IO that records what a command writes and serves `stdin` from a string. */
export function captureIO(stdin = "", cwd = process.cwd()): CommandIO & { out: string; err: string } {
  const io = {
    out: "",
    err: "",
    cwd,
    stdout(text: string) {
      io.out += text;
    },
    stderr(text: string) {
      io.err += text;
    },
    readStdin: async () => stdin,
  };
  return io;
}
