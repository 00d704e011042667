import { compareCodePoints, type FileStat, type FileSystem, toFsError, wrapFsCall } from "./types.js";

/** The subset of Node's synchronous `fs` API that both `node:fs` and memfs provide. */
export interface NodeStyleSyncFs {
  readFileSync(path: string, encoding?: "utf8"): unknown;
  writeFileSync(path: string, data: Uint8Array | string, options?: { mode?: number }): void;
  readdirSync(path: string): unknown[];
  statSync(path: string): NodeStyleStats;
  lstatSync(path: string): NodeStyleStats;
  realpathSync(path: string): unknown;
  readlinkSync(path: string): unknown;
  symlinkSync(target: string, path: string): void;
  mkdirSync(path: string, options: { recursive: true }): unknown;
  rmSync(path: string, options?: { recursive?: boolean; force?: boolean }): void;
  unlinkSync(path: string): void;
}

/** The fields of Node's `fs.Stats` that {@link FileStat} needs. */
export interface NodeStyleStats {
  isFile(): boolean;
  isDirectory(): boolean;
  isSymbolicLink(): boolean;
  size: number | bigint;
  mode: number | bigint;
  mtimeMs: number | bigint;
}

/** Options of {@link fromNodeStyleFs}. */
export interface NodeStyleFsOptions {
  /** Map a caller's path before it reaches the implementation (e.g. resolve relative paths from `/`). */
  mapPath?: (path: string) => string;
  /** Mode for files created by `writeFile` when the caller gives none (default: the platform's). */
  defaultFileMode?: number;
}

/** Wrap a Node-style synchronous fs (node:fs, a memfs Volume) as a {@link FileSystem}. */
export function fromNodeStyleFs(impl: NodeStyleSyncFs, options: NodeStyleFsOptions = {}): FileSystem {
  const map = options.mapPath ?? ((p: string) => p);

  function readFile(path: string): Uint8Array;
  function readFile(path: string, encoding: "utf8"): string;
  function readFile(path: string, encoding?: "utf8"): Uint8Array | string {
    const p = map(path);
    if (encoding === "utf8") return String(wrapFsCall("readFile", path, () => impl.readFileSync(p, "utf8")));
    return toBytes(wrapFsCall("readFile", path, () => impl.readFileSync(p)));
  }

  return {
    readFile,
    writeFile(path, data, writeOptions) {
      const mode = writeOptions?.mode ?? options.defaultFileMode;
      wrapFsCall("writeFile", path, () =>
        impl.writeFileSync(map(path), data, mode === undefined ? undefined : { mode }),
      );
    },
    readdir(path) {
      const names = wrapFsCall("readdir", path, () => impl.readdirSync(map(path))).map(String);
      return names.sort(compareCodePoints);
    },
    stat(path) {
      return toStat(wrapFsCall("stat", path, () => impl.statSync(map(path))));
    },
    lstat(path) {
      return toStat(wrapFsCall("lstat", path, () => impl.lstatSync(map(path))));
    },
    exists(path) {
      try {
        impl.statSync(map(path));
        return true;
      } catch {
        return false;
      }
    },
    realpath(path) {
      return String(wrapFsCall("realpath", path, () => impl.realpathSync(map(path))));
    },
    readlink(path) {
      return String(wrapFsCall("readlink", path, () => impl.readlinkSync(map(path))));
    },
    symlink(target, path) {
      wrapFsCall("symlink", path, () => impl.symlinkSync(target, map(path)));
    },
    mkdir(path) {
      wrapFsCall("mkdir", path, () => impl.mkdirSync(map(path), { recursive: true }));
    },
    rm(path, options) {
      const p = map(path);
      try {
        // Unlink anything that is not a directory ourselves: memfs's rmSync follows a symlink to a
        // directory instead of removing the link.
        if (impl.lstatSync(p).isDirectory()) {
          impl.rmSync(p, { recursive: options?.recursive ?? false, force: options?.force ?? false });
        } else {
          impl.unlinkSync(p);
        }
      } catch (err) {
        const e = toFsError(err, "rm", path);
        if (options?.force && e.code === "NOT_FOUND") return;
        throw e;
      }
    },
  };
}

function toBytes(data: unknown): Uint8Array {
  if (data instanceof Uint8Array) {
    // A Buffer is a Uint8Array subclass; hand out a plain view so callers do not rely on Buffer methods.
    return Object.getPrototypeOf(data) === Uint8Array.prototype
      ? data
      : new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  }
  if (typeof data === "string") return new TextEncoder().encode(data);
  throw new TypeError("file system returned neither bytes nor text");
}

function toStat(s: NodeStyleStats): FileStat {
  const file = s.isFile();
  const dir = s.isDirectory();
  const link = s.isSymbolicLink();
  return {
    isFile: () => file,
    isDirectory: () => dir,
    isSymbolicLink: () => link,
    size: Number(s.size),
    mode: Number(s.mode),
    mtimeMs: Number(s.mtimeMs),
  };
}
