import { resolve } from "node:path";
import { printYamlStream } from "@gitops-kit/core";
import { nodeFs } from "@gitops-kit/core/node";
import { buildKustomization } from "@gitops-kit/kustomize";
import { parseCommandArgs } from "../../args.js";
import { UsageError } from "../../errors.js";
import { outputFormat, printObjects } from "../../output.js";
import type { CommandRun } from "../../registry.js";

const RESTRICTORS = ["LoadRestrictionsRootOnly", "LoadRestrictionsNone"] as const;
type Restrictor = (typeof RESTRICTORS)[number];

/** Runs `gitops-kit kustomize build`. */
export const runKustomizeBuild: CommandRun = async (args, io) => {
  const { values, positionals } = parseCommandArgs(
    args,
    { "load-restrictor": { type: "string" }, output: { type: "string", short: "o" } },
    { max: 1 },
  );
  const format = outputFormat(values.output, ["yaml", "json"]);
  const restrictor = values["load-restrictor"] ?? "LoadRestrictionsRootOnly";
  if (!(RESTRICTORS as readonly string[]).includes(restrictor)) {
    throw new UsageError(`--load-restrictor must be one of ${RESTRICTORS.join(", ")}, not '${restrictor}'`);
  }
  const { resources, warnings } = buildKustomization({
    fs: nodeFs(),
    path: resolve(io.cwd, positionals[0] ?? "."),
    loadRestrictions: restrictor as Restrictor,
  });
  // kubectl prints deprecation warnings on stderr, before the output.
  for (const warning of warnings) io.stderr(`${warning}\n`);
  io.stdout(format === "yaml" ? printYamlStream(resources) : printObjects(resources, format));
  return 0;
};
