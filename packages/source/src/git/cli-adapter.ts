/**
 * A {@link GitAdapter} that runs the `git` binary (Node only): SSH remotes with a private key and a
 * known_hosts file, and anything else git itself supports. Working trees are on the real disk.
 * Credentials go to git through the environment (never the command line) and temporary files that
 * are removed after each command.
 *
 * @module
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  type GitAdapter,
  type GitAuth,
  type GitCommit,
  type GitIdentity,
  type GitRef,
  type GitTreeEntry,
  redact,
} from "@gitops-kit/core";
import {
  GitAuthError,
  GitOperationError,
  GitRefNotFoundError,
  GitRepositoryNotFoundError,
} from "../errors.js";
import { httpAuthHeaders, isHttpUrl, redactUrl, secretsOf } from "./remote.js";

/** SSH settings of {@link gitCliAdapter}. */
export interface GitSshOptions {
  /** A private key (PEM / OpenSSH text); written to a 0600 temporary file for each command. */
  privateKey?: string;
  /** known_hosts content; with it, host keys are checked strictly against it alone. */
  knownHosts?: string;
  /** Extra `ssh` options, e.g. `["-p", "2222"]`. */
  extraArgs?: string[];
}

/** Options of {@link gitCliAdapter}. */
export interface GitCliAdapterOptions {
  /** The git executable (default `git`). */
  binary?: string;
  /** SSH key and host keys for SSH remotes. */
  ssh?: GitSshOptions;
  /** Extra environment for every git command. */
  env?: Record<string, string>;
  /** Kill a command after this many milliseconds (default 10 minutes). */
  timeoutMs?: number;
}

interface RunOptions {
  cwd?: string;
  auth?: GitAuth;
  /** The remote URL, for messages and HTTP credentials. */
  url?: string;
  /** Phrase naming the reference, when "not found" may be about it. */
  ref?: string;
  env?: Record<string, string>;
  /** Exit codes that are not failures. */
  okCodes?: number[];
}

interface RunResult {
  stdout: string;
  stderr: string;
  code: number;
}

/**
 * Create the adapter. Beyond the core contract, `clone` and `fetch` accept full ref names as `ref`
 * (`refs/pull/1/head`); refs outside `refs/heads/` are checked out detached. `onProgress` is ignored:
 * git runs quietly and its progress output is not parsed.
 *
 * @example
 * const git = gitCliAdapter({ ssh: { privateKey, knownHosts } });
 * await git.clone({ url: "ssh://git@example.com/org/repo.git", dir: "/tmp/repo", ref: "main", depth: 1 });
 */
