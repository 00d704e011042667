/**
 * Reconcile a GitRepository the way source-controller does, as one function: resolve `spec.ref` against
 * the remote, skip all work when the revision (and the content configuration) did not change, else
 * clone shallowly into a directory, copy included artifacts in, and archive the tree with the ignore
 * rules into an artifact.
 *
 * @module
 */
import {
  compareSemver,
  defaultFetch,
  type FileSystem,
  type GitAdapter,
  type GitAuth,
  type GitRef,
  type GitTransferProgress,
  type HttpFetch,
  parseDuration,
  parseSemverConstraint,
  posixPath,
  resolveWithin,
  type SemverConstraint,
  SemverError,
  type SemverVersion,
  tryParseFluxSemver,
  UnsupportedError,
} from "@gitops-kit/core";
import { archiveDirectory } from "../artifact/archive.js";
import { extractArchive } from "../artifact/extract.js";
import { type ArtifactRef, artifactRef, type SourceArtifact } from "../artifact/source-artifact.js";
import { GitOperationError, GitRefNotFoundError, IncludeError } from "../errors.js";
import type { TransferProgress } from "../helm-repository/http.js";
import { sourceTreeIgnoreFilter } from "../ignore/source-ignore.js";
import { gitCommitRevision, normalizeGitRevision } from "../revision.js";
import { isomorphicGitAdapter } from "./isomorphic-adapter.js";
import { isSshUrl, redactUrl } from "./remote.js";
import {
  checkoutStrategy,
  describeStrategy,
  type GitCheckoutStrategy,
  type GitRepositorySpec,
  GitRepositorySpecError,
  type GitRepositorySpecInput,
  parseGitRepositorySpec,
} from "./spec.js";

/** What was observed when the last artifact was built (Flux's `status.observedIgnore`, `status.includedArtifacts`). */
export interface GitRepositoryObservation {
  /** `spec.ignore` at the time (`undefined` when unset). */
  ignore?: string;
  /** `{ revision, digest }` of each include, in `spec.include` order. */
  includedArtifacts?: ArtifactRef[];
}

/** Options of {@link fetchGitRepository}. */
export interface FetchGitRepositoryOptions {
  /** The GitRepository `spec` (validated and defaulted here when given as written). */
  spec: GitRepositorySpecInput | GitRepositorySpec;
  /** File system of the checkout. */
  fs: FileSystem;
  /** Checkout directory: missing, empty, or a previous checkout (which is replaced). */
  dir: string;
  /**
   * The Git implementation (default: isomorphic-git over `fs`, HTTP(S) only). For SSH URLs pass
   * `gitCliAdapter()` from `@gitops-kit/source/node`, or use `gitAdapterFor` there to choose by URL.
   */
  git?: GitAdapter;
  /** fetch for the default adapter (default: the global fetch); each request is bounded by `spec.timeout`. */
  fetch?: HttpFetch;
  /** Credentials (basic: `username` + `password`; bearer: `token`). Never logged or put in messages. */
  auth?: GitAuth;
  /** The revision of the current artifact (`status.artifact.revision`): when the remote still has it, nothing is fetched. */
  lastRevision?: string;
  /** What the current artifact was built with; a change to `spec.ignore` or to includes forces a rebuild. */
  lastObserved?: GitRepositoryObservation;
  /** Artifacts of the GitRepositories named in `spec.include`, by name. */
  includes?: Readonly<Record<string, SourceArtifact>>;
  /** Build the artifact (default `true`); `false` only checks out. */
  archive?: boolean;
  /**
   * Called as the clone (and any further fetch) receives objects, with `done` of `total` objects per
   * phase. The default adapter reports progress; the git CLI adapter does not.
   */
  onProgress?: (progress: TransferProgress) => void;
}

/** The outcome when nothing changed. */
export interface GitRepositoryUnchanged {
  changed: false;
  /** The (unchanged) revision. */
  revision: string;
  /** Why no work was done. */
  message: string;
  includedArtifacts: ArtifactRef[];
}

/** The outcome of a checkout. */
export interface GitRepositoryFetched {
  changed: true;
  revision: string;
  /** The commit checked out. */
  commit: string;
  /** The full reference it came from (`refs/heads/main`), `""` for a bare commit. */
  reference: string;
  /** The artifact (unless `archive: false`). */
  artifact?: SourceArtifact;
  /** `{ revision, digest }` of each include, in `spec.include` order. */
  includedArtifacts: ArtifactRef[];
  /** Pass back as `lastObserved` on the next call. */
  observed: GitRepositoryObservation;
}

export type GitRepositoryResult = GitRepositoryUnchanged | GitRepositoryFetched;

