import { resolve } from "node:path";
import { nodeFs } from "@gitops-kit/core/node";
import { type HelmRepositoryAuth, pullHelmChart } from "@gitops-kit/source";
import { parseCommandArgs } from "../../args.js";
import { UsageError } from "../../errors.js";
import { outputFormat } from "../../output.js";
import { terminalProgress } from "../../progress.js";
import { printPullResult } from "../../pull-result.js";
import type { CommandRun } from "../../registry.js";

/** Runs `gitops-kit source pull helm`. */
export const runSourcePullHelm: CommandRun = async (args, io) => {
  const { values, positionals } = parseCommandArgs(
    args,
    {
      out: { type: "string" },
      version: { type: "string" },
      tgz: { type: "boolean" },
      username: { type: "string" },
      "pass-credentials": { type: "boolean" },
      insecure: { type: "boolean" },
      output: { type: "string", short: "o" },
    },
    { min: 2, max: 2 },
  );
  const [url, chart] = positionals;
  if (!values.out) throw new UsageError("--out DIR is required");
  const output = outputFormat(values.output, ["text", "yaml", "json"]);
  const auth: HelmRepositoryAuth = {};
  if (values.username !== undefined) auth.username = values.username;
  if (process.env.GITOPS_KIT_HELM_PASSWORD) auth.password = process.env.GITOPS_KIT_HELM_PASSWORD;
  if (process.env.GITOPS_KIT_HELM_TOKEN) auth.token = process.env.GITOPS_KIT_HELM_TOKEN;
  const progress = terminalProgress(io);
  try {
    const pulled = await pullHelmChart({
      url,
      chart,
      version: values.version,
      auth: Object.keys(auth).length > 0 ? auth : undefined,
      passCredentials: values["pass-credentials"],
      insecure: values.insecure,
      fs: nodeFs(),
      dir: resolve(io.cwd, values.out),
      untar: !values.tgz,
      onProgress: progress.onProgress,
    });
    progress.done();
    const summary = {
      revision: pulled.artifact.revision,
      digest: pulled.artifact.digest,
      out: values.out,
      files: pulled.files.length,
    };
    io.stdout(printPullResult(summary, output, `${summary.files} files`));
    return 0;
  } finally {
    progress.done();
  }
};
