export { type MemFsFiles, memFs } from "./mem.js";
export { fromNodeStyleFs, type NodeStyleStats, type NodeStyleSyncFs } from "./node-style.js";
export { type ResolvedPath, type ResolveWithinOptions, resolveWithin } from "./resolve-within.js";
export {
  compareCodePoints,
  FileNotFoundError,
  type FileStat,
  type FileSystem,
  FileSystemError,
  type RmOptions,
  type WriteFileOptions,
} from "./types.js";
