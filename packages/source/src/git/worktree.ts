/**
 * A fast first checkout for fresh clones: the commit's tree is written straight to the file system
 * (no per-file probing of an existing working tree) and the index is written once at the end, so
 * later status and commit operations see a clean tree. Entry names from the repository are checked:
 * nothing is written outside the working tree or into `.git`.
 *
 * @module
 */
import { type FileSystem, posixPath } from "@gitops-kit/core";
import * as git from "isomorphic-git";
import { compareBytes } from "../byte-order.js";
import { GitOperationError } from "../errors.js";
import type { IsomorphicFs } from "./fs-adapter.js";
import { type GitObject, PackReader, parseTree } from "./pack-reader.js";

/** One file recorded in the index. */
interface IndexEntry {
  path: string;
  oid: string;
  /** Git mode, e.g. `0o100644`. */
  mode: number;
  size: number;
  mtimeMs: number;
}

/** Options of {@link checkoutFreshTree}. */
export interface CheckoutFreshTreeOptions {
  /** isomorphic-git's view of the file system (for reading objects). */
  gitFs: IsomorphicFs;
  /** The same file system, for writing the working tree. */
  fs: FileSystem;
  /** Working tree root (holds `.git`); must contain nothing else. */
  dir: string;
  /** The commit to check out. */
  commit: string;
  /** isomorphic-git's object cache, shared with the fetch that brought the objects. */
  cache: object;
}

/** Write the tree of `commit` into `dir` and a matching `.git/index`. */
export async function checkoutFreshTree(options: CheckoutFreshTreeOptions): Promise<void> {
  const { fs, dir, cache } = options;
  // The object database does not change while the tree is written: remember what isomorphic-git
  // looks up for every object (missing loose objects, the pack directory listing).
  const gitFs = memoizedReads(options.gitFs);
  const packs = PackReader.open(fs, posixPath.join(dir, ".git"));
  /** An object from the packs, else through isomorphic-git (loose objects). */
  const load = async (oid: string): Promise<GitObject> => {
    const packed = packs?.read(oid);
    if (packed) return packed;
    const { type, object } = await git.readObject({ fs: gitFs, dir, oid, format: "content", cache });
    return { type: type as GitObject["type"], data: object as Uint8Array };
  };
  const commit = await load(options.commit);
  const treeLine = /^tree ([0-9a-f]{40})$/m.exec(new TextDecoder().decode(commit.data.subarray(0, 64)));
  if (commit.type !== "commit" || !treeLine) throw new GitOperationError(`${options.commit} is not a commit`);
  const entries: IndexEntry[] = [];

  const writeTree = async (treeOid: string, prefix: string): Promise<void> => {
    const tree = await load(treeOid);
    if (tree.type !== "tree") throw new GitOperationError(`${treeOid} is not a tree`);
    const seen = new Set<string>();
    for (const entry of parseTree(tree.data)) {
      checkName(entry.name, prefix);
      // A duplicate name could turn an earlier symlink into a way out of the tree.
      if (seen.has(entry.name)) {
        throw new GitOperationError(
          `refusing to check out tree entry '${entry.name}' twice in '${prefix || "."}'`,
        );
      }
      seen.add(entry.name);
      const rel = prefix === "" ? entry.name : `${prefix}/${entry.name}`;
      const abs = posixPath.join(dir, rel);
      const mode = Number.parseInt(entry.mode, 8);
      if (mode === 0o40000) {
        fs.mkdir(abs);
        await writeTree(entry.oid, rel);
        continue;
      }
      if (mode === 0o160000) {
        // A submodule: git leaves an empty directory and records the gitlink.
        fs.mkdir(abs);
        entries.push({ path: rel, oid: entry.oid, mode, size: 0, mtimeMs: 0 });
        continue;
      }
      const blob = await load(entry.oid);
      if (blob.type !== "blob") throw new GitOperationError(`${entry.oid} ('${rel}') is not a blob`);
      if (mode === 0o120000) {
        fs.symlink(new TextDecoder().decode(blob.data), abs);
      } else {
        fs.writeFile(abs, blob.data, { mode: mode === 0o100755 ? 0o755 : 0o644 });
      }
      const stat = fs.lstat(abs);
      entries.push({
        path: rel,
        oid: entry.oid,
        mode: mode === 0o100755 || mode === 0o120000 ? mode : 0o100644,
        size: blob.data.length,
        mtimeMs: stat.mtimeMs,
      });
    }
  };
  await writeTree(treeLine[1], "");
  fs.writeFile(posixPath.join(dir, ".git", "index"), await encodeIndex(entries));
}

