/**
 * Safe extraction of tar and tar.gz archives into a directory of any {@link FileSystem}. Nothing is
 * ever written outside the target: names with `..`, absolute names, entries reached through a link
 * and links pointing outside are refused; hard links, devices and FIFOs are refused; sizes and entry
 * counts are limited. Every refusal is an {@link ArchiveError} naming the entry.
 *
 * @module
 */
import { type FileSystem, GitOpsError, PathEscapeError, posixPath, resolveWithin } from "@gitops-kit/core";
import { ArchiveError } from "../errors.js";
import { gunzipBounded } from "./gzip.js";
import { DEFAULT_MAX_ENTRIES, DEFAULT_MAX_SIZE, readTar, type TarEntry } from "./tar-reader.js";

/** What to do with symbolic link entries. */
export type SymlinkPolicy =
  /** Leave them out (what Flux does when re-archiving an OCI layer). */
  | "skip"
  /** Refuse the archive (Flux's default when untarring). */
  | "error"
  /** Create them when their target stays inside the target directory; refuse the archive otherwise. */
  | "within";

/** Options of {@link extractArchive}. */
export interface ExtractArchiveOptions {
  fs: FileSystem;
  /** Target directory; created when missing. */
  dir: string;
  /** The archive bytes: gzip-compressed unless `gzip: false`. */
  data: Uint8Array;
  /** Whether `data` is gzip-compressed (default: detected from the magic bytes). */
  gzip?: boolean;
  /** Most bytes of file content (default 100 MiB, Flux's untar limit); also caps decompression. */
  maxSize?: number;
  /** Most entries (default 100 000). */
  maxEntries?: number;
  /** Symbolic links (default `"skip"`). */
  symlinks?: SymlinkPolicy;
  /** Only extract entries below this archive path (e.g. an include's `fromPath`), re-rooted at `dir`. */
  subPath?: string;
  /** Name used in messages (e.g. the artifact URL or file). */
  name?: string;
}

/** What {@link extractArchive} wrote. */
export interface ExtractResult {
  /** Files written, relative to `dir`. */
  files: string[];
  /** Directories created, relative to `dir`. */
  dirs: string[];
  /** Symbolic links created (policy `within`) or skipped (policy `skip`). */
  symlinks: { created: string[]; skipped: string[] };
}

/** Extract an archive into `dir`, enforcing the safety rules above. */
export function extractArchive(options: ExtractArchiveOptions): ExtractResult {
  const { fs } = options;
  const maxSize = options.maxSize ?? DEFAULT_MAX_SIZE;
  const name = options.name ?? "archive";
  const compressed = options.gzip ?? (options.data[0] === 0x1f && options.data[1] === 0x8b);
  // The tar holds headers besides the data: allow them on top of the content limit.
  const tar = compressed
    ? gunzipBounded(options.data, { maxBytes: maxSize + headroom(options.maxEntries), name })
    : options.data;
  const entries = readTar(tar, { maxSize, maxEntries: options.maxEntries ?? DEFAULT_MAX_ENTRIES });

  const subPath = options.subPath ? cleanEntryName(options.subPath, options.subPath) : "";
  fs.mkdir(options.dir);
  const result: ExtractResult = { files: [], dirs: [], symlinks: { created: [], skipped: [] } };
  for (const entry of entries) {
    const clean = cleanEntryName(entry.name, entry.name);
    const rel = reroot(clean, subPath);
    if (rel === undefined) continue;
    try {
      writeEntry(fs, options.dir, entry, rel, options.symlinks ?? "skip", result);
    } catch (err) {
      if (err instanceof ArchiveError || !(err instanceof GitOpsError)) throw err;
      // A file-system conflict (a file where a directory is needed, ...): name the entry.
      throw new ArchiveError("ARCHIVE_INVALID", `archive entry "${entry.name}": ${err.message}`, {
        entry: entry.name,
        cause: err,
      });
    }
  }
  return result;
}

/** Room for tar headers and padding of the allowed number of entries. */
function headroom(maxEntries = DEFAULT_MAX_ENTRIES): number {
  return Math.min(maxEntries, DEFAULT_MAX_ENTRIES) * 1024 + 1024;
}

/**
 * Normalise an entry name: `/`-separated, without `./` and trailing slashes. Refuses empty segments
 * that climb (`..`), absolute names, backslashes and NUL bytes.
 */
export function cleanEntryName(name: string, entry: string): string {
  if (name.includes("\0")) throw unsafe(entry, "contains a NUL byte");
  if (name.includes("\\")) throw unsafe(entry, "contains a backslash");
  if (name.startsWith("/")) throw unsafe(entry, "is absolute");
  const segments: string[] = [];
  for (const seg of name.split("/")) {
    if (seg === "" || seg === ".") continue;
    if (seg === "..") throw unsafe(entry, "contains '..'");
    segments.push(seg);
  }
  return segments.join("/");
}

function unsafe(entry: string, why: string): ArchiveError {
  return new ArchiveError("ARCHIVE_UNSAFE_PATH", `archive entry "${entry}" ${why}`, { entry });
}

