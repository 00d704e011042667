import { GitOpsError, NotFoundError } from "../errors.js";

/** What {@link FileSystem.stat} and {@link FileSystem.lstat} return. */
export interface FileStat {
  isFile(): boolean;
  isDirectory(): boolean;
  isSymbolicLink(): boolean;
  /** Size in bytes (for a symbolic link seen through `lstat`: implementation-defined). */
  size: number;
  /** POSIX mode bits including the file type bits (e.g. `0o100644`). */
  mode: number;
  /** Modification time in milliseconds since the epoch. */
  mtimeMs: number;
}

/** Options of {@link FileSystem.writeFile}. */
export interface WriteFileOptions {
  /** Permission bits for a newly created file (default: `0o644` in memFs, the umask-derived default in nodeFs). */
  mode?: number;
}

/** Options of {@link FileSystem.rm}. */
export interface RmOptions {
  /** Remove a directory and everything below it (without it, a directory is refused). */
  recursive?: boolean;
  /** Do not fail when the path does not exist. */
  force?: boolean;
}

/**
 * The small synchronous file-system interface that every gitops-kit engine reads and writes through.
 *
 * Paths are POSIX strings (see `posixPath`); relative paths are resolved against `/` for in-memory file
 * systems and against the process working directory for `nodeFs()`. Implementations report failures as
 * {@link FileNotFoundError} (missing path) or {@link FileSystemError} (anything else), never as raw
 * platform errors. Synchronous on purpose: builds and renders run over in-memory trees.
 */
export interface FileSystem {
  /** The file's bytes. */
  readFile(path: string): Uint8Array;
  /** The file decoded as UTF-8 (a byte order mark is kept, as Go and Node keep it). */
  readFile(path: string, encoding: "utf8"): string;
  /** Write bytes or UTF-8 text, replacing the file. The parent directory must exist. */
  writeFile(path: string, data: Uint8Array | string, options?: WriteFileOptions): void;
  /** Entry names of a directory (no `.`/`..`), sorted by Unicode code point like Go's `os.ReadDir`. */
  readdir(path: string): string[];
  /** Metadata, following symbolic links. */
  stat(path: string): FileStat;
  /** Metadata of the path itself (a symbolic link is reported as a link). */
  lstat(path: string): FileStat;
  /** True when the path exists (following symbolic links; a dangling link does not exist). */
  exists(path: string): boolean;
  /** The absolute path with every symbolic link resolved; the path must exist. */
  realpath(path: string): string;
  /** The target string stored in a symbolic link. */
  readlink(path: string): string;
  /** Create a symbolic link at `path` pointing to `target` (stored as given, relative or absolute). */
  symlink(target: string, path: string): void;
  /** Create a directory and any missing parents; an existing directory is fine (`mkdir -p`). */
  mkdir(path: string): void;
  /** Remove a file, a symbolic link (not its target) or, with `recursive`, a directory tree. */
  rm(path: string, options?: RmOptions): void;
}

/** POSIX error names that file systems report (`ENOENT`, `EISDIR`, `ENOTDIR`, `EEXIST`, ...). */
export type FsErrno = string;

/** A file-system operation failed for a reason other than a missing path. `code` is `FS_ERROR`. */
export class FileSystemError extends GitOpsError {
  /** The POSIX error name, e.g. `EISDIR`. */
  readonly errno: FsErrno;
  /** The path the operation was applied to. */
  readonly path: string;
  /** The operation, e.g. `readFile`. */
  readonly operation: string;

  constructor(options: { errno: FsErrno; operation: string; path: string; cause?: unknown }) {
    super(
      "FS_ERROR",
      `${options.errno}: ${describeErrno(options.errno)}, ${options.operation} '${options.path}'`,
      {
        cause: options.cause,
      },
    );
    this.errno = options.errno;
    this.path = options.path;
    this.operation = options.operation;
  }
}

/** The path (or one of its parents) does not exist. `code` is `NOT_FOUND`, `errno` is `ENOENT`. */
export class FileNotFoundError extends NotFoundError {
  readonly errno = "ENOENT";
  /** The path the operation was applied to. */
  readonly path: string;
  /** The operation, e.g. `readFile`. */
  readonly operation: string;

  constructor(options: { operation: string; path: string; cause?: unknown }) {
    super(`ENOENT: no such file or directory, ${options.operation} '${options.path}'`, {
      cause: options.cause,
    });
    this.path = options.path;
    this.operation = options.operation;
  }
}

const ERRNO_TEXT: Record<string, string> = {
  EACCES: "permission denied",
  EBUSY: "resource busy or locked",
  EEXIST: "file already exists",
  EISDIR: "illegal operation on a directory",
  ELOOP: "too many symbolic links encountered",
  ENOTDIR: "not a directory",
  ENOTEMPTY: "directory not empty",
  EPERM: "operation not permitted",
  EINVAL: "invalid argument",
};

function describeErrno(errno: string): string {
  return ERRNO_TEXT[errno] ?? "file system error";
}

/**
 * Run a platform file-system call and turn its error into {@link FileNotFoundError} or
 * {@link FileSystemError}. Used by the node:fs implementation.
 */
export function wrapFsCall<T>(operation: string, path: string, call: () => T): T {
  try {
    return call();
  } catch (err) {
    throw toFsError(err, operation, path);
  }
}

/** Map an error thrown by a Node-style fs call to the gitops-kit error types. */
function toFsError(err: unknown, operation: string, path: string): GitOpsError {
  if (err instanceof GitOpsError) return err;
  const raw = typeof err === "object" && err !== null && "code" in err ? String(err.code) : "EIO";
  // Node's rmSync reports a directory without `recursive` as `ERR_FS_EISDIR`.
  const errno = raw.replace(/^ERR_FS_/, "");
  return fsError(errno, operation, path, err);
}

/** The error for `errno`: {@link FileNotFoundError} for `ENOENT`, else {@link FileSystemError}. */
export function fsError(errno: FsErrno, operation: string, path: string, cause?: unknown): GitOpsError {
  if (errno === "ENOENT") return new FileNotFoundError({ operation, path, cause });
  return new FileSystemError({ errno, operation, path, cause });
}

/** Compare strings by Unicode code point (UTF-8 byte order), the order Go sorts directory entries in. */
export function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    // Surrogates (0xD800-0xDFFF) encode code points above 0xFFFF, which sort after 0xE000-0xFFFF.
    const xs = x >= 0xd800 && x <= 0xdfff;
    const ys = y >= 0xd800 && y <= 0xdfff;
    if (xs !== ys) return xs ? 1 : -1;
    return x - y;
  }
  return a.length - b.length;
}
