import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { GitOpsError, NotFoundError } from "@gitops-kit/core";
import type { CommandIO } from "./registry.js";

/** Text read from a file or from standard input (`-`), with the name to use in messages. */
export interface Input {
  text: string;
  /** The path as given, or `<stdin>`. */
  name: string;
}

/** Read `path` relative to `io.cwd`, or standard input when `path` is `-` or absent. */
export async function readInput(path: string | undefined, io: CommandIO): Promise<Input> {
  if (path === undefined || path === "-") return { text: await io.readStdin(), name: "<stdin>" };
  try {
    return { text: readFileSync(resolve(io.cwd, path), "utf8"), name: path };
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code === "ENOENT") throw new NotFoundError(`${path}: no such file`, { cause: err });
    if (code === "EISDIR") throw new GitOpsError("IS_DIRECTORY", `${path}: is a directory, not a file`);
    throw new GitOpsError("READ_FAILED", `${path}: cannot read (${code ?? (err as Error).message})`, {
      cause: err,
    });
  }
}
