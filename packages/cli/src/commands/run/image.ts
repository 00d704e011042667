import { resolve } from "node:path";
import { GitOpsError, parseYamlStream, ValidationError } from "@gitops-kit/core";
import { nodeFs } from "@gitops-kit/core/node";
import {
  commitAndPush,
  excludeTags,
  imagePolicyReadyMessage,
  parseImagePolicy,
  renderCommitMessage,
  resultChanges,
  type SetterPolicy,
  scanImageRepository,
  selectLatestTag,
  updateWithSetters,
} from "@gitops-kit/image";
import { isomorphicGitAdapter } from "@gitops-kit/source";
import { parseCommandArgs } from "../../args.js";
import { UsageError } from "../../errors.js";
import { readInput } from "../../input.js";
import { outputFormat, printResult } from "../../output.js";
import { terminalProgress } from "../../progress.js";
import type { CommandRun } from "../../registry.js";

/** Tags from a JSON array or one tag per line. */
function parseTags(text: string, name: string): string[] {
  const trimmed = text.trim();
  if (trimmed.startsWith("[")) {
    const parsed: unknown = JSON.parse(trimmed);
    if (!Array.isArray(parsed) || !parsed.every((t) => typeof t === "string"))
      throw new ValidationError(`${name}: expected a JSON array of strings`);
    return parsed;
  }
  return trimmed === ""
    ? []
    : trimmed
        .split(/\r?\n/)
        .map((l) => l.trim())
        .filter((l) => l !== "");
}

/** Runs `gitops-kit image select`. */
export const runImageSelect: CommandRun = async (args, io) => {
  const { values } = parseCommandArgs(
    args,
    {
      policy: { type: "string" },
      tags: { type: "string" },
      repository: { type: "string" },
      insecure: { type: "boolean" },
      exclude: { type: "string", multiple: true },
      output: { type: "string", short: "o" },
    },
    { max: 0 },
  );
  if (!values.policy) throw new UsageError("--policy FILE is required");
  if ((values.tags === undefined) === (values.repository === undefined))
    throw new UsageError("give exactly one of --tags FILE and --repository REF");
  const output = outputFormat(values.output, ["text", "yaml", "json"]);
  const policyInput = await readInput(values.policy, io);
  const policy = parseImagePolicy({
    object: parseYamlStream(policyInput.text, { file: policyInput.name })[0],
    file: policyInput.name,
  });
  let tags: string[];
  let image = values.repository ?? "";
  if (values.tags !== undefined) {
    const input = await readInput(values.tags, io);
    tags = excludeTags({ tags: parseTags(input.text, input.name), exclusionList: values.exclude });
  } else {
    const progress = terminalProgress(io);
    progress.status(`listing the tags of ${values.repository}`);
    const scan = await scanImageRepository({
      image: values.repository as string,
      insecure: values.insecure,
      exclusionList: values.exclude,
    }).finally(() => progress.done());
    tags = scan.tags;
    image = scan.canonicalImageName;
  }
  const tag = selectLatestTag({ tags, policy: policy.spec.policy, filterTags: policy.spec.filterTags });
  const latestRef = { name: image || policy.spec.imageRepositoryRef.name, tag };
  const message = imagePolicyReadyMessage({ latestRef, observedPreviousRef: policy.status?.latestRef });
  io.stdout(printResult({ latestRef, message }, output, () => `${tag}\n`));
};

interface PolicyLike {
  metadata?: { name?: string; namespace?: string; labels?: Record<string, string> };
  namespace?: string;
  name?: string;
  status?: { latestRef?: SetterPolicy["latestRef"] };
}

/** Policies with their `status.latestRef` from ImagePolicy objects or `{namespace, name, status}` entries. */
function parsePolicies(text: string, name: string): SetterPolicy[] {
  const docs = parseYamlStream(text, { file: name }).flatMap((d) =>
    Array.isArray(d) ? d : [d],
  ) as PolicyLike[];
  return docs.map((p, i) => {
    const policyName = p.metadata?.name ?? p.name;
    if (typeof policyName !== "string" || policyName === "")
      throw new ValidationError(`${name}: policy ${i + 1} has no name`);
    return {
      namespace: p.metadata?.namespace ?? p.namespace ?? "default",
      name: policyName,
      latestRef: p.status?.latestRef,
      labels: p.metadata?.labels,
    };
  });
}

