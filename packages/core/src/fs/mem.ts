import * as posixPath from "../path.js";
import {
  addEntry,
  createClock,
  type FileNode,
  type Located,
  type MemNode,
  newDir,
  parsePath,
  realPathOf,
  removeEntry,
  S_IFLNK,
  S_IFREG,
  type WalkErrno,
  type WalkOptions,
  walk,
} from "./mem-tree.js";
import {
  compareCodePoints,
  type FileStat,
  type FileSystem,
  fsError,
  type RmOptions,
  type WriteFileOptions,
} from "./types.js";

/** Initial content for {@link memFs}: absolute or relative (to `/`) paths mapped to file contents. */
export type MemFsFiles = Record<string, string | Uint8Array>;

/**
 * An in-memory {@link FileSystem}, the embedded default: runtime-neutral, isolated per call.
 * Parent directories of `initialFiles` are created; relative paths are taken from `/`.
 *
 * Semantics follow Linux: `..` in a caller's path is resolved lexically (there is no working
 * directory), links are followed from the directory holding them, at most 40 per path (`ELOOP`); a
 * trailing `/` requires a directory. New files get mode `0o644` unless given one, directories `0o755`.
 * Bytes are copied in and out, so callers never share the stored content. Modification times are
 * `Date.now()`, kept strictly increasing within one file system so that every change moves them.
 *
 * @example
 * const fs = memFs({ "/app/kustomization.yaml": "resources: [deploy.yaml]\n" });
 * fs.readFile("/app/kustomization.yaml", "utf8");
 */
export function memFs(initialFiles: MemFsFiles = {}): FileSystem {
  const now = createClock();
  const root = newDir(now());

  /** Walk a caller's path; a trailing slash makes the final component a followed directory. */
  function walkPath(path: string, options: WalkOptions): Located | WalkErrno {
    const { parts, trailingSlash } = parsePath(path);
    return walk(root, trailingSlash ? [...parts, ""] : parts, options);
  }

  /** {@link walkPath}, throwing the walk's error. */
  function locate(operation: string, path: string, follow: boolean): Located {
    const found = walkPath(path, { follow });
    if (typeof found === "string") throw fsError(found, operation, path);
    return found;
  }

  /** Like {@link locate}, but the final component must exist. */
  function existing(operation: string, path: string, follow: boolean): MemNode {
    const node = locate(operation, path, follow).node;
    if (node === undefined) throw fsError("ENOENT", operation, path);
    return node;
  }

  function readFile(path: string): Uint8Array;
  function readFile(path: string, encoding: "utf8"): string;
  function readFile(path: string, encoding?: "utf8"): Uint8Array | string {
    const node = existing("readFile", path, true);
    if (node.kind !== "file") throw fsError("EISDIR", "readFile", path);
    if (encoding === "utf8") {
      node.text ??= utf8Decoder.decode(node.bytes);
      return node.text;
    }
    // A fresh array either way: the stored bytes stay private.
    return node.bytes ? node.bytes.slice() : utf8Encoder.encode(node.text);
  }

  function writeFile(path: string, data: Uint8Array | string, options?: WriteFileOptions): void {
    const found = walkPath(path, { follow: true, creatingFile: true });
    const mtimeMs = now();
    if (typeof found === "string") throw fsError(found, "writeFile", path);
    const { node, name } = found;
    if (node === undefined) {
      const file: FileNode = {
        kind: "file",
        bytes: undefined,
        text: undefined,
        size: undefined,
        mode: S_IFREG | ((options?.mode ?? 0o644) & 0o7777),
        mtimeMs,
      };
      setContent(file, data);
      addEntry(found.dirs[found.dirs.length - 1], name as string, file, mtimeMs);
      return;
    }
    if (node.kind !== "file") throw fsError("EISDIR", "writeFile", path);
    // As on disk, `mode` applies to a new file only; a replaced file keeps its mode.
    setContent(node, data);
    node.mtimeMs = mtimeMs;
  }

  function rm(path: string, options?: RmOptions): void {
    const { parts, trailingSlash } = parsePath(path);
    const found = walk(root, parts, { follow: false });
    if (typeof found === "string" || found.node === undefined) {
      const errno = typeof found === "string" ? found : "ENOENT";
      if (errno === "ENOENT" && options?.force) return;
      throw fsError(errno, "rm", path);
    }
    const { node, name } = found;
    let isDir = node.kind === "dir";
    if (trailingSlash && !isDir) {
      // `link/` names the directory behind the link; only the link itself is ever removed.
      const target = node.kind === "link" ? walk(root, parts, { follow: true }) : undefined;
      if (typeof target !== "object" || target.node?.kind !== "dir") throw fsError("ENOTDIR", "rm", path);
      isDir = true;
    }
    if (isDir && !options?.recursive) throw fsError("EISDIR", "rm", path);
    // The root has no parent to be removed from (rmdir("/") is EBUSY on Linux).
    if (name === undefined) throw fsError("EBUSY", "rm", path);
    removeEntry(found.dirs[found.dirs.length - 1], name, now());
  }

  const fs: FileSystem = {
    readFile,
    writeFile,
    readdir(path) {
      const node = existing("readdir", path, true);
      if (node.kind !== "dir") throw fsError("ENOTDIR", "readdir", path);
      node.sorted ??= [...node.entries.keys()].sort(compareCodePoints);
      return node.sorted.slice();
    },
    stat(path) {
      return statOf(existing("stat", path, true));
    },
    lstat(path) {
      return statOf(existing("lstat", path, false));
    },
    exists(path) {
      const found = walkPath(path, { follow: true });
      return typeof found === "object" && found.node !== undefined;
    },
    realpath(path) {
      // A trailing slash is ignored here, as Go's filepath.EvalSymlinks and Node's realpathSync do.
      const found = walk(root, parsePath(path).parts, { follow: true });
      if (typeof found === "string") throw fsError(found, "realpath", path);
      if (found.node === undefined) throw fsError("ENOENT", "realpath", path);
      return realPathOf(found);
    },
    readlink(path) {
      const node = existing("readlink", path, false);
      if (node.kind !== "link") throw fsError("EINVAL", "readlink", path);
      return node.target;
    },
    symlink(target, path) {
      const { parts, trailingSlash } = parsePath(path);
      const found = walk(root, parts, { follow: false });
      if (typeof found === "string") throw fsError(found, "symlink", path);
      if (found.node !== undefined) throw fsError("EEXIST", "symlink", path);
      // An empty target names nothing (symlink(2) says ENOENT); a link cannot be created as `name/`.
      if (target === "" || trailingSlash) throw fsError("ENOENT", "symlink", path);
      const mtimeMs = now();
      const link: MemNode = { kind: "link", target, mode: S_IFLNK | 0o777, mtimeMs };
      addEntry(found.dirs[found.dirs.length - 1], found.name as string, link, mtimeMs);
    },
    mkdir(path) {
      const found = walkPath(path, { follow: true, create: true, now });
      if (typeof found === "string") throw fsError(found, "mkdir", path);
      // Missing after a walk that creates: the final link dangles (Node's recursive mkdir says ENOENT).
      if (found.node === undefined) throw fsError("ENOENT", "mkdir", path);
      if (found.node.kind !== "dir") throw fsError("EEXIST", "mkdir", path);
    },
    rm,
  };

  for (const [name, content] of Object.entries(initialFiles)) {
    const path = posixPath.resolve("/", name);
    fs.mkdir(posixPath.dirname(path));
    fs.writeFile(path, content);
  }
  return fs;
}

