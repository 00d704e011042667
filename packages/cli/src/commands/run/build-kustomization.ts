import { resolve } from "node:path";
import { MemoryCluster, printYaml, ValidationError } from "@gitops-kit/core";
import { parseCommandArgs } from "../../args.js";
import { UsageError } from "../../errors.js";
import { buildTree, isDirectory, loadBuildInput, parseLocalSources } from "../../flux-build.js";
import { outputFormat, printObjects } from "../../output.js";
import type { CommandRun } from "../../registry.js";

/** Runs `gitops-kit build kustomization`. */
export const runBuildKustomization: CommandRun = async (args, io) => {
  const { values, positionals } = parseCommandArgs(
    args,
    {
      path: { type: "string" },
      "kustomization-file": { type: "string" },
      substitute: { type: "string", multiple: true },
      "substitute-from": { type: "string", multiple: true },
      "strict-substitute": { type: "boolean" },
      "ignore-paths": { type: "string", multiple: true },
      namespace: { type: "string", short: "n" },
      "dry-run": { type: "boolean" },
      recursive: { type: "boolean", short: "r" },
      "local-sources": { type: "string", multiple: true },
      output: { type: "string", short: "o" },
    },
    { max: 1 },
  );
  if (!values.path) throw new UsageError("--path DIR is required");
  const format = outputFormat(values.output, ["yaml", "json"]);
  const dir = resolve(io.cwd, values.path);
  if (!isDirectory(dir)) throw new ValidationError(`invalid resource path "${dir}"`);

  const input = await loadBuildInput({
    io,
    dir,
    name: positionals[0],
    namespace: values.namespace ?? "flux-system",
    kustomizationFile: values["kustomization-file"],
    substitutes: values.substitute ?? [],
    substituteFromFiles: values["substitute-from"] ?? [],
  });
  const { kustomization: ks } = input;

  let cluster: MemoryCluster | undefined;
  if (input.substituteObjects.length > 0) {
    const namespace = ks.metadata.namespace || "default";
    cluster = new MemoryCluster({ namespaces: [namespace] });
    cluster.applySync({
      objects: input.substituteObjects.map((o) => ({ ...o, metadata: { ...o.metadata, namespace } })),
      fieldManager: "gitops-kit",
    });
  }

  const objects = await buildTree({
    kustomization: ks,
    dir,
    cluster,
    strict: values["strict-substitute"] ?? false,
    ignore: (values["ignore-paths"] ?? []).flatMap((p) => p.split(",")).join("\n"),
    recursive: values.recursive ?? false,
    localSources: parseLocalSources(values["local-sources"] ?? [], io.cwd),
    seen: new Set(),
  });
  if (format === "json") {
    io.stdout(printObjects(objects, format));
    return 0;
  }
  // As the flux CLI prints a build: each object followed by a `---` line.
  let out = "";
  for (const object of objects) out += `${printYaml(object)}---\n`;
  io.stdout(out);
  return 0;
};