/**
 * Fetch a GitRepository and build its artifact.
 *
 * - `spec.ref`: `commit` (full clone of `branch` or all branches, then that commit), `name` (any ref,
 *   e.g. `refs/pull/1/head`), `tag`, `semver` (the highest tag matching a Masterminds range; tags
 *   differing only in build metadata are ordered by commit time), else `branch` (default `master`).
 *   All but `commit` clone with depth 1.
 * - The revision is Flux's: `main@sha1:<hex>`, `v1.0.0@sha1:<hex>`, or with `spec.ref.name` the full
 *   reference (`refs/pull/1/head@sha1:<hex>`).
 * - With `lastRevision`, the remote's refs are listed first; if the revision is the same and neither
 *   `spec.ignore` nor the includes changed, the result is `{ changed: false }` and nothing is cloned.
 * - `spec.include`: each artifact's `fromPath` is copied to `toPath` (default: the repository name),
 *   which must stay inside the checkout.
 * - The artifact is built with `.sourceignore` files, `spec.ignore` and Flux's defaults.
 *
 * Errors: `GitRepositorySpecError`, `GitAuthError`, `GitRepositoryNotFoundError`, `GitRefNotFoundError`,
 * `IncludeError`, `UnsupportedError` (SSH without a CLI adapter), `GitOperationError`.
 */
export async function fetchGitRepository(options: FetchGitRepositoryOptions): Promise<GitRepositoryResult> {
  const spec = parseGitRepositorySpec(options.spec);
  const { fs, dir, auth } = options;
  const url = spec.url;
  const strategy = checkoutStrategy(spec.ref);
  const git = options.git ?? defaultAdapter(options, spec);
  const includes = collectIncludes(spec, options.includes);
  const includedArtifacts = includes.map(({ artifact }) => artifactRef(artifact));

  // Resolve the reference on the remote (cheap) before deciding whether any work is needed.
  let target: RemoteTarget | undefined;
  if (strategy.kind !== "commit") {
    const refs = await git.listRemoteRefs({ url, auth });
    target = await remoteTarget(strategy, refs, url);
  }
  const absolute = spec.ref?.name !== undefined && spec.ref.name !== "";
  if (options.lastRevision !== undefined) {
    // Tied semver tags are ordered by commit time, which only a fetch tells: no shortcut then.
    const known = target?.ties ? undefined : (target ?? knownCommit(strategy));
    if (known) {
      const revision = gitCommitRevision({ reference: known.reference, hash: known.hash, absolute });
      if (
        revision === normalizeGitRevision(options.lastRevision) &&
        !contentChanged(spec, options.lastObserved, includedArtifacts)
      ) {
        return {
          changed: false,
          revision,
          message: `artifact up-to-date with remote revision: '${revision}'`,
          includedArtifacts,
        };
      }
    }
  }

  prepareCheckoutDir(fs, dir);
  const checkedOut = await checkout(git, {
    strategy,
    target,
    url,
    dir,
    auth,
    onProgress: options.onProgress,
  });
  const revision = gitCommitRevision({ reference: checkedOut.reference, hash: checkedOut.hash, absolute });

  for (const { include, artifact } of includes) copyInclude(fs, dir, include, artifact);

  const observed: GitRepositoryObservation = {
    ...(spec.ignore !== undefined ? { ignore: spec.ignore } : {}),
    includedArtifacts,
  };
  const result: GitRepositoryFetched = {
    changed: true,
    revision,
    commit: checkedOut.hash,
    reference: checkedOut.reference,
    includedArtifacts,
    observed,
  };
  if (options.archive !== false) {
    const filter = sourceTreeIgnoreFilter({ fs, dir, ignore: spec.ignore });
    result.artifact = { revision, ...archiveDirectory({ fs, dir, filter }) };
  }
  return result;
}

/**
 * Make `dir` an empty directory. A previous checkout (a directory holding `.git`) is replaced; any
 * other non-empty directory is refused rather than wiped.
 */
function prepareCheckoutDir(fs: FileSystem, dir: string): void {
  if (fs.exists(dir)) {
    const names = fs.readdir(dir);
    if (names.length > 0) {
      if (!names.includes(".git")) {
        throw new GitOperationError(
          `checkout directory '${dir}' is not empty and holds no previous checkout: refusing to replace it`,
        );
      }
      fs.rm(dir, { recursive: true });
    }
  }
  fs.mkdir(dir);
}

function defaultAdapter(options: FetchGitRepositoryOptions, spec: GitRepositorySpec): GitAdapter {
  if (isSshUrl(spec.url)) {
    throw new UnsupportedError(
      `'${redactUrl(spec.url)}' is an SSH URL: pass git: gitCliAdapter() (or gitAdapterFor()) from @gitops-kit/source/node`,
    );
  }
  const timeoutMs = Math.max(1, Math.round(parseDuration(spec.timeout)));
  const base = options.fetch ?? defaultFetch();
  const bounded: HttpFetch = (input, init) =>
    base(input, { ...init, signal: init?.signal ?? AbortSignal.timeout(timeoutMs) });
  return isomorphicGitAdapter({ fs: options.fs, fetch: bounded });
}

