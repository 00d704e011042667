/**
 * Node-only entry point of `@gitops-kit/core` (`import { nodeFs } from "@gitops-kit/core/node"`).
 * Everything else in the package is runtime-neutral.
 *
 * @module
 */
import * as fs from "node:fs";
import { fromNodeStyleFs, type NodeStyleSyncFs } from "./fs/node-style.js";
import type { FileSystem } from "./fs/types.js";

/**
 * The real disk as a {@link FileSystem} (synchronous `node:fs`). Relative paths resolve against the
 * process working directory. Combine with `resolveWithin` to confine access to a directory.
 */
export function nodeFs(): FileSystem {
  return fromNodeStyleFs(fs as unknown as NodeStyleSyncFs);
}