/** Runs `gitops-kit image update`. */
export const runImageUpdate: CommandRun = async (args, io) => {
  const { values } = parseCommandArgs(
    args,
    {
      path: { type: "string" },
      policies: { type: "string" },
      commit: { type: "boolean" },
      repo: { type: "string" },
      "message-template": { type: "string" },
      automation: { type: "string" },
      author: { type: "string" },
      "dry-run": { type: "boolean" },
      output: { type: "string", short: "o" },
    },
    { max: 0 },
  );
  if (!values.path) throw new UsageError("--path DIR is required");
  const output = outputFormat(values.output, ["text", "yaml", "json"]);
  if (!values.policies) throw new UsageError("--policies FILE is required");
  if (values["message-template"] && !values.commit) throw new UsageError("--message-template needs --commit");
  const [namespace, name] = (values.automation ?? "flux-system/cli").split("/");
  if (!namespace || !name) throw new UsageError("--automation must be NAMESPACE/NAME");
  const authorMatch = /^(.*?)\s*<([^>]*)>$/.exec(values.author ?? "gitops-kit <gitops-kit@localhost>");
  if (!authorMatch) throw new UsageError("--author must be 'NAME <EMAIL>'");

  const policiesInput = await readInput(values.policies, io);
  const policies = parsePolicies(policiesInput.text, policiesInput.name);
  const template = values["message-template"]
    ? (await readInput(values["message-template"], io)).text
    : undefined;
  const fs = nodeFs();
  const path = resolve(io.cwd, values.path);
  const automation = { namespace, name };
  const result = updateWithSetters({ fs, path, policies, dryRun: values["dry-run"] });
  const changes = Object.entries(result.fileChanges).flatMap(([file, objects]) =>
    objects.flatMap(({ object, changes }) =>
      changes.map((c) => ({
        file,
        object: `${object.kind}/${object.name}`,
        oldValue: c.oldValue,
        newValue: c.newValue,
        setter: c.setter,
      })),
    ),
  );
  const report = (extra: { message?: string; commit?: string }) =>
    printResult({ changes, ...extra }, output, () => {
      let text = changes
        .map((c) => `${c.file}: ${c.object}: ${c.oldValue} -> ${c.newValue} (${c.setter})\n`)
        .join("");
      if (extra.message !== undefined) text += `${extra.message}\n`;
      return text;
    });
  if (resultChanges(result).length === 0 && !io.quiet) io.stderr("no changes\n");
  if (!values.commit || values["dry-run"]) {
    const message =
      values["dry-run"] && values.commit ? renderCommitMessage({ template, automation, result }) : undefined;
    io.stdout(report({ message }));
    return;
  }
  const repo = resolve(io.cwd, values.repo ?? values.path);
  const git = isomorphicGitAdapter({ fs });
  const branch = await currentBranch(git, repo);
  const outcome = await commitAndPush({
    git: {
      ...git,
      // Local commit only: the CLI leaves pushing to the user.
      push: async () => {},
    },
    dir: repo,
    branch,
    automation,
    result,
    spec: {
      commit: { author: { name: authorMatch[1], email: authorMatch[2] }, messageTemplate: template },
    },
  });
  io.stdout(report({ commit: outcome.committed ? outcome.revision : undefined }));
  if (outcome.committed && !io.quiet) io.stderr(`committed ${outcome.revision.slice(0, 7)} on ${branch}\n`);
};

async function currentBranch(git: ReturnType<typeof isomorphicGitAdapter>, dir: string): Promise<string> {
  const head = nodeFs().readFile(`${dir}/.git/HEAD`, "utf8").trim();
  if (!head.startsWith("ref: refs/heads/"))
    throw new GitOpsError("IMAGE_DETACHED_HEAD", `${dir}: HEAD is detached; check out a branch to commit`);
  await git.resolveRef({ dir, ref: "HEAD" });
  return head.slice("ref: refs/heads/".length);
}
