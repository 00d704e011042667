/**
 * Build a source artifact from a directory the way Flux's artifact storage archives it: a tar of the
 * directory (root entry `.`, lexical depth-first walk, regular files and directories only, normalised
 * headers) compressed with gzip, identified by the `sha256:` digest of the compressed bytes.
 *
 * @module
 */
import { digestOf, type FileSystem, posixPath, Sha256 } from "@gitops-kit/core";
import { ArchiveError } from "../errors.js";
import { concat, gzipDeterministic } from "./gzip.js";
import { TarWriter } from "./tar-writer.js";

/** Mode of every directory in an artifact. */
export const ARTIFACT_DIR_MODE = 0o750;
/** Mode of regular files with an execute bit. */
export const ARTIFACT_EXEC_FILE_MODE = 0o700;
/** Mode of other regular files. */
export const ARTIFACT_FILE_MODE = 0o600;

/** A built archive: the compressed bytes with their digest, and the uncompressed tar's digest. */
export interface Archive {
  /** The tar.gz bytes. */
  tarGz: Uint8Array;
  /** `sha256:<hex>` of {@link tarGz} (Flux's artifact digest is taken the same way, over its own gzip). */
  digest: string;
  /** Byte length of {@link tarGz} (Flux's `artifact.size`). */
  size: number;
  /** `sha256:<hex>` of the uncompressed tar: byte-identical to the tar inside Flux's artifact. */
  tarDigest: string;
  /** Byte length of the uncompressed tar. */
  tarSize: number;
  /** Entry names in archive order (`.` first). */
  entries: string[];
}

/** Options of {@link archiveDirectory}. */
export interface ArchiveDirectoryOptions {
  fs: FileSystem;
  /** The directory to archive; it becomes the archive's `.`. */
  dir: string;
  /**
   * Leave a path out when this returns true. Called with the path relative to `dir` (`/`-separated)
   * and whether it is a directory. A left-out directory's children are still visited and judged on
   * their own, as Flux does — unless the filter is marked `prunable` (nothing below an ignored
   * directory can be re-included), when the subtree is skipped without changing the result.
   */
  filter?: ((path: string, isDir: boolean) => boolean) & { prunable?: boolean };
}

/**
 * Archive a directory as Flux does. Symbolic links and special files are skipped; directories get
 * mode 0750, files 0700 when any execute bit is set and 0600 otherwise; owner, group and times are
 * zeroed. The same tree always gives the same bytes, so the same digest.
 *
 * @example
 * const { digest, tarGz } = archiveDirectory({ fs, dir: "/checkout", filter: sourceIgnoreFilter([]) });
 */
export function archiveDirectory(options: ArchiveDirectoryOptions): Archive {
  const { fs, dir, filter } = options;
  const root = fs.lstat(dir);
  if (!root.isDirectory()) {
    throw new ArchiveError("ARCHIVE_INVALID", `invalid dir path: '${dir}' is not a directory`);
  }
  const chunks: Uint8Array[] = [];
  const tarHash = new Sha256();
  const tar = new TarWriter((chunk) => {
    chunks.push(chunk);
    tarHash.update(chunk);
  });
  const entries: string[] = [];

  tar.add({ name: ".", type: "dir", mode: ARTIFACT_DIR_MODE });
  entries.push(".");
  const walk = (rel: string): void => {
    const abs = rel === "" ? dir : posixPath.join(dir, rel);
    for (const name of fs.readdir(abs)) {
      const childRel = rel === "" ? name : `${rel}/${name}`;
      const stat = fs.lstat(posixPath.join(abs, name));
      if (stat.isDirectory()) {
        if (!filter?.(childRel, true)) {
          tar.add({ name: childRel, type: "dir", mode: ARTIFACT_DIR_MODE });
          entries.push(childRel);
        } else if (filter.prunable) {
          continue;
        }
        walk(childRel);
      } else if (stat.isFile()) {
        if (filter?.(childRel, false)) continue;
        const mode = (stat.mode & 0o111) !== 0 ? ARTIFACT_EXEC_FILE_MODE : ARTIFACT_FILE_MODE;
        tar.add({ name: childRel, type: "file", mode }, fs.readFile(posixPath.join(abs, name)));
        entries.push(childRel);
      }
      // Symbolic links and special files are not archived.
    }
  };
  walk("");
  tar.finish();

  const tarBytes = concat(chunks, tar.size);
  const tarGz = gzipDeterministic(tarBytes);
  return {
    tarGz,
    digest: digestOf(tarGz),
    size: tarGz.length,
    tarDigest: `sha256:${tarHash.hex()}`,
    tarSize: tar.size,
    entries,
  };
}
