/**
 * `source-git-clone`: a shallow clone of a generated 5 000-file repository served by `git http-backend`
 * on 127.0.0.1, with `@gitops-kit/source`'s isomorphic-git adapter (to disk, in-process) versus
 * `git clone --depth 1` (a child process). Both print the commit they checked out.
 *
 * The HTTP server runs in its own process: the harness runs the reference with a blocking spawn, which
 * would stall a server living in this one.
 */
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { nodeFs } from "@gitops-kit/core/node";
import { isomorphicGitAdapter } from "@gitops-kit/source";
import { commandExists } from "../lib.js";
import type { Benchmark } from "./types.js";

/** Files in the generated repository. */
const FILES = 5_000;

const SERVER = fileURLToPath(new URL("../../packages/source/test/servers/git-http.ts", import.meta.url));

/** Write a repository of `files` small YAML files in 50 × 7 directories and commit it as a bare repo. */
export function makeBenchRepository(root: string, files: number): string {
  const work = join(root, "work");
  mkdirSync(work, { recursive: true });
  const git = (cwd: string, ...args: string[]) =>
    execFileSync("git", args, {
      cwd,
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, GIT_CONFIG_NOSYSTEM: "1", GIT_CONFIG_GLOBAL: "/dev/null" },
    });
  git(work, "init", "-q", "-b", "main");
  for (let i = 0; i < files; i++) {
    const path = join(work, `app-${i % 50}`, `part-${i % 7}`, `config-${i}.yaml`);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(
      path,
      `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: config-${i}\ndata:\n  value: "${"v".repeat(100 + (i % 400))}"\n`,
    );
  }
  git(work, "add", "-A");
  git(work, "-c", "user.name=bench", "-c", "user.email=bench@example.com", "commit", "-q", "-m", "files");
  const bare = join(root, "repo.git");
  git(root, "clone", "-q", "--bare", work, bare);
  rmSync(work, { recursive: true, force: true });
  return bare;
}

/** Start the git-http server script in a child process and read its URL from the first line. */
async function startServer(root: string): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, ["--import", "tsx", SERVER, root], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let buffered = "";
    child.stdout?.on("data", (chunk: Buffer) => {
      buffered += chunk.toString();
      const line = buffered.split("\n")[0];
      if (buffered.includes("\n")) resolve(line.trim());
    });
    child.once("exit", (code) => reject(new Error(`git-http server exited with ${code}`)));
  });
  return { url, child };
}

export const sourceGitClone: Benchmark = {
  name: "source-git-clone",
  description: `shallow clone of a ${FILES}-file repository over local git http-backend: isomorphic-git adapter vs git clone --depth 1`,
  async unavailable() {
    if (!commandExists("git", ["--version"])) return "git is not installed";
    return undefined;
  },
  async prepare() {
    const root = mkdtempSync(join(tmpdir(), "gitops-kit-bench-git-"));
    makeBenchRepository(root, FILES);
    const { url, child } = await startServer(root);
    const repoUrl = `${url}/repo.git`;
    const out = join(root, "out");
    mkdirSync(out);
    let n = 0;
    const fs = nodeFs();
    return {
      async ours() {
        const dir = join(out, `ours-${n++}`);
        const git = isomorphicGitAdapter({ fs });
        await git.clone({ url: repoUrl, dir, ref: "main", depth: 1 });
        const head = await git.resolveRef({ dir, ref: "HEAD" });
        rmSync(dir, { recursive: true, force: true });
        return `${head}\n`;
      },
      reference: {
        command: "sh",
        args: [
          "-c",
          'd=$(mktemp -d "$1/git-XXXXXX") && git clone -q --depth 1 "$0" "$d/r" && git -C "$d/r" rev-parse HEAD && rm -rf "$d"',
          repoUrl,
          out,
        ],
      },
      cleanup() {
        child.kill("SIGTERM");
        rmSync(root, { recursive: true, force: true });
      },
    };
  },
};
