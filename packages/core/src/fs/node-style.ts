import { compareCodePoints, type FileStat, type FileSystem, wrapFsCall } from "./types.js";

/** The subset of Node's synchronous `fs` API that {@link fromNodeStyleFs} calls. */
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

/** Wrap a Node-style synchronous fs (`node:fs`) as a {@link FileSystem}. */
export function fromNodeStyleFs(impl: NodeStyleSyncFs): FileSystem {
  function readFile(path: string): Uint8Array;
  function readFile(path: string, encoding: "utf8"): string;
  function readFile(path: string, encoding?: "utf8"): Uint8Array | string {
    if (encoding === "utf8")
      return String(wrapFsCall("readFile", path, () => impl.readFileSync(path, "utf8")));
    return toBytes(wrapFsCall("readFile", path, () => impl.readFileSync(path)));
  }

  return {
    readFile,
    writeFile(path, data, writeOptions) {
      const mode = writeOptions?.mode;
      wrapFsCall("writeFile", path, () =>
        impl.writeFileSync(path, data, mode === undefined ? undefined : { mode }),
      );
    },
    readdir(path) {
      const names = wrapFsCall("readdir", path, () => impl.readdirSync(path)).map(String);
      return names.sort(compareCodePoints);
    },
    stat(path) {
      return toStat(wrapFsCall("stat", path, () => impl.statSync(path)));
    },
    lstat(path) {
      return toStat(wrapFsCall("lstat", path, () => impl.lstatSync(path)));
    },
    exists(path) {
      try {
        impl.statSync(path);
        return true;
      } catch {
        return false;
      }
    },
    realpath(path) {
      return String(wrapFsCall("realpath", path, () => impl.realpathSync(path)));
    },
    readlink(path) {
      return String(wrapFsCall("readlink", path, () => impl.readlinkSync(path)));
    },
    symlink(target, path) {
      wrapFsCall("symlink", path, () => impl.symlinkSync(target, path));
    },
    mkdir(path) {
      wrapFsCall("mkdir", path, () => impl.mkdirSync(path, { recursive: true }));
    },
    rm(path, options) {
      // Node's rmSync removes a symbolic link itself (it looks with lstat), never the link's target.
      const rmOptions = { recursive: options?.recursive ?? false, force: options?.force ?? false };
      wrapFsCall("rm", path, () => impl.rmSync(path, rmOptions));
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