const utf8Encoder = new TextEncoder();
// Keep a byte order mark in the text, as Go and Node do.
const utf8Decoder = new TextDecoder("utf-8", { ignoreBOM: true });

/** Store a copy of `data` (strings are immutable; bytes are copied so the caller may reuse them). */
function setContent(file: FileNode, data: Uint8Array | string): void {
  if (typeof data === "string" && isWellFormed(data)) {
    file.text = data;
    file.bytes = undefined;
    file.size = undefined;
  } else {
    // Lone surrogates become U+FFFD here, so a later text read gives what the bytes say.
    const bytes = typeof data === "string" ? utf8Encoder.encode(data) : new Uint8Array(data);
    file.bytes = bytes;
    file.text = undefined;
    file.size = bytes.length;
  }
}

const SURROGATE = /[\ud800-\udfff]/;

/** True when the string has no lone surrogate, so UTF-8 encoding and decoding give it back unchanged. */
function isWellFormed(s: string): boolean {
  if (!SURROGATE.test(s)) return true;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0xd800 || c > 0xdfff) continue;
    if (c > 0xdbff) return false;
    if (!isLowSurrogate(s.charCodeAt(i + 1))) return false;
    i++;
  }
  return true;
}

/** The length of a string in UTF-8 (a lone surrogate counts as the 3 bytes of U+FFFD), without encoding it. */
function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && isLowSurrogate(s.charCodeAt(i + 1))) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

function isLowSurrogate(c: number): boolean {
  return c >= 0xdc00 && c <= 0xdfff;
}

class MemStat implements FileStat {
  constructor(
    private readonly kind: MemNode["kind"],
    readonly size: number,
    readonly mode: number,
    readonly mtimeMs: number,
  ) {}
  isFile(): boolean {
    return this.kind === "file";
  }
  isDirectory(): boolean {
    return this.kind === "dir";
  }
  isSymbolicLink(): boolean {
    return this.kind === "link";
  }
}

function statOf(node: MemNode): FileStat {
  return new MemStat(node.kind, sizeOf(node), node.mode, node.mtimeMs);
}

function sizeOf(node: MemNode): number {
  switch (node.kind) {
    case "file":
      node.size ??= node.bytes ? node.bytes.length : utf8Length(node.text as string);
      return node.size;
    case "link":
      // As Linux: the length of the target string.
      return utf8Length(node.target);
    case "dir":
      // Linux reports one 4 KiB block for a small directory; nothing here depends on the value.
      return 4096;
  }
}
