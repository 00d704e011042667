import { resolve } from "node:path";
import { nodeFs } from "@gitops-kit/core/node";
import { pushArtifact } from "@gitops-kit/source";
import { parseCommandArgs } from "../../args.js";
import { UsageError } from "../../errors.js";
import { outputFormat, printResult } from "../../output.js";
import { terminalProgress } from "../../progress.js";
import type { CommandRun } from "../../registry.js";

/** Runs `gitops-kit source push oci`. */
export const runSourcePushOci: CommandRun = async (args, io) => {
  const { values, positionals } = parseCommandArgs(
    args,
    {
      url: { type: "string" },
      source: { type: "string" },
      revision: { type: "string" },
      annotation: { type: "string", multiple: true },
      created: { type: "string" },
      "ignore-paths": { type: "string", multiple: true },
      username: { type: "string" },
      insecure: { type: "boolean" },
      output: { type: "string", short: "o" },
    },
    { min: 1, max: 1 },
  );
  if (!values.url) throw new UsageError("--url oci://REGISTRY/REPO:TAG is required");
  const output = outputFormat(values.output, ["text", "yaml", "json"]);
  const annotations: Record<string, string> = {};
  for (const pair of values.annotation ?? []) {
    const eq = pair.indexOf("=");
    if (eq <= 0) throw new UsageError(`--annotation must be KEY=VALUE, got '${pair}'`);
    annotations[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  const progress = terminalProgress(io);
  progress.status(`pushing ${values.url}`);
  const pushed = await pushArtifact({
    url: values.url,
    fs: nodeFs(),
    path: resolve(io.cwd, positionals[0]),
    source: values.source,
    revision: values.revision,
    annotations,
    created: values.created,
    ignorePaths: values["ignore-paths"],
    insecure: values.insecure,
    credentials:
      values.username !== undefined
        ? { username: values.username, password: process.env.GITOPS_KIT_OCI_PASSWORD ?? "" }
        : undefined,
  }).finally(() => progress.done());
  io.stdout(
    printResult(
      { url: pushed.url, digest: pushed.digest, tag: pushed.tag },
      output,
      () => `pushed: ${pushed.url}\n`,
    ),
  );
  return 0;
};
