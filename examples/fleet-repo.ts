/**
 * The fleet's Git repository, in memory: the files of `examples/fleet` committed on `main` in a memFs()
 * repository served by the in-process Git server. People (the demo's "teammate") and the image
 * automation change it the way they would change a real one: clone, edit, commit, push.
 */
import {
  type Clock,
  type FileSystem,
  type GitAdapter,
  type GitIdentity,
  type MemFsFiles,
  memFs,
  posixPath,
  systemClock,
} from "@gitops-kit/core";
import { isomorphicGitAdapter, toIsomorphicFs } from "@gitops-kit/source";
import * as git from "isomorphic-git";
import { createGitServer, type GitServer } from "./git-server.js";

/** Where the fleet repository is served from. */
export const FLEET_URL = "http://git.localhost/fleet.git";

/** The fleet repository and the means to reach it. */
export interface FleetRepository {
  /** The in-process Git host (its `fetch` is what clients pass as their HTTP transport). */
  server: GitServer;
  /** A Git adapter whose working trees live on `fs` and whose remote traffic goes to the server. */
  git: GitAdapter;
  /** The file system the repository and every clone live on. */
  fs: FileSystem;
  url: string;
  clock: Clock;
}

/** Options of {@link createFleetRepository}. */
export interface CreateFleetRepositoryOptions {
  /** The repository's files, by path relative to its root. */
  files: MemFsFiles;
  /** Author of the first commit. */
  author?: GitIdentity;
  /** Commit times (default: the system clock). */
  clock?: Clock;
}

const UPSTREAM = "/srv/fleet";

/** Commit `files` as the first commit of `main` in a new in-memory repository and serve it. */
export async function createFleetRepository(options: CreateFleetRepositoryOptions): Promise<FleetRepository> {
  const clock = options.clock ?? systemClock;
  const tree: MemFsFiles = {};
  for (const [path, content] of Object.entries(options.files)) tree[posixPath.join(UPSTREAM, path)] = content;
  const fs = memFs(tree);
  await git.init({ fs: toIsomorphicFs(fs), dir: UPSTREAM, defaultBranch: "main" });
  const server = createGitServer({ fs, dir: UPSTREAM, url: FLEET_URL });
  const adapter = isomorphicGitAdapter({ fs, fetch: server.fetch, clock });
  await adapter.commit({
    dir: UPSTREAM,
    message: "Add the production fleet\n",
    author: options.author ?? { name: "Platform Team", email: "platform@example.com" },
  });
  return { server, git: adapter, fs, url: FLEET_URL, clock };
}

let workspaces = 0;

/** Clone the repository into a fresh working tree (`main` checked out) and return its directory. */
export async function cloneFleet(repo: FleetRepository, name = "workspace"): Promise<string> {
  const dir = `/work/${name}-${++workspaces}`;
  await repo.git.clone({ url: repo.url, dir, ref: "main", depth: 1 });
  return dir;
}

/** Options of {@link pushChange}. */
export interface PushChangeOptions {
  message: string;
  author: GitIdentity;
  /** Edit the working tree in `dir` (paths in it are `dir`-relative: `posixPath.join(dir, "apps/...")`). */
  edit: (fs: FileSystem, dir: string) => void;
}

/** What a person does: clone, edit, commit, push to `main`. Returns the new commit id. */
export async function pushChange(repo: FleetRepository, options: PushChangeOptions): Promise<string> {
  const dir = await cloneFleet(repo, "teammate");
  options.edit(repo.fs, dir);
  const oid = await repo.git.commit({ dir, message: options.message, author: options.author });
  if (!oid) throw new Error(`pushChange: '${options.message.trim()}' changed nothing`);
  await repo.git.push({ dir, ref: "main" });
  return oid;
}

/** The commit `main` points at on the server. */
export async function fleetHead(repo: FleetRepository): Promise<string> {
  return git.resolveRef({ fs: toIsomorphicFs(repo.fs), dir: UPSTREAM, ref: "refs/heads/main" });
}

/** The commit message and author of `oid`, as stored on the server. */
export async function readFleetCommit(repo: FleetRepository, oid: string) {
  return repo.git.readCommit({ dir: UPSTREAM, ref: oid });
}
