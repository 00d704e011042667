import { PathEscapeError } from "../errors.js";
import * as posixPath from "../path.js";
import { type FileSystem, FileSystemError } from "./types.js";

/** Options of {@link resolveWithin}. */
export interface ResolveWithinOptions {
  fs: FileSystem;
  /**
   * The directory the path must stay within. It must exist; it may itself be (or lie under) a link.
   * A relative root is resolved by the file system (against the working directory for `nodeFs`).
   */
  root: string;
  /** The path to resolve: relative to `root`, or absolute (then it must lie under `root`). */
  path: string;
}

/** What {@link resolveWithin} found. */
export interface ResolvedPath {
  /** `root` joined with the path, cleaned lexically (links not followed): use it in messages. */
  path: string;
  /** The same location with every symbolic link followed: use it for I/O. */
  realPath: string;
  /** The real root the result was checked against. */
  realRoot: string;
  /** Whether `realPath` exists. A path that does not exist yet resolves too (for writes). */
  exists: boolean;
}

/** How many links may be followed while resolving one path, as Linux's MAXSYMLINKS. */
const MAX_LINK_HOPS = 40;

/**
 * Resolve `path` under `root` and refuse it with {@link PathEscapeError} if it would leave `root`:
 * through `..` segments, an absolute path outside `root`, or a symbolic link (a link to outside, a
 * chain of links, a linked parent directory, or a dangling link whose target is outside).
 *
 * The lexical form is checked first, then every link is followed component by component from the real
 * root, and the final location must lie within the real root. Missing components are appended
 * lexically, so a path to be created is checked too. A link loop raises `FileSystemError` (`ELOOP`).
 *
 * @example
 * const { realPath } = resolveWithin({ fs, root: "/repo", path: "apps/base/kustomization.yaml" });
 */
export function resolveWithin(options: ResolveWithinOptions): ResolvedPath {
  const { fs, path } = options;
  // A relative root means what the file system makes of it (the working directory for nodeFs).
  const root = posixPath.isAbsolute(options.root)
    ? posixPath.normalize(options.root)
    : fs.realpath(options.root);
  const lexical = posixPath.isAbsolute(path) ? posixPath.normalize(path) : posixPath.join(root, path);
  if (!posixPath.isWithin(root, lexical)) {
    throw new PathEscapeError({ path, root: options.root });
  }

  const realRoot = fs.realpath(root);
  const pending = posixPath.split(posixPath.relative(root, lexical));
  let current = realRoot;
  let exists = true;
  let hops = 0;
  while (pending.length > 0) {
    const segment = pending.shift()!;
    if (segment === "..") {
      current = posixPath.dirname(current);
      // Climbing back out of a missing directory can land on existing entries (and links) again.
      exists = lexists(fs, current);
      continue;
    }
    const next = posixPath.join(current, segment);
    if (!exists) {
      current = next;
      continue;
    }
    let isLink: boolean;
    try {
      isLink = fs.lstat(next).isSymbolicLink();
    } catch {
      // Not there (or not a directory on the way): the rest is resolved lexically.
      exists = false;
      current = next;
      continue;
    }
    if (!isLink) {
      current = next;
      continue;
    }
    hops++;
    if (hops > MAX_LINK_HOPS) throw new FileSystemError({ errno: "ELOOP", operation: "resolve", path });
    const target = fs.readlink(next);
    if (posixPath.isAbsolute(target)) current = "/";
    pending.unshift(...posixPath.split(target));
  }

  if (!posixPath.isWithin(realRoot, current)) {
    throw new PathEscapeError({ path, root: options.root, detail: "through a symbolic link" });
  }
  return { path: lexical, realPath: current, realRoot, exists };
}

function lexists(fs: FileSystem, path: string): boolean {
  try {
    fs.lstat(path);
    return true;
  } catch {
    return false;
  }
}
