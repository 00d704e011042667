import type { CommandIO } from "./registry.js";

/** Read a whole stream as UTF-8. */
async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === "string" ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks).toString("utf8");
}

/** The process's own streams, working directory, environment and terminal facts. */
export function processIO(): CommandIO {
  return {
    stdout: (text) => {
      process.stdout.write(text);
    },
    stderr: (text) => {
      process.stderr.write(text);
    },
    readStdin: () => readAll(process.stdin),
    cwd: process.cwd(),
    terminal: {
      stdout: process.stdout.isTTY === true,
      stderr: process.stderr.isTTY === true,
      columns: process.stderr.columns || process.stdout.columns || undefined,
    },
    env: process.env,
  };
}
