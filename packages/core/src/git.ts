/**
 * The Git operations that sources (GitRepository) and image update automation need, as a small
 * adapter interface. The implementation (isomorphic-git over a {@link FileSystem}) lives in
 * `@gitops-kit/source`; tests may use a fake. Every `dir` is a working-tree directory on the file
 * system the adapter was created with; object ids are lowercase hex (40 characters for SHA-1
 * repositories, 64 for SHA-256).
 *
 * @module
 */

/** Credentials for a remote. Implementations must never log them or put them in error messages. */
export interface GitAuth {
  username?: string;
  password?: string;
  /** A bearer token (sent as the password with HTTP basic auth, or as a header, per provider). */
  token?: string;
  /** Extra HTTP headers for every request to the remote. */
  headers?: Record<string, string>;
}

/** Author or committer of a commit. */
export interface GitIdentity {
  name: string;
  email: string;
  /** When; defaults to the adapter's clock. */
  date?: Date;
}

/** A ref as advertised by a remote or stored locally. */
export interface GitRef {
  /** Full ref name, e.g. `refs/heads/main`, `refs/tags/v1.0.0`, or `HEAD`. */
  ref: string;
  /** The object id the ref points at (for an annotated tag: the tag object). */
  oid: string;
  /** For annotated tags: the commit the tag points at. */
  peeled?: string;
}

/** One file of a commit's tree. */
export interface GitTreeEntry {
  /** Path from the repository root, `/`-separated. */
  path: string;
  /** `100644`, `100755`, `120000` (symlink) or `160000` (submodule). */
  mode: string;
  /** Blob id (commit id for submodules). */
  oid: string;
}

/** A commit object. */
export interface GitCommit {
  oid: string;
  tree: string;
  parents: string[];
  message: string;
  author: Required<GitIdentity>;
  committer: Required<GitIdentity>;
  /** The ASCII-armoured signature, when the commit is signed. */
  gpgsig?: string;
}

/**
 * Progress of a clone or fetch (the same shape as `TransferProgress` in `@gitops-kit/source`): `done` of
 * `total` objects in the phase that `what` names (e.g. `https://example.com/repo.git: receiving objects`).
 * `done` restarts at zero when a new phase begins.
 */
export interface GitTransferProgress {
  /** The remote and the phase. */
  what: string;
  done: number;
  /** Absent when the phase's total is not known. */
  total?: number;
  unit: "bytes" | "objects";
}

/** Git operations over working trees. All methods reject with a `GitOpsError` on failure. */
export interface GitAdapter {
  /**
   * Clone `url` into `dir` (which must be empty or missing) and check out `ref` (a branch or tag
   * name; the remote's default branch when omitted). `depth: 1` makes a shallow clone.
   */
  clone(options: {
    url: string;
    dir: string;
    ref?: string;
    depth?: number;
    singleBranch?: boolean;
    auth?: GitAuth;
    /**
     * Called as objects arrive; adapters that cannot observe the transfer (the git CLI adapter) never
     * call it.
     */
    onProgress?: (progress: GitTransferProgress) => void;
  }): Promise<void>;

  /** Fetch `ref` (or all branches) and tags from `remote` (default `origin`) into an existing clone. */
  fetch(options: {
    dir: string;
    remote?: string;
    ref?: string;
    depth?: number;
    tags?: boolean;
    auth?: GitAuth;
    /** As for `clone`: called as objects arrive, by adapters that can observe the transfer. */
    onProgress?: (progress: GitTransferProgress) => void;
  }): Promise<void>;

  /**
   * Check out a branch, tag or commit id into the working tree. With `create`, make a new local
   * branch named `ref` at `startPoint` (e.g. a push branch for image automation).
   */
  checkout(options: {
    dir: string;
    ref: string;
    create?: boolean;
    startPoint?: string;
    force?: boolean;
  }): Promise<void>;

  /** The commit id that `ref` (branch, tag, `HEAD`, full ref or abbreviated id) resolves to; annotated tags are peeled. */
  resolveRef(options: { dir: string; ref: string }): Promise<string>;

  /** Refs advertised by a remote without cloning it (`git ls-remote`), optionally only under `prefix` (e.g. `refs/tags/`). */
  listRemoteRefs(options: { url: string; prefix?: string; auth?: GitAuth }): Promise<GitRef[]>;

  /** Tag names (without `refs/tags/`) in a clone, sorted. */
  listTags(options: { dir: string }): Promise<string[]>;

  /** The commit that `ref` resolves to. */
  readCommit(options: { dir: string; ref: string }): Promise<GitCommit>;

  /** Every file of the tree of `ref` (recursively), sorted by path. */
  readTree(options: { dir: string; ref: string }): Promise<GitTreeEntry[]>;

  /**
   * Stage changes and commit them on the current branch. `paths` limits what is staged (default:
   * every change, including deletions). Returns the new commit id, or `undefined` when there was
   * nothing to commit (no empty commits).
   */
  commit(options: {
    dir: string;
    message: string;
    author: GitIdentity;
    committer?: GitIdentity;
    paths?: string[];
  }): Promise<string | undefined>;

  /**
   * Push local branch `ref` to `remoteRef` (default: the same name) on `remote` (default `origin`).
   * Without `force`, a non-fast-forward update is rejected.
   */
  push(options: {
    dir: string;
    ref: string;
    remoteRef?: string;
    remote?: string;
    force?: boolean;
    auth?: GitAuth;
  }): Promise<void>;
}
