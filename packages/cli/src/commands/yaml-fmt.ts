import { lazyCommand } from "../registry.js";

/** `gitops-kit yaml fmt`: reprint a YAML stream in kustomize's output format. */
export const yamlFmt = lazyCommand(
  {
    name: "yaml fmt",
    summary: "Print a YAML stream the way kustomize prints it",
    usage: "[FILE|-] [-o yaml|json]",
    description: [
      "Reads a multi-document YAML stream from FILE, or from standard input when FILE is '-' or absent,",
      "and prints it exactly as `kubectl kustomize` would print those objects: keys sorted, 2-space",
      "indent, '---' between documents, empty documents dropped. Comments are not kept.",
      "",
      "Options:",
      "  -o, --output FORMAT   yaml (default) or json (the documents as one v1 List)",
    ].join("\n"),
    examples: [
      "gitops-kit yaml fmt deployment.yaml",
      "kubectl get deploy -o yaml | gitops-kit yaml fmt -",
      "gitops-kit yaml fmt deployment.yaml -o json",
    ],
  },
  async () => (await import("./run/yaml-fmt.js")).runYamlFmt,
);
