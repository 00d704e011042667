/**
 * The embedded {@link GitAdapter}: isomorphic-git over any {@link FileSystem} (`memFs()` in a browser, the
 * disk in Node) and any `fetch`. HTTP(S) remotes only; SSH needs the `git` CLI adapter from
 * `@gitops-kit/source/node`.
 *
 * @module
 */
import {
  type Clock,
  type FileSystem,
  type GitAdapter,
  type GitAuth,
  type GitCommit,
  type GitIdentity,
  type GitRef,
  type GitTransferProgress,
  type GitTreeEntry,
  type HttpFetch,
  posixPath,
  systemClock,
  UnsupportedError,
} from "@gitops-kit/core";
import * as git from "isomorphic-git";
import { GitOperationError } from "../errors.js";
import { type IsomorphicFs, toIsomorphicFs } from "./fs-adapter.js";
import { fetchHttpClient, type GitHttpClient } from "./http-client.js";
import { httpAuthHeaders, isSshUrl, redactUrl, toGitError } from "./remote.js";
import { checkoutFreshTree } from "./worktree.js";

/** Options of {@link isomorphicGitAdapter}. */
export interface IsomorphicGitAdapterOptions {
  /** Where working trees live (every `dir` passed to the adapter is on this file system). */
  fs: FileSystem;
  /** The fetch used for HTTP(S) remotes (default: the runtime's global fetch). */
  fetch?: HttpFetch;
  /** Default commit time for {@link GitAdapter.commit} (default: the system clock). */
  clock?: Clock;
}

/** The remote name clones are made with. */
const ORIGIN = "origin";

/**
 * A {@link GitAdapter} backed by isomorphic-git. Beyond the core contract, `clone` and `fetch` accept a
 * full ref name (`refs/heads/main`, `refs/tags/v1`, `refs/pull/1/head`) as `ref`; a ref outside
 * `refs/heads/` is checked out detached.
 *
 * @example
 * const adapter = isomorphicGitAdapter({ fs: memFs() });
 * await adapter.clone({ url: "https://example.com/repo.git", dir: "/repo", ref: "main", depth: 1 });
 */