function collectIncludes(
  spec: GitRepositorySpec,
  artifacts: Readonly<Record<string, SourceArtifact>> | undefined,
): { include: NonNullable<GitRepositorySpec["include"]>[number]; artifact: SourceArtifact }[] {
  return (spec.include ?? []).map((include) => {
    const artifact = artifacts?.[include.repository.name];
    if (!artifact) throw new IncludeError(`no artifact available for include '${include.repository.name}'`);
    return { include, artifact };
  });
}

function contentChanged(
  spec: GitRepositorySpec,
  last: GitRepositoryObservation | undefined,
  included: ArtifactRef[],
): boolean {
  if (last === undefined) return included.length > 0;
  if ((last.ignore ?? undefined) !== (spec.ignore ?? undefined)) return true;
  const before = last.includedArtifacts ?? [];
  if (before.length !== included.length) return true;
  return included.some((a, i) => a.revision !== before[i].revision || a.digest !== before[i].digest);
}

/** A commit ref's revision is known without asking the remote (a full 40-character id only). */
function knownCommit(strategy: GitCheckoutStrategy): { reference: string; hash: string } | undefined {
  if (strategy.kind !== "commit" || !/^[0-9a-f]{40}$/.test(strategy.commit)) return undefined;
  return { reference: commitReference(strategy), hash: strategy.commit };
}

function commitReference(strategy: Extract<GitCheckoutStrategy, { kind: "commit" }>): string {
  if (strategy.name) return strategy.name;
  return strategy.branch ? `refs/heads/${strategy.branch}` : "";
}

const PEEL = "^{}";

/** What a ref resolves to on the remote. */
interface RemoteTarget {
  /** Full reference, e.g. `refs/heads/main`. */
  reference: string;
  /** The commit. */
  hash: string;
  /** The tag name for tag and semver refs. */
  tag?: string;
  /** Semver: every tag tied at the highest version (differing only in build metadata). */
  ties?: { tag: string; hash: string }[];
}

/** The commit a remote ref leads to (annotated tags peeled). */
function commitOf(refs: GitRef[], name: string): string | undefined {
  const exact = refs.find((r) => r.ref === name);
  if (exact) return exact.peeled ?? refs.find((r) => r.ref === name + PEEL)?.oid ?? exact.oid;
  if (name.endsWith(PEEL)) {
    const base = refs.find((r) => r.ref === name.slice(0, -PEEL.length));
    return base?.peeled ?? base?.oid;
  }
  return undefined;
}

async function remoteTarget(
  strategy: Exclude<GitCheckoutStrategy, { kind: "commit" }>,
  refs: GitRef[],
  url: string,
): Promise<RemoteTarget> {
  const notFound = (detail?: string) =>
    new GitRefNotFoundError({ url: redactUrl(url), ref: describeStrategy(strategy), detail });
  switch (strategy.kind) {
    case "branch": {
      const reference = `refs/heads/${strategy.branch}`;
      const hash = commitOf(refs, reference);
      if (!hash) throw notFound();
      return { reference, hash };
    }
    case "tag": {
      const reference = `refs/tags/${strategy.tag}`;
      const hash = commitOf(refs, reference);
      if (!hash) throw notFound();
      return { reference, hash, tag: strategy.tag };
    }
    case "name": {
      const name = strategy.name;
      if (name.startsWith("/") || name.endsWith("/")) {
        throw new GitRepositorySpecError(
          `GitRepository: spec.ref.name: ref ${name} is invalid; Git refs cannot begin or end with a slash '/'`,
          { field: "spec.ref.name" },
        );
      }
      const hash = commitOf(refs, name);
      if (!hash) throw notFound("unable to resolve ref to a specific commit");
      return { reference: name, hash };
    }
    case "semver":
      return selectSemverTag(strategy.range, refs, notFound);
  }
}

