/**
 * A file system that shows a few files on top of another without touching it: the controller writes
 * the generated kustomization and decrypted generator sources into its temporary copy of the source;
 * this gives the build the same view while the caller's file system stays as it was.
 *
 * @module
 */
import {
  compareCodePoints,
  type FileStat,
  type FileSystem,
  FileSystemError,
  posixPath,
  type RmOptions,
} from "@gitops-kit/core";

const encoder = new TextEncoder();
const decoder = new TextDecoder();

function fileStat(size: number): FileStat {
  return {
    isFile: () => true,
    isDirectory: () => false,
    isSymbolicLink: () => false,
    size,
    mode: 0o100644,
    mtimeMs: 0,
  };
}

/**
 * A {@link FileSystem} reading from `base` except for the files in the overlay. `writeFile` adds to the
 * overlay (in an existing directory of `base`); every other change is refused with `EROFS`. Paths must
 * be absolute.
 */
export class OverlayFs implements FileSystem {
  private readonly files = new Map<string, Uint8Array>();

  constructor(
    private readonly base: FileSystem,
    files: Readonly<Record<string, string | Uint8Array>> = {},
  ) {
    for (const [path, data] of Object.entries(files)) this.writeFile(path, data);
  }

  /** The overlay's own files (absolute path → bytes). */
  overlaid(): ReadonlyMap<string, Uint8Array> {
    return this.files;
  }

  private key(path: string): string {
    return posixPath.resolve(path);
  }

  readFile(path: string): Uint8Array;
  readFile(path: string, encoding: "utf8"): string;
  readFile(path: string, encoding?: "utf8"): Uint8Array | string {
    const own = this.files.get(this.key(path));
    if (own !== undefined) return encoding === "utf8" ? decoder.decode(own) : own.slice();
    return encoding === "utf8" ? this.base.readFile(path, "utf8") : this.base.readFile(path);
  }

  writeFile(path: string, data: Uint8Array | string): void {
    const key = this.key(path);
    const parent = posixPath.dirname(key);
    if (!this.base.exists(parent) || !this.base.stat(parent).isDirectory()) {
      throw new FileSystemError({ errno: "ENOENT", operation: "writeFile", path });
    }
    this.files.set(key, typeof data === "string" ? encoder.encode(data) : data.slice());
  }

  readdir(path: string): string[] {
    const dir = this.key(path);
    const names = new Set(this.base.readdir(path));
    for (const file of this.files.keys())
      if (posixPath.dirname(file) === dir) names.add(posixPath.basename(file));
    return [...names].sort(compareCodePoints);
  }

  stat(path: string): FileStat {
    const own = this.files.get(this.key(path));
    return own !== undefined ? fileStat(own.length) : this.base.stat(path);
  }

  lstat(path: string): FileStat {
    const own = this.files.get(this.key(path));
    return own !== undefined ? fileStat(own.length) : this.base.lstat(path);
  }

  exists(path: string): boolean {
    return this.files.has(this.key(path)) || this.base.exists(path);
  }

  realpath(path: string): string {
    const key = this.key(path);
    if (this.files.has(key))
      return posixPath.join(this.base.realpath(posixPath.dirname(key)), posixPath.basename(key));
    return this.base.realpath(path);
  }

  readlink(path: string): string {
    return this.base.readlink(path);
  }

  symlink(_target: string, path: string): void {
    throw new FileSystemError({ errno: "EROFS", operation: "symlink", path });
  }

  mkdir(path: string): void {
    throw new FileSystemError({ errno: "EROFS", operation: "mkdir", path });
  }

  rm(path: string, _options?: RmOptions): void {
    throw new FileSystemError({ errno: "EROFS", operation: "rm", path });
  }
}