export function isomorphicGitAdapter(options: IsomorphicGitAdapterOptions): GitAdapter & IsomorphicGitExtras {
  const fs = toIsomorphicFs(options.fs);
  const clock = options.clock ?? systemClock;
  const http = (auth: GitAuth | undefined): GitHttpClient =>
    fetchHttpClient({ fetch: options.fetch, headers: httpAuthHeaders(auth) });

  const requireHttp = (url: string): void => {
    if (isSshUrl(url)) {
      throw new UnsupportedError(
        `'${redactUrl(url)}' is an SSH URL, which isomorphic-git cannot fetch: use gitCliAdapter() from @gitops-kit/source/node`,
      );
    }
  };

  const adapter: GitAdapter & IsomorphicGitExtras = {
    async clone({ url, dir, ref, depth, singleBranch = true, auth, onProgress }) {
      requireHttp(url);
      const cache = {};
      try {
        if (options.fs.exists(dir) && options.fs.readdir(dir).length > 0) {
          throw new GitOperationError(`clone into '${dir}': directory is not empty`);
        }
        options.fs.mkdir(dir);
        await git.init({ fs, dir });
        await git.addRemote({ fs, dir, remote: ORIGIN, url });
        const fetched = await git.fetch({
          fs,
          http: http(auth),
          dir,
          remote: ORIGIN,
          ref,
          singleBranch,
          depth,
          tags: false,
          cache,
          onProgress: progressOf(url, onProgress),
        });
        if (!fetched.fetchHead) throw new GitOperationError(`clone '${redactUrl(url)}': the remote is empty`);
        const commit = await peel(fs, dir, fetched.fetchHead, cache);
        const fullRef = ref ?? fetched.defaultBranch ?? "";
        const branch = branchName(fullRef);
        if (branch !== undefined) {
          await git.writeRef({ fs, dir, ref: `refs/heads/${branch}`, value: commit, force: true });
          await git.writeRef({
            fs,
            dir,
            ref: "HEAD",
            value: `refs/heads/${branch}`,
            symbolic: true,
            force: true,
          });
          await git.setConfig({ fs, dir, path: `branch.${branch}.remote`, value: ORIGIN });
          await git.setConfig({ fs, dir, path: `branch.${branch}.merge`, value: `refs/heads/${branch}` });
        } else {
          if (fullRef.startsWith("refs/tags/") || isTagName(fullRef, fetched)) {
            const tag = fullRef.replace(/^refs\/tags\//, "");
            await git.writeRef({ fs, dir, ref: `refs/tags/${tag}`, value: fetched.fetchHead, force: true });
          }
          await git.writeRef({ fs, dir, ref: "HEAD", value: commit, force: true });
        }
        await checkoutFreshTree({ gitFs: fs, fs: options.fs, dir, commit, cache });
      } catch (err) {
        throw toGitError(err, { url, auth, ref: ref ? `ref '${ref}'` : undefined, operation: "clone" });
      }
    },

    async fetch({ dir, remote = ORIGIN, ref, depth, tags = false, auth, onProgress }) {
      const url = await remoteUrl(fs, dir, remote);
      requireHttp(url);
      try {
        const fetched = await git.fetch({
          fs,
          http: http(auth),
          dir,
          remote,
          ref,
          singleBranch: ref !== undefined,
          depth,
          tags,
          onProgress: progressOf(url, onProgress),
        });
        if (ref?.startsWith("refs/") && fetched.fetchHead) {
          // Keep refs outside the remote's refspec (tags, pull requests) under their own name.
          if (!ref.startsWith("refs/heads/")) {
            await git.writeRef({ fs, dir, ref, value: fetched.fetchHead, force: true });
          }
        }
      } catch (err) {
        throw toGitError(err, { url, auth, ref: ref ? `ref '${ref}'` : undefined, operation: "fetch" });
      }
    },

    async checkout({ dir, ref, create, startPoint, force }) {
      try {
        if (create) {
          const object = await resolveCommit(fs, dir, startPoint ?? "HEAD");
          await git.branch({ fs, dir, ref, object, checkout: false, force: true });
        }
        await git.checkout({ fs, dir, ref, force: force ?? false });
      } catch (err) {
        throw toGitError(err, { url: dir, ref: `ref '${ref}'`, operation: "checkout" });
      }
    },

    async resolveRef({ dir, ref }) {
      try {
        return await resolveCommit(fs, dir, ref);
      } catch (err) {
        throw toGitError(err, { url: dir, ref: `ref '${ref}'`, operation: "resolve" });
      }
    },

    async listRemoteRefs({ url, prefix, auth }) {
      requireHttp(url);
      try {
        const refs = await git.listServerRefs({
          http: http(auth),
          url,
          prefix,
          symrefs: true,
          peelTags: true,
        });
        return refs.map(
          (r): GitRef =>
            r.peeled ? { ref: r.ref, oid: r.oid, peeled: r.peeled } : { ref: r.ref, oid: r.oid },
        );
      } catch (err) {
        throw toGitError(err, { url, auth, operation: "list refs of" });
      }
    },

    async listTags({ dir }) {
      const tags = await git.listTags({ fs, dir });
      return tags.sort();
    },

    async readCommit({ dir, ref }) {
      try {
        const oid = await resolveCommit(fs, dir, ref);
        const { commit } = await git.readCommit({ fs, dir, oid });
        return toGitCommit(oid, commit);
      } catch (err) {
        throw toGitError(err, { url: dir, ref: `ref '${ref}'`, operation: "read commit" });
      }
    },

    async readTree({ dir, ref }) {
      try {
        const oid = await resolveCommit(fs, dir, ref);
        const entries: GitTreeEntry[] = [];
        await git.walk({
          fs,
          dir,
          trees: [git.TREE({ ref: oid })],
          map: async (path, [entry]) => {
            if (!entry || path === ".") return true;
            const type = await entry.type();
            if (type === "tree") return true;
            entries.push({ path, mode: (await entry.mode()).toString(8), oid: await entry.oid() });
            return true;
          },
        });
        return entries.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
      } catch (err) {
        throw toGitError(err, { url: dir, ref: `ref '${ref}'`, operation: "read tree" });
      }
    },

    async commit({ dir, message, author, committer, paths }) {
      try {
        const matrix = await git.statusMatrix({ fs, dir, filepaths: paths });
        let changed = false;
        for (const [filepath, head, workdir, stage] of matrix) {
          if (head === workdir && workdir === stage) continue;
          changed = true;
          if (workdir === 0) await git.remove({ fs, dir, filepath });
          else await git.add({ fs, dir, filepath });
        }
        if (!changed) return undefined;
        return await git.commit({
          fs,
          dir,
          message,
          author: identity(author, clock),
          committer: identity(committer ?? author, clock),
        });
      } catch (err) {
        throw toGitError(err, { url: dir, operation: "commit in" });
      }
    },

    async push({ dir, ref, remoteRef, remote = ORIGIN, force, auth }) {
      const url = await remoteUrl(fs, dir, remote);
      requireHttp(url);
      try {
        const result = await git.push({ fs, http: http(auth), dir, remote, ref, remoteRef, force });
        if (!result.ok) {
          const detail = Object.entries(result.refs ?? {})
            .filter(([, r]) => !r.ok)
            .map(([name, r]) => `${name}: ${r.error}`)
            .join("; ");
          throw new GitOperationError(`push to '${redactUrl(url)}' rejected: ${detail || result.error}`);
        }
      } catch (err) {
        throw toGitError(err, { url, auth, operation: "push to" });
      }
    },

    async isShallow({ dir }) {
      return options.fs.exists(posixPath.join(dir, ".git", "shallow"));
    },
  };
  return adapter;
}

/** Operations this adapter offers beyond the core {@link GitAdapter} contract. */
export interface IsomorphicGitExtras {
  /** Whether the clone in `dir` is shallow. */
  isShallow(options: { dir: string }): Promise<boolean>;
}

function branchName(ref: string): string | undefined {
  if (ref.startsWith("refs/heads/")) return ref.slice("refs/heads/".length);
  if (ref === "" || ref.startsWith("refs/") || /^[0-9a-f]{40}$/.test(ref)) return undefined;
  return ref;
}

/** A short name that the remote resolved to a tag rather than a branch. */
/**
 * isomorphic-git's `{ phase, loaded, total }` events (the server's counting and compressing lines, then
 * receiving and resolving the pack) as {@link GitTransferProgress}, with the remote's credentials
 * redacted from `what`.
 */
function progressOf(
  url: string,
  onProgress: ((progress: GitTransferProgress) => void) | undefined,
): git.ProgressCallback | undefined {
  if (!onProgress) return undefined;
  const remote = redactUrl(url);
  return ({ phase, loaded, total }) => {
    onProgress({
      what: `${remote}: ${phase.toLowerCase()}`,
      done: loaded,
      // Phases without a known size report no (or a zero) total.
      ...(total > 0 ? { total } : {}),
      unit: "objects",
    });
  };
}

function isTagName(ref: string, fetched: { fetchHeadDescription: string | null }): boolean {
  return !ref.startsWith("refs/") && (fetched.fetchHeadDescription ?? "").startsWith("tag ");
}

async function remoteUrl(fs: IsomorphicFs, dir: string, remote: string): Promise<string> {
  const url = await git.getConfig({ fs, dir, path: `remote.${remote}.url` });
  if (typeof url !== "string" || url === "") {
    throw new GitOperationError(`'${dir}' has no remote '${remote}'`);
  }
  return url;
}

/** The commit an object id leads to, following annotated tags. */
async function peel(fs: IsomorphicFs, dir: string, oid: string, cache: object): Promise<string> {
  let current = oid;
  for (let hops = 0; hops < 16; hops++) {
    const { type, object } = await git.readObject({ fs, dir, oid: current, cache });
    if (type !== "tag") return current;
    current = (object as { object: string }).object;
  }
  throw new GitOperationError(`tag chain from ${oid} is too long`);
}

/** Resolve a branch, tag, full ref, `HEAD` or (abbreviated) object id to a commit id. */
async function resolveCommit(fs: IsomorphicFs, dir: string, ref: string): Promise<string> {
  let oid: string;
  if (/^[0-9a-f]{4,39}$/.test(ref)) {
    try {
      oid = await git.expandOid({ fs, dir, oid: ref });
    } catch {
      oid = await git.resolveRef({ fs, dir, ref });
    }
  } else {
    oid = await git.resolveRef({ fs, dir, ref });
  }
  return peel(fs, dir, oid, {});
}

function toGitCommit(oid: string, c: git.CommitObject): GitCommit {
  const person = (p: { name: string; email: string; timestamp: number }) => ({
    name: p.name,
    email: p.email,
    date: new Date(p.timestamp * 1000),
  });
  return {
    oid,
    tree: c.tree,
    parents: [...c.parent],
    message: c.message,
    author: person(c.author),
    committer: person(c.committer),
    ...(c.gpgsig ? { gpgsig: c.gpgsig } : {}),
  };
}

function identity(
  who: GitIdentity,
  clock: Clock,
): { name: string; email: string; timestamp: number; timezoneOffset: number } {
  const date = who.date ?? clock.now();
  return {
    name: who.name,
    email: who.email,
    timestamp: Math.floor(date.getTime() / 1000),
    timezoneOffset: 0,
  };
}