export function gitCliAdapter(options: GitCliAdapterOptions = {}): GitAdapter {
  const binary = options.binary ?? "git";
  const timeoutMs = options.timeoutMs ?? 600_000;

  async function run(args: string[], opts: RunOptions = {}): Promise<RunResult> {
    const scratch = mkdtempSync(join(tmpdir(), "gitops-kit-git-"));
    try {
      const env: Record<string, string> = {
        ...(process.env as Record<string, string>),
        GIT_TERMINAL_PROMPT: "0",
        GIT_ASKPASS: "",
        SSH_ASKPASS: "",
        GIT_CONFIG_NOSYSTEM: "1",
        LC_ALL: "C",
        ...options.env,
        ...opts.env,
      };
      // HTTP credentials as configuration from the environment: not visible in the process list.
      const config: [string, string][] = [];
      const headers = httpAuthHeaders(opts.auth);
      if (opts.url && isHttpUrl(opts.url)) {
        for (const [name, value] of Object.entries(headers))
          config.push(["http.extraHeader", `${name}: ${value}`]);
      }
      config.forEach(([key, value], i) => {
        env[`GIT_CONFIG_KEY_${i}`] = key;
        env[`GIT_CONFIG_VALUE_${i}`] = value;
      });
      if (config.length > 0) env.GIT_CONFIG_COUNT = String(config.length);
      env.GIT_SSH_COMMAND = sshCommand(options.ssh, scratch);

      return await new Promise<RunResult>((resolve, reject) => {
        const child = spawn(binary, args, { cwd: opts.cwd, env, stdio: ["ignore", "pipe", "pipe"] });
        const out: Buffer[] = [];
        const err: Buffer[] = [];
        child.stdout.on("data", (c: Buffer) => out.push(c));
        child.stderr.on("data", (c: Buffer) => err.push(c));
        const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
        child.on("error", (e) => {
          clearTimeout(timer);
          reject(new GitOperationError(`cannot run ${binary}: ${e.message}`, { cause: e }));
        });
        child.on("close", (code, signal) => {
          clearTimeout(timer);
          const result = {
            stdout: Buffer.concat(out).toString("utf8"),
            stderr: Buffer.concat(err).toString("utf8"),
            code: code ?? -1,
          };
          if (signal === "SIGKILL") {
            reject(new GitOperationError(`git ${args[0]} timed out after ${timeoutMs} ms`));
          } else if (result.code === 0 || opts.okCodes?.includes(result.code)) {
            resolve(result);
          } else {
            reject(classify(args[0], result.stderr, opts));
          }
        });
      });
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  }

  /** Fetch `ref` into the repository at `dir`; returns the fetched object id. */
  async function fetchRef(
    dir: string,
    url: string,
    ref: string | undefined,
    depth: number | undefined,
    auth: GitAuth | undefined,
  ): Promise<{ oid: string; fullRef: string }> {
    const full = ref === undefined ? await remoteHead(url, auth) : await expandRemoteRef(url, ref, auth);
    const local = full.startsWith("refs/heads/") ? `refs/remotes/origin/${full.slice(11)}` : full;
    const args = ["fetch", "--quiet", "--no-tags"];
    if (depth !== undefined) args.push(`--depth=${depth}`);
    args.push("origin", `+${full}:${local}`);
    await run(args, { cwd: dir, auth, url, ref: `ref '${ref ?? full}'` });
    const oid = (await run(["rev-parse", "--verify", `${local}^{commit}`], { cwd: dir })).stdout.trim();
    return { oid, fullRef: full };
  }

  async function remoteHead(url: string, auth: GitAuth | undefined): Promise<string> {
    const { stdout } = await run(["ls-remote", "--symref", url, "HEAD"], { auth, url });
    const m = /^ref: (\S+)\tHEAD$/m.exec(stdout);
    if (!m) throw new GitOperationError(`cannot find the default branch of '${redactUrl(url)}'`);
    return m[1];
  }

  /** A short name is looked up as a branch, then as a tag (as `git clone --branch` does). */
  async function expandRemoteRef(url: string, ref: string, auth: GitAuth | undefined): Promise<string> {
    if (ref.startsWith("refs/")) return ref;
    const refs = await listRefs(url, undefined, auth);
    for (const candidate of [`refs/heads/${ref}`, `refs/tags/${ref}`]) {
      if (refs.some((r) => r.ref === candidate)) return candidate;
    }
    throw new GitRefNotFoundError({ url: redactUrl(url), ref: `ref '${ref}'` });
  }

  async function listRefs(
    url: string,
    prefix: string | undefined,
    auth: GitAuth | undefined,
  ): Promise<GitRef[]> {
    const args = ["ls-remote", url];
    const { stdout } = await run(args, { auth, url });
    const refs = new Map<string, GitRef>();
    const peeled = new Map<string, string>();
    for (const line of stdout.split("\n")) {
      const [oid, name] = line.split("\t");
      if (!oid || !name) continue;
      if (name.endsWith("^{}")) peeled.set(name.slice(0, -3), oid);
      else refs.set(name, { ref: name, oid });
    }
    const out: GitRef[] = [];
    for (const r of refs.values()) {
      if (prefix && !r.ref.startsWith(prefix)) continue;
      const p = peeled.get(r.ref);
      out.push(p ? { ...r, peeled: p } : r);
    }
    return out;
  }

  const adapter: GitAdapter = {
    async clone({ url, dir, ref, depth, singleBranch = true, auth }) {
      await run(["init", "--quiet", dir]);
      await run(["remote", "add", "origin", url], { cwd: dir });
      let fetched: { oid: string; fullRef: string };
      if (ref === undefined && !singleBranch) {
        // Every branch (e.g. to find a commit that only one of them contains), then the default one.
        const args = ["fetch", "--quiet", "--no-tags"];
        if (depth !== undefined) args.push(`--depth=${depth}`);
        args.push("origin", "+refs/heads/*:refs/remotes/origin/*");
        await run(args, { cwd: dir, auth, url });
        const fullRef = await remoteHead(url, auth);
        const local = `refs/remotes/origin/${fullRef.slice("refs/heads/".length)}`;
        const oid = (await run(["rev-parse", "--verify", `${local}^{commit}`], { cwd: dir })).stdout.trim();
        fetched = { oid, fullRef };
      } else {
        fetched = await fetchRef(dir, url, ref, depth, auth);
      }
      const { oid, fullRef } = fetched;
      if (fullRef.startsWith("refs/heads/")) {
        const branch = fullRef.slice("refs/heads/".length);
        await run(["checkout", "--quiet", "--force", "-B", branch, oid], { cwd: dir });
        await run(["branch", "--quiet", `--set-upstream-to=origin/${branch}`, branch], { cwd: dir });
      } else {
        await run(["checkout", "--quiet", "--force", "--detach", oid], { cwd: dir });
      }
    },

    async fetch({ dir, remote = "origin", ref, depth, tags, auth }) {
      const url = (await run(["remote", "get-url", remote], { cwd: dir })).stdout.trim();
      if (ref !== undefined) {
        await fetchRef(dir, url, ref, depth, auth);
        return;
      }
      const args = ["fetch", "--quiet", tags ? "--tags" : "--no-tags"];
      if (depth !== undefined) args.push(`--depth=${depth}`);
      args.push(remote);
      await run(args, { cwd: dir, auth, url });
    },

    async checkout({ dir, ref, create, startPoint, force }) {
      const args = ["checkout", "--quiet"];
      if (force) args.push("--force");
      if (create) args.push("-B", ref, startPoint ?? "HEAD");
      else args.push(ref);
      await run(args, { cwd: dir, ref: `ref '${ref}'` });
    },

    async resolveRef({ dir, ref }) {
      const { stdout } = await run(["rev-parse", "--verify", "--quiet", `${ref}^{commit}`], {
        cwd: dir,
        ref: `ref '${ref}'`,
      }).catch(() => {
        throw new GitRefNotFoundError({ url: dir, ref: `ref '${ref}'` });
      });
      return stdout.trim();
    },

    async listRemoteRefs({ url, prefix, auth }) {
      return listRefs(url, prefix, auth);
    },

    async listTags({ dir }) {
      const { stdout } = await run(["tag", "--list"], { cwd: dir });
      return stdout
        .split("\n")
        .filter((t) => t !== "")
        .sort();
    },

    async readCommit({ dir, ref }) {
      const oid = await adapter.resolveRef({ dir, ref });
      const { stdout } = await run(["cat-file", "commit", oid], { cwd: dir });
      return parseCommit(oid, stdout);
    },

    async readTree({ dir, ref }) {
      const { stdout } = await run(["ls-tree", "-r", "-z", "--full-tree", ref], {
        cwd: dir,
        ref: `ref '${ref}'`,
      });
      const entries: GitTreeEntry[] = [];
      for (const record of stdout.split("\0")) {
        const m = /^(\d+) \w+ ([0-9a-f]+)\t(.*)$/s.exec(record);
        if (m) entries.push({ mode: m[1], oid: m[2], path: m[3] });
      }
      return entries.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    },

    async commit({ dir, message, author, committer, paths }) {
      await run(["add", "--all", "--", ...(paths && paths.length > 0 ? paths : ["."])], { cwd: dir });
      const staged = await run(["diff", "--cached", "--quiet"], { cwd: dir, okCodes: [1] });
      if (staged.code === 0) return undefined;
      await run(["commit", "--quiet", "--no-verify", "--cleanup=verbatim", "-m", message], {
        cwd: dir,
        env: { ...identityEnv("AUTHOR", author), ...identityEnv("COMMITTER", committer ?? author) },
      });
      return (await run(["rev-parse", "HEAD"], { cwd: dir })).stdout.trim();
    },

    async push({ dir, ref, remoteRef, remote = "origin", force, auth }) {
      const url = (await run(["remote", "get-url", remote], { cwd: dir })).stdout.trim();
      const dest = remoteRef ?? ref;
      const src = ref.startsWith("refs/") ? ref : `refs/heads/${ref}`;
      const dst = dest.startsWith("refs/") ? dest : `refs/heads/${dest}`;
      const args = ["push", "--quiet", "--porcelain", remote, `${force ? "+" : ""}${src}:${dst}`];
      await run(args, { cwd: dir, auth, url });
    },
  };
  return adapter;
}

function sshCommand(ssh: GitSshOptions | undefined, scratch: string): string {
  const parts = ["ssh", "-o", "BatchMode=yes"];
  if (ssh?.privateKey) {
    const key = join(scratch, "identity");
    writeFileSync(key, ssh.privateKey.endsWith("\n") ? ssh.privateKey : `${ssh.privateKey}\n`, {
      mode: 0o600,
    });
    parts.push("-i", quote(key), "-o", "IdentitiesOnly=yes");
  }
  if (ssh?.knownHosts !== undefined) {
    const hosts = join(scratch, "known_hosts");
    writeFileSync(hosts, ssh.knownHosts, { mode: 0o600 });
    parts.push("-o", `UserKnownHostsFile=${quote(hosts)}`, "-o", "StrictHostKeyChecking=yes");
  }
  parts.push(...(ssh?.extraArgs ?? []).map(quote));
  return parts.join(" ");
}

function quote(s: string): string {
  return /^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

function identityEnv(role: "AUTHOR" | "COMMITTER", who: GitIdentity): Record<string, string> {
  const env: Record<string, string> = {
    [`GIT_${role}_NAME`]: who.name,
    [`GIT_${role}_EMAIL`]: who.email,
  };
  if (who.date) env[`GIT_${role}_DATE`] = `@${Math.floor(who.date.getTime() / 1000)} +0000`;
  return env;
}

/** Map git's stderr to a typed error; secrets and URL credentials are masked. */
function classify(command: string | undefined, stderr: string, opts: RunOptions): Error {
  const url = redactUrl(opts.url ?? opts.cwd ?? "");
  const text = redact(stderr, secretsOf(opts.auth, opts.url)).trim();
  const clean = opts.url ? text.split(opts.url).join(url) : text;
  if (
    /Authentication failed|could not read Username|terminal prompts disabled|Permission denied \(publickey|HTTP Basic: Access denied|requested URL returned error: 40[13]|Host key verification failed/i.test(
      stderr,
    )
  ) {
    return new GitAuthError({ url, detail: firstLine(clean) });
  }
  if (
    /couldn't find remote ref|Remote branch .* not found|unknown revision|did not match any file|pathspec/i.test(
      stderr,
    )
  ) {
    return new GitRefNotFoundError({ url, ref: opts.ref ?? "ref", detail: firstLine(clean) });
  }
  if (
    /Repository not found|does not appear to be a git repository|requested URL returned error: 404|not found/i.test(
      stderr,
    )
  ) {
    return new GitRepositoryNotFoundError({ url, detail: firstLine(clean) });
  }
  return new GitOperationError(
    `git ${command ?? ""} failed for '${url}': ${firstLine(clean) || "exit status non-zero"}`,
  );
}

function firstLine(text: string): string {
  return (
    text
      .split("\n")
      .map((l) => l.trim())
      .find((l) => l !== "" && !l.startsWith("hint:")) ?? ""
  );
}

/** Parse `git cat-file commit` output. */
function parseCommit(oid: string, text: string): GitCommit {
  const split = text.indexOf("\n\n");
  const head = split >= 0 ? text.slice(0, split) : text;
  const message = split >= 0 ? text.slice(split + 2) : "";
  const commit: GitCommit = {
    oid,
    tree: "",
    parents: [],
    message,
    author: { name: "", email: "", date: new Date(0) },
    committer: { name: "", email: "", date: new Date(0) },
  };
  const lines = head.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const space = line.indexOf(" ");
    const key = line.slice(0, space);
    const value = line.slice(space + 1);
    if (key === "tree") commit.tree = value;
    else if (key === "parent") commit.parents.push(value);
    else if (key === "author") commit.author = parsePerson(value);
    else if (key === "committer") commit.committer = parsePerson(value);
    else if (key === "gpgsig") {
      const sig = [value];
      while (i + 1 < lines.length && lines[i + 1].startsWith(" ")) sig.push(lines[++i].slice(1));
      commit.gpgsig = sig.join("\n");
    }
  }
  return commit;
}

function parsePerson(value: string): Required<GitIdentity> {
  const m = /^(.*) <(.*)> (\d+) [+-]\d{4}$/.exec(value);
  if (!m) return { name: value, email: "", date: new Date(0) };
  return { name: m[1], email: m[2], date: new Date(Number(m[3]) * 1000) };
}
