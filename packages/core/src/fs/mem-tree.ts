/**
 * The node tree behind `memFs()` and the one path walk every operation goes through.
 *
 * Caller paths are cleaned lexically first (relative paths start at `/`, `..` above `/` stays at `/`),
 * as `posixPath.resolve("/", path)` does. Link targets are then followed as the kernel does: component
 * by component from the directory holding the link, `..` climbing the real directory chain.
 *
 * @module
 */

/** Linux's MAXSYMLINKS: how many links one path resolution may follow before `ELOOP`. */
export const MAX_LINK_HOPS = 40;

/** Type bits of `stat().mode`, as Linux reports them. */
export const S_IFDIR = 0o040000;
export const S_IFREG = 0o100000;
export const S_IFLNK = 0o120000;

export interface DirNode {
  readonly kind: "dir";
  readonly entries: Map<string, MemNode>;
  /** Mode bits including {@link S_IFDIR}. */
  mode: number;
  mtimeMs: number;
  /** Entry names in code-point order, kept until the next change (readdir is frequent, changes rare). */
  sorted: string[] | undefined;
}

/**
 * A regular file. Its content is held as written: `text` for a well-formed string (so text reads need
 * no decoding), `bytes` otherwise; the other form is derived on demand.
 */
export interface FileNode {
  readonly kind: "file";
  bytes: Uint8Array | undefined;
  text: string | undefined;
  /** Size in bytes, computed on first `stat` of a text file. */
  size: number | undefined;
  mode: number;
  mtimeMs: number;
}

export interface LinkNode {
  readonly kind: "link";
  /** The target as given to `symlink`, relative to the link's directory or absolute. */
  readonly target: string;
  mode: number;
  mtimeMs: number;
}

export type MemNode = DirNode | FileNode | LinkNode;

/** The errno values a walk can end with. */
export type WalkErrno = "ENOENT" | "ENOTDIR" | "ELOOP" | "EISDIR";

/** Where a walk ended. */
export interface Located {
  /** The real directory chain from the root down to the directory holding the entry. */
  readonly dirs: DirNode[];
  /** The names of `dirs[1..]` in their parents. */
  readonly names: string[];
  /** The entry's name in `dirs[dirs.length - 1]`; undefined when the path is the root itself. */
  readonly name: string | undefined;
  /** The entry (the root for `/`); undefined when the final component does not exist. */
  readonly node: MemNode | undefined;
}

/** A caller's path as components, after lexical cleaning. */
export interface ParsedPath {
  readonly parts: string[];
  /** The path ended with `/` (or `/.`): its last component must be a directory, links followed. */
  readonly trailingSlash: boolean;
}

/** Clean a caller's path from `/` (`.`, `..` and empty segments resolved lexically). */
export function parsePath(path: string): ParsedPath {
  const parts: string[] = [];
  for (const segment of path.split("/")) {
    if (segment === "" || segment === ".") continue;
    if (segment === "..") parts.pop();
    else parts.push(segment);
  }
  const trailingSlash = parts.length > 0 && (path.endsWith("/") || path.endsWith("/."));
  return { parts, trailingSlash };
}

/** Options of {@link walk}. */
export interface WalkOptions {
  /** Follow a link in the final position (stat, readFile) or report the link itself (lstat, rm). */
  follow: boolean;
  /** Create missing directories named by the caller's path (never ones named by a link target). */
  create?: boolean;
  /** The file system's clock, for directories the walk creates. */
  now?: () => number;
  /** The walk is for creating a file: a final name followed by `/` is `EISDIR`, as open(2) with O_CREAT. */
  creatingFile?: boolean;
}

/**
 * Resolve components from `root`. Intermediate links are always followed; a missing intermediate
 * directory is `ENOENT`, a file in the way `ENOTDIR`, more than {@link MAX_LINK_HOPS} links `ELOOP`
 * (and, with `creatingFile`, a name that must be a directory `EISDIR`).
 * A missing final component is not an error: the result names its would-be parent.
 */