/** The entry's path relative to `subPath`, or `undefined` when it lies outside it. */
function reroot(name: string, subPath: string): string | undefined {
  if (subPath === "") return name;
  if (name === subPath) return "";
  return name.startsWith(`${subPath}/`) ? name.slice(subPath.length + 1) : undefined;
}

function writeEntry(
  fs: FileSystem,
  dir: string,
  entry: TarEntry,
  rel: string,
  symlinks: SymlinkPolicy,
  result: ExtractResult,
): void {
  if (rel === "") {
    if (entry.kind === "dir") return;
    throw unsafe(entry.name, "would replace the target directory");
  }
  switch (entry.kind) {
    case "dir": {
      const target = resolveInside(fs, dir, rel, entry.name);
      if (!existsAsDir(fs, target)) {
        removeNonDir(fs, target);
        fs.mkdir(target);
      }
      result.dirs.push(rel);
      return;
    }
    case "file": {
      const parent = posixPath.dirname(rel);
      if (parent !== ".") fs.mkdir(resolveInside(fs, dir, parent, entry.name));
      const target = resolveInside(fs, dir, rel, entry.name);
      // Never write through an existing link (even one pointing inside); replace an existing file so
      // the entry's mode applies.
      removeNonDir(fs, target);
      fs.writeFile(target, entry.data, { mode: (entry.mode & 0o777) | 0o600 });
      result.files.push(rel);
      return;
    }
    case "symlink": {
      if (symlinks === "skip") {
        result.symlinks.skipped.push(rel);
        return;
      }
      if (symlinks === "error") {
        throw new ArchiveError(
          "ARCHIVE_UNSAFE_LINK",
          `archive entry "${entry.name}" is a symlink, which is not allowed`,
          { entry: entry.name },
        );
      }
      checkLinkTarget(entry, rel);
      const parent = posixPath.dirname(rel);
      if (parent !== ".") fs.mkdir(resolveInside(fs, dir, parent, entry.name));
      const target = resolveInside(fs, dir, rel, entry.name);
      removeLink(fs, target);
      if (fs.exists(target)) {
        throw unsafe(entry.name, "would replace an existing file or directory with a link");
      }
      fs.symlink(entry.linkname, target);
      result.symlinks.created.push(rel);
      return;
    }
    default:
      throw new ArchiveError(
        "ARCHIVE_UNSUPPORTED_ENTRY",
        `archive entry "${entry.name}" is a ${describeKind(entry)}, which is not allowed`,
        { entry: entry.name },
      );
  }
}

function describeKind(entry: TarEntry): string {
  switch (entry.kind) {
    case "hardlink":
      return "hard link";
    case "char":
      return "character device";
    case "block":
      return "block device";
    case "fifo":
      return "FIFO";
    default:
      return `entry of type '${entry.typeflag === "\0" ? "\\0" : entry.typeflag}'`;
  }
}

/** A link target must be relative and, resolved from the link's directory, stay inside the root. */
function checkLinkTarget(entry: TarEntry, rel: string): void {
  const target = entry.linkname;
  const escapes =
    target === "" ||
    target.includes("\0") ||
    target.startsWith("/") ||
    !posixPath.isWithin(".", posixPath.join(posixPath.dirname(rel), target));
  if (escapes) {
    throw new ArchiveError(
      "ARCHIVE_UNSAFE_LINK",
      `archive entry "${entry.name}" links to "${target}", outside the target directory`,
      { entry: entry.name },
    );
  }
}

/**
 * Where to write `rel`: its parent resolved under `dir` through any links already there (refusing
 * anything that leaves `dir`), joined with its own name (a link in that place is replaced, not
 * followed).
 */
function resolveInside(fs: FileSystem, dir: string, rel: string, entry: string): string {
  try {
    const parent = resolveWithin({ fs, root: dir, path: posixPath.dirname(rel) });
    return posixPath.join(parent.realPath, posixPath.basename(rel));
  } catch (err) {
    if (err instanceof PathEscapeError) {
      throw new ArchiveError("ARCHIVE_UNSAFE_PATH", `archive entry "${entry}" resolves outside the target`, {
        entry,
        cause: err,
      });
    }
    if (err instanceof GitOpsError) {
      throw new ArchiveError("ARCHIVE_INVALID", `archive entry "${entry}": ${err.message}`, {
        entry,
        cause: err,
      });
    }
    throw err;
  }
}

function existsAsDir(fs: FileSystem, path: string): boolean {
  try {
    return fs.lstat(path).isDirectory();
  } catch {
    return false;
  }
}

function removeLink(fs: FileSystem, path: string): void {
  try {
    if (fs.lstat(path).isSymbolicLink()) fs.rm(path);
  } catch {
    // Missing: nothing to remove.
  }
}

function removeNonDir(fs: FileSystem, path: string): void {
  try {
    if (!fs.lstat(path).isDirectory()) fs.rm(path);
  } catch {
    // Missing: nothing to remove.
  }
}
