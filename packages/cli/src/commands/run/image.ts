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
  const output = values.output ?? "text";
  if (output !== "text" && output !== "json")
    throw new UsageError(`-o must be text or json, got '${output}'`);
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
    const scan = await scanImageRepository({
      image: values.repository as string,
      insecure: values.insecure,
      exclusionList: values.exclude,
    });
    tags = scan.tags;
    image = scan.canonicalImageName;
  }
  const tag = selectLatestTag({ tags, policy: policy.spec.policy, filterTags: policy.spec.filterTags });
  if (output === "text") {
    io.stdout(`${tag}\n`);
  } else {
    const latestRef = { name: image || policy.spec.imageRepositoryRef.name, tag };
    const message = imagePolicyReadyMessage({ latestRef, observedPreviousRef: policy.status?.latestRef });
    io.stdout(`${JSON.stringify({ latestRef, message }, null, 2)}\n`);
  }
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
    },
    { max: 0 },
  );
  if (!values.path) throw new UsageError("--path DIR is required");
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
  for (const [file, objects] of Object.entries(result.fileChanges)) {
    for (const { object, changes } of objects) {
      for (const c of changes)
        io.stdout(`${file}: ${object.kind}/${object.name}: ${c.oldValue} -> ${c.newValue} (${c.setter})\n`);
    }
  }
  if (resultChanges(result).length === 0) io.stderr("no changes\n");
  if (!values.commit || values["dry-run"]) {
    if (values["dry-run"] && values.commit)
      io.stdout(`${renderCommitMessage({ template, automation, result })}\n`);
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
  if (outcome.committed) io.stderr(`committed ${outcome.revision.slice(0, 7)} on ${branch}\n`);
};

async function currentBranch(git: ReturnType<typeof isomorphicGitAdapter>, dir: string): Promise<string> {
  const head = nodeFs().readFile(`${dir}/.git/HEAD`, "utf8").trim();
  if (!head.startsWith("ref: refs/heads/"))
    throw new GitOpsError("IMAGE_DETACHED_HEAD", `${dir}: HEAD is detached; check out a branch to commit`);
  await git.resolveRef({ dir, ref: "HEAD" });
  return head.slice("ref: refs/heads/".length);
}