/** Candidates for a semver ref: the highest matching version, and any tags tied with it. */
function selectSemverTag(range: string, refs: GitRef[], notFound: (detail?: string) => Error): RemoteTarget {
  let constraint: SemverConstraint;
  try {
    constraint = parseSemverConstraint(range);
  } catch (err) {
    if (err instanceof SemverError) {
      throw new GitRepositorySpecError(`GitRepository: spec.ref.semver: semver parse error: ${err.message}`, {
        field: "spec.ref.semver",
        cause: err,
      });
    }
    throw err;
  }
  let best: { tag: string; version: SemverVersion; hash: string }[] = [];
  for (const ref of refs) {
    if (!ref.ref.startsWith("refs/tags/") || ref.ref.endsWith(PEEL)) continue;
    const tag = ref.ref.slice("refs/tags/".length);
    const parsed = tryParseFluxSemver(tag);
    if (!parsed.ok || !constraint.check(parsed.version)) continue;
    const hash = commitOf(refs, ref.ref)!;
    const order = best.length === 0 ? 1 : compareSemver(parsed.version, best[0].version);
    if (order > 0) best = [{ tag, version: parsed.version, hash }];
    else if (order === 0) best.push({ tag, version: parsed.version, hash });
  }
  if (best.length === 0) throw notFound(`no match found for semver: ${range}`);
  best.sort((a, b) => (a.tag < b.tag ? -1 : a.tag > b.tag ? 1 : 0));
  const first = best[best.length - 1];
  return {
    reference: `refs/tags/${first.tag}`,
    hash: first.hash,
    tag: first.tag,
    ...(best.length > 1 ? { ties: best.map(({ tag, hash }) => ({ tag, hash })) } : {}),
  };
}

async function checkout(
  git: GitAdapter,
  options: {
    strategy: GitCheckoutStrategy;
    target: RemoteTarget | undefined;
    url: string;
    dir: string;
    auth: GitAuth | undefined;
    onProgress: ((progress: GitTransferProgress) => void) | undefined;
  },
): Promise<{ reference: string; hash: string }> {
  const { strategy, url, dir, auth, onProgress } = options;
  if (strategy.kind === "commit") {
    await git.clone({
      url,
      dir,
      ref: strategy.branch,
      singleBranch: strategy.branch !== undefined,
      auth,
      onProgress,
    });
    try {
      await git.checkout({ dir, ref: strategy.commit, force: true });
    } catch (err) {
      throw new GitRefNotFoundError({
        url: redactUrl(url),
        ref: describeStrategy(strategy),
        detail: "unable to resolve commit object",
        cause: err,
      });
    }
    const hash = await git.resolveRef({ dir, ref: "HEAD" });
    return { reference: commitReference(strategy), hash };
  }
  const target = options.target!;
  const cloneRef = strategy.kind === "name" ? target.reference.replace(/\^\{\}$/, "") : target.reference;
  await git.clone({ url, dir, ref: cloneRef, depth: 1, singleBranch: true, auth, onProgress });
  let hash = await git.resolveRef({ dir, ref: "HEAD" });
  if (target.ties) {
    // Tags that differ only in build metadata: the one whose commit is newest wins, as in Flux.
    let newest: { tag: string; hash: string; time: number } | undefined;
    for (const tie of target.ties) {
      if (tie.hash !== hash)
        await git.fetch({ dir, ref: `refs/tags/${tie.tag}`, depth: 1, auth, onProgress });
      const time = (await git.readCommit({ dir, ref: tie.hash })).committer.date.getTime();
      if (!newest || time >= newest.time) newest = { ...tie, time };
    }
    if (newest && newest.hash !== hash) {
      await git.checkout({ dir, ref: newest.hash, force: true });
      hash = newest.hash;
    }
    return { reference: `refs/tags/${newest?.tag ?? target.tag}`, hash };
  }
  return { reference: target.reference, hash };
}

/** Copy an included artifact's `fromPath` to `toPath` inside the checkout. */
function copyInclude(
  fs: FileSystem,
  dir: string,
  include: NonNullable<GitRepositorySpec["include"]>[number],
  artifact: SourceArtifact,
): void {
  const name = include.repository.name;
  const toPath = include.toPath || name;
  let target: string;
  try {
    target = resolveWithin({ fs, root: dir, path: toPath }).realPath;
  } catch (err) {
    throw new IncludeError(`path calculation for include '${name}' failed: ${(err as Error).message}`, {
      cause: err,
    });
  }
  if (posixPath.normalize(target) === posixPath.normalize(fs.realpath(dir))) {
    throw new IncludeError(`include '${name}': toPath '${toPath}' is the repository root`);
  }
  if (fs.exists(target) && (!fs.stat(target).isDirectory() || fs.readdir(target).length > 0)) {
    throw new IncludeError(
      `failed to copy '${name}' include from ${include.fromPath || "."} to ${toPath}: '${toPath}' already exists`,
    );
  }
  try {
    extractArchive({
      fs,
      dir: target,
      data: artifact.tarGz,
      subPath: include.fromPath,
      name: `include '${name}'`,
    });
  } catch (err) {
    throw new IncludeError(
      `failed to copy '${name}' include from ${include.fromPath || "."} to ${toPath}: ${(err as Error).message}`,
      { cause: err },
    );
  }
}
