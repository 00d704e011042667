/**
 * isomorphic-git's file-system client over a gitops-kit {@link FileSystem}: promise methods, errors
 * carrying Node's `code` (`ENOENT`, `EEXIST`, `ENOTEMPTY`, ...), and `Buffer`s where the runtime has
 * them (isomorphic-git reads its index and packfiles with Buffer methods).
 *
 * @module
 */
import { FileNotFoundError, type FileStat, type FileSystem, FileSystemError } from "@gitops-kit/core";

/** The promise-based fs shape isomorphic-git accepts as its `fs` option. */
export interface IsomorphicFs {
  readFile(path: string, options?: unknown): Promise<Uint8Array | string>;
  writeFile(path: string, data: Uint8Array | string, options?: unknown): Promise<void>;
  mkdir(path: string, options?: unknown): Promise<void>;
  rmdir(path: string): Promise<void>;
  unlink(path: string): Promise<void>;
  rm(path: string, options?: { recursive?: boolean; force?: boolean }): Promise<void>;
  stat(path: string): Promise<IsomorphicStat>;
  lstat(path: string): Promise<IsomorphicStat>;
  readdir(path: string): Promise<string[]>;
  readlink(path: string): Promise<string>;
  symlink(target: string, path: string): Promise<void>;
}

/** The stat fields isomorphic-git reads. */
export interface IsomorphicStat {
  isFile(): boolean;
  isDirectory(): boolean;
  isSymbolicLink(): boolean;
  mode: number;
  size: number;
  mtimeMs: number;
  ctimeMs: number;
  dev: number;
  ino: number;
  uid: number;
  gid: number;
}

type BufferCtor = { from(data: ArrayBufferLike, offset: number, length: number): Uint8Array };
const NodeBuffer = (globalThis as { Buffer?: BufferCtor }).Buffer;

/** A zero-copy Buffer view when the runtime has Buffer (isomorphic-git needs it), else the bytes. */
function asBuffer(bytes: Uint8Array): Uint8Array {
  return NodeBuffer ? NodeBuffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) : bytes;
}

/** An Error shaped like Node's, which is what isomorphic-git inspects (`err.code`). */
function nodeStyle(err: unknown): unknown {
  if (err instanceof FileNotFoundError) return Object.assign(new Error(err.message), { code: "ENOENT" });
  if (err instanceof FileSystemError) return Object.assign(new Error(err.message), { code: err.errno });
  return err;
}

/**
 * Run a synchronous call as a promise. isomorphic-git probes many paths that do not exist (loose
 * objects, refs), so errors are made without stack traces: capturing them dominated clone time.
 */
function call<T>(fn: () => T): Promise<T> {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return Promise.resolve(fn());
  } catch (err) {
    return Promise.reject(nodeStyle(err));
  } finally {
    Error.stackTraceLimit = limit;
  }
}

/** isomorphic-git calls `readFile()` without arguments to see whether it returns a promise. */
const NO_PATH = Promise.reject(Object.assign(new Error("no path given"), { code: "EINVAL" }));
NO_PATH.catch(() => {});

function wantsText(options: unknown): boolean {
  if (options === "utf8" || options === "utf-8") return true;
  const encoding = (options as { encoding?: unknown } | undefined)?.encoding;
  return encoding === "utf8" || encoding === "utf-8";
}

function toStat(s: FileStat): IsomorphicStat {
  return {
    isFile: () => s.isFile(),
    isDirectory: () => s.isDirectory(),
    isSymbolicLink: () => s.isSymbolicLink(),
    mode: s.mode,
    size: s.size,
    mtimeMs: s.mtimeMs,
    ctimeMs: s.mtimeMs,
    dev: 0,
    ino: 0,
    uid: 0,
    gid: 0,
  };
}

/** Wrap a {@link FileSystem} for isomorphic-git. */
export function toIsomorphicFs(fs: FileSystem): IsomorphicFs {
  return {
    readFile: (path, options) =>
      path === undefined
        ? NO_PATH
        : call(() => (wantsText(options) ? fs.readFile(path, "utf8") : asBuffer(fs.readFile(path)))),
    writeFile: (path, data, options) =>
      call(() => {
        const mode = (options as { mode?: number } | undefined)?.mode;
        fs.writeFile(path, data, mode === undefined ? undefined : { mode });
      }),
    mkdir: (path) =>
      call(() => {
        if (fs.exists(path)) {
          throw Object.assign(new Error(`EEXIST: file already exists, mkdir '${path}'`), { code: "EEXIST" });
        }
        fs.mkdir(path);
      }),
    rmdir: (path) =>
      call(() => {
        if (fs.readdir(path).length > 0) {
          throw Object.assign(new Error(`ENOTEMPTY: directory not empty, rmdir '${path}'`), {
            code: "ENOTEMPTY",
          });
        }
        fs.rm(path, { recursive: true });
      }),
    unlink: (path) => call(() => fs.rm(path)),
    rm: (path, options) => call(() => fs.rm(path, options)),
    stat: (path) => call(() => toStat(fs.stat(path))),
    lstat: (path) => call(() => toStat(fs.lstat(path))),
    readdir: (path) => call(() => fs.readdir(path)),
    readlink: (path) => call(() => fs.readlink(path)),
    symlink: (target, path) => call(() => fs.symlink(target, path)),
  };
}
