/**
 * Reading files and opening kustomization directories the way kustomize's file loader does:
 * files are read relative to the current root and, under `RootOnly`, must resolve (links
 * followed) inside it; directories (bases, components) may live anywhere but may not be the
 * current root or any directory above a root already being loaded (that is a cycle).
 *
 * @module
 */
import { errorMessage, type FileSystem, posixPath } from "@gitops-kit/core";
import {
  KustomizeCycleError,
  KustomizeLoadError,
  LoadRestrictionError,
  RemoteResourceError,
} from "./errors.js";

/** kustomize's load restrictions: files only under the kustomization root, or anywhere. */
export type LoadRestrictions = "LoadRestrictionsRootOnly" | "LoadRestrictionsNone";

/** A remote base or file resolved by an adapter to a directory or file on some file system. */
export interface RemoteTarget {
  fs: FileSystem;
  /** Absolute path of the directory (for bases) or file (for resources) on `fs`. */
  path: string;
}

/**
 * Resolves remote references (git repositories, http files). Without one, remote references are
 * rejected with {@link RemoteResourceError}.
 */
export type RemoteLoader = (request: {
  url: string;
  kind: "directory" | "file";
  referrer: string;
}) => RemoteTarget;

/** True for references kustomize would fetch rather than read locally. */
export function isRemoteReference(path: string): boolean {
  if (/^[a-zA-Z][a-zA-Z0-9+.-]*:\/\//.test(path)) return !path.startsWith("file://");
  if (/^git@[^:]+:/.test(path)) return true;
  if (/^(github\.com|gitlab\.com|bitbucket\.org|dev\.azure\.com)\//.test(path)) return true;
  if (/\?(ref|version|submodules|timeout)=/.test(path)) return true;
  return false;
}

function joinPath(root: string, p: string): string {
  return p.startsWith("/") ? posixPath.normalize(p) : posixPath.normalize(`${root}/${p}`);
}

function isWithinDir(dir: string, p: string): boolean {
  return p === dir || dir === "/" || p.startsWith(`${dir}/`);
}

/** Options of {@link FileLoader}. */
export interface FileLoaderOptions {
  fs: FileSystem;
  /** The directory to load from (absolute; relative paths are taken from `/`). */
  root: string;
  restrictions?: LoadRestrictions;
  remote?: RemoteLoader;
}

/** A loader rooted at one kustomization directory. */
export class FileLoader {
  readonly fs: FileSystem;
  /** The root as given (cleaned), for messages. */
  readonly root: string;
  /** The root with links followed, for containment checks. */
  readonly realRoot: string;
  readonly restrictions: LoadRestrictions;
  readonly referrer: FileLoader | undefined;
  private readonly remote: RemoteLoader | undefined;
  /** Real paths of directories, shared by the loaders of one build (a build reads a tree once). */
  private readonly realDirs: Map<string, string>;
  /** Directory listings, shared likewise. */
  private readonly listings: Map<string, Set<string>>;

  private constructor(
    fs: FileSystem,
    root: string,
    realRoot: string,
    restrictions: LoadRestrictions,
    referrer: FileLoader | undefined,
    remote: RemoteLoader | undefined,
  ) {
    this.fs = fs;
    this.root = root;
    this.realRoot = realRoot;
    this.restrictions = restrictions;
    this.referrer = referrer;
    this.remote = remote;
    const shared = referrer && referrer.fs === fs;
    this.realDirs = shared ? referrer.realDirs : new Map();
    this.listings = shared ? referrer.listings : new Map();
    this.realDirs.set(root, realRoot);
  }

  /** The real path of a directory (links followed), cached. */
  private realDir(dir: string): string {
    let real = this.realDirs.get(dir);
    if (real === undefined) {
      real = this.fs.realpath(dir);
      this.realDirs.set(dir, real);
    }
    return real;
  }

  /**
   * The real path of an existing file and whether it is a regular file: its directory's real path
   * plus its name unless it is itself a link. Throws when it does not exist.
   */
  private realFile(path: string): { real: string; isFile: boolean } {
    const st = this.fs.lstat(path);
    if (st.isSymbolicLink()) {
      const real = this.fs.realpath(path);
      return { real, isFile: this.fs.stat(real).isFile() };
    }
    const slash = path.lastIndexOf("/");
    const dir = slash <= 0 ? "/" : path.slice(0, slash);
    const realDir = this.realDir(dir);
    return { real: `${realDir === "/" ? "" : realDir}/${path.slice(slash + 1)}`, isFile: st.isFile() };
  }

  /**
   * A loader at `root`, which must be a directory.
   *
   * @throws KustomizeLoadError when it is not.
   */
  static create(options: FileLoaderOptions): FileLoader {
    const root = posixPath.normalize(options.root.startsWith("/") ? options.root : `/${options.root}`);
    const realRoot = confirmDir(options.fs, root);
    return new FileLoader(
      options.fs,
      root,
      realRoot,
      options.restrictions ?? "LoadRestrictionsRootOnly",
      undefined,
      options.remote,
    );
  }

  /** The absolute path of `p` under this root (not resolved through links). */
  resolve(p: string): string {
    return joinPath(this.root, p);
  }

  /** The chain of roots from the top-level kustomization down to this one. */
  chain(): string[] {
    const out: string[] = [];
    for (let l: FileLoader | undefined = this; l; l = l.referrer) out.unshift(l.root);
    return out;
  }

  /**
   * Read a file relative to this root. Under `RootOnly` the file (links followed) must lie in or
   * below the root.
   *
   * @throws KustomizeLoadError when it cannot be read; LoadRestrictionError when it escapes.
   */
  load(p: string): Uint8Array {
    if (isRemoteReference(p)) return this.loadRemoteFile(p);
    const path = this.resolve(p);
    let real: string;
    let isFile: boolean;
    try {
      ({ real, isFile } = this.realFile(path));
    } catch (err) {
      throw new KustomizeLoadError(`${path}: ${errorMessage(err)}`, { file: path, cause: err });
    }
    if (this.restrictions === "LoadRestrictionsRootOnly") {
      if (!isFile) throw new KustomizeLoadError(`'${path}' must resolve to a file`, { file: path });
      if (!isWithinDir(this.realRoot, real)) {
        throw new LoadRestrictionError(`security; file '${path}' is not in or below '${this.root}'`, {
          file: path,
        });
      }
    }
    try {
      return this.fs.readFile(real);
    } catch (err) {
      throw new KustomizeLoadError(`${path}: ${errorMessage(err)}`, { file: path, cause: err });
    }
  }

  /** True when `p` is a local directory (links followed) relative to this root. */
  isDirectory(p: string): boolean {
    if (isRemoteReference(p) || p === "") return false;
    const path = this.resolve(p);
    if (this.realDirs.has(path)) return true;
    try {
      return this.fs.stat(path).isDirectory();
    } catch {
      return false;
    }
  }

  /** The names in the root directory (read once per build). */
  entries(): Set<string> {
    let names = this.listings.get(this.root);
    if (!names) {
      try {
        names = new Set(this.fs.readdir(this.root));
      } catch {
        names = new Set();
      }
      this.listings.set(this.root, names);
    }
    return names;
  }

  /** True when `p` exists (as anything) relative to this root. */
  exists(p: string): boolean {
    if (isRemoteReference(p)) return false;
    return this.fs.exists(this.resolve(p));
  }

  private loadRemoteFile(url: string): Uint8Array {
    if (!this.remote) {
      throw new RemoteResourceError(
        `remote resource '${url}' is not supported without a remote loader (referenced from ${this.root})`,
        { file: this.root },
      );
    }
    const target = this.remote({ url, kind: "file", referrer: this.root });
    try {
      return target.fs.readFile(target.path);
    } catch (err) {
      throw new KustomizeLoadError(`${url}: ${errorMessage(err)}`, { file: url, cause: err });
    }
  }

  /**
   * A loader for a base or component directory named relative to this root.
   *
   * @throws KustomizeLoadError when it is not a directory; KustomizeCycleError when it is this
   *   root or contains a root being loaded; RemoteResourceError for remote bases without an adapter.
   */
  child(p: string): FileLoader {
    if (p === "") throw new KustomizeLoadError("new root cannot be empty", { file: this.root });
    if (isRemoteReference(p)) {
      if (!this.remote) {
        throw new RemoteResourceError(
          `remote base '${p}' is not supported without a remote loader (referenced from ${this.root})`,
          { file: this.root },
        );
      }
      const target = this.remote({ url: p, kind: "directory", referrer: this.root });
      const realRoot = confirmDir(target.fs, target.path);
      // Inside a remote repository kustomize always restricts files to the root.
      return new FileLoader(
        target.fs,
        posixPath.normalize(target.path),
        realRoot,
        "LoadRestrictionsRootOnly",
        this,
        this.remote,
      );
    }
    if (p.startsWith("/")) {
      throw new KustomizeLoadError(`new root '${p}' cannot be absolute`, { file: this.root });
    }
    const root = this.resolve(p);
    const realRoot = this.realDirs.get(root) ?? confirmDir(this.fs, root);
    for (let l: FileLoader | undefined = this; l; l = l.referrer) {
      if (l.fs === this.fs && isWithinDir(realRoot, l.realRoot)) {
        const chain = [...this.chain(), root];
        throw new KustomizeCycleError(
          `cycle detected: candidate root '${root}' contains visited root '${l.root}' (${chain.join(" -> ")})`,
          chain,
          { file: this.root },
        );
      }
    }
    return new FileLoader(this.fs, root, realRoot, this.restrictions, this, this.remote);
  }
}

/** The real path of a directory, or a load error saying it is not one. */
function confirmDir(fs: FileSystem, path: string): string {
  let real: string;
  try {
    real = fs.realpath(path);
  } catch (err) {
    throw new KustomizeLoadError(`must build at directory: not a valid directory: ${errorMessage(err)}`, {
      file: path,
      cause: err,
    });
  }
  let dir = false;
  try {
    dir = fs.stat(real).isDirectory();
  } catch {
    dir = false;
  }
  if (!dir) throw new KustomizeLoadError(`must build at directory: '${path}' is a file`, { file: path });
  return real;
}