/** A read-only view of `fs` that answers repeated lookups (and failures) from memory. */
function memoizedReads(fs: IsomorphicFs): IsomorphicFs {
  const missing = new Set<string>();
  const listings = new Map<string, Promise<string[]>>();
  const stats = new Map<string, ReturnType<IsomorphicFs["stat"]>>();
  const remember = <T>(map: Map<string, Promise<T>>, key: string, load: () => Promise<T>): Promise<T> => {
    let hit = map.get(key);
    if (!hit) {
      hit = load();
      map.set(key, hit);
    }
    return hit;
  };
  return {
    ...fs,
    readFile: async (path, options) => {
      // A loose object whose fan-out directory does not exist is missing: no need to try opening it.
      const loose = /^(.*\/objects)\/([0-9a-f]{2})\/[0-9a-f]{38}$/.exec(path);
      if (loose) {
        const dirs = await remember(listings, loose[1], () => fs.readdir(loose[1]).catch((): string[] => []));
        if (!dirs.includes(loose[2])) missing.add(path);
      }
      if (missing.has(path)) {
        return Promise.reject(Object.assign(new Error(`ENOENT: ${path}`), { code: "ENOENT" }));
      }
      return fs.readFile(path, options).catch((err: { code?: string }) => {
        if (err?.code === "ENOENT") missing.add(path);
        throw err;
      });
    },
    readdir: (path) => remember(listings, path, () => fs.readdir(path)),
    stat: (path) => remember(stats, `stat:${path}`, () => fs.stat(path)),
    lstat: (path) => remember(stats, `lstat:${path}`, () => fs.lstat(path)),
  };
}

/** Refuse tree entry names that would leave their directory or touch the repository itself. */
function checkName(name: string, prefix: string): void {
  const bad =
    name === "" ||
    name === "." ||
    name === ".." ||
    name.includes("/") ||
    name.includes("\\") ||
    name.includes("\0") ||
    name.toLowerCase() === ".git";
  if (bad) {
    const where = prefix === "" ? "" : ` in '${prefix}'`;
    throw new GitOperationError(`refusing to check out tree entry '${name}'${where}: unsafe name`);
  }
}

const encoder = new TextEncoder();

/** Encode a version 2 index: header, sorted entries (NUL-padded to 8 bytes), SHA-1 trailer. */
async function encodeIndex(entries: IndexEntry[]): Promise<Uint8Array> {
  const encoded = entries.map((e) => ({ ...e, name: encoder.encode(e.path) }));
  encoded.sort((a, b) => compareBytes(a.name, b.name));
  let size = 12;
  for (const e of encoded) size += Math.ceil((62 + e.name.length + 1) / 8) * 8;
  const out = new Uint8Array(size + 20);
  const view = new DataView(out.buffer);
  out.set(encoder.encode("DIRC"), 0);
  view.setUint32(4, 2);
  view.setUint32(8, encoded.length);
  let o = 12;
  for (const e of encoded) {
    const seconds = Math.floor(e.mtimeMs / 1000);
    const nanos = Math.floor((e.mtimeMs % 1000) * 1e6);
    view.setUint32(o, seconds); // ctime: the file was just written
    view.setUint32(o + 4, nanos);
    view.setUint32(o + 8, seconds);
    view.setUint32(o + 12, nanos);
    // dev, ino, uid, gid stay 0: the stats the file-system adapter reports.
    view.setUint32(o + 24, e.mode);
    view.setUint32(o + 36, e.size);
    for (let i = 0; i < 20; i++) out[o + 40 + i] = Number.parseInt(e.oid.slice(i * 2, i * 2 + 2), 16);
    view.setUint16(o + 60, Math.min(e.name.length, 0xfff));
    out.set(e.name, o + 62);
    o += Math.ceil((62 + e.name.length + 1) / 8) * 8;
  }
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-1", out.subarray(0, size)));
  out.set(digest, size);
  return out;
}
