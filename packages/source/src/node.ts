/**
 * Node-only entry point of `@gitops-kit/source` (`import { gitCliAdapter } from "@gitops-kit/source/node"`):
 * the `git` binary adapter, for SSH remotes, and adapter selection by URL; Bucket sources (S3 request
 * signing needs `node:crypto`).
 *
 * @module
 */
import type { FileSystem, GitAdapter, HttpFetch } from "@gitops-kit/core";
import { UnsupportedError } from "@gitops-kit/core";
import { type GitCliAdapterOptions, gitCliAdapter } from "./git/cli-adapter.js";
import { isomorphicGitAdapter } from "./git/isomorphic-adapter.js";
import { isSshUrl, redactUrl } from "./git/remote.js";

export * from "./bucket/index.js";
export { type GitCliAdapterOptions, type GitSshOptions, gitCliAdapter } from "./git/cli-adapter.js";

/** Options of {@link gitAdapterFor}. */
export interface GitAdapterForOptions {
  /** The remote URL. */
  url: string;
  /** The file system of the checkout (must be the real disk when the CLI adapter is chosen). */
  fs: FileSystem;
  /** Allow running the `git` binary (needed for SSH URLs). Default `false`. */
  allowCli?: boolean;
  /** Options of the CLI adapter (SSH key, known_hosts). */
  cli?: GitCliAdapterOptions;
  /** fetch for the isomorphic-git adapter. */
  fetch?: HttpFetch;
}

/**
 * Choose the adapter for a URL: isomorphic-git for HTTP(S); the `git` binary for SSH when `allowCli`
 * is set (an `UnsupportedError` otherwise).
 */
export function gitAdapterFor(options: GitAdapterForOptions): GitAdapter {
  if (isSshUrl(options.url)) {
    if (!options.allowCli) {
      throw new UnsupportedError(
        `'${redactUrl(options.url)}' is an SSH URL, which needs the git binary: pass allowCli: true`,
      );
    }
    return gitCliAdapter(options.cli);
  }
  return isomorphicGitAdapter({ fs: options.fs, fetch: options.fetch });
}
