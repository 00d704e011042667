/**
 * Test repositories made with the git CLI: a bare repository under a served root (what the HTTP
 * server exposes as `<url>/<name>.git`) and a working clone to commit, tag and push from.
 */
import { execFileSync } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";

const BASE_ENV = {
  GIT_CONFIG_NOSYSTEM: "1",
  GIT_CONFIG_GLOBAL: "/dev/null",
  GIT_AUTHOR_NAME: "Test",
  GIT_AUTHOR_EMAIL: "test@example.com",
  GIT_COMMITTER_NAME: "Test",
  GIT_COMMITTER_EMAIL: "test@example.com",
};

/**
 * Run git in `cwd`; returns trimmed stdout. `date` fixes author and committer time (ISO or epoch);
 * `input` is written to its standard input.
 */
export function git(cwd: string, args: string[], options: { date?: string; input?: string } = {}): string {
  const env: Record<string, string> = { ...process.env, ...BASE_ENV } as Record<string, string>;
  if (options.date) {
    env.GIT_AUTHOR_DATE = options.date;
    env.GIT_COMMITTER_DATE = options.date;
  }
  return execFileSync("git", args, {
    cwd,
    env,
    encoding: "utf8",
    input: options.input,
    stdio: [options.input === undefined ? "ignore" : "pipe", "pipe", "pipe"],
  }).trim();
}

/** A temporary directory removed by {@link TempDir.remove}. */
export function tempDir(prefix = "gitops-kit-source-"): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

/** A bare repository `<root>/<name>.git` with a working clone to build history in. */
export class TestRepo {
  readonly bare: string;
  readonly work: string;

  constructor(
    readonly root: string,
    readonly name: string,
    branch = "main",
  ) {
    this.bare = join(root, `${name}.git`);
    this.work = join(root, "_work", name);
    mkdirSync(this.bare, { recursive: true });
    mkdirSync(this.work, { recursive: true });
    git(this.bare, ["init", "-q", "--bare", "-b", branch]);
    git(this.work, ["init", "-q", "-b", branch]);
    git(this.work, ["remote", "add", "origin", this.bare]);
  }

  /** Write files (paths relative to the work tree); `executable` lists paths to chmod 755. */
  write(files: Record<string, string>, options: { executable?: string[] } = {}): this {
    for (const [path, content] of Object.entries(files)) {
      const full = join(this.work, path);
      mkdirSync(dirname(full), { recursive: true });
      writeFileSync(full, content);
    }
    for (const path of options.executable ?? []) chmodSync(join(this.work, path), 0o755);
    return this;
  }

  /** Remove a path from the work tree. */
  delete(path: string): this {
    rmSync(join(this.work, path), { recursive: true, force: true });
    return this;
  }

  /** Commit everything; returns the commit id. */
  commit(message: string, date = "2024-01-01T00:00:00Z"): string {
    git(this.work, ["add", "-A"]);
    git(this.work, ["commit", "-q", "--allow-empty", "-m", message], { date });
    return git(this.work, ["rev-parse", "HEAD"]);
  }

  /** Create a tag at HEAD (annotated when a message is given). */
  tag(name: string, message?: string, date = "2024-01-01T00:00:00Z"): this {
    if (message) git(this.work, ["tag", "-a", name, "-m", message], { date });
    else git(this.work, ["tag", name]);
    return this;
  }

  /** Switch the work tree to a branch, creating it at HEAD when new. */
  branch(name: string): this {
    try {
      git(this.work, ["checkout", "-q", name]);
    } catch {
      git(this.work, ["checkout", "-q", "-b", name]);
    }
    return this;
  }

  /** Push refspecs (default: every branch and tag) to the bare repository. */
  push(...refspecs: string[]): this {
    const specs = refspecs.length > 0 ? refspecs : ["refs/heads/*:refs/heads/*", "refs/tags/*:refs/tags/*"];
    git(this.work, ["push", "-q", "--force", "origin", ...specs]);
    return this;
  }

  /** The id a ref resolves to in the bare repository. */
  revParse(ref: string): string {
    return git(this.bare, ["rev-parse", ref]);
  }
}
