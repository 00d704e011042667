import { resolve } from "node:path";
import { printYamlStream } from "@gitops-kit/core";
import { nodeFs } from "@gitops-kit/core/node";
import { buildKustomization } from "@gitops-kit/kustomize";
import { parseCommandArgs } from "../args.js";
import { UsageError } from "../errors.js";
import type { Command } from "../registry.js";

const RESTRICTORS = ["LoadRestrictionsRootOnly", "LoadRestrictionsNone"] as const;
type Restrictor = (typeof RESTRICTORS)[number];

/** `gitops-kit kustomize build`: what `kubectl kustomize DIR` prints. */
export const kustomizeBuild: Command = {
  name: "kustomize build",
  summary: "Build a kustomization directory and print the result, as `kubectl kustomize` does",
  usage: "[DIR] [--load-restrictor LoadRestrictionsRootOnly|LoadRestrictionsNone]",
  description: [
    "Builds the kustomization in DIR (default: the working directory) in-process and prints the objects",
    "exactly as `kubectl kustomize DIR` (Kustomize v5.5.0) prints them: legacy order, '---' between",
    "documents. Remote bases, Helm charts and exec plugins are not supported.",
    "",
    "  --load-restrictor R   LoadRestrictionsRootOnly (default): files must be in or below DIR;",
    "                        LoadRestrictionsNone: files may come from anywhere",
  ].join("\n"),
  examples: [
    "gitops-kit kustomize build ./overlays/prod",
    "gitops-kit kustomize build ./overlays/prod --load-restrictor LoadRestrictionsNone",
  ],
  run(args, io) {
    const { values, positionals } = parseCommandArgs(
      args,
      { "load-restrictor": { type: "string" } },
      { max: 1 },
    );
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
    io.stdout(printYamlStream(resources));
    return 0;
  },
};
