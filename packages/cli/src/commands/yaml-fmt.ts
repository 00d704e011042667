import { parseYamlStream, printYamlStream } from "@gitops-kit/core";
import { parseCommandArgs } from "../args.js";
import { readInput } from "../input.js";
import type { Command } from "../registry.js";

/** `gitops-kit yaml fmt`: reprint a YAML stream in kustomize's output format. */
export const yamlFmt: Command = {
  name: "yaml fmt",
  summary: "Print a YAML stream the way kustomize prints it",
  usage: "[FILE|-]",
  description: [
    "Reads a multi-document YAML stream from FILE, or from standard input when FILE is '-' or absent,",
    "and prints it exactly as `kubectl kustomize` would print those objects: keys sorted, 2-space",
    "indent, '---' between documents, empty documents dropped. Comments are not kept.",
  ].join("\n"),
  examples: ["gitops-kit yaml fmt deployment.yaml", "kubectl get deploy -o yaml | gitops-kit yaml fmt -"],
  async run(args, io) {
    const { positionals } = parseCommandArgs(args, {}, { max: 1 });
    const input = await readInput(positionals[0], io);
    io.stdout(printYamlStream(parseYamlStream(input.text, { file: input.name })));
    return 0;
  },
};