export function walk(root: DirNode, parts: readonly string[], options: WalkOptions): Located | WalkErrno {
  const dirs: DirNode[] = [root];
  const names: string[] = [];
  // Components still to visit, next one last; link targets are pushed on top of what remains.
  const pending: string[] = [];
  for (let i = parts.length - 1; i >= 0; i--) pending.push(parts[i]);
  // How many of the topmost pending components came from link targets (those are never created).
  let fromTargets = 0;
  let hops = 0;
  while (pending.length > 0) {
    const name = pending.pop() as string;
    const fromTarget = fromTargets > 0;
    if (fromTarget) fromTargets--;
    if (name === "" || name === ".") continue;
    if (name === "..") {
      if (dirs.length > 1) {
        dirs.pop();
        names.pop();
      }
      continue;
    }
    if (options.creatingFile && pending.length > 0 && pending.every((p) => p === "" || p === ".")) {
      return "EISDIR";
    }
    const dir = dirs[dirs.length - 1];
    let node = dir.entries.get(name);
    const last = pending.length === 0;
    if (node === undefined) {
      if (!options.create || fromTarget) return last ? { dirs, names, name, node } : "ENOENT";
      const now = options.now?.() ?? Date.now();
      node = newDir(now);
      addEntry(dir, name, node, now);
    }
    if (last && (node.kind === "file" || (node.kind === "link" && !options.follow))) {
      return { dirs, names, name, node };
    }
    if (node.kind === "dir") {
      dirs.push(node);
      names.push(name);
      continue;
    }
    if (node.kind === "file") return "ENOTDIR";
    hops++;
    if (hops > MAX_LINK_HOPS) return "ELOOP";
    if (node.target === "") return "ENOENT";
    if (node.target.startsWith("/")) {
      dirs.length = 1;
      names.length = 0;
    }
    const targetParts = node.target.split("/");
    for (let i = targetParts.length - 1; i >= 0; i--) pending.push(targetParts[i]);
    fromTargets += targetParts.length;
  }
  // The walk ended on the directory at the top of the chain.
  if (dirs.length === 1) return { dirs, names, name: undefined, node: root };
  const node = dirs.pop() as DirNode;
  const name = names.pop() as string;
  return { dirs, names, name, node };
}

/** A new directory with mode `0o755` (what `mkdir` gives under the usual umask). */
export function newDir(mtimeMs: number): DirNode {
  return { kind: "dir", entries: new Map(), mode: S_IFDIR | 0o755, mtimeMs, sorted: undefined };
}

/** Add or replace an entry; the directory's modification time moves as on a real file system. */
export function addEntry(dir: DirNode, name: string, node: MemNode, mtimeMs: number): void {
  dir.entries.set(name, node);
  dir.sorted = undefined;
  dir.mtimeMs = mtimeMs;
}

export function removeEntry(dir: DirNode, name: string, mtimeMs: number): void {
  dir.entries.delete(name);
  dir.sorted = undefined;
  dir.mtimeMs = mtimeMs;
}

/**
 * A clock for one file system: `Date.now()`, made strictly increasing by sub-millisecond steps when
 * several changes fall in the same millisecond. Disks stamp in nanoseconds, so a rewrite there always
 * moves `mtimeMs`; tools that detect changes by stat (isomorphic-git's index) rely on that.
 */
export function createClock(): () => number {
  let last = 0;
  return () => {
    const now = Date.now();
    // One microsecond: well above a double's resolution at today's epoch values (~0.24 µs).
    last = now > last ? now : last + 0.001;
    return last;
  };
}

/** The real absolute path of a located entry. */
export function realPathOf(located: Located): string {
  if (located.name === undefined) return `/${located.names.join("/")}`;
  return `/${[...located.names, located.name].join("/")}`;
}
