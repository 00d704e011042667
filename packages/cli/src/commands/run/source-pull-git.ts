import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { type GitAuth, memFs } from "@gitops-kit/core";
import { nodeFs } from "@gitops-kit/core/node";
import {
  extractArchive,
  fetchGitRepository,
  type GitRepositoryFetched,
  type GitRepositorySpecInput,
  isSshUrl,
  type SourceArtifact,
} from "@gitops-kit/source";
import { gitCliAdapter } from "@gitops-kit/source/node";
import { parseCommandArgs } from "../../args.js";
import { UsageError } from "../../errors.js";
import { outputFormat } from "../../output.js";
import { terminalProgress } from "../../progress.js";
import { printPullResult } from "../../pull-result.js";
import type { CommandRun } from "../../registry.js";

/** Runs `gitops-kit source pull git`. */
export const runSourcePullGit: CommandRun = async (args, io) => {
  const { values, positionals } = parseCommandArgs(
    args,
    {
      out: { type: "string" },
      ref: { type: "string" },
      branch: { type: "string" },
      tag: { type: "string" },
      "tag-semver": { type: "string" },
      "ref-name": { type: "string" },
      commit: { type: "string" },
      ignore: { type: "string" },
      archive: { type: "string" },
      username: { type: "string" },
      "private-key-file": { type: "string" },
      "known-hosts-file": { type: "string" },
      output: { type: "string", short: "o" },
    },
    { min: 1, max: 1 },
  );
  const url = positionals[0];
  if (!values.out) throw new UsageError("--out DIR is required");
  const output = outputFormat(values.output, ["text", "yaml", "json"]);
  const ref = refOf(values);
  const spec: GitRepositorySpecInput = {
    url,
    ...(ref ? { ref } : {}),
    ...(values.ignore !== undefined ? { ignore: values.ignore } : {}),
  };
  const auth: GitAuth = {};
  if (values.username !== undefined) auth.username = values.username;
  if (process.env.GITOPS_KIT_GIT_PASSWORD) auth.password = process.env.GITOPS_KIT_GIT_PASSWORD;
  if (process.env.GITOPS_KIT_GIT_TOKEN) auth.token = process.env.GITOPS_KIT_GIT_TOKEN;

  const disk = nodeFs();
  const ssh = isSshUrl(url);
  // SSH needs the git binary, which works on the disk; HTTP(S) clones into memory.
  const scratch = ssh ? mkdtempSync(join(tmpdir(), "gitops-kit-pull-")) : undefined;
  // Drawn for HTTP(S) clones only: the git binary used for SSH does not report progress.
  const progress = terminalProgress(io);
  try {
    // No lastRevision is given, so this always fetches and archives.
    const result = (await fetchGitRepository({
      spec,
      fs: ssh ? disk : memFs(),
      dir: scratch ? join(scratch, "checkout") : "/checkout",
      auth,
      onProgress: progress.onProgress,
      ...(ssh
        ? {
            git: gitCliAdapter({
              ssh: {
                privateKey: values["private-key-file"]
                  ? disk.readFile(resolve(io.cwd, values["private-key-file"]), "utf8")
                  : undefined,
                knownHosts: values["known-hosts-file"]
                  ? disk.readFile(resolve(io.cwd, values["known-hosts-file"]), "utf8")
                  : undefined,
              },
            }),
          }
        : {}),
    })) as GitRepositoryFetched & { artifact: SourceArtifact };
    progress.done();
    const out = resolve(io.cwd, values.out);
    extractArchive({ fs: disk, dir: out, data: result.artifact.tarGz, name: url });
    if (values.archive) writeFileSync(resolve(io.cwd, values.archive), result.artifact.tarGz);
    const summary = {
      revision: result.revision,
      digest: result.artifact.digest,
      out: values.out,
      entries: result.artifact.entries.length - 1,
    };
    io.stdout(printPullResult(summary, output, `${summary.entries} entries`));
    return 0;
  } finally {
    progress.done();
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  }
};

function refOf(values: Record<string, string | boolean | undefined>): GitRepositorySpecInput["ref"] {
  const set = ["ref", "branch", "tag", "tag-semver", "ref-name", "commit"].filter(
    (k) => values[k] !== undefined,
  );
  if (set.length > 1 && !(set.length === 2 && set.includes("branch") && set.includes("commit"))) {
    throw new UsageError(`choose one of --${set.join(", --")}`);
  }
  const v = (k: string) => values[k] as string | undefined;
  if (v("ref") !== undefined) {
    const ref = v("ref")!;
    if (ref.startsWith("refs/")) return { name: ref };
    if (/^[0-9a-f]{40}$/.test(ref)) return { commit: ref };
    return { branch: ref };
  }
  const out: NonNullable<GitRepositorySpecInput["ref"]> = {};
  if (v("branch")) out.branch = v("branch");
  if (v("tag")) out.tag = v("tag");
  if (v("tag-semver")) out.semver = v("tag-semver");
  if (v("ref-name")) out.name = v("ref-name");
  if (v("commit")) out.commit = v("commit");
  return Object.keys(out).length > 0 ? out : undefined;
}
